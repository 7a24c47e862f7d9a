/// Turns an assessment into what to ask the vendor: one follow-up per control that needs one (however many
/// findings, questions and evidence files concern it), plus one about the incidents without a published root cause;
/// each with a priority, the reasons, one question and at most one contract ask. P1 first, then P2, then P3; within a
/// priority, in questionnaire order, the incidents last.
public enum FollowUpGenerator {
  /// How many findings a contradiction question describes before it counts the rest.
  static let findingsShown = 3

  public static func followUps(for assessment: Assessment) -> [FollowUp] {
    let vendor = assessment.vendor.name
    let contradicted = Dictionary(
      assessment.contradictedControls.map { ($0.controlID, $0) }, uniquingKeysWith: { first, _ in first })
    let gated = Dictionary(
      assessment.gatedControls.map { ($0.controlID, $0) }, uniquingKeysWith: { first, _ in first })
    var result: [FollowUp] = []
    for score in assessment.controls {
      var draft = Draft(score: score, vendor: vendor)
      if let control = contradicted[score.control.id] { draft.contradicted(control) }
      if let gate = gated[score.control.id] { draft.gated(gate, profile: assessment.profile) }
      draft.alleged(score.contradictions.filter { !$0.confidence.isAtLeast(.reported) })
      for question in score.questions { draft.examine(question) }
      if let followUp = draft.followUp { result.append(followUp) }
    }
    let withoutRootCause = assessment.disclosures.map(\.incident).filter { $0.timeline.rootCausePublished == nil }
    if !withoutRootCause.isEmpty {
      let ids = withoutRootCause.map(\.id)
      let list = withoutRootCause.map { "\($0.id) (\($0.title))" }
      result.append(
        FollowUp(
          id: "FU-root-causes", priority: .p3, kinds: [.noRootCause], controlID: nil, controlTitle: nil,
          questionIDs: [], incidentIDs: ids,
          why: "No root-cause analysis published for \(Format.list(ids)).",
          headline: "Publish the root-cause analysis of \(Format.list(ids)).",
          question:
            "No root-cause analysis has been published for \(Format.list(list)). Provide "
            + (ids.count == 1 ? "it" : "each") + ", stating the part automation or AI agents played.",
          contractAsk:
            "Root-cause reports for significant incidents within one month (as NIS2 Art. 23(4)(d) sets for final "
            + "reports), stating the part of automation and AI agents, starting with \(Format.list(ids))."))
    }
    if let silentEdits = silentEdits(assessment.disclosures) { result.append(silentEdits) }
    // A stable sort: priority first, then critical controls before the others, then the order above. The keys are
    // sorted, not the follow-ups (large values, costly to move).
    let critical = Set(assessment.controls.lazy.filter(\.control.critical).map(\.control.id))
    let keys = result.enumerated().map { offset, followUp in
      (priority: followUp.priority, rank: followUp.controlID.map { critical.contains($0) ? 0 : 1 } ?? 1, offset: offset)
    }
    return keys.sorted { ($0.priority, $0.rank, $0.offset) < ($1.priority, $1.rank, $1.offset) }.map {
      result[$0.offset]
    }
  }

  /// One control's follow-up while it is gathered.
  private struct Draft {
    let score: ControlScore
    let vendor: String
    var kinds: [FollowUp.Kind] = []
    var priority = FollowUp.Priority.p3
    var questionIDs: [String] = []
    var incidentIDs: [String] = []
    var why: [String] = []
    var questions: [String] = []
    var headline: String?
    var asks: [String] = []

    init(score: ControlScore, vendor: String) {
      self.score = score
      self.vendor = vendor
    }

    var id: String { score.control.id }
    var title: String { score.control.title }
    var critical: Bool { score.control.critical }

    mutating func note(_ kind: FollowUp.Kind, _ priority: FollowUp.Priority) {
      if !kinds.contains(kind) { kinds.append(kind) }
      self.priority = min(self.priority, priority)
    }

    mutating func concern(_ id: String) {
      if !questionIDs.contains(id) { questionIDs.append(id) }
    }

    mutating func incidents(_ ids: [String]) {
      for id in ids where !incidentIDs.contains(id) { incidentIDs.append(id) }
    }

    mutating func contradicted(_ control: ContradictedControl) {
      note(.contradiction, .p1)
      incidents(control.incidentIDs)
      let shown = control.findings.prefix(FollowUpGenerator.findingsShown)
      let described = shown.map {
        "in incident \($0.incidentID) \($0.behaviourDescription.lowercasedFirst.withoutFinalStop) "
          + "(\($0.confidence.rawValue), \($0.findingSource))"
      }
      let more = control.findings.count - shown.count
      why.append(
        "Contradicted by \(Format.list(control.incidentIDs)) (\(control.behaviours.joined(separator: ", ")); "
          + "strongest \(control.strongest.rawValue)).")
      headline =
        "What failed in \(id) (\(title)) during \(Format.list(control.incidentIDs)), and what independent evidence "
        + "shows it now works?"
      questions.append(
        "You claim \(id) (\(title)), yet \(described.joined(separator: "; "))"
          + (more > 0 ? "; and \(more) more finding\(more == 1 ? "" : "s")" : "")
          + ". What failed, what has changed since, and what independent evidence shows the control now works?")
      asks.append(
        "A right to audit \(id) and to receive the full post-incident review of \(Format.list(control.incidentIDs)), "
          + "with remediation dates and service credits if the control fails again.")
    }

