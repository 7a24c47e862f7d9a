import CandorXML
import Foundation
import Testing

@testable import CandorKit

/// How a run holds its incidents: the fields most incidents leave empty are kept out of line, descriptions are left
/// out of an assessment, and each vendor's incidents are released when the vendor is taken (issue 13, memory).
@Suite struct IncidentStorageTests {
  static let moment = Timestamp("2026-03-01T10:00:00Z")!

  @Test func outOfLineFieldsReadBackAndCopyOnWrite() {
    var statement = Statement(
      at: Self.moment, source: "blog", cause: .aiAgent, aiInvolvement: .acknowledged, text: "An agent did it.",
      url: "https://example.com/post")
    let plain = statement
    statement.update = "u-1"
    statement.status = "resolved"
    statement.displayedAt = Timestamp("2026-02-28T10:00:00Z")
    statement.derivation = KeywordDerivation(cause: ["agent"])
    statement.publishesRootCause = true
    statement.seen = Timestamp("2026-03-02T10:00:00Z")
    statement.truncated = true
    #expect(statement.url == "https://example.com/post")
    #expect(statement.update == "u-1" && statement.status == "resolved" && statement.truncated)
    #expect(statement.displayedAt?.text == "2026-02-28T10:00:00Z" && statement.seen?.text == "2026-03-02T10:00:00Z")
    #expect(statement.derivation?.cause == ["agent"] && statement.publishesRootCause)
    // The copy taken before is untouched, and compares by value.
    #expect(plain.update == nil && plain.status == nil && !plain.truncated && plain.url == "https://example.com/post")
    #expect(plain != statement)
    var again = statement
    again.update = nil
    again.update = "u-1"
    #expect(again == statement && again.hashValue == statement.hashValue)
    // Back to the defaults, a statement equals one that never had them.
    var cleared = statement
    (cleared.update, cleared.status, cleared.displayedAt, cleared.derivation) = (nil, nil, nil, nil)
    (cleared.publishesRootCause, cleared.seen, cleared.truncated) = (false, nil, false)
    #expect(cleared == plain)

    var finding = Finding(
      source: "press", origin: .independent, confidence: .reported, cause: nil, summary: "s", observed: [],
      url: nil, location: SourceLocation(file: "f.xml", line: 3, column: 5))
    #expect(finding.url == nil && finding.references.isEmpty)
    finding.references.append("https://example.com/a")
    finding.url = "https://example.com/b"
    #expect(finding.references == ["https://example.com/a"] && finding.url == "https://example.com/b")

    var incident = Self.incident("I-1", vendor: "v", file: "a.xml")
    #expect(incident.statementsCollected && incident.source == nil && incident.revisions.isEmpty)
    incident.statementsCollected = false
    incident.source = "feed"
    incident.removedFromFeed = RemovedFromFeed(lastSeen: Self.moment, missingSince: Self.moment)
    #expect(!incident.statementsCollected && incident.source == "feed" && incident.removedFromFeed != nil)
  }

  @Test func timestampsKeepTheTextTheyWereWrittenAs() {
    #expect(MemoryLayout<Timestamp>.size == 16 && MemoryLayout<Timestamp?>.size == 16)
    let written = Timestamp("2026-03-01T12:00:00+02:00")!
    #expect(written.text == "2026-03-01T12:00:00+02:00" && written == Self.moment)
    #expect(Self.moment.text == "2026-03-01T10:00:00Z")
    #expect(Timestamp(secondsSinceEpoch: 0, text: "as written").text == "as written")
  }

  @Test func locationsClampWhatTheyCannotHold() {
    let location = SourceLocation(file: "f.xml", line: 12, column: 7)
    #expect(location.line == 12 && location.column == 7 && location.description == "f.xml:12:7")
    var far = SourceLocation(file: "f.xml", line: 3_000_000_000, column: -3_000_000_000)
    #expect(far.line == Int(Int32.max) && far.column == Int(Int32.min))
    far.line = 4
    #expect(far.line == 4 && far < location)
  }

