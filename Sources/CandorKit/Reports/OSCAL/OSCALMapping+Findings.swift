extension OSCALMapping {
  // MARK: - Risks

  /// The risks: one per contradiction, then one per gate that fired; all open.
  func risks() -> [OSCALAssembly] {
    assessment.contradictions.map(contradictionRisk) + assessment.gates.map(gateRisk)
  }

  private func contradictionRisk(_ contradiction: Contradiction) -> OSCALAssembly {
    let control = assessment.control(contradiction.controlID)?.control
    var risk = OSCALAssembly()
    risk.flag(
      "uuid",
      names.contradictionRisk(
        control: contradiction.controlID, incident: contradiction.incidentID, behaviour: contradiction.behaviour))
    risk.line(
      "title",
      Self.line(
        "\(contradiction.controlID) contradicted by incident \(contradiction.incidentID): \(contradiction.behaviour)"))
    risk.multiline(
      "description",
      [
        Self.line(
          "The vendor's answers claim control \(contradiction.controlID), \(contradiction.controlTitle) (claimed "
            + "\(Format.percent(contradiction.claimed))); incident \(contradiction.incidentID) contradicts the claim."),
        Self.line(
          "Observed (\(contradiction.behaviour), \(contradiction.confidence.rawValue), found by "
            + "\(contradiction.findingSource)): \(contradiction.behaviourDescription)"),
        Self.line(
          "Incident \(contradiction.incidentID), \(contradiction.incidentTitle): \(contradiction.findingSummary)"),
      ])
    let effect =
      contradiction.cap.map { "candor caps the control's verified score at \(Format.percent($0))." }
      ?? "At \(contradiction.confidence.rawValue) confidence the claim is not capped; it is a follow-up question."
    risk.multiline(
      "statement",
      [
        Self.line(
          "What the vendor claims for this control did not hold in incident \(contradiction.incidentID) and may not "
            + "hold next time: \(contradiction.behaviourDescription)")
      ] + (control.map { [Self.line("The objective in doubt: \($0.objective)")] } ?? []) + [effect])
    risk.assemblies(
      "prop", json: "props",
      [
        Self.prop("control", contradiction.controlID), Self.prop("incident", contradiction.incidentID),
        Self.prop("behaviour", contradiction.behaviour), Self.prop("confidence", contradiction.confidence.rawValue),
        Self.prop("claimed", Format.percent(contradiction.claimed)),
        Self.prop("cap", contradiction.cap.map(Format.percent) ?? "none"),
        Self.prop("fictional", String(contradiction.fictional)),
      ].compactMap { $0 })
    risk.field("status", "open")
    risk.assemblies("origin", json: "origins", [origin()])
    risk.assemblies(
      "related-observation", json: "related-observations",
      findingObservations(incident: contradiction.incidentID, behaviour: contradiction.behaviour).map(Self.related))
    return risk
  }

  private func gateRisk(_ gate: Gate) -> OSCALAssembly {
    let score = assessment.control(gate.controlID)
    var risk = OSCALAssembly()
    risk.flag("uuid", names.gateRisk(control: gate.controlID, kind: gate.kind))
    risk.line(
      "title",
      Self.line("Gate on \(gate.controlID) (\(gate.kind.rawValue)): rating at least \(gate.effect.rawValue)"))
    risk.multiline("description", [Self.sentence("The gate fired: \(gate.reason)")])
    let objective = score.map { Self.line("The objective in doubt: \($0.control.objective)") }
    let consequence =
      switch gate.kind {
      case .belowThreshold:
        "A critical control that the evidence does not verify cannot be relied on: what it promises may not hold "
          + "in practice, and nothing the vendor supplied shows that it does."
      case .contradicted:
        "A critical control failed in an observed incident: what it promises did not hold in practice, and "
          + "nothing shows that it will hold next time."
      }
    risk.multiline(
      "statement",
      [consequence] + (objective.map { [$0] } ?? []) + [
        "candor rates the vendor at least \(gate.effect.rawValue) for this reason alone."
      ])
    risk.assemblies(
      "prop", json: "props",
      [
        Self.prop("control", gate.controlID), Self.prop("gate", gate.kind.rawValue),
        Self.prop("effect", gate.effect.rawValue),
      ].compactMap { $0 })
    risk.field("status", "open")
    risk.assemblies("origin", json: "origins", [origin()])
    var related: [String] = []
    if let score {
      related += answeredQuestions(score).map(names.answerObservation)
      if gate.kind == .contradicted {
        for contradiction in score.contradictions where contradiction.confidence.isAtLeast(.corroborated) {
          related += findingObservations(incident: contradiction.incidentID, behaviour: contradiction.behaviour)
        }
      }
    }
    risk.assemblies("related-observation", json: "related-observations", Self.unique(related).map(Self.related))
    return risk
  }

  // MARK: - Findings

  /// The findings: one per control, its target the control's objective.
  func findings() -> [OSCALAssembly] {
    assessment.controls.map(finding)
  }

  private func finding(_ score: ControlScore) -> OSCALAssembly {
    let control = score.control
    let threshold = assessment.profile.gateThreshold
    let status = ControlStatus.of(score, threshold: threshold)
    let percent: (Double?) -> String = { $0.map(Format.percent) ?? "n/a" }
    var finding = OSCALAssembly()
    finding.flag("uuid", names.finding(control: control.id))
    finding.line("title", Self.line("\(control.id) \(control.title): \(status.replacing("-", with: " "))"))
    finding.multiline(
      "description",
      [
        Self.line(control.objective),
        score.isNotApplicable
          ? "Not applicable: every scored question of the control was answered not applicable."
          : "Claimed \(percent(score.claimed)), verified \(percent(score.verified)) "
            + "(\(percent(score.verifiedBeforeCaps)) before contradiction caps).",
      ])
    var props: [OSCALAssembly?] = [
      Self.prop("control", control.id),
      Self.prop("domain", assessment.domains.first { $0.controls.contains { $0.control.id == control.id } }?.domain.id),
      Self.prop("weight", Format.number(control.weight)), Self.prop("critical", String(control.critical)),
      Self.prop("owner", control.owner.rawValue), Self.prop("status", status),
      Self.prop("claimed", score.claimed.map(Format.percent)),
      Self.prop("verified-before-caps", score.verifiedBeforeCaps.map(Format.percent)),
      Self.prop("verified", score.verified.map(Format.percent)),
      Self.prop("say-do-gap", score.claimed.map { Format.percent($0 - (score.verified ?? 0)) }),
      Self.prop("cap", score.cap.map(Format.percent)),
    ]
    // A supporting mapping is named apart, so that a GRC tool reading "mapping" never counts it as coverage.
    props += control.mappings.map {
      Self.prop($0.isDirect ? "mapping" : "supporting-mapping", $0.reference, class: OSCALText.token($0.framework))
    }
    finding.assemblies("prop", json: "props", props.compactMap { $0 })
    finding.assemblies("origin", json: "origins", [origin()])
    finding.assembly("target", target(score, threshold: threshold))
    var observations = answeredQuestions(score).map(names.answerObservation)
    for contradiction in score.contradictions {
      observations += findingObservations(incident: contradiction.incidentID, behaviour: contradiction.behaviour)
    }
    finding.assemblies(
      "related-observation", json: "related-observations", Self.unique(observations).map(Self.related))
    let risks =
      score.contradictions.map {
        names.contradictionRisk(control: control.id, incident: $0.incidentID, behaviour: $0.behaviour)
      }
      + assessment.gates.filter { $0.controlID == control.id }.map {
        names.gateRisk(control: control.id, kind: $0.kind)
      }
    finding.assemblies(
      "associated-risk", json: "related-risks",
      Self.unique(risks).map { uuid in
        var risk = OSCALAssembly()
        risk.flag("risk-uuid", uuid)
        return risk
      })
    let unanswered = score.questions.filter { $0.status == .unanswered }.map(\.question.id)
    if !unanswered.isEmpty {
      finding.multiline(
        "remarks", ["Unanswered, scored 0: \(unanswered.joined(separator: ", "))."])
    }
    return finding
  }

  /// The finding's target: the control's objective, satisfied when verified reaches the gate threshold and no
  /// contradiction capped it. A not-applicable control is recorded as satisfied with implementation status
  /// not-applicable (OSCAL's objective status has no third state).
  private func target(_ score: ControlScore, threshold: Double) -> OSCALAssembly {
    let satisfied = score.isSatisfied(threshold: threshold)
    var status = OSCALAssembly()
    let why: String
    if score.isNotApplicable {
      status.flag("state", "satisfied")
      status.flag("reason", "other")
      why = "Not applicable: nothing to satisfy."
    } else {
      status.flag("state", satisfied ? "satisfied" : "not-satisfied")
      status.flag("reason", satisfied ? "pass" : "fail")
      let verified = score.verified.map(Format.percent) ?? "n/a"
      if let cap = score.cap {
        why =
          "Capped at \(Format.percent(cap)) by a contradiction: \(score.contradictions.map(\.behaviour).joined(separator: ", "))."
      } else if satisfied {
        why = "Verified \(verified) reaches the threshold of \(Format.percent(threshold)) and no contradiction caps it."
      } else {
        why = "Verified \(verified) is below the threshold of \(Format.percent(threshold))."
      }
    }
    status.multiline("remarks", [why])
    var target = OSCALAssembly()
    target.flag("type", "objective-id")
    target.flag("target-id", OSCALText.token(score.control.id))
    target.line("title", Self.line("Objective of control \(score.control.id)"))
    target.assembly("status", status)
    if score.isNotApplicable {
      var implementation = OSCALAssembly()
      implementation.flag("state", "not-applicable")
      target.assembly("implementation-status", implementation)
    }
    return target
  }

  // MARK: - Links between objects

  /// The ids of the control's answered questions (those that have an observation).
  private func answeredQuestions(_ score: ControlScore) -> [String] {
    score.questions.filter { $0.answer != nil }.map(\.question.id)
  }

  /// The observations of the findings of incident `incident` (in the window) that observed `behaviour`.
  private func findingObservations(incident id: String, behaviour: String) -> [String] {
    guard let incident = incidentsByID[id] else { return [] }
    return incident.findings.enumerated().filter { $0.element.observed.contains { $0.behaviour == behaviour } }
      .map { names.incidentFindingObservation(id, number: $0.offset + 1) }
  }

  static func related(_ observation: String) -> OSCALAssembly {
    var related = OSCALAssembly()
    related.flag("observation-uuid", observation)
    return related
  }

  /// `items` without repeats, in first-seen order.
  static func unique(_ items: [String]) -> [String] {
    var seen = Set<String>()
    return items.filter { seen.insert($0).inserted }
  }
}
