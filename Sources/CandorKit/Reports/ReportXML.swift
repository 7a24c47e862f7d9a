import CandorXML

/// Writes `report.xml` (schema `Questionnaires/schema/report.xsd`, namespace `urn:candor:report:1`).
public enum ReportXML {
  /// The generator named in reports.
  public static let generator = "candor \(CandorInfo.version)"

  /// One vendor's report as a complete document.
  public static func document(_ assessment: Assessment, policy: PolicyVerdict? = nil) -> String {
    String(decoding: bytes(assessment, policy: policy), as: UTF8.self)
  }

  /// One vendor's report as the bytes of a complete document, with the run's `plan`.
  static func bytes(_ assessment: Assessment, policy: PolicyVerdict?, plan: ReportPlan? = nil) -> [UInt8] {
    let writer = XMLWriter(capacity: 256 << 10)
    write(assessment, policy: policy, to: writer, declareNamespace: true, plan: plan)
    return writer.finishBytes()
  }

  /// Writes a `<report>` element (the root of a report, or a child of a comparison).
  public static func write(
    _ assessment: Assessment, policy: PolicyVerdict?, to writer: XMLWriter, declareNamespace: Bool
  ) {
    write(assessment, policy: policy, to: writer, declareNamespace: declareNamespace, plan: nil)
  }

