import CandorXML

/// Reads a questionnaire from its validated element tree, with the checks a schema cannot express: duplicate ids,
/// options without a score, number bands, references to declared behaviours and frameworks (and, given framework
/// data, to known references), and consistent scoring overrides.
public enum QuestionnaireReader {
  /// Reads `root` (a `<questionnaire>`), collecting every semantic problem.
  ///
  /// - Parameter catalog: framework reference data; when given, every mapping must name a known reference of a
  ///   framework that has data.
  public static func read<E: ReadableElement>(_ root: E, catalog: FrameworkCatalog? = nil) -> (
    Questionnaire, [Diagnostic]
  ) {
    var diagnostics = Diagnostics()
    var frameworkIDs = DuplicateFinder("framework")
    var behaviourIDs = DuplicateFinder("behaviour")
    var domainIDs = DuplicateFinder("domain")
    var controlIDs = DuplicateFinder("control")
    var questionIDs = DuplicateFinder("question")

    let frameworks = root.children(named: "framework").map { element in
      frameworkIDs.check(element.string("id"), at: element.location(ofAttribute: "id"), into: &diagnostics)
      return FrameworkDeclaration(id: element.string("id"), title: element.string("title"), location: element.location)
    }
    let behaviours = root.children(named: "behaviour").map { element in
      behaviourIDs.check(element.string("id"), at: element.location(ofAttribute: "id"), into: &diagnostics)
      return Behaviour(id: element.string("id"), description: element.collapsedText, location: element.location)
    }
    let declaredBehaviours = Set(behaviours.map(\.id))
    let declaredFrameworks = Set(frameworks.map(\.id))

    var profile = ScoringProfile.default
    let scoring = root.child(named: "scoring")
    if let scoring { readScoring(scoring, into: &profile, &diagnostics) }

    var domains: [Domain] = []
    for domainElement in root.children(named: "domain") {
      domainIDs.check(domainElement.string("id"), at: domainElement.location(ofAttribute: "id"), into: &diagnostics)
      var controls: [Control] = []
      for controlElement in domainElement.children(named: "control") {
        controlIDs.check(
          controlElement.string("id"), at: controlElement.location(ofAttribute: "id"), into: &diagnostics)
        let mappings = controlElement.children(named: "mapping").map { element in
          let mapping = Mapping(
            framework: element.string("framework"), reference: element.string("ref"),
            strength: element.value("strength", default: .direct), location: element.location)
          if !mapping.framework.isEmpty, !declaredFrameworks.contains(mapping.framework) {
            diagnostics.error(
              element.location(ofAttribute: "framework"),
              "mapping names framework \"\(mapping.framework)\", which the questionnaire does not declare")
          } else if let catalog, let framework = catalog.framework(mapping.framework),
            framework.reference(mapping.reference) == nil
          {
            diagnostics.error(
              element.location(ofAttribute: "ref"),
              "\(framework.shortName) has no reference \"\(mapping.reference)\" in the framework data"
                + (framework.closestReference(to: mapping.reference).map { "; did you mean \"\($0)\"?" } ?? ""))
          }
          return mapping
        }
        let contradictedBy = controlElement.children(named: "contradicted-by").map { element in
          let id = element.string("behaviour")
          if !id.isEmpty, !declaredBehaviours.contains(id) {
            diagnostics.error(
              element.location(ofAttribute: "behaviour"),
              "contradicted-by names behaviour \"\(id)\", which the questionnaire does not declare")
          }
          return id
        }
        let questions = controlElement.children(named: "question").map { element in
          questionIDs.check(element.string("id"), at: element.location(ofAttribute: "id"), into: &diagnostics)
          return readQuestion(element, &diagnostics)
        }
        controls.append(
          Control(
            id: controlElement.string("id"),
            weight: controlElement.decimal("weight", default: 1),
            critical: controlElement.bool("critical", default: false),
            owner: controlElement.value("owner", default: .vendor),
            title: controlElement.text(of: "title"),
            objective: controlElement.text(of: "objective"),
            mappings: mappings,
            contradictedBy: contradictedBy,
            questions: questions,
            location: controlElement.location))
      }
      domains.append(
        Domain(
          id: domainElement.string("id"),
          weight: domainElement.decimal("weight", default: 1),
          transparency: domainElement.bool("transparency", default: false),
          title: domainElement.text(of: "title"),
          description: domainElement.childText("description"),
          controls: controls,
          location: domainElement.location))
    }
    if let catalog {
      for framework in frameworks where catalog.framework(framework.id) == nil {
        diagnostics.warning(
          framework.location,
          "no reference data for framework \"\(framework.id)\": its mappings are not checked")
      }
    }
    let questionnaire = Questionnaire(
      id: root.string("id"),
      version: root.string("version"),
      title: root.text(of: "title"),
      description: root.childText("description"),
      frameworks: frameworks,
      behaviours: behaviours,
      profile: profile,
      overridesProfile: scoring != nil && profile != .default,
      domains: domains,
      location: root.location)
    return (questionnaire, diagnostics.all)
  }