  /// Imported links, revisions and statement fields survive a write and a read, through the out-of-line storage.
  @Test func importedFieldsRoundTripThroughAFile() throws {
    var incident = Self.incident("I-1", vendor: "v", file: "in.xml")
    incident.source = "sp"
    incident.sourceID = "abc"
    incident.url = "https://status.example.com/incidents/abc"
    var statement = Statement(
      at: Self.moment, source: "status page", cause: .unknown, aiInvolvement: .notMentioned, text: "Investigating.",
      url: "https://status.example.com/incidents/abc#1")
    statement.update = "u1"
    statement.status = "investigating"
    statement.truncated = true
    incident.statements = [statement]
    var finding = Finding(
      source: "AI Incident Database", origin: .independent, confidence: .reported, cause: .aiAgent,
      summary: "Reported.", observed: [], url: "https://incidentdatabase.ai/cite/1",
      location: SourceLocation(file: "in.xml", line: 1, column: 1))
    finding.references = ["https://example.com/report"]
    incident.findings = [finding]
    let text = IncidentsWriter.document(
      sources: [IncidentSource(id: "sp", kind: "statuspage-atom", note: "test")], incidents: [incident])
    let read = try InputLoader.incidents(
      SourceText(name: "out.xml", bytes: Array(text.utf8)), questionnaire: nil
    ).0
    let back = try #require(read.first)
    #expect(back.source == "sp" && back.sourceID == "abc" && back.url == incident.url)
    #expect(back.statements.first?.url == statement.url && back.statements.first?.update == "u1")
    #expect(back.statements.first?.status == "investigating" && back.statements.first?.truncated == true)
    #expect(back.findings.first?.url == finding.url && back.findings.first?.references == finding.references)
  }

  @Test func anAssessmentLeavesDescriptionsOut() throws {
    let source = SourceText(name: "incidents.xml", bytes: Array(Fixtures.packageText("Examples/incidents.xml").utf8))
    let kept = try InputLoader.incidents(source, questionnaire: nil).0
    let left = try InputLoader.incidents(source, questionnaire: nil, descriptions: false).0
    #expect(kept.contains { $0.description != nil })
    #expect(left.allSatisfy { $0.description == nil })
    #expect(kept.map(\.id) == left.map(\.id) && kept.map(\.title) == left.map(\.title))
  }

  @Test func eachVendorsIncidentsAreHandedOutOnceInFileOrder() {
    let first = [Self.incident("A-1", vendor: "a", file: "1.xml"), Self.incident("B-1", vendor: "b", file: "1.xml")]
    let second = [Self.incident("B-2", vendor: "b", file: "2.xml"), Self.incident("A-2", vendor: "a", file: "2.xml")]
    let index = IncidentsByVendor(files: [first, [], second])
    #expect(index.take("a").map(\.id) == ["A-1", "A-2"])
    #expect(index.take("a").isEmpty)
    #expect(index.take("c").isEmpty)
    let b = index.take("b")
    #expect(b.map(\.id) == ["B-1", "B-2"] && b.map(\.file) == ["1.xml", "2.xml"])
  }

  @Test func anIncidentIDInTwoFilesIsAnError() {
    let incidents = [
      Self.incident("X-1", vendor: "a", file: "1.xml"), Self.incident("X-1", vendor: "b", file: "1.xml"),
      Self.incident("X-1", vendor: "a", file: "2.xml"), Self.incident("Y-1", vendor: "a", file: "2.xml"),
    ]
    for count in [0, incidents.count] {
      var diagnostics = Diagnostics()
      InputLoader.checkIncidentIDs(incidents, count: count, into: &diagnostics)
      let errors = diagnostics.all.filter { $0.severity == .error }
      #expect(errors.count == 1)
      #expect(errors.first?.message == "incident id \"X-1\" is also used in 1.xml")
      #expect(errors.first?.location.file == "2.xml")
    }
  }

  static func incident(_ id: String, vendor: String, file: String) -> Incident {
    Incident(
      id: id, vendor: vendor, severity: .high, fictional: true, title: "Title of \(id)", description: "About \(id).",
      timeline: Timeline(started: moment), statements: [], findings: [],
      location: SourceLocation(file: file, line: 2, column: 3), file: file)
  }
}
