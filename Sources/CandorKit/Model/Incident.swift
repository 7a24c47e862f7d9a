import CandorXML

/// An observed incident: its timeline, what the vendor said, and what sources found.
public struct Incident: Sendable {
  public var id: String
  public var vendor: String
  public var severity: Severity
  /// An invented scenario (an example), not a real event.
  public var fictional: Bool
  public var title: String
  public var description: String?
  public var timeline: Timeline
  public var statements: [Statement]
  public var findings: [Finding]
  public var location: SourceLocation
  /// The file the incident was read from.
  public var file: String

  public enum Severity: String, Sendable, Hashable, CaseIterable {
    case low, medium, high, critical
  }

  /// The first public statement: the timeline's, or else the earliest statement's.
  public var firstStatement: Timestamp? {
    timeline.firstStatement ?? statements.map(\.at).min()
  }

  /// The vendor's standing account: the latest statement (the first in the file on a tie).
  public var latestStatement: Statement? {
    statements.enumerated().max { ($0.element.at, -$0.offset) < ($1.element.at, -$1.offset) }?.element
  }

  /// The finding of highest confidence, the first in the file on a tie.
  public var strongestFinding: Finding? {
    findings.enumerated().min { ($0.element.confidence, $0.offset) < ($1.element.confidence, $1.offset) }?.element
  }
}

/// When things happened. Absent `firstStatement` or `rootCausePublished` mean never.
public struct Timeline: Sendable, Hashable {
  public var started: Timestamp
  public var detected: Timestamp?
  public var resolved: Timestamp?
  public var firstStatement: Timestamp?
  public var rootCausePublished: Timestamp?
}

/// The cause of an incident, as stated or as found.
public enum Cause: String, Sendable, Hashable, CaseIterable {
  case humanError = "human-error"
  case softwareDefect = "software-defect"
  case configurationChange = "configuration-change"
  case automation
  case aiAgent = "ai-agent"
  case capacity
  case thirdParty = "third-party"
  case securityAttack = "security-attack"
  case hardware
  case unknown
}

/// How well a finding is established. Ordered strongest first: `confirmed < corroborated` means stronger.
public enum Confidence: String, Sendable, Hashable, CaseIterable, Comparable {
  case confirmed, corroborated, reported, alleged

  var rank: Int {
    switch self {
    case .confirmed: 0
    case .corroborated: 1
    case .reported: 2
    case .alleged: 3
    }
  }

  /// Whether `self` is at least as strong as `other`.
  public func isAtLeast(_ other: Confidence) -> Bool { rank <= other.rank }

  public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rank < rhs.rank }
}

/// Whether a statement acknowledges that automation or an AI agent took part.
public enum AIInvolvement: String, Sendable, Hashable, CaseIterable {
  case acknowledged
  case notMentioned = "not-mentioned"
  case denied
}

/// A public statement of the vendor.
public struct Statement: Sendable, Hashable {
  public var at: Timestamp
  public var source: String
  public var cause: Cause
  public var aiInvolvement: AIInvolvement
  public var text: String
  public var url: String?
}

/// What a source established about an incident.
public struct Finding: Sendable, Hashable {
  public var source: String
  public var origin: EvidenceOrigin
  public var confidence: Confidence
  public var cause: Cause?
  public var summary: String
  /// Ids of the behaviours observed, with where each is written.
  public var observed: [ObservedBehaviour]
  public var url: String?
  public var location: SourceLocation
}

/// A behaviour a finding observed.
public struct ObservedBehaviour: Sendable, Hashable {
  public var behaviour: String
  public var location: SourceLocation
}