  private static func readQuestion<E: ReadableElement>(_ element: E, _ diagnostics: inout Diagnostics) -> Question {
    let kind: Question.Kind
    if let number = element.child(named: "number") {
      var bands: [Band] = []
      let bandElements = number.children(named: "band")
      var previousMax: Double?
      for (index, band) in bandElements.enumerated() {
        let max = band.decimal("max")
        let isLast = index == bandElements.count - 1
        if isLast, max != nil {
          diagnostics.error(
            band.location(ofAttribute: "max"),
            "the last band of a number question must have no max, so that every number falls in a band")
        } else if !isLast, max == nil, band.attribute("max") == nil {
          diagnostics.error(band.location, "only the last band may omit max; this band would hide the ones after it")
        }
        if let max, let previousMax, max <= previousMax {
          diagnostics.error(
            band.location(ofAttribute: "max"),
            "band max \(Format.number(max)) is not above the previous band's max \(Format.number(previousMax)); "
              + "bands must be in ascending order")
        }
        if let max { previousMax = max }
        bands.append(Band(max: max, score: band.decimal("score", default: 0)))
      }
      if let low = number.decimal("min"), let high = number.decimal("max"), low > high {
        diagnostics.error(
          number.location(ofAttribute: "min"), "min \(Format.number(low)) is above max \(Format.number(high))")
      }
      kind = .number(unit: number.string("unit"), bands: bands)
    } else if element.child(named: "free-text") != nil {
      kind = .freeText
    } else {
      var values = DuplicateFinder("option")
      let options = element.children(named: "option").map { option in
        values.check(option.string("value"), at: option.location(ofAttribute: "value"), into: &diagnostics)
        let notApplicable = option.bool("not-applicable", default: false)
        let score = option.decimal("score")
        if notApplicable, option.attribute("score") != nil {
          diagnostics.error(
            option.location(ofAttribute: "score"), "an option is either scored or not applicable, not both")
        } else if !notApplicable, option.attribute("score") == nil {
          diagnostics.error(
            option.location, "option \"\(option.string("value"))\" needs a score or not-applicable=\"true\"")
        }
        return AnswerOption(
          value: option.string("value"), score: notApplicable ? nil : score ?? 0, notApplicable: notApplicable)
      }
      kind = .choice(options)
    }
    return Question(
      id: element.string("id"),
      weight: element.decimal("weight", default: 1),
      evidence: element.value("evidence", default: .none),
      text: element.text(of: "text"),
      guidance: element.childText("guidance"),
      expectedEvidence: element.childText("expected-evidence"),
      kind: kind,
      minimum: element.child(named: "number")?.decimal("min"),
      maximum: element.child(named: "number")?.decimal("max"),
      location: element.location)
  }

  // MARK: - Scoring overrides

