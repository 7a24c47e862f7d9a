/// A vendor's risk rating, from best to worst.
public enum Rating: String, Sendable, Hashable, CaseIterable, Comparable {
  case low, moderate, high, critical

  var rank: Int {
    switch self {
    case .low: 0
    case .moderate: 1
    case .high: 2
    case .critical: 3
    }
  }

  /// `low < critical`: a greater rating is a worse one.
  public static func < (lhs: Rating, rhs: Rating) -> Bool { lhs.rank < rhs.rank }
}

/// Every number of the scoring rules. The default is DESIGN.md's profile; a questionnaire's `<scoring>` element
/// overrides any part of it, and every report states the profile used.
public struct ScoringProfile: Sendable, Hashable {
  /// Evidence factors for one evidence requirement.
  public struct EvidenceFactors: Sendable, Hashable {
    /// Valid evidence from an independent party.
    public var independent: Double
    /// Valid evidence produced by the vendor itself.
    public var vendor: Double
    /// No evidence, only expired evidence, or evidence failing its SHA-256 check.
    public var missing: Double

    /// The factors as applied: evidence never scores below less evidence, whatever the overrides say
    /// (vendor-origin at least `missing`, independent at least vendor-origin).
    public var ordered: EvidenceFactors {
      let vendor = max(self.vendor, missing)
      return EvidenceFactors(independent: max(independent, vendor), vendor: vendor, missing: missing)
    }
  }

  /// The factors for questions whose evidence is required.
  public var requiredEvidence = EvidenceFactors(independent: 1, vendor: 0.8, missing: 0.5)
  /// The factors for questions whose evidence is recommended. Vendor-origin evidence never scores below none.
  public var recommendedEvidence = EvidenceFactors(independent: 1, vendor: 0.9, missing: 0.9)

  /// The factor applied when an answer moves a control's responsibility away from the vendor, by the answered
  /// owner. An answer that keeps (or increases) the vendor's responsibility has factor 1.
  public var ownershipFactors: [Owner: Double] = [.customer: 0.5, .shared: 0.8, .thirdParty: 0.8]

  /// The cap on a contradicted control's verified score, per finding confidence; nil means no cap (the
  /// contradiction becomes a follow-up question only).
  public var contradictionCaps: [Confidence: Double?] = [
    .confirmed: 0, .corroborated: 0, .reported: 0.5, .alleged: nil,
  ]
  /// Incidents that started this many months before the as-of date or later count.
  public var windowMonths = 36
  /// A control can be contradicted only when its claimed score is at least this.
  public var contradictionMinimumClaimed = 0.5

  /// The lowest verified overall score (0–100) of each rating; anything lower is critical.
  public var ratingMinimums: [Rating: Double] = [.low: 80, .moderate: 60, .high: 40]
  /// A critical control verified below this (0–1) raises the rating to at least `belowThresholdRating`.
  public var gateThreshold = 0.5
  public var belowThresholdRating = Rating.high
  /// A critical control contradicted at confirmed or corroborated confidence raises the rating to this.
  public var contradictedRating = Rating.critical

  /// The weights of the transparency index's two parts (they should sum to 1).
  public var transparencyQuestionnaireWeight = 0.4
  public var transparencyDisclosureWeight = 0.6

  /// A disclosure clock: full score within `within`, `partial` within `partialWithin`, `late` after, 0 never.
  public struct Clock: Sendable, Hashable {
    public var within: Double
    public var partialWithin: Double
    public var partial: Double
    public var late: Double
  }

  /// The first public statement, in hours after detection (or the start); benchmarked on NIS2 Art. 23(4).
  public var timeliness = Clock(within: 24, partialWithin: 72, partial: 0.5, late: 0.25)
  /// The published root cause, in days after resolution (or the start, while unresolved).
  public var rootCause = Clock(within: 30, partialWithin: 60, partial: 0.5, late: 0.25)

  /// The attribution score of a public cause that differs from the strongest finding, per its confidence.
  public var attributionMismatch: [Confidence: Double] = [
    .confirmed: 0, .corroborated: 0, .reported: 0.5, .alleged: 0.75,
  ]

  /// AI-involvement scores, when a finding at reported or stronger names automation or an AI agent.
  public var aiAcknowledged = 1.0
  public var aiNotMentioned = 0.25
  public var aiDenied = 0.0
  /// A denial when the findings that name automation are only at confidence reported.
  public var aiDeniedReportedOnly = 0.5

  /// The share of scored questions (0–1) a response must answer to count as complete; below it every report
  /// qualifies the rating ("critical risk (incomplete: 0 of 108 answered)").
  public var completenessMinimum = 0.8

  /// DESIGN.md's default profile.
  public static let `default` = ScoringProfile()

  public init() {}

  /// The evidence factors for a requirement (`none` has no factors: it is always 1).
  public func evidenceFactors(for requirement: EvidenceRequirement) -> EvidenceFactors? {
    switch requirement {
    case .required: requiredEvidence
    case .recommended: recommendedEvidence
    case .none: nil
    }
  }

  /// The rating of a verified overall score (0–100), before gates.
  public func rating(forVerified score: Double) -> Rating {
    for rating in [Rating.low, .moderate, .high] where score >= ratingMinimums[rating] ?? 0 {
      return rating
    }
    return .critical
  }

  /// The cap of a contradiction at `confidence` (nil: no cap).
  public func cap(for confidence: Confidence) -> Double? {
    contradictionCaps[confidence] ?? nil
  }
}
