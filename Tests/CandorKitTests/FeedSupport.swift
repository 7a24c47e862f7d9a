import CandorXML
import Foundation
import Testing

@testable import CandorKit

/// Helpers for the feed tests: read a feed from text or a fixture, import it, find an incident.
enum Feeds {
  /// The fixed present moment of the tests (dates after it, by more than a day, are "in the future").
  static let now = Timestamp("2027-06-01T00:00:00Z")!

  static func snapshot(_ text: String, name: String = "feed.xml", kind: FeedKind? = nil, limits: FeedLimits = .default)
    throws -> FeedSnapshot
  {
    try FeedReader.read(SourceText(name: name, bytes: Array(text.utf8)), as: kind, limits: limits)
  }

  static func fixture(_ name: String) throws -> FeedSnapshot {
    try FeedReader.read(Fixtures.source("feeds/\(name)"))
  }

  static func importing(
    _ snapshots: [FeedSnapshot], vendor: String? = "acme", entities: EntityMap = EntityMap(),
    existing: (sources: [IncidentSource], incidents: [Incident])? = nil, limits: FeedLimits = .default
  ) throws -> IncidentsImportOutcome {
    try IncidentsImport.convert(
      snapshots, existing: existing, vendor: vendor, entities: entities, limits: limits, now: now,
      outputName: "imported.xml")
  }

  /// The errors `body` throws, as `line:column: message` (the file name left out).
  static func errors(_ body: () throws -> Void) -> [String] {
    do {
      try body()
      return []
    } catch let error as InputError {
      return error.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" }
    } catch {
      return ["\(error)"]
    }
  }

  /// An Atom feed in Statuspage's shape; each entry is (code, published, updated, title, updates newest first as
  /// (stamp, label, text)). Made up for the tests.
  static func atom(
    updated: String,
    entries: [(code: String, published: String, updated: String, title: String, updates: [(String, String, String)])],
    prolog: String = ""
  ) -> String {
    var text =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\(prolog)<feed xml:lang=\"en-US\" xmlns=\"http://www.w3.org/2005/Atom\">\n"
    text += "  <id>tag:status.example.test,2005:/history</id>\n"
    text += "  <link rel=\"alternate\" type=\"text/html\" href=\"https://status.example.test\"/>\n"
    text += "  <title>Example Status - Incident History</title>\n  <updated>\(updated)</updated>\n"
    for entry in entries {
      text += "  <entry>\n    <id>tag:status.example.test,2005:Incident/\(entry.code)</id>\n"
      text += "    <published>\(entry.published)</published>\n    <updated>\(entry.updated)</updated>\n"
      text +=
        "    <link rel=\"alternate\" type=\"text/html\" href=\"https://status.example.test/incidents/\(entry.code)\"/>\n"
      text += "    <title>\(entry.title)</title>\n    <content type=\"html\">"
      text += escape(html(entry.updates))
      text += "</content>\n  </entry>\n"
    }
    return text + "</feed>\n"
  }

  /// Statuspage's update paragraphs.
  static func html(_ updates: [(String, String, String)]) -> String {
    updates.map { stamp, label, body in
      let parts = stamp.split(separator: " ")  // "Aug 20, 17:32 UTC"
      let month = parts[0]
      let day = parts[1].dropLast()
      let time = parts[2]
      let zone = parts[3]
      return "<p> <small>\(month) <var data-var='date'>\(day)</var>, <var data-var='time'>\(time)</var> \(zone)</small>"
        + "<br> <strong>\(label)</strong> - \(body) </p>"
    }.joined(separator: " ")
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }

  static func incident(_ outcome: IncidentsImportOutcome, _ id: String) throws -> Incident {
    try #require(outcome.incidents.first { $0.id == id }, "no incident \(id)")
  }
}
