import CandorXML

/// The result of assessing one vendor: scores claimed and verified at every level, contradictions, the
/// transparency index, gates, the rating and follow-ups — each number with the trace that explains it.
/// Scores are in [0, 1] here; reports write them on a 0–100 scale with one decimal.
public struct Assessment: Sendable {
  public var questionnaire: Questionnaire
  public var vendor: Vendor
  public var respondent: Respondent?
  public var submitted: CalendarDate
  /// The date the assessment is made as of, and where it came from.
  public var asOf: CalendarDate
  public var asOfSource: AsOfSource
  /// Incidents that started on or after this date count.
  public var windowStart: CalendarDate
  public var profile: ScoringProfile

  /// The overall claimed score (what the answers claim), nil when nothing was scorable.
  public var claimed: Double?
  /// The overall verified score (what survives evidence, ownership and contradictions).
  public var verified: Double?
  public var domains: [DomainScore]
  public var contradictions: [Contradiction]
  /// The rating from the verified score alone, before gates.
  public var baseRating: Rating
  public var gates: [Gate]
  /// The final rating: the base rating made worse by every gate that fired.
  public var rating: Rating
  public var transparency: TransparencyIndex
  /// The vendor's incidents in the window, with their disclosure parts.
  public var disclosures: [IncidentDisclosure]
  /// The vendor's incidents outside the window (listed, not counted).
  public var incidentsOutsideWindow: [Incident]
  /// The vendor's incidents in the window whose public statements were not collected (known only from an
  /// independent database): they count for contradictions, but the disclosure record cannot measure them.
  public var incidentsWithoutStatements: [Incident] = []
  public var followUps: [FollowUp]
  /// Whether the run had incident data (and which files were searched): without it, no report may read as a clean
  /// record.
  public var incidentData: IncidentData
  /// Scored questions answered, of all scored questions.
  public var completeness: Completeness
  public var manifest: [InputManifestEntry]
  /// The state of each evidence file, when evidence files were checked.
  public var evidenceFiles: [EvidenceFileCheck]

  public enum AsOfSource: String, Sendable {
    /// Given on the command line.
    case given
    /// The response's submission date.
    case submitted
  }

  /// Claimed minus verified, nil when either is.
  public var sayDoGap: Double? {
    guard let claimed, let verified else { return nil }
    return claimed - verified
  }

  /// Every control score, in questionnaire order.
  public var controls: [ControlScore] { domains.flatMap(\.controls) }

  /// The score of control `id`.
  public func control(_ id: String) -> ControlScore? { controls.first { $0.control.id == id } }
}

/// A domain's scores.
public struct DomainScore: Sendable {
  public var domain: Domain
  public var claimed: Double?
  public var verified: Double?
  public var controls: [ControlScore]
}

/// A control's scores, the questions they come from, and the contradictions that capped them.
public struct ControlScore: Sendable {
  public var control: Control
  /// Weighted mean of the questions' claimed scores; nil when every question is N/A or free text.
  public var claimed: Double?
  /// Weighted mean of the questions' verified scores, before any contradiction cap.
  public var verifiedBeforeCaps: Double?
  /// The verified score after the contradiction caps.
  public var verified: Double?
  public var questions: [QuestionScore]
  /// The contradictions found against this control (of any confidence).
  public var contradictions: [Contradiction]
  /// The lowest cap among the contradictions, if any contradiction caps.
  public var cap: Double?

  /// Whether the control is not applicable (every scored question answered N/A).
  public var isNotApplicable: Bool { claimed == nil }

  /// Whether a contradiction at confirmed or corroborated confidence was found.
  public var isContradictedStrongly: Bool {
    contradictions.contains { $0.confidence.isAtLeast(.corroborated) }
  }

  /// Whether every counted question that expects evidence rests on independent evidence, and at least one does:
  /// the control is not held up by the vendor's word alone.
  public var restsOnIndependentEvidence: Bool {
    var any = false
    for question in questions where question.counts && question.evidence.basis != .notExpected {
      guard question.evidence.basis == .independent else { return false }
      any = true
    }
    return any
  }

