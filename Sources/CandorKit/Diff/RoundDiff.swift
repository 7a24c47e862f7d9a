import CandorXML

/// What changed for one vendor between two rounds of assessment: two report.xml files of the same vendor and the
/// same questionnaire, the older first, answering the same version or two versions of one major version (1.0.0
/// and 1.1.0), in which case the controls the questionnaire added, removed or redefined are listed apart.
public struct RoundDiff: Sendable {
  public var vendor: Vendor
  public var questionnaireID: String
  /// The version the new round answers.
  public var questionnaireVersion: String
  /// The version the old round answers; the same as ``questionnaireVersion`` unless the questionnaire changed.
  public var oldQuestionnaireVersion: String
  /// What the questionnaire changed between the rounds' versions, in questionnaire order (removed controls last).
  public var questionnaireChanges: [QuestionnaireChange]
  public var old: Round
  public var new: Round
  /// Claimed, verified, say-do gap and transparency, always all four, changed or not.
  public var scores: [ScoreChange]
  /// The counts of the reports' vocabulary, old and new: contradicted controls, contradiction findings, alleged
  /// findings, gated controls, questions answered.
  public var counts: [CountChange]
  public var ratingTrend: Trend
  /// The controls whose claimed score, verified score or status changed, in questionnaire order.
  public var controls: [ControlChange]
  public var gates: [GateChange]
  public var contradictions: [ContradictionChange]
  public var followUps: [FollowUpChange]

  /// One round: its report's file, dates and rating.
  public struct Round: Sendable, Hashable {
    public var file: String
    public var asOf: String
    public var submitted: String
    public var rating: Rating
    /// `supplied` or `none`; nil for a report written before candor 0.2.
    public var incidentData: String? = nil
  }

  /// Better, worse, or neither.
  public enum Trend: String, Sendable, Hashable {
    case improved
    case regressed
    case unchanged
    /// Only the claim moved: the verified score and the status stayed.
    case claimChanged = "claim-changed"
    /// The control became applicable or not applicable.
    case applicabilityChanged = "applicability-changed"
  }

  public struct ScoreChange: Sendable, Hashable {
    /// `claimed`, `verified`, `say-do-gap` or `transparency`.
    public var measure: String
    public var old: Tenths?
    public var new: Tenths?
    /// new − old, when both exist.
    public var change: Tenths? {
      guard let old, let new else { return nil }
      return new - old
    }
    public var changed: Bool { old != new }
  }

  public struct CountChange: Sendable, Hashable {
    /// `contradicted-controls`, `contradiction-findings`, `alleged-findings`, `gated-controls` or `answered`.
    public var measure: String
    public var old: Int?
    public var new: Int?
    public var changed: Bool { old != new }
  }

  /// A control that one of the two questionnaire versions lacks, or whose questions differ between them.
  public struct QuestionnaireChange: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
      /// Only in the new round's version: not compared.
      case added
      /// Only in the old round's version: not compared.
      case removed
      /// In both, with different questions or question weights: compared, but its scores mean something else.
      case redefined
    }
    public var kind: Kind
    public var control: String
    public var title: String
  }

  public struct ControlChange: Sendable, Hashable {
    public var id: String
    public var title: String
    /// Whether the questionnaire changed the control's questions between the rounds.
    public var redefined: Bool
    public var trend: Trend
    public var oldClaimed: Tenths?
    public var newClaimed: Tenths?
    public var oldVerified: Tenths?
    public var newVerified: Tenths?
    public var oldStatus: String
    public var newStatus: String
    public var verifiedChange: Tenths? {
      guard let oldVerified, let newVerified else { return nil }
      return newVerified - oldVerified
    }
  }

  public struct GateChange: Sendable, Hashable {
    public enum Change: String, Sendable { case new, cleared }
    public var change: Change
    public var gate: ReportSnapshot.Gate
  }

  public struct ContradictionChange: Sendable, Hashable {
    public enum Change: String, Sendable {
      case new
      case resolved
      /// The same contradiction at another confidence.
      case changed
    }
    public var change: Change
    public var control: String
    public var incident: String
    public var behaviour: String
    public var oldConfidence: String?
    public var newConfidence: String?
  }

  public struct FollowUpChange: Sendable, Hashable {
    public enum Change: String, Sendable {
      /// Asked after the old round, no longer needed after the new one.
      case answered
      /// Asked for the first time after the new round.
      case new
      /// Asked after both rounds, for other reasons (a reason answered, another raised).
      case changed
    }
    public var change: Change
    /// The follow-up as the new round asks it (as the old round did, when answered).
    public var followUp: ReportSnapshot.FollowUp
    /// The reasons after the old round, for a changed follow-up.
    public var oldKinds: [String] = []
  }

  /// Whether the two rounds answer different versions of the questionnaire.
  public var questionnaireChanged: Bool { oldQuestionnaireVersion != questionnaireVersion }

  /// Whether anything at all changed.
  public var hasChanges: Bool {
    scores.contains(where: \.changed) || counts.contains(where: \.changed) || ratingTrend != .unchanged
      || !controls.isEmpty || !gates.isEmpty
      || !contradictions.isEmpty || !followUps.isEmpty || questionnaireChanged || !questionnaireChanges.isEmpty
  }

  /// The controls with trend `trend`.
  public func controls(_ trend: Trend) -> [ControlChange] { controls.filter { $0.trend == trend } }
}

