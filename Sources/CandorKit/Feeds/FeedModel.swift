import CandorXML

/// The kinds of public source `candor incidents import` reads.
public enum FeedKind: String, CaseIterable, Sendable, Hashable {
  /// An Atlassian Statuspage `history.atom` feed.
  case statuspageAtom = "statuspage-atom"
  /// An Atlassian Statuspage `history.rss` feed.
  case statuspageRSS = "statuspage-rss"
  /// An Atlassian Statuspage `/api/v2/incidents.json` payload.
  case statuspageJSON = "statuspage-json"
  /// Google Cloud's `incidents.json` (status.cloud.google.com).
  case googleCloudJSON = "google-cloud-json"
  /// AI Incident Database incidents from its GraphQL API (JSON).
  case aiidJSON = "aiid-graphql"
  /// AI Incident Database weekly snapshot CSV: `incidents.csv` or a classifications CSV.
  case aiidCSV = "aiid-csv"
  /// AI Incident Database weekly snapshot `reports.csv` (only report numbers and URLs are read).
  case aiidReportsCSV = "aiid-reports-csv"

  /// Whether the source is a vendor's own status record (as opposed to an independent database).
  var isStatusRecord: Bool {
    switch self {
    case .statuspageAtom, .statuspageRSS, .statuspageJSON, .googleCloudJSON: true
    case .aiidJSON, .aiidCSV, .aiidReportsCSV: false
    }
  }

  /// The family a source belongs to: incidents of one family share their id scheme.
  var family: String {
    switch self {
    case .statuspageAtom, .statuspageRSS, .statuspageJSON: "sp"
    case .googleCloudJSON: "gcp"
    case .aiidJSON, .aiidCSV, .aiidReportsCSV: "aiid"
    }
  }

  /// When two sources of one family give the same incident, the richer one's statements are kept.
  var richness: Int {
    switch self {
    case .statuspageJSON, .googleCloudJSON, .aiidJSON: 3
    case .statuspageAtom, .aiidCSV: 2
    case .statuspageRSS, .aiidReportsCSV: 1
    }
  }
}

/// What one source file said at one moment: the normalised form every reader produces.
public struct FeedSnapshot: Sendable {
  public var kind: FeedKind
  /// The file it was read from (locations name it).
  public var file: String
  /// The feed's identity (an Atom feed id, a Statuspage page id): snapshots of one feed share it.
  public var identity: String
  /// The feed's or page's name.
  public var title: String?
  /// The feed's home page.
  public var url: String?
  /// The feed's own updated time, when it gives one.
  public var updated: Timestamp?
  /// When the file was fetched (from the snapshot store), when known.
  public var fetched: Timestamp?
  /// The vendor's incidents (status records).
  public var incidents: [FeedIncident]
  /// Independent incident reports (AI Incident Database).
  public var independent: [IndependentIncident]
  /// AIID report URLs by report number (from a reports.csv).
  public var reportURLs: [Int: String]
  /// Entries left out, with why (scheduled maintenance).
  public var skipped: [(location: SourceLocation, reason: String)]

  init(kind: FeedKind, file: String, identity: String) {
    self.kind = kind
    self.file = file
    self.identity = identity
    incidents = []
    independent = []
    reportURLs = [:]
    skipped = []
  }

  /// The time the snapshot shows the feed at: its own updated time, else when it was fetched, else the latest time
  /// any incident in it was updated.
  public var time: Timestamp? {
    updated ?? fetched ?? incidents.compactMap { $0.updated ?? $0.latestPosted }.max()
  }
}

/// An incident as a vendor's status record gives it.
public struct FeedIncident: Sendable {
  /// The source's own id (the incident code of a Statuspage page, Google's incident id).
  public var sourceID: String
  public var title: String
  public var url: String?
  /// The severity the source states (Statuspage impact, Google severity); nil when it gives none.
  public var severity: Incident.Severity?
  /// The start the source states (Statuspage `started_at`, Google `begin`).
  public var statedStart: Timestamp?
  /// When the source says the incident was resolved.
  public var resolved: Timestamp?
  /// When the entry was last changed, by the source (Atom `updated`, Statuspage `updated_at`, Google `modified`).
  public var updated: Timestamp?
  /// The entry's publication time (Atom `published`, RSS `pubDate`).
  public var published: Timestamp?
  /// The updates, oldest first.
  public var updates: [FeedUpdate]
  public var location: SourceLocation

  /// The latest update's stamp.
  var latestPosted: Timestamp? { updates.map(\.posted).max() }

  /// The time that places the incident in the feed's order (newest first): when it was published or started.
  var orderTime: Timestamp? { published ?? statedStart ?? updates.map(\.posted).min() }
}

/// One public update of an incident.
public struct FeedUpdate: Sendable {
  /// The source's id of the update; for feeds without ids, the update's stamp and its rank among updates with the
  /// same stamp (`2026-08-20T14:43Z#1`), which edits do not move.
  public var key: String
  /// The source's label, in lower case: investigating, identified, update, monitoring, resolved, postmortem, …
  public var status: String
  /// When it was posted (Statuspage `created_at`, Google `created`, the stamp in a feed entry).
  public var posted: Timestamp
  /// The time the source displays, when it differs from `posted`.
  public var displayed: Timestamp?
  /// When the source says the update itself was last changed (Statuspage `updated_at`, Google `modified`).
  public var modified: Timestamp?
  /// The text, white space collapsed.
  public var text: String
  public var location: SourceLocation
}

/// An incident as an independent database records it (the AI Incident Database).
public struct IndependentIncident: Sendable {
  public var sourceID: String
  public var title: String
  /// The database's description or summary (CC BY-SA 4.0 for the AIID), if any.
  public var summary: String?
  public var date: Timestamp
  /// Alleged deployers and developers, by entity id and name.
  public var deployers: [AIIDEntity]
  public var developers: [AIIDEntity]
  /// URLs of the reports the database cites (report texts are never read).
  public var reportURLs: [String]
  /// Report numbers without a URL yet (a snapshot incidents.csv, completed from reports.csv).
  public var reportNumbers: [Int]
  /// The cause the database's classification gives (Entity: AI or Human), if any.
  public var cause: Cause?
  /// The classification, in a few words, for the finding's summary.
  public var classification: String?
  public var url: String
  public var location: SourceLocation
}

/// An organisation named by the AI Incident Database.
public struct AIIDEntity: Sendable, Hashable {
  public var id: String
  public var name: String
}
