import CandorXML

/// Reads an Atlassian Statuspage `/api/v2/incidents.json` payload (`{"page": {…}, "incidents": [...]}`).
///
/// Each incident: `id` → source id, `name` → title, `impact` → severity (none → low, minor → medium, major → high,
/// critical → critical), `started_at` → stated start, `resolved_at`, `updated_at`; each of `incident_updates`:
/// `id`, `status`, `body` (HTML, reduced to text), `created_at` (when it was posted), `display_at` (kept when it
/// differs), `updated_at` (when the update itself was last changed). Scheduled maintenance (`scheduled_for` set, or a
/// maintenance status) is left out. `postmortem_body` with `postmortem_published_at`, where a payload has them,
/// become a postmortem update.
enum StatuspageJSONReader {
  static let maintenanceStatuses: Set<String> = ["scheduled", "in_progress", "verifying", "completed"]

  static func read(_ root: JSONNode, source: SourceText, limits: FeedLimits) throws(InputError) -> FeedSnapshot {
    var fields = JSONFields(source: source)
    let page = root.member("page")
    let pageID = page.flatMap { fields.text($0, "id", path: "page") } ?? "statuspage"
    var snapshot = FeedSnapshot(kind: .statuspageJSON, file: source.name, identity: "statuspage:\(pageID)")
    if let page {
      snapshot.title = fields.text(page, "name", path: "page")
      snapshot.url = FeedText.url(fields.text(page, "url", path: "page"))
      snapshot.updated = fields.time(page, "updated_at", path: "page")
    }
    let incidents = fields.array(root, "incidents", path: "the document")
    try fields.check(incidents, limit: limits.maxIncidents, what: "incidents", option: "--max-incidents")
    for (index, incident) in incidents.enumerated() {
      let path = "incidents[\(index)]"
      guard incident.isObject else {
        fields.error(incident, path, "expected an object, found \(incident.kindDescription)")
        continue
      }
      let status = fields.text(incident, "status", path: path)?.lowercased() ?? ""
      if incident.member("scheduled_for") != nil || maintenanceStatuses.contains(status) {
        snapshot.skipped.append((fields.location(incident), "scheduled maintenance"))
        continue
      }
      guard let id = fields.text(incident, "id", path: path, required: true) else { continue }
      guard !Element.collapse(id).isEmpty else {
        fields.error(incident["id"] ?? incident, "\(path).id", "an empty id")
        continue
      }
      var read = FeedIncident(
        sourceID: Element.collapse(id), title: fields.text(incident, "name", path: path, required: true) ?? id,
        url: FeedText.url(snapshot.url.map { $0.trimmingSuffix("/") + "/incidents/\(id)" })
          ?? FeedText.url(fields.text(incident, "shortlink", path: path)),
        severity: impactSeverity(fields.text(incident, "impact", path: path)),
        statedStart: fields.time(incident, "started_at", path: path),
        resolved: fields.time(incident, "resolved_at", path: path),
        updated: fields.time(incident, "updated_at", path: path), published: nil, updates: [],
        location: fields.location(incident))
      let created = fields.time(incident, "created_at", path: path)
      if read.statedStart == nil { read.statedStart = created }
      let updates = fields.array(incident, "incident_updates", path: path, required: false)
      try fields.check(updates, limit: limits.maxUpdates, what: "updates", path: path, option: "--max-updates")
      for (number, update) in updates.enumerated() {
        let updatePath = "\(path).incident_updates[\(number)]"
        guard update.isObject else {
          fields.error(update, updatePath, "expected an object, found \(update.kindDescription)")
          continue
        }
        guard let posted = fields.time(update, "created_at", path: updatePath, required: true) else { continue }
        let displayed = fields.time(update, "display_at", path: updatePath)
        let modified = fields.time(update, "updated_at", path: updatePath)
        let body = fields.text(update, "body", path: updatePath) ?? ""
        read.updates.append(
          FeedUpdate(
            key: FeedText.label(fields.text(update, "id", path: updatePath), or: "\(posted.text)#\(number)"),
            status: FeedText.label(fields.text(update, "status", path: updatePath)?.lowercased(), or: "update"),
            posted: posted, displayed: displayed == posted ? nil : displayed,
            modified: modified == posted ? nil : modified,
            text: try FeedText.plain(fromHTML: body, at: fields.location(update), limits: limits),
            location: fields.location(update)))
      }
      if let body = fields.text(incident, "postmortem_body", path: path), !body.isEmpty,
        let published = fields.time(incident, "postmortem_published_at", path: path)
      {
        read.updates.append(
          FeedUpdate(
            key: "postmortem", status: "postmortem", posted: published, displayed: nil, modified: nil,
            text: try FeedText.plain(fromHTML: body, at: fields.location(incident), limits: limits),
            location: fields.location(incident)))
      }
      read.updates.sort { ($0.posted, $0.key) < ($1.posted, $1.key) }
      snapshot.incidents.append(read)
    }
    try fields.diagnostics.throwIfErrors()
    return snapshot
  }

