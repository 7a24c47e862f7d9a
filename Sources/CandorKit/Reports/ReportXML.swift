import CandorXML

/// Writes `report.xml` (schema `Questionnaires/schema/report.xsd`, namespace `urn:candor:report:1`).
public enum ReportXML {
  /// The generator named in reports.
  public static let generator = "candor \(CandorInfo.version)"

  /// One vendor's report as a complete document.
  public static func document(_ assessment: Assessment, policy: PolicyVerdict? = nil) -> String {
    let writer = XMLWriter()
    write(assessment, policy: policy, to: writer, declareNamespace: true)
    return writer.finish()
  }

  /// Writes a `<report>` element (the root of a report, or a child of a comparison).
  public static func write(
    _ assessment: Assessment, policy: PolicyVerdict?, to writer: XMLWriter, declareNamespace: Bool
  ) {
    let a = assessment
    writer.startElement("report", namespace: declareNamespace ? DocumentKind.report.namespace : nil)
    writer.attribute("questionnaire", a.questionnaire.id)
    writer.attribute("questionnaire-version", a.questionnaire.version)
    writer.attribute("as-of", a.asOf.description)
    writer.attribute("as-of-source", a.asOfSource.rawValue)
    writer.attribute("submitted", a.submitted.description)
    writer.attribute("window-start", a.windowStart.description)
    writer.attribute("generator", generator)

    writer.element("vendor", attributes: ["id": a.vendor.id, "name": a.vendor.name])
    if let respondent = a.respondent {
      writer.element("respondent", attributes: ["name": respondent.name, "role": respondent.role])
    }
    writer.element(
      "summary",
      attributes: [
        "claimed": a.claimed.map(Format.percent), "verified": a.verified.map(Format.percent),
        "say-do-gap": a.sayDoGap.map(Format.percent), "rating": a.rating.rawValue,
        "base-rating": a.baseRating.rawValue, "transparency": a.transparency.value.map(Format.percent),
        "contradictions": String(a.contradictions.count), "gates": String(a.gates.count),
        "follow-ups": String(a.followUps.count),
      ])
    for gate in a.gates {
      writer.element(
        "gate", attributes: ["control": gate.controlID, "effect": gate.effect.rawValue, "kind": gate.kind.rawValue],
        text: gate.reason)
    }
    for (index, risk) in TopRisks.of(a).enumerated() {
      writer.element("risk", attributes: ["rank": String(index + 1), "control": risk.controlID], text: risk.text)
    }
    if let policy { writePolicy(policy, to: writer) }
    for domain in a.domains { writeDomain(domain, threshold: a.profile.gateThreshold, to: writer) }
    for contradiction in a.contradictions {
      writer.startElement("contradiction")
      writer.attribute("control", contradiction.controlID)
      writer.attribute("incident", contradiction.incidentID)
      writer.attribute("behaviour", contradiction.behaviour)
      writer.attribute("confidence", contradiction.confidence.rawValue)
      writer.attribute("claimed", Format.percent(contradiction.claimed))
      writer.attribute("cap", contradiction.cap.map(Format.number))
      writer.attribute("source", contradiction.findingSource)
      writer.attribute("fictional", String(contradiction.fictional))
      writer.element("finding", text: contradiction.findingSummary)
      writer.endElement()
    }
    writer.element(
      "transparency",
      attributes: [
        "value": a.transparency.value.map(Format.percent),
        "questionnaire-part": a.transparency.questionnairePart.map(Format.percent),
        "disclosure-part": a.transparency.disclosurePart.map(Format.percent), "basis": a.transparency.basis.rawValue,
      ])
    for disclosure in a.disclosures {
      let incident = disclosure.incident
      writer.startElement("incident")
      writer.attribute("id", incident.id)
      writer.attribute("title", incident.title)
      writer.attribute("severity", incident.severity.rawValue)
      writer.attribute("fictional", String(incident.fictional))
      writer.attribute("started", incident.timeline.started.text)
      writer.attribute("score", Format.percent(disclosure.score))
      for part in disclosure.parts {
        writer.element(
          "disclosure",
          attributes: [
            "part": part.name, "score": Format.number(part.score), "measured": part.measured, "rule": part.rule,
          ])
      }
      writer.endElement()
    }
    for incident in a.incidentsOutsideWindow {
      writer.element(
        "incident-outside-window", attributes: ["id": incident.id, "started": incident.timeline.started.text])
    }
    for followUp in a.followUps {
      writer.startElement("follow-up")
      writer.attribute("id", followUp.id)
      writer.attribute("kind", followUp.kind.rawValue)
      writer.attribute("control", followUp.controlID)
      writer.attribute("question", followUp.questionID)
      writer.attribute("incident", followUp.incidentID)
      writer.element("question", text: followUp.question)
      if let ask = followUp.contractAsk { writer.element("contract-ask", text: ask) }
      writer.endElement()
    }
    for file in a.evidenceFiles {
      writer.element(
        "evidence-file",
        attributes: [
          "ref": file.reference, "state": file.state.rawValue, "sha256": file.actualSHA256,
          "expected-sha256": file.expectedSHA256,
        ], text: file.detail)
    }
    for row in ReportCoverage.rows(a) {
      writer.startElement("coverage")
      writer.attribute("framework", row.framework)
      writer.attribute("ref", row.reference)
      writer.attribute("title", row.title)
      for control in row.controls {
        writer.element(
          "covered-by",
          attributes: [
            "control": control.id, "status": control.status, "verified": control.verified.map(Format.percent),
          ])
      }
      writer.endElement()
    }
    writer.startElement("profile")
    writer.attribute("overridden", String(a.questionnaire.overridesProfile))
    for (name, value) in ProfileDescription.settings(a.profile) {
      writer.element("setting", attributes: ["name": name, "value": value])
    }
    writer.endElement()
    for entry in a.manifest {
      writer.element("input", attributes: ["file": entry.file, "kind": entry.kind.rawValue, "sha256": entry.sha256])
    }
    writer.endElement()
  }