    mutating func gated(_ gate: GatedControl, profile: ScoringProfile) {
      note(.gated, .p1)
      why.append("Gate: \(gate.effect.riskText) (\(gate.gates.map(\.kind.rawValue).joined(separator: ", "))).")
      if gate.gates.contains(where: { $0.kind == .belowThreshold }), !kinds.contains(.contradiction) {
        headline =
          headline
          ?? "What would bring critical control \(id) (\(title)) to the gate threshold of "
          + "\(Format.percent(profile.gateThreshold)), and what evidence will show it?"
        questions.append(
          "Critical control \(id) (\(title)) is verified at \(score.verified.map(Format.percent) ?? "n/a"), below "
            + "the gate threshold of \(Format.percent(profile.gateThreshold)); the items below say why.")
      }
    }

    mutating func alleged(_ findings: [Contradiction]) {
      guard !findings.isEmpty else { return }
      note(.allegedFinding, .p3)
      incidents(findings.map(\.incidentID))
      why.append("Alleged in \(Format.list(uniqueInOrder(findings.map(\.incidentID)))) (not counted).")
      for finding in findings.prefix(FollowUpGenerator.findingsShown) {
        questions.append(
          "It is alleged (\(finding.findingSource)) that in incident \(finding.incidentID) "
            + "\(finding.behaviourDescription.lowercasedFirst.withoutFinalStop). Is this true, and how does it "
            + "square with your answer on \(id)?")
      }
      headline = headline ?? "Is the allegation in \(findings[0].incidentID) about \(id) (\(title)) true?"
    }

    /// The question's evidence, ownership and answer problems.
    mutating func examine(_ question: QuestionScore) {
      guard question.counts else { return }
      let qid = question.question.id
      // Made only when asked for: most questions need no follow-up.
      var expected: String {
        question.question.expectedEvidence.map { " Expected: \($0.withoutFinalStop)." } ?? ""
      }
      if question.status == .unanswered {
        note(.unanswered, .p3)
        concern(qid)
        why.append("\(qid) unanswered.")
        questions.append("Answer \(qid): \(question.question.text)")
        headline = headline ?? "Answer \(qid): \(question.question.text)"
        return
      }
      let required = question.question.evidence == .required
      for item in question.evidence.items {
        let ref = item.evidence.reference
        switch item.state {
        case .hashMismatch:
          note(.possibleTampering, required ? .p2 : .p3)
          concern(qid)
          why.append("\(qid): evidence \(ref) does not match its SHA-256.")
          questions.append(
            "The evidence file \(ref) given for \(qid) does not match the SHA-256 in the response (possible "
              + "tampering, or another version). Provide the original file and explain the difference.")
          headline = headline ?? "Why does the evidence \(ref) for \(id) not match its SHA-256?"
          asks.append(
            "Evidence for \(id) delivered through a channel that preserves integrity (signed or hashed at the "
              + "source).")
        case .fileMissing, .refused:
          note(.evidenceFileMissing, required ? .p2 : .p3)
          concern(qid)
          why.append("\(qid): evidence \(ref) could not be checked (\(item.state.rawValue)).")
          questions.append("The evidence \(ref) given for \(qid) could not be checked. Provide the file.")
          headline = headline ?? "Provide the evidence file \(ref) for \(id)."
        case .expired, .counted, .outranked:
          break
        }
      }
      if required {
        switch question.evidence.basis {
        case .missing:
          note(.evidenceMissing, .p2)
          concern(qid)
          why.append("\(qid): required evidence missing.")
          questions.append(
            "Provide evidence for your answer to \(qid) (\(question.question.text.withoutFinalStop)).\(expected)")
          headline = headline ?? "Provide the evidence required for \(id) (\(title))."
        case .unusable where question.evidence.items.contains { $0.state == .expired }:
          note(.evidenceExpired, .p2)
          concern(qid)
          let until = question.evidence.items.compactMap { $0.state == .expired ? $0.evidence.validUntil : nil }
            .max()
          why.append("\(qid): evidence expired\(until.map { " on \($0)" } ?? "").")
          questions.append(
            "The evidence for \(qid) has expired; provide current evidence for "
              + "\(question.question.text.withoutFinalStop).\(expected)")
          headline = headline ?? "Provide current evidence for \(id) (\(title)); what was given has expired."
          asks.append("Annual renewal of the attestations \(id) relies on.")
        case .vendorOrigin where critical:
          note(.vendorEvidenceOnCritical, .p3)
          concern(qid)
          why.append("\(qid): self-attested evidence on a critical control.")
          questions.append(
            "Critical control \(id) rests on self-attested evidence for \(qid). Provide independent evidence (an "
              + "auditor's or certification body's report).\(expected)")
          headline = headline ?? "Provide independent evidence for critical control \(id) (\(title))."
          asks.append("An independent assurance report covering \(id), renewed yearly.")
        default:
          break
        }
      }
      if question.ownership.isShifted {
        note(.responsibilityShifted, critical ? .p2 : .p3)
        concern(qid)
        why.append("\(qid): answered as \(question.ownership.answeredOwner.rawValue) responsibility.")
        questions.append(
          "You answered \(qid) as \(question.ownership.answeredOwner.rawValue) responsibility, where \(id) is the "
            + "\(question.ownership.controlOwner.rawValue)'s. What exactly does \(vendor) do, and what is left to the "
            + "customer?")
        headline = headline ?? "What exactly does \(vendor) do for \(id) (\(title)), and what is left to the customer?"
        asks.append(
          "A responsibility matrix for \(id) in the contract, with \(vendor) liable for the parts it operates.")
      }
    }

