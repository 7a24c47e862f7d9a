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
  /// What `candor incidents import` records, out of line (an incident written by hand has none of it).
  var imported = OutOfLine<Imported>()

  /// Where the incident was imported from: the id of a `<source>` of the file, and the source's own id for it.
  public var source: String? {
    get { imported.fields.source }
    set { imported.fields.source = newValue }
  }
  public var sourceID: String? {
    get { imported.fields.sourceID }
    set { imported.fields.sourceID = newValue }
  }
  /// The incident's page at the source.
  public var url: String? {
    get { imported.fields.url }
    set { imported.fields.url = newValue }
  }
  /// False when the vendor's public statements were not collected (an incident known only from an independent
  /// database): the disclosure record cannot be measured and leaves the incident out.
  public var statementsCollected: Bool {
    get { imported.fields.statementsCollected }
    set { imported.fields.statementsCollected = newValue }
  }
  /// Statements whose text changed, or that disappeared, between snapshots of the source.
  public var revisions: [Revision] {
    get { imported.fields.revisions }
    set { imported.fields.revisions = newValue }
  }
  /// Set when the incident disappeared from the source while younger incidents stayed.
  public var removedFromFeed: RemovedFromFeed? {
    get { imported.fields.removedFromFeed }
    set { imported.fields.removedFromFeed = newValue }
  }

  struct Imported: OutOfLineFields {
    var source: String?
    var sourceID: String?
    var url: String?
    var statementsCollected = true
    var revisions: [Revision] = []
    var removedFromFeed: RemovedFromFeed?
  }

  public enum Severity: String, Sendable, Hashable, CaseIterable {
    case low, medium, high, critical
  }

  /// Whether the disclosure record can measure the incident: its statements were collected, or it has some anyway.
  public var hasCollectedStatements: Bool {
    statementsCollected || !statements.isEmpty || timeline.firstStatement != nil
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
  /// What `candor incidents import` records, and the link, out of line (a statement written by hand has at most a
  /// link and the root cause).
  var imported = OutOfLine<Imported>()

  public init(
    at: Timestamp, source: String, cause: Cause, aiInvolvement: AIInvolvement, text: String, url: String?
  ) {
    self.at = at
    self.source = source
    self.cause = cause
    self.aiInvolvement = aiInvolvement
    self.text = text
    self.url = url
  }

  /// The statement's page.
  public var url: String? {
    get { imported.fields.url }
    set { imported.fields.url = newValue }
  }

  /// The source's id of the update this statement is (imported statements); nil for a statement written by hand.
  public var update: String? {
    get { imported.fields.update }
    set { imported.fields.update = newValue }
  }
  /// The source's label of the update: investigating, identified, update, monitoring, resolved, postmortem, …
  public var status: String? {
    get { imported.fields.status }
    set { imported.fields.status = newValue }
  }
  /// The time the source displays, when it differs from `at` (Statuspage lets a vendor back-date an update).
  public var displayedAt: Timestamp? {
    get { imported.fields.displayedAt }
    set { imported.fields.displayedAt = newValue }
  }
  /// How `cause`, `aiInvolvement` and `publishesRootCause` were derived from the text, when candor derived them.
  public var derivation: KeywordDerivation? {
    get { imported.fields.derivation }
    set { imported.fields.derivation = newValue }
  }
  /// Whether the statement publishes a root cause (derived by keyword for imported statements).
  public var publishesRootCause: Bool {
    get { imported.fields.publishesRootCause }
    set { imported.fields.publishesRootCause = newValue }
  }
  /// When this text was first seen (an imported statement whose text was edited after `at`).
  public var seen: Timestamp? {
    get { imported.fields.seen }
    set { imported.fields.seen = newValue }
  }
  /// Whether the text was cut to the import's length limit.
  public var truncated: Bool {
    get { imported.fields.truncated }
    set { imported.fields.truncated = newValue }
  }

  struct Imported: OutOfLineFields {
    var url: String?
    var update: String?
    var status: String?
    var displayedAt: Timestamp?
    var derivation: KeywordDerivation?
    var publishesRootCause = false
    var seen: Timestamp?
    var truncated = false
  }
}

