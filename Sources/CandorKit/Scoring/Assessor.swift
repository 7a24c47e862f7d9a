/// Assesses one vendor: a pure function of the questionnaire, the response, the incidents and the as-of date.
public enum Assessor {
  /// Assesses `response` against `questionnaire` with the vendor's incidents.
  ///
  /// - Parameters:
  ///   - incidents: incidents of any vendor; only the response's vendor's count.
  ///   - asOf: the date of the assessment; the response's submission date when nil.
  ///   - manifest: the inputs, for the report.
  ///   - evidenceFiles: the state of each evidence file, when an evidence folder was checked.
  ///   - incidentData: whether the run had incident data; by default, supplied when the manifest names incident
  ///     files (those) or `incidents` is not empty, else none.
  public static func assess(
    _ response: Response, questionnaire: Questionnaire, incidents: [Incident], asOf: CalendarDate? = nil,
    manifest: [InputManifestEntry] = [], evidenceFiles: [EvidenceFileCheck] = [], incidentData: IncidentData? = nil
  ) -> Assessment {
    let profile = questionnaire.profile
    let asOfDate = asOf ?? response.submitted
    let windowStart = asOfDate.adding(months: -profile.windowMonths)
    let vendorIncidents = incidents.filter { $0.vendor == response.vendor.id }
    let inWindow = vendorIncidents.filter { ContradictionFinder.isInWindow($0, windowStart: windowStart) }
    let outside = vendorIncidents.filter { !ContradictionFinder.isInWindow($0, windowStart: windowStart) }
    let scorer = QuestionScorer(
      profile: profile, asOf: asOfDate,
      evidenceFiles: Dictionary(evidenceFiles.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first }))
    var answers: [String: Answer] = [:]
    for answer in response.answers where answers[answer.questionID] == nil { answers[answer.questionID] = answer }

    var contradictions: [Contradiction] = []
    let domains = questionnaire.domains.map { domain -> DomainScore in
      let controls = domain.controls.map { control -> ControlScore in
        let questions = control.questions.map { scorer.score($0, of: control, answer: answers[$0.id]) }
        // The questions that count, read in place (a filtered copy of the scores would copy every trace).
        let claimed = WeightedMean.of(questions.compactMap { $0.counts ? ($0.claimed, $0.question.weight) : nil })
        let verifiedBeforeCaps = WeightedMean.of(
          questions.compactMap { $0.counts ? ($0.verified, $0.question.weight) : nil })
        let found = ContradictionFinder.contradictions(
          of: control, claimed: claimed, incidents: inWindow, questionnaire: questionnaire, profile: profile)
        contradictions += found
        let cap = found.compactMap(\.cap).min()
        let verified = verifiedBeforeCaps.map { value in cap.map { min(value, $0) } ?? value }
        return ControlScore(
          control: control, claimed: claimed, verifiedBeforeCaps: verifiedBeforeCaps, verified: verified,
          questions: questions, contradictions: found, cap: cap)
      }
      return DomainScore(
        domain: domain,
        claimed: WeightedMean.of(controls.map { ($0.claimed, $0.control.weight) }),
        verified: WeightedMean.of(controls.map { ($0.verified, $0.control.weight) }),
        controls: controls)
    }
    let claimed = WeightedMean.of(domains.map { ($0.claimed, $0.domain.weight) })
    let verified = WeightedMean.of(domains.map { ($0.verified, $0.domain.weight) })
    let baseRating = profile.rating(forVerified: (verified ?? 0) * 100)
    let gates = self.gates(domains.flatMap(\.controls), profile: profile)
    let rating = gates.map(\.effect).reduce(baseRating, max)
    // An incident whose statements were not collected (an independent database's record) cannot be measured.
    let unmeasured = inWindow.filter { !$0.hasCollectedStatements }
    let disclosures = inWindow.filter(\.hasCollectedStatements).map {
      DisclosureScorer.disclosure(of: $0, profile: profile)
    }
    let transparency = self.transparency(domains: domains, disclosures: disclosures, profile: profile)

