import CandorXML

/// Reads Google Cloud's `incidents.json` (status.cloud.google.com): an array of incidents.
///
/// Each incident: `id` → source id, `external_desc` → title, `severity` (low, medium, high) → severity, `begin` →
/// stated start, `end` → resolved, `modified` → updated, `uri` → the incident's page; each of `updates`: `created`
/// (when it was posted), `when` (kept when it differs), `modified` (when the update itself was last changed),
/// `status`, `text`. Updates have no id: each is keyed by its `created` time and its rank among updates created in
/// the same second.
enum GoogleCloudReader {
  static let site = "https://status.cloud.google.com/"

  static func read(_ root: JSONNode, source: SourceText, limits: FeedLimits) throws(InputError) -> FeedSnapshot {
    var fields = JSONFields(source: source)
    var snapshot = FeedSnapshot(kind: .googleCloudJSON, file: source.name, identity: "google-cloud")
    snapshot.title = "Google Cloud Service Health"
    snapshot.url = site
    guard let incidents = root.array else {
      throw InputError(at: fields.location(root), "expected an array of incidents, found \(root.kindDescription)")
    }
    try fields.check(incidents, limit: limits.maxIncidents, what: "incidents", option: "--max-incidents")
    for (index, incident) in incidents.enumerated() {
      let path = "[\(index)]"
      guard incident.isObject else {
        fields.error(incident, path, "expected an object, found \(incident.kindDescription)")
        continue
      }
      guard let id = fields.text(incident, "id", path: path, required: true).map(Element.collapse) else { continue }
      guard !id.isEmpty else {
        fields.error(incident["id"] ?? incident, "\(path).id", "an empty id")
        continue
      }
      let uri = fields.text(incident, "uri", path: path)
      var read = FeedIncident(
        sourceID: id, title: fields.text(incident, "external_desc", path: path, required: true) ?? id,
        url: FeedText.url(uri.map { $0.hasPrefix("https://") ? $0 : site + $0.trimmingPrefix("/") }),
        severity: fields.text(incident, "severity", path: path).flatMap {
          Incident.Severity(rawValue: $0.lowercased())
        },
        statedStart: fields.time(incident, "begin", path: path, required: true),
        resolved: fields.time(incident, "end", path: path),
        updated: fields.time(incident, "modified", path: path), published: nil, updates: [],
        location: fields.location(incident))
      let updates = fields.array(incident, "updates", path: path, required: false)
      try fields.check(updates, limit: limits.maxUpdates, what: "updates", path: path, option: "--max-updates")
      var ranks: [Timestamp: Int] = [:]
      for (number, update) in updates.enumerated().reversed() {
        let updatePath = "\(path).updates[\(number)]"
        guard update.isObject else {
          fields.error(update, updatePath, "expected an object, found \(update.kindDescription)")
          continue
        }
        guard let posted = fields.time(update, "created", path: updatePath, required: true) else { continue }
        let when = fields.time(update, "when", path: updatePath)
        let modified = fields.time(update, "modified", path: updatePath)
        let rank = ranks[posted, default: 0] + 1
        ranks[posted] = rank
        read.updates.append(
          FeedUpdate(
            key: "\(posted.text)#\(rank)",
            status: FeedText.label(fields.text(update, "status", path: updatePath)?.lowercased(), or: "update"),
            posted: posted,
            displayed: when == posted ? nil : when, modified: modified == posted ? nil : modified,
            text: Element.collapse(fields.text(update, "text", path: updatePath) ?? ""),
            location: fields.location(update)))
      }
      read.updates.sort { ($0.posted, $0.key) < ($1.posted, $1.key) }
      snapshot.incidents.append(read)
    }
    try fields.diagnostics.throwIfErrors()
    return snapshot
  }
}

extension String {
  /// The string without `prefix` at its start, once.
  func trimmingPrefix(_ prefix: String) -> String { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self }
}