/// The words that candor's keyword rules matched in a statement's text, by what they decided.
public struct KeywordDerivation: Sendable, Hashable {
  /// Words that decided the cause (none: `unknown`).
  public var cause: [String]
  /// Words that decided `acknowledged` AI involvement (none: `not-mentioned`).
  public var aiInvolvement: [String]
  /// Words that mark a root-cause text.
  public var rootCause: [String]

  public init(cause: [String] = [], aiInvolvement: [String] = [], rootCause: [String] = []) {
    self.cause = cause
    self.aiInvolvement = aiInvolvement
    self.rootCause = rootCause
  }
}

/// A statement whose text changed (or that disappeared) between two snapshots of a source: a silent edit.
public struct Revision: Sendable, Hashable {
  /// The source's id of the update.
  public var update: String
  /// When the update was posted, by its own stamp.
  public var at: Timestamp
  public var before: RevisionText
  /// The new text; nil when the update disappeared.
  public var after: RevisionText?
  /// Whether the new text publishes a root cause that the old one did not.
  public var addsRootCause: Bool

  public init(update: String, at: Timestamp, before: RevisionText, after: RevisionText?, addsRootCause: Bool) {
    self.update = update
    self.at = at
    self.before = before
    self.after = after
    self.addsRootCause = addsRootCause
  }
}

/// One text of a revised statement and the times it was seen.
public struct RevisionText: Sendable, Hashable {
  public var text: String
  public var firstSeen: Timestamp
  public var lastSeen: Timestamp

  public init(text: String, firstSeen: Timestamp, lastSeen: Timestamp) {
    self.text = text
    self.firstSeen = firstSeen
    self.lastSeen = lastSeen
  }
}

/// An incident that disappeared from its source while younger incidents stayed (so it did not age out).
public struct RemovedFromFeed: Sendable, Hashable {
  /// The last snapshot that showed it, and the first that did not.
  public var lastSeen: Timestamp
  public var missingSince: Timestamp

  public init(lastSeen: Timestamp, missingSince: Timestamp) {
    self.lastSeen = lastSeen
    self.missingSince = missingSince
  }
}

/// A public source an incidents file was imported from, with the attribution its licence requires.
public struct IncidentSource: Sendable, Hashable {
  public var id: String
  /// The kind of source (statuspage-atom, google-cloud-json, aiid-graphql, …).
  public var kind: String
  public var url: String?
  /// The licence of the data, when it has one that asks for attribution.
  public var licence: String?
  /// The attribution, or a note on where the data came from.
  public var note: String

  public init(id: String, kind: String, url: String? = nil, licence: String? = nil, note: String) {
    self.id = id
    self.kind = kind
    self.url = url
    self.licence = licence
    self.note = note
  }
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
  public var location: SourceLocation
  /// The links, out of line: most findings have none.
  var links = OutOfLine<Links>()

  public init(
    source: String, origin: EvidenceOrigin, confidence: Confidence, cause: Cause?, summary: String,
    observed: [ObservedBehaviour], url: String?, location: SourceLocation
  ) {
    self.source = source
    self.origin = origin
    self.confidence = confidence
    self.cause = cause
    self.summary = summary
    self.observed = observed
    self.location = location
    self.url = url
  }

  /// The finding's page.
  public var url: String? {
    get { links.fields.url }
    set { links.fields.url = newValue }
  }
  /// Further sources the finding cites (the reports an independent database lists), by URL.
  public var references: [String] {
    get { links.fields.references }
    set { links.fields.references = newValue }
  }

  struct Links: OutOfLineFields {
    var url: String?
    var references: [String] = []
  }
}

/// A behaviour a finding observed.
public struct ObservedBehaviour: Sendable, Hashable {
  public var behaviour: String
  public var location: SourceLocation
}