    let incidentFiles = manifest.filter { $0.kind == .incidents }.map(\.file)
    let incidentData =
      incidentData
      ?? (incidentFiles.isEmpty && incidents.isEmpty
        ? .none : .supplied(files: incidentFiles.isEmpty ? uniqueInOrder(incidents.map(\.file)) : incidentFiles))
    var answered = 0
    var scored = 0
    for domain in domains {
      for control in domain.controls {
        for question in control.questions where question.status != .freeText {
          scored += 1
          if question.status != .unanswered { answered += 1 }
        }
      }
    }
    var assessment = Assessment(
      questionnaire: questionnaire, vendor: response.vendor, respondent: response.respondent,
      submitted: response.submitted, asOf: asOfDate, asOfSource: asOf == nil ? .submitted : .given,
      windowStart: windowStart, profile: profile, claimed: claimed, verified: verified, domains: domains,
      contradictions: contradictions, baseRating: baseRating, gates: gates, rating: rating,
      transparency: transparency, disclosures: disclosures, incidentsOutsideWindow: outside, followUps: [],
      incidentData: incidentData,
      completeness: Completeness(answered: answered, questions: scored, minimum: profile.completenessMinimum),
      manifest: manifest, evidenceFiles: evidenceFiles)
    assessment.incidentsWithoutStatements = unmeasured
    assessment.followUps = FollowUpGenerator.followUps(for: assessment)
    return assessment
  }

  /// The gates of the critical controls, in questionnaire order.
  static func gates(_ controls: [ControlScore], profile: ScoringProfile) -> [Gate] {
    var gates: [Gate] = []
    for score in controls where score.control.critical {
      let control = score.control
      if let strongest = score.contradictions.filter({ $0.confidence.isAtLeast(.corroborated) }).min(by: {
        $0.confidence < $1.confidence
      }) {
        let others = score.contradictions.filter { $0.confidence.isAtLeast(.corroborated) }.count - 1
        gates.append(
          Gate(
            controlID: control.id, kind: .contradicted, effect: profile.contradictedRating,
            reason:
              "critical control \(control.id) (\(control.title)) is contradicted at \(strongest.confidence.rawValue) "
              + "confidence: \(strongest.behaviour) observed in incident \(strongest.incidentID)"
              + (others > 0 ? " and \(others) more" : "")))
      }
      if let verified = score.verified, verified < profile.gateThreshold {
        gates.append(
          Gate(
            controlID: control.id, kind: .belowThreshold, effect: profile.belowThresholdRating,
            reason:
              "critical control \(control.id) (\(control.title)) is verified at \(Format.percent(verified)), "
              + "below the gate threshold of \(Format.percent(profile.gateThreshold))"))
      }
    }
    return gates
  }

  /// 40 % the transparency domains' verified score + 60 % the disclosure record, by default.
  static func transparency(domains: [DomainScore], disclosures: [IncidentDisclosure], profile: ScoringProfile)
    -> TransparencyIndex
  {
    let questionnairePart = WeightedMean.of(
      domains.filter(\.domain.transparency).map { ($0.verified, $0.domain.weight) })
    let disclosurePart =
      disclosures.isEmpty ? nil : disclosures.map(\.score).reduce(0, +) / Double(disclosures.count)
    switch (questionnairePart, disclosurePart) {
    case (let questionnaire?, let disclosure?):
      return TransparencyIndex(
        value: profile.transparencyQuestionnaireWeight * questionnaire + profile.transparencyDisclosureWeight
          * disclosure,
        questionnairePart: questionnaire, disclosurePart: disclosure, basis: .both)
    case (let questionnaire?, nil):
      return TransparencyIndex(
        value: questionnaire, questionnairePart: questionnaire, disclosurePart: nil, basis: .questionnaireOnly)
    case (nil, let disclosure?):
      return TransparencyIndex(
        value: disclosure, questionnairePart: nil, disclosurePart: disclosure, basis: .disclosureOnly)
    case (nil, nil):
      return TransparencyIndex(value: nil, questionnairePart: nil, disclosurePart: nil, basis: .none)
    }
  }
}