  /// Satisfied when verified reaches `threshold` and no contradiction capped it (the OSCAL finding state).
  public func isSatisfied(threshold: Double) -> Bool {
    guard let verified else { return false }
    return verified >= threshold && cap == nil
  }
}

/// A question's scores and how they were reached.
public struct QuestionScore: Sendable {
  public var question: Question
  public var answer: Answer?
  public var status: Status
  /// The score the answer claims (the option's or the band's); nil when excluded.
  public var claimed: Double?
  /// What the claimed score comes from: "yes", "10 minutes (≤ 30 band)", "unanswered".
  public var claimedBasis: String
  public var evidence: EvidenceTrace
  public var ownership: OwnershipTrace
  /// claimed × evidence factor × ownership factor; nil when excluded.
  public var verified: Double?

  public enum Status: String, Sendable {
    case scored
    case unanswered
    case notApplicable = "not-applicable"
    case freeText = "free-text"
  }

  /// Whether the question counts in the control's means.
  public var counts: Bool { status == .scored || status == .unanswered }
}

/// How the evidence factor of a question was decided.
public struct EvidenceTrace: Sendable {
  public var requirement: EvidenceRequirement
  public var factor: Double
  public var basis: Basis
  /// Every piece of evidence given, with whether it was taken into account and why not.
  public var items: [Item]

  public enum Basis: String, Sendable {
    /// The question expects no evidence: factor 1.
    case notExpected = "not-expected"
    /// Valid independent evidence.
    case independent
    /// Valid vendor-origin evidence only.
    case vendorOrigin = "vendor-origin"
    /// No evidence given.
    case missing
    /// Evidence given, none of it usable (expired, or failing its integrity check).
    case unusable
  }

  public struct Item: Sendable {
    public var evidence: Evidence
    public var state: State
  }

  public enum State: String, Sendable {
    /// Taken into account.
    case counted
    /// Valid, but a stronger piece of evidence decided the factor.
    case outranked
    /// `valid-until` is before the as-of date.
    case expired
    /// The file's SHA-256 differs from the one the response gives: possible tampering.
    case hashMismatch = "hash-mismatch"
    /// The file is not in the evidence folder.
    case fileMissing = "file-missing"
    /// The reference escapes the evidence folder.
    case refused
  }
}

/// How the ownership factor of a question was decided.
public struct OwnershipTrace: Sendable {
  public var controlOwner: Owner
  public var answeredOwner: Owner
  public var factor: Double

  /// Whether the answer moved responsibility away from the vendor.
  public var isShifted: Bool { factor < 1 }
}

/// A claim contradicted by an observed behaviour.
public struct Contradiction: Sendable, Hashable {
  public var controlID: String
  public var controlTitle: String
  /// The control's claimed score when the contradiction was found.
  public var claimed: Double
  public var incidentID: String
  public var incidentTitle: String
  public var behaviour: String
  public var behaviourDescription: String
  /// The confidence of the strongest finding that observed the behaviour in the incident.
  public var confidence: Confidence
  public var findingSource: String
  public var findingSummary: String
  /// The cap this contradiction puts on the control's verified score; nil: none (a follow-up only).
  public var cap: Double?
  public var fictional: Bool
}

/// A gate that fired and the rating it imposes.
public struct Gate: Sendable, Hashable {
  public enum Kind: String, Sendable {
    /// A critical control verified below the gate threshold.
    case belowThreshold = "below-threshold"
    /// A critical control contradicted at confirmed or corroborated confidence.
    case contradicted
  }

  public var controlID: String
  public var kind: Kind
  /// The rating the gate imposes at least.
  public var effect: Rating
  /// Why it fired, in a sentence.
  public var reason: String
}

/// The transparency index and its two parts.
public struct TransparencyIndex: Sendable {
  /// The index in [0, 1]; nil when neither part can be computed.
  public var value: Double?
  /// The weighted mean of the verified scores of the transparency domains.
  public var questionnairePart: Double?
  /// The mean of the incidents' disclosure scores.
  public var disclosurePart: Double?
  public var basis: Basis