  private static func readScoring(
    _ scoring: some ReadableElement, into profile: inout ScoringProfile, _ diagnostics: inout Diagnostics
  ) {
    func factors(_ name: String, _ factors: inout ScoringProfile.EvidenceFactors) {
      guard let element = scoring.child(named: name) else { return }
      factors.independent = element.decimal("independent", default: factors.independent)
      factors.vendor = element.decimal("vendor", default: factors.vendor)
      factors.missing = element.decimal("missing", default: factors.missing)
    }
    factors("evidence-required", &profile.requiredEvidence)
    factors("evidence-recommended", &profile.recommendedEvidence)
    if let element = scoring.child(named: "ownership") {
      for owner in [Owner.customer, .shared, .thirdParty] {
        if let value = element.decimal(owner.rawValue) { profile.ownershipFactors[owner] = value }
      }
    }
    if let element = scoring.child(named: "contradiction") {
      for confidence in Confidence.allCases where element.attribute(confidence.rawValue) != nil {
        profile.contradictionCaps[confidence] = .some(element.decimal(confidence.rawValue))
      }
      if let months = element.decimal("window-months"), months >= 1 { profile.windowMonths = Int(months) }
      profile.contradictionMinimumClaimed = element.decimal("min-claimed", default: profile.contradictionMinimumClaimed)
    }
    if let element = scoring.child(named: "rating") {
      for rating in [Rating.low, .moderate, .high] {
        if let value = element.decimal(rating.rawValue) { profile.ratingMinimums[rating] = value }
      }
      let low = profile.ratingMinimums[.low] ?? 0
      let moderate = profile.ratingMinimums[.moderate] ?? 0
      let high = profile.ratingMinimums[.high] ?? 0
      if !(low > moderate && moderate > high) {
        diagnostics.error(
          element.location,
          "rating minimums must descend: low (\(Format.number(low))) > moderate (\(Format.number(moderate))) > high (\(Format.number(high)))"
        )
      }
    }
    if let element = scoring.child(named: "gates") {
      profile.gateThreshold = element.decimal("threshold", default: profile.gateThreshold)
      profile.belowThresholdRating = element.value("below-threshold", default: profile.belowThresholdRating)
      profile.contradictedRating = element.value("contradicted", default: profile.contradictedRating)
    }
    if let element = scoring.child(named: "transparency") {
      let questionnaire = element.decimal("questionnaire")
      let disclosure = element.decimal("disclosure")
      switch (questionnaire, disclosure) {
      case (let q?, let d?):
        if abs(q + d - 1) > 1e-9 {
          diagnostics.error(
            element.location,
            "transparency weights must sum to 1: questionnaire \(Format.number(q)) + disclosure \(Format.number(d))")
        }
        (profile.transparencyQuestionnaireWeight, profile.transparencyDisclosureWeight) = (q, d)
      case (let q?, nil): (profile.transparencyQuestionnaireWeight, profile.transparencyDisclosureWeight) = (q, 1 - q)
      case (nil, let d?): (profile.transparencyQuestionnaireWeight, profile.transparencyDisclosureWeight) = (1 - d, d)
      case (nil, nil): break
      }
    }
    func clock(_ name: String, _ clock: inout ScoringProfile.Clock) {
      guard let element = scoring.child(named: name) else { return }
      clock.within = element.decimal("within", default: clock.within)
      clock.partialWithin = element.decimal("partial-within", default: clock.partialWithin)
      clock.partial = element.decimal("partial", default: clock.partial)
      clock.late = element.decimal("late", default: clock.late)
      if clock.partialWithin < clock.within {
        diagnostics.error(
          element.location,
          "partial-within (\(Format.number(clock.partialWithin))) must not be below within (\(Format.number(clock.within)))"
        )
      }
    }
    clock("timeliness", &profile.timeliness)
    clock("root-cause", &profile.rootCause)
    if let element = scoring.child(named: "attribution") {
      for confidence in Confidence.allCases {
        if let value = element.decimal(confidence.rawValue) { profile.attributionMismatch[confidence] = value }
      }
    }
    if let element = scoring.child(named: "ai-involvement") {
      profile.aiAcknowledged = element.decimal("acknowledged", default: profile.aiAcknowledged)
      profile.aiNotMentioned = element.decimal("not-mentioned", default: profile.aiNotMentioned)
      profile.aiDenied = element.decimal("denied", default: profile.aiDenied)
      profile.aiDeniedReportedOnly = element.decimal("denied-reported", default: profile.aiDeniedReportedOnly)
    }
    if let element = scoring.child(named: "completeness") {
      profile.completenessMinimum = element.decimal("minimum", default: profile.completenessMinimum)
    }
  }
}