  static func write(
    _ assessment: Assessment, policy: PolicyVerdict?, to writer: XMLWriter, declareNamespace: Bool,
    plan: ReportPlan?
  ) {
    let a = assessment
    // The run's plan when it fits this assessment, else one of its own (the same parts, worked out here).
    let plan = plan.flatMap { $0.fits(a) ? $0 : nil } ?? ReportPlan(questionnaire: a.questionnaire)
    writer.startElement("report", namespace: declareNamespace ? DocumentKind.report.namespace : nil)
    writer.attribute("questionnaire", a.questionnaire.id)
    writer.attribute("questionnaire-version", a.questionnaire.version)
    writer.attribute("as-of", a.asOf.description)
    writer.attribute("as-of-source", a.asOfSource.rawValue)
    writer.attribute("submitted", a.submitted.description)
    writer.attribute("window-start", a.windowStart.description)
    writer.attribute("generator", generator)

    writer.startElement("vendor")
    writer.attribute("id", a.vendor.id)
    writer.attribute("name", a.vendor.name)
    writer.endElement()
    if let respondent = a.respondent {
      writer.startElement("respondent")
      writer.attribute("name", respondent.name)
      writer.attribute("role", respondent.role)
      writer.endElement()
    }
    VendorSummary(a).writeSummary(to: writer)
    for gate in a.gates {
      writer.startElement("gate")
      writer.attribute("control", gate.controlID)
      writer.attribute("effect", gate.effect.rawValue)
      writer.attribute("kind", gate.kind.rawValue)
      writer.text(gate.reason)
      writer.endElement()
    }
    for (index, risk) in TopRisks.of(a).enumerated() {
      writer.startElement("risk")
      writer.attribute("rank", String(index + 1))
      writer.attribute("control", risk.controlID)
      writer.text(risk.text)
      writer.endElement()
    }
    if let policy { writePolicy(policy, to: writer) }
    var controlIndex = 0
    for (index, domain) in a.domains.enumerated() {
      writeDomain(
        domain, threshold: a.profile.gateThreshold, parts: plan.xml, domainIndex: index, controlIndex: &controlIndex,
        to: writer)
    }
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
    writer.startElement("transparency")
    writer.attribute("value", a.transparency.value.map(Format.percent))
    writer.attribute("questionnaire-part", a.transparency.questionnairePart.map(Format.percent))
    writer.attribute("disclosure-part", a.transparency.disclosurePart.map(Format.percent))
    writer.attribute("basis", a.transparency.basis.rawValue)
    writer.endElement()
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
        writer.startElement("disclosure")
        writer.attribute("part", part.name)
        writer.attribute("score", Format.number(part.score))
        writer.attribute("measured", part.measured)
        writer.attribute("rule", part.rule)
        writer.endElement()
      }
      writeFigures(disclosure.figures, to: writer)
      for revision in incident.revisions {
        writer.startElement("revision")
        writer.attribute("update", revision.update)
        writer.attribute("at", revision.at.text)
        writer.attribute("before-first-seen", revision.before.firstSeen.text)
        writer.attribute("before-last-seen", revision.before.lastSeen.text)
        writer.attribute("after-first-seen", revision.after?.firstSeen.text)
        writer.attribute("removed", revision.after == nil ? "true" : nil)
        writer.attribute("adds-root-cause", revision.addsRootCause ? "true" : nil)
        writer.endElement()
      }
      writer.endElement()
    }
    for incident in a.incidentsWithoutStatements {
      writer.startElement("incident-without-statements")
      writer.attribute("id", incident.id)
      writer.attribute("started", incident.timeline.started.text)
      writer.endElement()
    }
    for incident in a.incidentsOutsideWindow {
      writer.startElement("incident-outside-window")
      writer.attribute("id", incident.id)
      writer.attribute("started", incident.timeline.started.text)
      writer.endElement()
    }
    for followUp in a.followUps {
      writer.startElement("follow-up")
      writer.attribute("id", followUp.id)
      writer.attribute("priority", followUp.priority.rawValue)
      writer.attribute("kind", followUp.kind.rawValue)
      writer.attribute("kinds", followUp.kinds.map(\.rawValue).joined(separator: " "))
      writer.attribute("control", followUp.controlID)
      if !followUp.questionIDs.isEmpty { writer.attribute("questions", followUp.questionIDs.joined(separator: " ")) }
      if !followUp.incidentIDs.isEmpty { writer.attribute("incidents", followUp.incidentIDs.joined(separator: " ")) }
      writer.element("why", text: followUp.why)
      writer.element("headline", text: followUp.headline)
      writer.element("question", text: followUp.question)
      if let ask = followUp.contractAsk { writer.element("contract-ask", text: ask) }
      writer.endElement()
    }
    for file in a.evidenceFiles {
      writer.startElement("evidence-file")
      writer.attribute("ref", file.reference)
      writer.attribute("state", file.state.rawValue)
      writer.attribute("sha256", file.actualSHA256)
      writer.attribute("expected-sha256", file.expectedSHA256)
      writer.text(file.detail)
      writer.endElement()
    }
    // The plan fits the assessment (made for it above when the run's did not), so a row's control is found by its
    // position; each control's <covered-by> attributes are written once and reused by every row it covers.
    let coveredBy = a.domains.flatMap { domain in
      domain.controls.map { score in
        XMLWriter.attributeBytes([
          "control": score.control.id, "status": ControlStatus.of(score, threshold: a.profile.gateThreshold),
          "verified": score.verified.map(Format.percent),
        ])
      }
    }
    let coverage = ReportCoverage.rows(a, plan: plan)
    for (index, row) in plan.coverage.enumerated() {
      writer.startElement("coverage", writtenAttributes: plan.xml.coverage[index])
      writer.attribute("status", coverage[index].status)
      for control in row.controls {
        writer.startElement("covered-by", writtenAttributes: coveredBy[control.index])
        writer.endElement()
      }
      for control in row.supporting {
        writer.startElement("supported-by", writtenAttributes: coveredBy[control.index])
        writer.endElement()
      }
      writer.endElement()
    }
    writer.startElement("profile")
    writer.attribute("overridden", String(a.questionnaire.overridesProfile))
    let settings =
      a.profile == plan.xml.profile
      ? plan.xml.settings
      : ProfileDescription.settings(a.profile).map { XMLWriter.attributeBytes(["name": $0.0, "value": $0.1]) }
    for setting in settings {
      writer.startElement("setting", writtenAttributes: setting)
      writer.endElement()
    }
    writer.endElement()
    for entry in a.manifest {
      writer.startElement("input")
      writer.attribute("file", entry.file)
      writer.attribute("kind", entry.kind.rawValue)
      writer.attribute("sha256", entry.sha256)
      writer.endElement()
    }
    writer.endElement()
  }

  /// The measured figures of one incident's disclosure.
  private static func writeFigures(_ figures: DisclosureFigures, to writer: XMLWriter) {
    writer.startElement("figures")
    for (name, value) in figures.named { writer.attribute(name, value) }
    writer.endElement()
  }

  static func writePolicy(_ policy: PolicyVerdict, to writer: XMLWriter) {
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

  private static func writeDomain(
    _ domain: DomainScore, threshold: Double, parts: ReportPlan.XMLParts, domainIndex: Int,
    controlIndex: inout Int, to writer: XMLWriter
  ) {
    writer.startElement("domain", writtenAttributes: parts.domains[domainIndex])
    writer.attribute("claimed", domain.claimed.map(Format.percent))
    writer.attribute("verified", domain.verified.map(Format.percent))
    for score in domain.controls {
      writer.startElement("control", writtenAttributes: parts.controls[controlIndex])
      writer.attribute("status", ControlStatus.of(score, threshold: threshold))
      writer.attribute("claimed", score.claimed.map(Format.percent))
      writer.attribute("verified-before-caps", score.verifiedBeforeCaps.map(Format.percent))
      writer.attribute("verified", score.verified.map(Format.percent))
      for mapping in parts.mappings[controlIndex] {
        writer.startElement("mapping", writtenAttributes: mapping)
        writer.endElement()
      }
      for (index, question) in score.questions.enumerated() {
        writeQuestion(question, attributes: parts.questions[controlIndex][index], to: writer)
      }
      for contradiction in score.contradictions {
        writer.startElement("cap")
        writer.attribute("incident", contradiction.incidentID)
        writer.attribute("behaviour", contradiction.behaviour)
        writer.attribute("confidence", contradiction.confidence.rawValue)
        writer.attribute("cap", contradiction.cap.map(Format.number))
        writer.endElement()
      }
      writer.endElement()
      controlIndex += 1
    }
    writer.endElement()
  }

  private static func writeQuestion(_ score: QuestionScore, attributes: [UInt8], to writer: XMLWriter) {
    writer.startElement("question", writtenAttributes: attributes)
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
        writer.startElement("evidence")
        writer.attribute("ref", item.evidence.reference)
        writer.attribute("kind", item.evidence.kind)
        writer.attribute("origin", item.evidence.origin.rawValue)
        writer.attribute("valid-until", item.evidence.validUntil?.description)
        writer.attribute("sha256", item.evidence.sha256)
        writer.attribute("state", item.state.rawValue)
        writer.text(item.evidence.description)
        writer.endElement()
      }
      writer.endElement()
      writer.startElement("ownership")
      writer.attribute("control-owner", score.ownership.controlOwner.rawValue)
      writer.attribute("answered-owner", score.ownership.answeredOwner.rawValue)
      writer.attribute("factor", Format.number(score.ownership.factor))
      writer.endElement()
    }
    writer.endElement()
  }
}