  public enum Basis: String, Sendable {
    /// Both parts, weighted.
    case both
    /// No incident in the window: the questionnaire part alone.
    case questionnaireOnly = "questionnaire-only"
    /// No transparency domain: the disclosure record alone.
    case disclosureOnly = "disclosure-only"
    /// Neither part could be computed.
    case none
  }
}

/// How candid the vendor was about one incident: four parts, each in [0, 1] with what was measured.
public struct IncidentDisclosure: Sendable {
  public var incident: Incident
  public var timeliness: DisclosurePart
  public var rootCause: DisclosurePart
  /// Nil when no finding states a cause to compare with.
  public var attribution: DisclosurePart?
  /// Nil when no finding at reported or stronger names automation or an AI agent.
  public var aiInvolvement: DisclosurePart?
  /// What was measured of the vendor's communication: time to the first statement, update cadence, time to the
  /// root cause, edits after the fact.
  public var figures: DisclosureFigures

  /// The parts that apply.
  public var parts: [DisclosurePart] { [timeliness, rootCause] + [attribution, aiInvolvement].compactMap { $0 } }

  /// The mean of the parts that apply.
  public var score: Double { parts.map(\.score).reduce(0, +) / Double(parts.count) }
}

/// The measured figures of how a vendor communicated about one incident (reported, not scored: the four parts above
/// are the score).
public struct DisclosureFigures: Sendable, Hashable {
  /// Hours from detection (or the start) to the first public statement; nil when there was none.
  public var hoursToFirstStatement: Double?
  /// The public statements (updates) made.
  public var updates: Int
  /// The median and the longest gap between consecutive statements, up to the resolution, in minutes; nil with
  /// fewer than two such statements.
  public var medianUpdateGapMinutes: Double?
  public var longestUpdateGapMinutes: Double?
  /// Days from the resolution (or the start, while unresolved) to the root cause's publication; nil when none.
  public var daysToRootCause: Double?
  /// Statements whose text was changed after they were first seen (silent edits), and those that disappeared.
  public var editedStatements: Int
  public var removedStatements: Int
  /// Edits that added a root cause to an earlier statement.
  public var rootCauseEdits: Int
  /// Statements the source displays at an earlier time than they were posted (back-dated).
  public var backdatedStatements: Int
  /// Whether the incident disappeared from the vendor's feed while younger incidents stayed.
  public var removedFromFeed: Bool

  /// Each figure by the name the reports give it (report.xml's `<figures>` attributes, OSCAL's properties), written
  /// as the reports write it; nil for a figure that could not be measured (no statement, no root cause).
  public var named: [(name: String, value: String?)] {
    [
      ("hours-to-first-statement", hoursToFirstStatement.map(Format.oneDecimal)),
      ("updates", String(updates)),
      ("median-update-gap-minutes", medianUpdateGapMinutes.map(Format.oneDecimal)),
      ("longest-update-gap-minutes", longestUpdateGapMinutes.map(Format.oneDecimal)),
      ("days-to-root-cause", daysToRootCause.map(Format.oneDecimal)),
      ("edited-statements", String(editedStatements)),
      ("removed-statements", String(removedStatements)),
      ("root-cause-edits", String(rootCauseEdits)),
      ("backdated-statements", String(backdatedStatements)),
      ("removed-from-feed", String(removedFromFeed)),
    ]
  }

  /// Whether anything was changed or removed after the fact.
  public var hasEditsAfterTheFact: Bool {
    editedStatements + removedStatements + backdatedStatements > 0 || removedFromFeed
  }
}

/// One part of an incident's disclosure record.
public struct DisclosurePart: Sendable {
  public var name: String
  public var score: Double
  /// What was measured: "29 h 35 min after detection", "never published", "stated human-error; found ai-agent".
  public var measured: String
  /// The rule that turned the measure into the score.
  public var rule: String
}