  private static func writePolicy(_ policy: PolicyVerdict, to writer: XMLWriter) {
    writer.startElement("policy")
    writer.attribute("id", policy.policyID)
    writer.attribute("passed", String(policy.passed))
    for requirement in policy.requirements {
      writer.element(
        "requirement", attributes: ["id": requirement.id, "met": String(requirement.met)],
        text: requirement.explanation)
    }
    writer.endElement()
  }

  private static func writeDomain(_ domain: DomainScore, threshold: Double, to writer: XMLWriter) {
    writer.startElement("domain")
    writer.attribute("id", domain.domain.id)
    writer.attribute("title", domain.domain.title)
    writer.attribute("weight", Format.number(domain.domain.weight))
    writer.attribute("transparency", String(domain.domain.transparency))
    writer.attribute("claimed", domain.claimed.map(Format.percent))
    writer.attribute("verified", domain.verified.map(Format.percent))
    for score in domain.controls {
      let control = score.control
      writer.startElement("control")
      writer.attribute("id", control.id)
      writer.attribute("title", control.title)
      writer.attribute("weight", Format.number(control.weight))
      writer.attribute("critical", String(control.critical))
      writer.attribute("owner", control.owner.rawValue)
      writer.attribute("status", ControlStatus.of(score, threshold: threshold))
      writer.attribute("claimed", score.claimed.map(Format.percent))
      writer.attribute("verified-before-caps", score.verifiedBeforeCaps.map(Format.percent))
      writer.attribute("verified", score.verified.map(Format.percent))
      for mapping in control.mappings {
        writer.element("mapping", attributes: ["framework": mapping.framework, "ref": mapping.reference])
      }
      for question in score.questions { writeQuestion(question, to: writer) }
      for contradiction in score.contradictions {
        writer.element(
          "cap",
          attributes: [
            "incident": contradiction.incidentID, "behaviour": contradiction.behaviour,
            "confidence": contradiction.confidence.rawValue, "cap": contradiction.cap.map(Format.number),
          ])
      }
      writer.endElement()
    }
    writer.endElement()
  }

  private static func writeQuestion(_ score: QuestionScore, to writer: XMLWriter) {
    writer.startElement("question")
    writer.attribute("id", score.question.id)
    writer.attribute("weight", Format.number(score.question.weight))
    writer.attribute("status", score.status.rawValue)
    writer.attribute("basis", score.claimedBasis)
    writer.attribute("claimed", score.claimed.map(Format.percent))
    writer.attribute("verified", score.verified.map(Format.percent))
    if let answer = score.answer {
      writer.startElement("answer")
      switch answer.value {
      case .option(let value): writer.attribute("value", value)
      case .number(_, let text): writer.attribute("number", text)
      case .text(let text): writer.attribute("text", text)
      case .none: break
      }
      writer.attribute("owner", score.ownership.answeredOwner.rawValue)
      if let comment = answer.comment { writer.element("comment", text: comment) }
      writer.endElement()
    }
    if score.counts {
      writer.startElement("evidence-factor")
      writer.attribute("requirement", score.evidence.requirement.rawValue)
      writer.attribute("factor", Format.number(score.evidence.factor))
      writer.attribute("basis", score.evidence.basis.rawValue)
      for item in score.evidence.items {
        writer.element(
          "evidence",
          attributes: [
            "ref": item.evidence.reference, "kind": item.evidence.kind, "origin": item.evidence.origin.rawValue,
            "valid-until": item.evidence.validUntil?.description, "sha256": item.evidence.sha256,
            "state": item.state.rawValue,
          ], text: item.evidence.description)
      }
      writer.endElement()
      writer.element(
        "ownership",
        attributes: [
          "control-owner": score.ownership.controlOwner.rawValue,
          "answered-owner": score.ownership.answeredOwner.rawValue, "factor": Format.number(score.ownership.factor),
        ])
    }
    writer.endElement()
  }
}