/// candor's version, as reports name it.
public enum CandorInfo {
  public static let version = "0.2.0"
}

/// A control's status in reports and OSCAL: satisfied when verified reaches the gate threshold and no
/// contradiction capped it.
enum ControlStatus {
  static func of(_ score: ControlScore, threshold: Double) -> String {
    if score.isNotApplicable { return "not-applicable" }
    return score.isSatisfied(threshold: threshold) ? "satisfied" : "not-satisfied"
  }
}

/// The regulation coverage of an assessment: each reference, the controls that cover it (a direct mapping) and how
/// far they address it, and apart the controls that only support it (supporting mappings alone).
enum ReportCoverage {
  struct CoveredControl {
    var id: String
    var title: String
    /// satisfied, not-satisfied or not-applicable (``ControlStatus``).
    var status: String
    var verified: Double?
    /// Satisfied, not contradicted, and resting on independent evidence only.
    var independent: Bool
    /// Contradicted at reported confidence or stronger: it addresses nothing.
    var contradicted: Bool

    /// Whether the control addresses what it is mapped to: satisfied and not contradicted.
    var addresses: Bool { status == "satisfied" && !contradicted }
  }

  struct Row {
    var framework: String
    var reference: String
    var title: String?
    /// The controls that cover the reference: only direct mappings count.
    var controls: [CoveredControl]
    /// The controls whose mappings to the reference are all supporting; they never make a row met.
    var supporting: [CoveredControl]
    /// How far the covering controls address the reference (``status(of:)``), worked out once.
    var status: String