/// What to ask the vendor about one subject (a control, or the vendor's incidents), with the clause to ask for in
/// the contract: one entry per control however many findings, questions and evidence files concern it.
public struct FollowUp: Sendable, Hashable {
  /// Why a follow-up exists; a follow-up has one or more, most serious first.
  public enum Kind: String, Sendable, CaseIterable {
    /// The control's claim is contradicted at reported confidence or stronger.
    case contradiction
    /// A gate fired on the critical control.
    case gated
    case allegedFinding = "alleged-finding"
    case possibleTampering = "possible-tampering"
    case evidenceFileMissing = "evidence-file-missing"
    case evidenceMissing = "evidence-missing"
    case evidenceExpired = "evidence-expired"
    case responsibilityShifted = "responsibility-shifted"
    case vendorEvidenceOnCritical = "vendor-evidence-on-critical"
    case unanswered
    case noRootCause = "no-root-cause"
    /// A public statement rewritten, removed or back-dated after the fact, or an incident removed from the vendor's
    /// status history.
    case silentEdit = "silent-edit"
  }

  /// How soon to ask: P1 a contradicted or gated critical control; P2 required evidence missing, expired,
  /// unverifiable or tampered, or responsibility shifted on a critical control; P3 the rest.
  public enum Priority: String, Sendable, Hashable, CaseIterable, Comparable {
    case p1 = "P1"
    case p2 = "P2"
    case p3 = "P3"

    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  /// A stable id: `FU-<control>`, or `FU-root-causes` for the incidents without a published root cause.
  public var id: String
  public var priority: Priority
  /// Why, most serious first.
  public var kinds: [Kind]
  /// The control concerned; nil for a follow-up about incidents.
  public var controlID: String?
  public var controlTitle: String?
  /// The questions concerned, in questionnaire order.
  public var questionIDs: [String]
  /// The incidents concerned, each once.
  public var incidentIDs: [String]
  /// What the follow-up rests on: incidents and behaviours, evidence states, answers.
  public var why: String
  /// The question to put first, in one sentence (for the executive summary).
  public var headline: String
  /// The whole question to put to the vendor.
  public var question: String
  /// The contract clause to ask for, if any; never the same for two follow-ups of a report.
  public var contractAsk: String?

  /// The most serious reason.
  public var kind: Kind { kinds.first ?? .unanswered }
}

/// The state of an evidence file referenced by the response, when an evidence folder was given.
public struct EvidenceFileCheck: Sendable, Hashable {
  public enum State: String, Sendable {
    /// The file's SHA-256 matches the response's.
    case verified
    /// The file exists; the response gives no SHA-256 to compare with.
    case unhashed
    /// The file's SHA-256 differs from the response's.
    case hashMismatch = "hash-mismatch"
    /// No such file in the evidence folder.
    case missing
    /// The reference escapes the evidence folder (`..`, an absolute path, a link out).
    case refused
  }

  public var reference: String
  public var state: State
  /// The file's actual SHA-256, when it was read.
  public var actualSHA256: String?
  /// The SHA-256 the response gives for this piece of evidence (lower-case), if any.
  public var expectedSHA256: String?
  public var detail: String

  /// What a check is for: a reference together with the SHA-256 the response gives for it. Two pieces of evidence
  /// with the same reference and different hashes are two checks, each against its own hash.
  public struct Key: Hashable, Sendable {
    public var reference: String
    public var expectedSHA256: String?

    /// The key of `evidence`.
    public init(_ evidence: Evidence) {
      reference = evidence.reference
      expectedSHA256 = evidence.sha256?.lowercased()
    }
  }

  /// The check's key.
  public var key: Key { Key(reference: reference, expectedSHA256: expectedSHA256?.lowercased()) }
}

extension EvidenceFileCheck.Key {
  init(reference: String, expectedSHA256: String?) {
    self.reference = reference
    self.expectedSHA256 = expectedSHA256
  }
}

extension Assessment {
  /// The check of the file behind `evidence` (its reference with its own SHA-256), when an evidence folder was
  /// checked.
  public func evidenceFile(for evidence: Evidence) -> EvidenceFileCheck? {
    let key = EvidenceFileCheck.Key(evidence)
    return evidenceFiles.first { $0.key == key }
  }
}