/// candor's version, as reports name it.
public enum CandorInfo {
  public static let version = "0.1.0"
}

/// A control's status in reports and OSCAL: satisfied when verified reaches the gate threshold and no
/// contradiction capped it.
enum ControlStatus {
  static func of(_ score: ControlScore, threshold: Double) -> String {
    if score.isNotApplicable { return "not-applicable" }
    return score.isSatisfied(threshold: threshold) ? "satisfied" : "not-satisfied"
  }
}

/// The regulation coverage of an assessment: each reference, the controls that cover it and their status.
enum ReportCoverage {
  struct CoveredControl {
    var id: String
    var title: String
    var status: String
    var verified: Double?
  }

  struct Row {
    var framework: String
    var reference: String
    var title: String?
    var controls: [CoveredControl]

    /// met (every covering control satisfied), partly met, not met, or not covered.
    var status: String {
      if controls.isEmpty { return "not covered" }
      let satisfied = controls.filter { $0.status == "satisfied" }.count
      let applicable = controls.filter { $0.status != "not-applicable" }.count
      if applicable == 0 { return "not applicable" }
      return satisfied == applicable ? "met" : satisfied == 0 ? "not met" : "partly met"
    }
  }

  static func rows(_ assessment: Assessment) -> [Row] {
    let matrix = CoverageMatrix(questionnaire: assessment.questionnaire, catalog: InputLoader.bundledCatalog)
    let scores = Dictionary(assessment.controls.map { ($0.control.id, $0) }, uniquingKeysWith: { first, _ in first })
    return matrix.frameworks.flatMap { framework in
      framework.rows.map { row in
        Row(
          framework: row.framework, reference: row.reference, title: row.title,
          controls: row.controls.map { control in
            let score = scores[control.id]
            return CoveredControl(
              id: control.id, title: control.title,
              status: score.map { ControlStatus.of($0, threshold: assessment.profile.gateThreshold) }
                ?? "not-applicable",
              verified: score?.verified)
          })
      }
    }
  }
}

/// Every setting of a scoring profile as name and value, in a fixed order.
public enum ProfileDescription {
  public static func settings(_ profile: ScoringProfile) -> [(String, String)] {
    var settings: [(String, String)] = []
    func add(_ name: String, _ value: Double) { settings.append((name, Format.number(value))) }
    add("evidence-required.independent", profile.requiredEvidence.independent)
    add("evidence-required.vendor", profile.requiredEvidence.vendor)
    add("evidence-required.missing", profile.requiredEvidence.missing)
    add("evidence-recommended.independent", profile.recommendedEvidence.independent)
    add("evidence-recommended.vendor", profile.recommendedEvidence.vendor)
    add("evidence-recommended.missing", profile.recommendedEvidence.missing)
    for owner in [Owner.customer, .shared, .thirdParty] {
      add("ownership.\(owner.rawValue)", profile.ownershipFactors[owner] ?? 1)
    }
    for confidence in Confidence.allCases {
      settings.append(
        ("contradiction.\(confidence.rawValue)", profile.cap(for: confidence).map(Format.number) ?? "none"))
    }
    settings.append(("contradiction.window-months", String(profile.windowMonths)))
    add("contradiction.min-claimed", profile.contradictionMinimumClaimed)
    for rating in [Rating.low, .moderate, .high] {
      add("rating.\(rating.rawValue)", profile.ratingMinimums[rating] ?? 0)
    }
    add("gates.threshold", profile.gateThreshold)
    settings.append(("gates.below-threshold", profile.belowThresholdRating.rawValue))
    settings.append(("gates.contradicted", profile.contradictedRating.rawValue))
    add("transparency.questionnaire", profile.transparencyQuestionnaireWeight)
    add("transparency.disclosure", profile.transparencyDisclosureWeight)
    for (name, clock) in [("timeliness", profile.timeliness), ("root-cause", profile.rootCause)] {
      add("\(name).within", clock.within)
      add("\(name).partial-within", clock.partialWithin)
      add("\(name).partial", clock.partial)
      add("\(name).late", clock.late)
    }
    for confidence in Confidence.allCases {
      add("attribution.\(confidence.rawValue)", profile.attributionMismatch[confidence] ?? 0)
    }
    add("ai-involvement.acknowledged", profile.aiAcknowledged)
    add("ai-involvement.not-mentioned", profile.aiNotMentioned)
    add("ai-involvement.denied", profile.aiDenied)
    add("ai-involvement.denied-reported", profile.aiDeniedReportedOnly)
    return settings
  }
}
