import CandorXML

/// Turns a feed's history into candor incidents: the timeline, one statement per public update with the labels the
/// keyword rules derive, the revisions seen between snapshots, and the removal note.
///
/// - `started`: the start the source states, or the first update when it states none (or states a later one);
/// - `first-statement`: the first update's stamp (Statuspage `created_at`, never the back-datable `display_at`);
/// - `resolved`: the source's resolution time (the latest "resolved" update in a feed);
/// - `root-cause-published`: the earliest time a root-cause text was seen: for a text edited into an update
///   between snapshots, when the edit was first seen (not the update's stamp); for a text present in the first
///   snapshot that shows it, the update's own updated time, else the entry's updated time, when later than its
///   stamp (an edit cannot be ruled out from one snapshot, so the latest time it could have been written is taken).
enum IncidentDerivation {
  /// The identifier of an imported incident: `family-vendor-sourceid`, characters outside `[A-Za-z0-9._-]` made
  /// `-`; when longer than 80 characters, `family-vendor-` (cut) and the first 16 hex digits of the SHA-256 of the
  /// source id.
  static func incidentID(family: String, vendor: String, sourceID: String) -> String {
    let cleaned = String(
      sourceID.unicodeScalars.map { scalar -> Character in
        scalar.isASCII
          && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
          ? Character(scalar) : "-"
      })
    let id = "\(family)-\(vendor)-\(cleaned)"
    if id.count <= 80 { return id }
    let prefix = String("\(family)-\(vendor)".prefix(62))
    return "\(prefix)-\(Digest.sha256(sourceID).prefix(16))"
  }

  /// The statement source label of a kind of feed.
  static func statementSource(_ kind: FeedKind, title: String?) -> String {
    switch kind {
    case .googleCloudJSON: "Google Cloud Service Health"
    default:
      title.map { FeedText.label($0, or: "") }.flatMap { $0.isEmpty ? nil : "status page (\($0))" } ?? "status page"
    }
  }

