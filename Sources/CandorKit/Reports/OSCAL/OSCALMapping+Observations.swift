extension OSCALMapping {
  /// The observations: one per answered question (INTERVIEW, control-objective), then for each incident in the
  /// window one per finding (EXAMINE, discovery) and one for the vendor's disclosure record.
  func observations() -> [OSCALAssembly] {
    var observations: [OSCALAssembly] = []
    for control in assessment.controls {
      for score in control.questions where score.answer != nil {
        observations.append(answerObservation(score, control: control.control))
      }
    }
    for disclosure in assessment.disclosures {
      for (index, finding) in disclosure.incident.findings.enumerated() {
        observations.append(findingObservation(finding, number: index + 1, of: disclosure.incident))
      }
      observations.append(disclosureObservation(disclosure))
    }
    return observations
  }

  // MARK: - Answers

  private func answerObservation(_ score: QuestionScore, control: Control) -> OSCALAssembly {
    let question = score.question
    var observation = OSCALAssembly()
    observation.flag("uuid", names.answerObservation(question.id))
    observation.line("title", Self.line("\(question.id) answered \(answerSummary(score, withText: false))"))
    observation.multiline(
      "description",
      [Self.line("Question \(question.id) of control \(control.id): \(question.text)")]
        + [Self.sentence("The vendor answered \(answerSummary(score, withText: true))")])
    observation.assemblies("prop", json: "props", answerProperties(score, control: control))
    observation.fields("method", json: "methods", ["INTERVIEW"])
    observation.fields("type", json: "types", ["control-objective"])
    observation.assemblies("origin", json: "origins", [origin()])
    observation.assemblies("subject", json: "subjects", [vendorSubject()])
    observation.assemblies("relevant-evidence", json: "relevant-evidence", score.evidence.items.map(relevantEvidence))
    observation.field("collected", Self.timestamp(assessment.submitted))
    var remarks: [String] = []
    if let comment = score.answer?.comment {
      let paragraphs = OSCALText.paragraphs(comment)
      if let first = paragraphs.first { remarks += ["The vendor's comment: " + first] + paragraphs.dropFirst() }
    }
    remarks.append(trace(score))
    observation.multiline("remarks", remarks)
    return observation
  }

  /// What was answered, in a few words: `"yes"`, `10 minutes`, `in free text` (followed by the text when
  /// `withText`).
  private func answerSummary(_ score: QuestionScore, withText: Bool) -> String {
    switch score.answer?.value {
    case .option(let value): return "\"\(value)\""
    case .number(_, let text):
      if case .number(let unit, _) = score.question.kind { return "\(text) \(unit)" }
      return text
    case .text(let text): return withText ? "in free text: \(text)" : "in free text"
    case .some(.none), nil: return "without a value"
    }
  }

  /// How the question's scores were reached, in a sentence.
  private func trace(_ score: QuestionScore) -> String {
    switch score.status {
    case .notApplicable: return "Not applicable: excluded from every mean."
    case .freeText: return "Free text: recorded, not scored."
    case .scored, .unanswered:
      let claimed = score.claimed.map(Format.percent) ?? "n/a"
      let verified = score.verified.map(Format.percent) ?? "n/a"
      let ownership = score.ownership
      return "Claimed \(claimed) (\(score.claimedBasis)); evidence factor \(Format.number(score.evidence.factor)) "
        + "(\(score.evidence.requirement.rawValue) evidence, \(score.evidence.basis.rawValue)); ownership factor "
        + "\(Format.number(ownership.factor)) (control owner \(ownership.controlOwner.rawValue), answered "
        + "\(ownership.answeredOwner.rawValue)); verified \(verified)."
    }
  }

  private func answerProperties(_ score: QuestionScore, control: Control) -> [OSCALAssembly] {
    var props: [OSCALAssembly?] = [
      Self.prop("question", score.question.id), Self.prop("control", control.id),
      Self.prop("status", score.status.rawValue),
    ]
    switch score.answer?.value {
    case .option(let value): props.append(Self.prop("answer", value))
    case .number(_, let text): props.append(Self.prop("answer", text))
    case .text, .some(.none), nil: break
    }
    if score.counts {
      let ownership = score.ownership
      props += [
        Self.prop("claimed", score.claimed.map(Format.percent)),
        Self.prop("verified", score.verified.map(Format.percent)),
        Self.prop("claimed-basis", score.claimedBasis),
        Self.prop("evidence-requirement", score.evidence.requirement.rawValue),
        Self.prop("evidence-factor", Format.number(score.evidence.factor)),
        Self.prop("evidence-basis", score.evidence.basis.rawValue),
        Self.prop("control-owner", ownership.controlOwner.rawValue),
        Self.prop("answered-owner", ownership.answeredOwner.rawValue),
        Self.prop("ownership-factor", Format.number(ownership.factor)),
      ]
    }
    return props.compactMap { $0 }
  }

  /// A piece of evidence: its reference as `href`, its description, and its hash where known (the one the vendor
  /// gave, and the file's actual one when an evidence folder was checked).
  private func relevantEvidence(_ item: EvidenceTrace.Item) -> OSCALAssembly {
    let evidence = item.evidence
    let file = assessment.evidenceFile(for: evidence)
    var relevant = OSCALAssembly()
    let href = OSCALText.uriReference(evidence.reference)
    relevant.flag("href", href)
    var description = OSCALText.paragraphs(evidence.description)
    if description.isEmpty {
      description = [Self.line("Evidence \(evidence.reference)")]
    } else if href == nil {
      // A reference that may not be a link stays text.
      description.append(Self.line("Reference (not a link): \(evidence.reference)"))
    }
    relevant.multiline("description", description)
    relevant.assemblies(
      "prop", json: "props",
      [
        Self.prop("evidence-kind", evidence.kind), Self.prop("evidence-origin", evidence.origin.rawValue),
        Self.prop("evidence-state", item.state.rawValue), Self.prop("valid-until", evidence.validUntil?.description),
        Self.prop("sha256", evidence.sha256), Self.prop("file-state", file?.state.rawValue),
        Self.prop("file-sha256", file?.actualSHA256),
      ].compactMap { $0 })
    return relevant
  }

  // MARK: - Incidents

  private func findingObservation(_ finding: Finding, number: Int, of incident: Incident) -> OSCALAssembly {
    var observation = OSCALAssembly()
    observation.flag("uuid", names.incidentFindingObservation(incident.id, number: number))
    observation.line(
      "title", Self.line("\(incident.id) finding (\(finding.confidence.rawValue)): \(finding.source)"))
    observation.multiline(
      "description",
      OSCALText.paragraphs(finding.summary)
        + [
          Self.line(
            "Incident \(incident.id), \(incident.title) (severity \(incident.severity.rawValue), started "
              + "\(incident.timeline.started.text)\(incident.fictional ? ", an invented scenario" : "")).")
        ])
    var props: [OSCALAssembly?] = [
      Self.prop("incident", incident.id), Self.prop("incident-severity", incident.severity.rawValue),
      Self.prop("finding-source", finding.source), Self.prop("confidence", finding.confidence.rawValue),
      Self.prop("finding-origin", finding.origin.rawValue), Self.prop("cause", finding.cause?.rawValue),
    ]
    props += finding.observed.map { Self.prop("behaviour", $0.behaviour) }
    props.append(Self.prop("fictional", String(incident.fictional)))
    observation.assemblies("prop", json: "props", props.compactMap { $0 })
    observation.fields("method", json: "methods", ["EXAMINE"])
    observation.fields("type", json: "types", ["discovery"])
    observation.assemblies("origin", json: "origins", [origin()])
    observation.assemblies("subject", json: "subjects", [vendorSubject()])
    var source = OSCALAssembly()
    source.flag("href", finding.url.flatMap(OSCALText.uriReference))
    source.multiline(
      "description",
      [
        Self.line(
          "Source: \(finding.source) (\(finding.origin.rawValue), \(finding.confidence.rawValue))."
            + Self.unlinked(finding.url))
      ])
    observation.assemblies("relevant-evidence", json: "relevant-evidence", [source])
    observation.field("collected", Self.timestamp(assessment.asOf))
    return observation
  }

  private func disclosureObservation(_ disclosure: IncidentDisclosure) -> OSCALAssembly {
    let incident = disclosure.incident
    var observation = OSCALAssembly()
    observation.flag("uuid", names.disclosureObservation(incident.id))
    observation.line(
      "title", Self.line("\(incident.id) disclosure record: \(Format.percent(disclosure.score)) of 100"))
    observation.multiline(
      "description",
      [
        Self.line(
          "How candid the vendor was about incident \(incident.id), \(incident.title): the mean of the parts "
            + "that apply, \(Format.percent(disclosure.score)) of 100. It feeds the transparency index.")
      ]
        + disclosure.parts.map { part in
          Self.line("\(part.name): \(Format.number(part.score)) (\(part.measured); \(part.rule))")
        })
    var props: [OSCALAssembly?] = [
      Self.prop("incident", incident.id), Self.prop("disclosure-score", Format.percent(disclosure.score)),
    ]
    props += disclosure.parts.map { Self.prop("disclosure-" + Self.slug(part: $0.name), Format.number($0.score)) }
    // The measured figures (reported, not scored), by report.xml's names.
    props += disclosure.figures.named.map { Self.prop($0.name, $0.value) }
    observation.assemblies("prop", json: "props", props.compactMap { $0 })
    observation.fields("method", json: "methods", ["EXAMINE"])
    observation.fields("type", json: "types", ["discovery"])
    observation.assemblies("origin", json: "origins", [origin()])
    observation.assemblies("subject", json: "subjects", [vendorSubject()])
    observation.assemblies(
      "relevant-evidence", json: "relevant-evidence",
      incident.statements.map { statement in
        var evidence = OSCALAssembly()
        evidence.flag("href", statement.url.flatMap(OSCALText.uriReference))
        evidence.multiline(
          "description",
          [
            Self.line(
              "Statement of \(statement.at.text) (\(statement.source)): \(statement.text)"
                + Self.unlinked(statement.url))
          ])
        evidence.assemblies(
          "prop", json: "props",
          [
            Self.prop("statement-at", statement.at.text), Self.prop("statement-source", statement.source),
            Self.prop("stated-cause", statement.cause.rawValue),
            Self.prop("ai-involvement", statement.aiInvolvement.rawValue),
          ].compactMap { $0 })
        return evidence
      })
    observation.field("collected", Self.timestamp(assessment.asOf))
    return observation
  }

  /// " URL (not a link): …" for a URL that ``SafeLink`` does not allow as an `href`, so that it stays as text; ""
  /// otherwise.
  static func unlinked(_ url: String?) -> String {
    guard let url, OSCALText.uriReference(url) == nil, OSCALText.line(url) != nil else { return "" }
    return " URL (not a link): \(url)"
  }

  /// A disclosure part's name as a property name: "root cause" → "root-cause", "AI involvement" → "ai-involvement".
  static func slug(part name: String) -> String {
    OSCALText.token(name.lowercased().split(separator: " ").joined(separator: "-"))
  }
}