  static func impactSeverity(_ impact: String?) -> Incident.Severity? {
    switch impact?.lowercased() {
    case "none": .low
    case "minor": .medium
    case "major": .high
    case "critical": .critical
    default: nil
    }
  }
}

/// Bounds on one import, beyond the file size.
public struct FeedLimits: Sendable, Hashable {
  /// The largest source file, in bytes. Default 64 MiB.
  public var maxBytes: Int
  /// The most incidents one source file may hold. Default 100,000.
  public var maxIncidents: Int
  /// The most updates one incident may have. Default 5,000.
  public var maxUpdates: Int
  /// The longest statement text written, in characters (longer texts are cut, and marked). Default 8,000.
  public var maxStatementCharacters: Int
  /// The HTML of one entry or update.
  public var html: HTMLLimits
  public var json: JSONLimits
  /// The deepest XML nesting and most elements of an Atom or RSS feed.
  public var xml: XMLLimits

  public static let `default` = FeedLimits(
    maxBytes: 64 << 20, maxIncidents: 100_000, maxUpdates: 5_000, maxStatementCharacters: 8_000,
    html: .default, json: .default, xml: XMLLimits(maxBytes: 64 << 20, maxDepth: 64, maxElements: 2_000_000))

  public init(
    maxBytes: Int, maxIncidents: Int, maxUpdates: Int, maxStatementCharacters: Int, html: HTMLLimits,
    json: JSONLimits, xml: XMLLimits
  ) {
    self.maxBytes = maxBytes
    self.maxIncidents = maxIncidents
    self.maxUpdates = maxUpdates
    self.maxStatementCharacters = maxStatementCharacters
    self.html = html
    self.json = json
    self.xml = xml
  }
}

/// Text out of the HTML that feeds carry.
enum FeedText {
  /// `text` as a link candor writes: an http or https URL of at most 2,048 characters without white space, control
  /// characters or the characters a URI may not hold; anything else is dropped (nil).
  static func url(_ text: String?) -> String? {
    guard let text = text?.trimmedWhitespace, !text.isEmpty, text.count <= 2_048 else { return nil }
    let lower = text.lowercased()
    guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return nil }
    let forbidden = Set("<>\"{}|\\^`")
    guard
      !text.unicodeScalars.contains(where: {
        $0.properties.isWhitespace || $0.value < 0x20 || (0x7F...0x9F).contains($0.value)
      }), !text.contains(where: { forbidden.contains($0) })
    else { return nil }
    return text
  }

  /// A label for an id, a status or a title: white space collapsed, at most 2,000 characters, or `fallback` when
  /// nothing is left.
  static func label(_ text: String?, or fallback: String) -> String {
    let collapsed = Element.collapse(text ?? "")
    return collapsed.isEmpty ? fallback : String(collapsed.prefix(2_000))
  }

  /// The visible text of `html`, white space collapsed to single spaces.
  static func plain(fromHTML html: String, at location: SourceLocation, limits: FeedLimits) throws(InputError)
    -> String
  {
    // Most update bodies are plain text: no parse needed.
    if !html.contains("<") && !html.contains("&") { return Element.collapse(html) }
    do {
      return Element.collapse(try HTMLFragment.parse(html, limits: limits.html).text)
    } catch {
      throw InputError(at: location, "the HTML here is refused: \(error.message)")
    }
  }
}