  /// The incident of `history`, for `vendor`.
  ///
  /// - Throws: ``InputError`` at the source incident when its times are out of order or in the future.
  static func incident(
    _ history: FeedHistory.IncidentHistory, vendor: String, sourceRef: String, feedTitle: String?,
    limits: FeedLimits, now: Timestamp?
  ) throws(InputError) -> Incident {
    let latest = history.latest
    var diagnostics = Diagnostics()
    let updates = history.updates.sorted { ($0.latest.posted, $0.key) < ($1.latest.posted, $1.key) }
    let firstPosted = updates.map(\.latest.posted).min()
    var started = latest.statedStart ?? firstPosted ?? latest.published ?? latest.updated
    if let stated = started, let firstPosted, firstPosted < stated { started = firstPosted }
    guard let started else {
      throw InputError(at: latest.location, "incident \"\(latest.sourceID)\" has no start time and no update")
    }
    var resolved = latest.resolved
    if let value = resolved, value < started {
      diagnostics.error(
        latest.location,
        "incident \"\(latest.sourceID)\": resolved (\(value)) is before the start (\(started))")
      resolved = nil
    }
    if let now {
      let limit = Timestamp(secondsSinceEpoch: now.secondsSinceEpoch + 86_400)
      let times = [started, resolved].compactMap { $0 } + updates.map(\.latest.posted)
      if let future = times.first(where: { $0 > limit }) {
        diagnostics.error(
          latest.location,
          "incident \"\(latest.sourceID)\": \(future) is in the future (more than a day after \(now)); "
            + "a feed cannot report what has not happened")
      }
    }
    try diagnostics.throwIfErrors()
    let source = statementSource(history.kind, title: feedTitle)
    var rootCauseSeen: Timestamp?
    var statements: [Statement] = []
    var revisions: [Revision] = []
    for update in updates {
      let afterResolution = resolved.map { update.latest.posted >= $0 } ?? false
      let derived = KeywordRules.derive(
        update.latest.text, status: update.latest.status, afterResolution: afterResolution)
      // When the root-cause text first appeared: the first version that has one.
      var rootCauseVersion: FeedHistory.Version?
      var previousHasRootCause = false
      for (index, version) in update.versions.enumerated() {
        let hasRootCause =
          version.text == update.latest.text
          ? derived.publishesRootCause
          : KeywordRules.derive(version.text, status: update.latest.status, afterResolution: afterResolution)
            .publishesRootCause
        if hasRootCause && rootCauseVersion == nil { rootCauseVersion = version }
        if index > 0 {
          let before = update.versions[index - 1]
          revisions.append(
            Revision(
              update: update.key, at: update.latest.posted,
              before: RevisionText(
                text: cut(before.text, limits).text, firstSeen: before.firstSeen, lastSeen: before.lastSeen),
              after: RevisionText(
                text: cut(version.text, limits).text, firstSeen: version.firstSeen, lastSeen: version.lastSeen),
              addsRootCause: hasRootCause && !previousHasRootCause))
        }
        previousHasRootCause = hasRootCause
      }
      if let gone = update.disappeared, let last = update.versions.last {
        revisions.append(
          Revision(
            update: update.key, at: update.latest.posted,
            before: RevisionText(text: cut(last.text, limits).text, firstSeen: last.firstSeen, lastSeen: gone.lastSeen),
            after: nil, addsRootCause: false))
      }
      if let version = rootCauseVersion {
        let seen = version.firstSeen == update.latest.posted ? version.writtenBy : version.firstSeen
        rootCauseSeen = min(rootCauseSeen ?? seen, seen)
      }
      let current = update.versions.last
      let seen: Timestamp? = {
        guard let current else { return nil }
        let candidate =
          derived.publishesRootCause && current.firstSeen == update.latest.posted
          ? current.writtenBy : current.firstSeen
        return candidate.secondsSinceEpoch - update.latest.posted.secondsSinceEpoch > 60 ? candidate : nil
      }()
      let (text, truncated) = cut(update.latest.text, limits)
      var statement = Statement(
        at: update.latest.posted, source: source, cause: derived.cause, aiInvolvement: derived.aiInvolvement,
        text: text.isEmpty ? "(an update with no text, labelled \(update.latest.status))" : text, url: latest.url)
      statement.update = update.key
      statement.status = update.latest.status
      statement.displayedAt = update.latest.displayed
      statement.derivation = derived.matched
      statement.publishesRootCause = derived.publishesRootCause
      statement.seen = seen
      statement.truncated = truncated
      statements.append(statement)
    }
    let timeline = Timeline(
      started: started, detected: nil, resolved: resolved, firstStatement: firstPosted,
      rootCausePublished: rootCauseSeen.map { max($0, started) })
    var incident = Incident(
      id: incidentID(family: history.kind.family, vendor: vendor, sourceID: latest.sourceID), vendor: vendor,
      severity: latest.severity ?? .medium, fictional: false,
      title: FeedText.label(String(latest.title.prefix(limits.maxStatementCharacters)), or: latest.sourceID),
      description: nil, timeline: timeline, statements: statements, findings: [], location: latest.location,
      file: latest.location.file)
    incident.source = sourceRef
    incident.sourceID = latest.sourceID
    incident.url = latest.url
    incident.revisions = revisions
    incident.removedFromFeed = history.removed
    return incident
  }

  /// `text` cut to the limit, with an ellipsis, and whether it was cut.
  static func cut(_ text: String, _ limits: FeedLimits) -> (text: String, truncated: Bool) {
    guard text.count > limits.maxStatementCharacters else { return (text, false) }
    return (String(text.prefix(limits.maxStatementCharacters - 1)) + "…", true)
  }