    init(framework: String, reference: String, title: String?, controls: [CoveredControl], supporting: [CoveredControl])
    {
      self.framework = framework
      self.reference = reference
      self.title = title
      self.controls = controls
      self.supporting = supporting
      status = Self.status(of: controls)
    }

    /// Every status a row can have, strongest first.
    static let statuses = [
      "addressed (independent evidence)", "addressed (self-attested)", "partly addressed", "not addressed",
      "not applicable", "not covered",
    ]

    /// "addressed (independent evidence)" when every applicable covering control addresses the reference on
    /// independent evidence, "addressed (self-attested)" when they all address it but some on the vendor's word
    /// alone, "partly addressed", "not addressed"; "not applicable" when every covering control is, "not covered"
    /// when the questionnaire maps no control to it directly (supporting controls never address a reference).
    /// Never "met" on the vendor's word.
    static func status(of controls: [CoveredControl]) -> String {
      if controls.isEmpty { return "not covered" }
      let applicable = controls.filter { $0.status != "not-applicable" }
      if applicable.isEmpty { return "not applicable" }
      let addressing = applicable.filter(\.addresses)
      if addressing.count == applicable.count {
        return addressing.allSatisfy(\.independent) ? "addressed (independent evidence)" : "addressed (self-attested)"
      }
      return addressing.isEmpty ? "not addressed" : "partly addressed"
    }
  }

  /// The rows of `assessment`; with `plan`, made for the assessment's questionnaire, the static part is the plan's.
  static func rows(_ assessment: Assessment, plan: ReportPlan? = nil) -> [Row] {
    let plan = plan.flatMap { $0.fits(assessment) ? $0 : nil } ?? ReportPlan(questionnaire: assessment.questionnaire)
    let controls = assessment.controls
    let threshold = assessment.profile.gateThreshold
    // Each control's state, worked out once: many rows share a control.
    let states = controls.map { score in
      CoveredControl(
        id: score.control.id, title: score.control.title, status: ControlStatus.of(score, threshold: threshold),
        verified: score.verified, independent: score.restsOnIndependentEvidence,
        contradicted: score.contradictions.contains { $0.confidence.isAtLeast(.reported) })
    }
    // The plan fits the assessment's controls position by position; otherwise find each control by id.
    let indexByID: [String: Int]? =
      plan.fits(assessment)
      ? nil
      : Dictionary(controls.enumerated().map { ($1.control.id, $0) }, uniquingKeysWith: { first, _ in first })
    func covered(_ control: (id: String, title: String, index: Int)) -> CoveredControl {
      (indexByID.map { $0[control.id] } ?? control.index).map { states[$0] }
        ?? CoveredControl(
          id: control.id, title: control.title, status: "not-applicable", verified: nil, independent: false,
          contradicted: false)
    }
    return plan.coverage.map { row in
      Row(
        framework: row.framework, reference: row.reference, title: row.title,
        controls: row.controls.map(covered), supporting: row.supporting.map(covered))
    }
  }
}

/// Every setting of a scoring profile as name and value, in a fixed order.
public enum ProfileDescription {
  public static func settings(_ profile: ScoringProfile) -> [(String, String)] {
    var settings: [(String, String)] = []
    func add(_ name: String, _ value: Double) { settings.append((name, Format.number(value))) }
    // The evidence factors as applied (never lower for more evidence).
    let required = profile.requiredEvidence.ordered
    let recommended = profile.recommendedEvidence.ordered
    add("evidence-required.independent", required.independent)
    add("evidence-required.vendor", required.vendor)
    add("evidence-required.missing", required.missing)
    add("evidence-recommended.independent", recommended.independent)
    add("evidence-recommended.vendor", recommended.vendor)
    add("evidence-recommended.missing", recommended.missing)
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