extension RoundDiff {
  /// Compares `old` with `new`.
  ///
  /// - Throws: ``InputError`` when the reports are of different vendors or different questionnaires, or answer
  ///   versions of the questionnaire that ``comparableVersions(_:_:)`` refuses, located in the new report.
  public static func compare(_ old: ReportSnapshot, _ new: ReportSnapshot) throws(InputError) -> RoundDiff {
    var problems = Diagnostics()
    if old.vendor.id != new.vendor.id {
      problems.error(
        new.vendorLocation,
        "the reports are of different vendors: \"\(new.vendor.id)\" here, \"\(old.vendor.id)\" in \(old.file); "
          + "a diff compares two rounds of one vendor")
    }
    if old.questionnaireID != new.questionnaireID {
      problems.error(
        new.questionnaireLocation,
        "the reports answer different questionnaires: \(new.questionnaireID) \(new.questionnaireVersion) here, "
          + "\(old.questionnaireID) \(old.questionnaireVersion) in \(old.file); scores of different questionnaires "
          + "cannot be compared")
    } else if !comparableVersions(old.questionnaireVersion, new.questionnaireVersion) {
      problems.error(
        new.versionLocation,
        "the reports answer versions of \(new.questionnaireID) that cannot be compared: \(new.questionnaireVersion) "
          + "here, \(old.questionnaireVersion) in \(old.file); a diff compares the same version, or two versions "
          + "with the same major version from 1 up (1.0.0 and 1.1.0), because a new major version, and any 0.x "
          + "version, may redefine what the controls mean; assess both rounds' responses against one version")
    }
    try problems.throwIfErrors()

    let scores = [
      ScoreChange(measure: "claimed", old: old.claimed, new: new.claimed),
      ScoreChange(measure: "verified", old: old.verified, new: new.verified),
      ScoreChange(measure: "say-do-gap", old: old.sayDoGap, new: new.sayDoGap),
      ScoreChange(measure: "transparency", old: old.transparency, new: new.transparency),
    ]
    let counts = [
      CountChange(measure: "contradicted-controls", old: old.contradictedControls, new: new.contradictedControls),
      CountChange(measure: "contradiction-findings", old: old.contradictionFindings, new: new.contradictionFindings),
      CountChange(measure: "alleged-findings", old: old.allegedFindings, new: new.allegedFindings),
      CountChange(measure: "gated-controls", old: old.gatedControls, new: new.gatedControls),
      CountChange(measure: "answered", old: old.answered, new: new.answered),
    ]
    let ratingTrend: Trend =
      new.rating < old.rating ? .improved : new.rating > old.rating ? .regressed : .unchanged

    let oldControls = Dictionary(old.controls.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let newIDs = Set(new.controls.map(\.id))
    var questionnaireChanges: [QuestionnaireChange] = []
    var controls: [ControlChange] = []
    for control in new.controls {
      guard let before = oldControls[control.id] else {
        questionnaireChanges.append(QuestionnaireChange(kind: .added, control: control.id, title: control.title))
        continue
      }
      let redefined = before.questions != control.questions
      if redefined {
        questionnaireChanges.append(QuestionnaireChange(kind: .redefined, control: control.id, title: control.title))
      }
      guard before.claimed != control.claimed || before.verified != control.verified || before.status != control.status
      else { continue }
      controls.append(
        ControlChange(
          id: control.id, title: control.title, redefined: redefined, trend: trend(before, control),
          oldClaimed: before.claimed, newClaimed: control.claimed, oldVerified: before.verified,
          newVerified: control.verified, oldStatus: before.status, newStatus: control.status))
    }
    for control in old.controls where !newIDs.contains(control.id) {
      questionnaireChanges.append(QuestionnaireChange(kind: .removed, control: control.id, title: control.title))
    }

    func gateKey(_ gate: ReportSnapshot.Gate) -> String { gate.control + "\u{0}" + gate.kind }
    let oldGates = Set(old.gates.map(gateKey))
    let newGates = Set(new.gates.map(gateKey))
    let gates =
      old.gates.filter { !newGates.contains(gateKey($0)) }.map { GateChange(change: .cleared, gate: $0) }
      + new.gates.filter { !oldGates.contains(gateKey($0)) }.map { GateChange(change: .new, gate: $0) }

    func contradictionKey(_ c: ReportSnapshot.Contradiction) -> String {
      [c.control, c.incident, c.behaviour].joined(separator: "\u{0}")
    }
    let oldContradictions = Dictionary(
      old.contradictions.map { (contradictionKey($0), $0) }, uniquingKeysWith: { first, _ in first })
    let newContradictions = Dictionary(
      new.contradictions.map { (contradictionKey($0), $0) }, uniquingKeysWith: { first, _ in first })
    var contradictions: [ContradictionChange] = []
    for item in old.contradictions where newContradictions[contradictionKey(item)] == nil {
      contradictions.append(
        ContradictionChange(
          change: .resolved, control: item.control, incident: item.incident, behaviour: item.behaviour,
          oldConfidence: item.confidence, newConfidence: nil))
    }
    for item in new.contradictions {
      if let before = oldContradictions[contradictionKey(item)] {
        if before.confidence != item.confidence {
          contradictions.append(
            ContradictionChange(
              change: .changed, control: item.control, incident: item.incident, behaviour: item.behaviour,
              oldConfidence: before.confidence, newConfidence: item.confidence))
        }
      } else {
        contradictions.append(
          ContradictionChange(
            change: .new, control: item.control, incident: item.incident, behaviour: item.behaviour,
            oldConfidence: nil, newConfidence: item.confidence))
      }
    }

    let oldFollowUps = Dictionary(old.followUps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let newFollowUps = Set(new.followUps.map(\.id))
    var followUps = old.followUps.filter { !newFollowUps.contains($0.id) }.map {
      FollowUpChange(change: .answered, followUp: $0)
    }
    for followUp in new.followUps {
      guard let before = oldFollowUps[followUp.id] else {
        followUps.append(FollowUpChange(change: .new, followUp: followUp))
        continue
      }
      if before.kinds != followUp.kinds {
        followUps.append(FollowUpChange(change: .changed, followUp: followUp, oldKinds: before.kinds))
      }
    }

    return RoundDiff(
      vendor: new.vendor, questionnaireID: new.questionnaireID, questionnaireVersion: new.questionnaireVersion,
      oldQuestionnaireVersion: old.questionnaireVersion, questionnaireChanges: questionnaireChanges,
      old: Round(
        file: old.file, asOf: old.asOf, submitted: old.submitted, rating: old.rating, incidentData: old.incidentData),
      new: Round(
        file: new.file, asOf: new.asOf, submitted: new.submitted, rating: new.rating, incidentData: new.incidentData),
      scores: scores, counts: counts, ratingTrend: ratingTrend, controls: controls, gates: gates,
      contradictions: contradictions,
      followUps: followUps)
  }

  /// Whether a control got better or worse: by its verified score, else by its status (reaching "satisfied" is
  /// better), else only its claim moved.
  static func trend(_ old: ReportSnapshot.Control, _ new: ReportSnapshot.Control) -> Trend {
    guard let before = old.verified, let after = new.verified else {
      return old.verified == nil && new.verified == nil ? .claimChanged : .applicabilityChanged
    }
    if after > before { return .improved }
    if after < before { return .regressed }
    if old.status != new.status {
      if new.status == "satisfied" { return .improved }
      if old.status == "satisfied" { return .regressed }
    }
    return .claimChanged
  }

  /// Whether reports of questionnaire versions `old` and `new` can be compared: the same version, or two
  /// semantic versions with the same major version, 1 or more (a new major version, and any 0.x version, may
  /// redefine what the controls mean).
  public static func comparableVersions(_ old: String, _ new: String) -> Bool {
    if old == new { return true }
    func major(_ version: String) -> Int? {
      guard let first = version.split(separator: ".", maxSplits: 1).first, first.allSatisfy(\.isASCIIDigit) else {
        return nil
      }
      return Int(first)
    }
    guard let oldMajor = major(old), let newMajor = major(new) else { return false }
    return oldMajor == newMajor && oldMajor >= 1
  }

  /// Warnings: the new report as of an earlier date than the old one; the rounds answer different versions of
  /// the questionnaire.
  public var warnings: [Diagnostic] {
    var warnings: [Diagnostic] = []
    if let oldDate = CalendarDate(old.asOf), let newDate = CalendarDate(new.asOf), newDate < oldDate {
      warnings.append(
        Diagnostic(
          .warning, at: SourceLocation(file: new.file, line: 0, column: 0),
          "this report is as of \(new.asOf), before the old report (\(old.asOf)); are the two rounds swapped?"))
    }
    if questionnaireChanged {
      func count(_ kind: QuestionnaireChange.Kind) -> Int { questionnaireChanges.filter { $0.kind == kind }.count }
      warnings.append(
        Diagnostic(
          .warning, at: SourceLocation(file: new.file, line: 0, column: 0),
          "the rounds answer different versions of \(questionnaireID) (\(oldQuestionnaireVersion) in \(old.file), "
            + "\(questionnaireVersion) here): \(count(.added)) controls added, \(count(.removed)) removed and "
            + "\(count(.redefined)) with other questions; those are listed apart, and the overall scores are weighted "
            + "over different controls"))
    }
    return warnings
  }
}