    var followUp: FollowUp? {
      guard !kinds.isEmpty else { return nil }
      // The kinds in their order of seriousness, as the enumeration lists them.
      let ordered = FollowUp.Kind.allCases.filter { kinds.contains($0) }
      let distinctAsks = uniqueInOrder(asks)
      // A gated control that was left unanswered: answering it comes first.
      let unanswered = score.questions.filter { $0.status == .unanswered }.map(\.question.id)
      let lead =
        !unanswered.isEmpty && !kinds.contains(.contradiction) && kinds.contains(.gated)
        ? "Answer the questions of \(id) (\(title)) left unanswered: \(Format.list(unanswered))." : headline
      return FollowUp(
        id: "FU-\(id)", priority: priority, kinds: ordered, controlID: id, controlTitle: title,
        questionIDs: score.questions.map(\.question.id).filter { questionIDs.contains($0) }, incidentIDs: incidentIDs,
        why: why.joined(separator: " "), headline: lead ?? "Follow up on \(id) (\(title)).",
        question: uniqueInOrder(questions).joined(separator: " "),
        contractAsk: distinctAsks.isEmpty ? nil : distinctAsks.joined(separator: " "))
    }
  }
}

extension FollowUpGenerator {
  /// The follow-up about the incidents whose public record was changed after the fact (statements rewritten,
  /// removed or back-dated, incidents removed from the status history), or nil when none was. P2: like evidence that
  /// fails its integrity check, it puts the vendor's own record in doubt.
  static func silentEdits(_ disclosures: [IncidentDisclosure]) -> FollowUp? {
    let edited = disclosures.filter(\.figures.hasEditsAfterTheFact)
    guard !edited.isEmpty else { return nil }
    let ids = edited.map(\.incident.id)
    let details = edited.map { disclosure -> String in
      let figures = disclosure.figures
      var what: [String] = []
      if figures.editedStatements > 0 {
        what.append(
          "\(figures.editedStatements) update\(figures.editedStatements == 1 ? "" : "s") rewritten"
            + (figures.rootCauseEdits > 0 ? " (a root cause added to an earlier update)" : ""))
      }
      if figures.removedStatements > 0 {
        what.append("\(figures.removedStatements) update\(figures.removedStatements == 1 ? "" : "s") removed")
      }
      if figures.backdatedStatements > 0 {
        what.append(
          "\(figures.backdatedStatements) update\(figures.backdatedStatements == 1 ? "" : "s") back-dated")
      }
      if figures.removedFromFeed { what.append("removed from the status history") }
      return "\(disclosure.incident.id) (\(disclosure.incident.title)): \(what.joined(separator: ", "))"
    }
    return FollowUp(
      id: "FU-silent-edits", priority: .p2, kinds: [.silentEdit], controlID: nil, controlTitle: nil,
      questionIDs: [], incidentIDs: ids,
      why: "Public statements changed after the fact in \(Format.list(ids)).",
      headline: "Why were public statements about \(Format.list(ids)) changed without a correction notice?",
      question:
        "Your public record was changed after the fact, without a visible correction notice: "
        + "\(details.joined(separator: "; ")). What changed, why, and when was each change made?",
      contractAsk:
        "Status-page updates are not rewritten, back-dated or removed after publication; corrections are "
        + "published as new, dated updates, starting with \(Format.list(ids)).")
  }
}

extension String {
  /// The string without a final full stop (a last byte other than "." answers at once: most texts end otherwise).
  var withoutFinalStop: String { utf8.last == UInt8(ascii: ".") && hasSuffix(".") ? String(dropLast()) : self }

  /// The string with its first character in lower case ("An agent …" → "an agent …").
  var lowercasedFirst: String {
    guard let first, first.isUppercase, dropFirst().first?.isUppercase != true else { return self }
    return first.lowercased() + dropFirst()
  }
}