  /// The incidents an independent database's record makes: one per vendor the entity map names among its alleged
  /// deployers and developers, each with one independent finding at `reported` confidence, no statement (the
  /// vendor's statements were not collected), and the report URLs as references.
  static func incidents(
    _ record: IndependentIncident, kind: FeedKind, entities: EntityMap, sourceRef: String,
    reportURLs: [Int: String]
  ) -> [Incident] {
    var vendors: [(vendor: String, role: String, entity: AIIDEntity)] = []
    for (role, list) in [("alleged deployer", record.deployers), ("alleged developer", record.developers)] {
      for entity in list {
        guard let vendor = entities.vendor(for: entity), !vendors.contains(where: { $0.vendor == vendor }) else {
          continue
        }
        vendors.append((vendor, role, entity))
      }
    }
    let references = record.reportURLs + record.reportNumbers.compactMap { reportURLs[$0] }
    return vendors.map { vendor, role, entity in
      var summary = "\(record.summary ?? record.title) (\(role): \(entity.name)"
      if let classification = record.classification { summary += "; AIID classification: \(classification)" }
      summary += ")"
      var finding = Finding(
        source: "AI Incident Database, incident \(record.sourceID)", origin: .independent,
        confidence: .reported, cause: record.cause, summary: summary, observed: [], url: record.url,
        location: record.location)
      finding.references = references
      var incident = Incident(
        id: incidentID(family: kind.family, vendor: vendor, sourceID: record.sourceID), vendor: vendor,
        severity: .medium, fictional: false,
        title: FeedText.label(record.title, or: "AIID incident \(record.sourceID)"),
        description: nil,
        timeline: Timeline(started: record.date), statements: [], findings: [finding], location: record.location,
        file: record.location.file)
      incident.source = sourceRef
      incident.sourceID = record.sourceID
      incident.url = record.url
      incident.statementsCollected = false
      return incident
    }
  }
}

extension Timeline {
  /// A timeline with only its start.
  init(started: Timestamp) {
    self.init(started: started, detected: nil, resolved: nil, firstStatement: nil, rootCausePublished: nil)
  }
}

/// Which vendor an organisation named by a source is: `--entity NAME=VENDOR-ID`, matched case-insensitively
/// against the source's entity id and name.
public struct EntityMap: Sendable, Hashable {
  public private(set) var vendors: [String: String] = [:]

  public init(_ pairs: [(name: String, vendor: String)] = []) {
    for (name, vendor) in pairs { vendors[name.lowercased()] = vendor }
  }

  public var isEmpty: Bool { vendors.isEmpty }

  func vendor(for entity: AIIDEntity) -> String? {
    vendors[entity.id.lowercased()] ?? vendors[entity.name.lowercased()]
  }

  /// The pairs of a file of `NAME=VENDOR-ID` lines (`#` starts a comment line).
  ///
  /// - Throws: ``InputError`` at each line that is not a pair with a valid vendor id.
  public static func pairs(inFile path: String) throws(InputError) -> [(name: String, vendor: String)] {
    let source = try InputFiles.read(path, maxBytes: 1 << 20)
    guard let text = String(validating: source.bytes, as: UTF8.self) else {
      throw InputError(at: SourceLocation(file: path, line: 1, column: 1), "the file is not UTF-8 text")
    }
    var pairs: [(name: String, vendor: String)] = []
    var diagnostics = Diagnostics()
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let trimmed = String(line).trimmedWhitespace
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      guard let pair = pair(trimmed) else {
        diagnostics.error(
          SourceLocation(file: path, line: index + 1, column: 1), "expected NAME=VENDOR-ID with a valid vendor id")
        continue
      }
      pairs.append(pair)
    }
    try diagnostics.throwIfErrors()
    return pairs
  }

  /// Parses `NAME=VENDOR-ID`.
  public static func pair(_ text: String) -> (name: String, vendor: String)? {
    guard let equals = text.lastIndex(of: "=") else { return nil }
    let name = String(text[..<equals]).trimmedWhitespace
    let vendor = String(text[text.index(after: equals)...]).trimmedWhitespace
    guard !name.isEmpty, Vendor.problem(withID: vendor) == nil else { return nil }
    return (name, vendor)
  }
}
