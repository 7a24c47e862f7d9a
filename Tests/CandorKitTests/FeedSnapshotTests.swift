import CandorXML
import Foundation
import Testing

@testable import CandorKit

/// Yearless stamps, snapshots over time, silent edits, merging. The feeds here are made up in Statuspage's shape,
/// except where a real fixture is edited (said so at the place).
@Suite struct FeedSnapshotTests {
  @Test func yearlessStampsCrossNewYearInAtom() throws {
    let feed = Feeds.atom(
      updated: "2027-01-01T00:41:00Z",
      entries: [
        (
          "nyy1", "2027-01-01T00:20:11Z", "2027-01-01T00:20:11Z", "Queue delays over New Year",
          [
            ("Jan 1, 00:20 UTC", "Resolved", "This incident has been resolved."),
            ("Dec 31, 23:55 UTC", "Update", "Queues are draining."),
            ("Dec 31, 23:10 UTC", "Investigating", "We are investigating delayed jobs."),
          ]
        )
      ])
    let outcome = try Feeds.importing([try Feeds.snapshot(feed)])
    let incident = try Feeds.incident(outcome, "sp-acme-nyy1")
    #expect(
      incident.statements.map(\.at.text) == ["2026-12-31T23:10:00Z", "2026-12-31T23:55:00Z", "2027-01-01T00:20:00Z"])
    #expect(incident.timeline.started.text == "2026-12-31T23:10:00Z")
    #expect(incident.timeline.resolved?.text == "2027-01-01T00:20:00Z")
  }

  @Test func yearlessStampsCrossNewYearInRSSWithAnOffsetZone() throws {
    // An RSS history feed; the page shows its updates in US Pacific time (PST, UTC-8).
    let html = Feeds.html([
      ("Jan 2, 01:00 PST", "Resolved", "Resolved."),
      ("Dec 31, 22:30 PST", "Investigating", "We are looking into failed logins."),
    ])
    let feed = """
      <?xml version="1.0" encoding="UTF-8"?>
      <rss version="2.0"><channel><title>Example Status - Incident History</title>
      <link>https://status.example.test</link><pubDate>Sat, 02 Jan 2027 09:05:00 +0000</pubDate>
      <item><title>Failed logins</title><description>\(Feeds.escape(html))</description>
      <pubDate>Sat, 02 Jan 2027 09:00:41 +0000</pubDate>
      <link>https://status.example.test/incidents/rss1</link><guid>https://status.example.test/incidents/rss1</guid>
      </item></channel></rss>
      """
    let snapshot = try Feeds.snapshot(feed)
    #expect(snapshot.kind == .statuspageRSS)
    let incident = try Feeds.incident(try Feeds.importing([snapshot]), "sp-acme-rss1")
    #expect(incident.statements.map(\.at.text) == ["2027-01-01T06:30:00Z", "2027-01-02T09:00:00Z"])
  }

  /// Snapshot 1 of the real GitHub capture as it would have read before the root cause was added to entry
  /// 31199495: its Resolved update said only "This incident has been resolved.", and the entry's and the feed's
  /// updated times were earlier. (An edit of the real fixture, made here.)
  static func githubBeforeTheRootCause() -> String {
    var text = Fixtures.text("feeds/githubstatus_history_2026-08-22_becbfc21.atom")
    let start = text.range(
      of:
        "&lt;strong&gt;Resolved&lt;/strong&gt; - On February 18, 2026, between 05:02 UTC and 11:30 UTC, customers were unable to view"
    )!
    let end = text.range(of: "&lt;/p&gt;", range: start.upperBound..<text.endIndex)!
    text.replaceSubrange(
      start.lowerBound..<end.lowerBound,
      with: "&lt;strong&gt;Resolved&lt;/strong&gt; - This incident has been resolved. ")
    text = text.replacingOccurrences(
      of: "<published>2026-08-18T11:42:59Z</published>\n    <updated>2026-08-21T22:46:07Z</updated>",
      with: "<published>2026-08-18T11:42:59Z</published>\n    <updated>2026-08-18T11:42:59Z</updated>")
    return text.replacingOccurrences(
      of: "<updated>2026-08-22T03:43:56Z</updated>", with: "<updated>2026-08-19T06:00:00Z</updated>")
  }

  @Test func aRootCauseAddedInASecondSnapshotIsDatedFromIt() throws {
    let first = try Feeds.snapshot(Self.githubBeforeTheRootCause(), name: "2026-08-19.atom")
    let second = try Feeds.fixture("githubstatus_history_2026-08-22_becbfc21.atom")
    // Given in either order: snapshots are ordered by the feed's own updated time.
    for order in [[first, second], [second, first]] {
      let outcome = try Feeds.importing(order, vendor: "github")
      let runners = try Feeds.incident(outcome, "sp-github-bmpybhnrky3x")
      // Not the update's stamp (Aug 18, 11:42), but the entry's updated time in the snapshot that first shows it.
      #expect(runners.timeline.rootCausePublished?.text == "2026-08-21T22:46:07Z")
      #expect(runners.revisions.count == 1)
      let revision = try #require(runners.revisions.first)
      #expect(revision.update == "2026-08-18T11:42:00Z#1")
      #expect(revision.at.text == "2026-08-18T11:42:00Z")
      #expect(revision.before.text == "This incident has been resolved.")
      #expect(revision.before.firstSeen.text == "2026-08-18T11:42:00Z")
      #expect(revision.before.lastSeen.text == "2026-08-19T06:00:00Z")
      let after = try #require(revision.after)
      #expect(after.text.hasPrefix("On February 18, 2026, between 05:02 UTC and 11:30 UTC"))
      #expect(after.firstSeen.text == "2026-08-21T22:46:07Z")
      #expect(after.lastSeen.text == "2026-08-22T03:43:56Z")
      #expect(revision.addsRootCause)
      #expect(outcome.revisions == 1)
      // The other incidents did not change.
      #expect(outcome.incidents.filter { !$0.revisions.isEmpty }.map(\.id) == ["sp-github-bmpybhnrky3x"])
    }
  }

  @Test func anEditWithoutAnEntryUpdateIsDatedFromTheSnapshot() throws {
    func feed(updated: String, resolvedText: String) -> String {
      Feeds.atom(
        updated: updated,
        entries: [
          (
            "edit1", "2026-05-02T10:00:00Z", "2026-05-02T10:00:00Z", "Slow API",
            [("May 2, 10:00 UTC", "Resolved", resolvedText), ("May 2, 09:00 UTC", "Investigating", "Looking.")]
          )
        ])
    }
    let first = try Feeds.snapshot(feed(updated: "2026-05-03T00:00:00Z", resolvedText: "Resolved."))
    let second = try Feeds.snapshot(
      feed(updated: "2026-05-20T00:00:00Z", resolvedText: "Resolved. The issue was caused by a bad configuration push.")
    )
    let incident = try Feeds.incident(try Feeds.importing([first, second]), "sp-acme-edit1")
    // The entry's <updated> did not move: the edit is dated by the second snapshot's time.
    #expect(incident.timeline.rootCausePublished?.text == "2026-05-20T00:00:00Z")
    #expect(incident.revisions.first?.after?.firstSeen.text == "2026-05-20T00:00:00Z")
    #expect(incident.statements.last?.cause == .configurationChange)
  }

  @Test func updatesAndIncidentsThatDisappearAreReported() throws {
    let older = (
      code: "old1", published: "2026-04-01T10:00:00Z", updated: "2026-04-01T10:00:00Z", title: "Older incident",
      updates: [("Apr 1, 10:00 UTC", "Resolved", "Resolved.")]
    )
    let removed = (
      code: "gone1", published: "2026-04-05T10:00:00Z", updated: "2026-04-05T10:00:00Z", title: "Embarrassing incident",
      updates: [
        ("Apr 5, 10:00 UTC", "Resolved", "Resolved."),
        ("Apr 5, 09:30 UTC", "Update", "An operator deleted the cluster."),
        ("Apr 5, 09:00 UTC", "Investigating", "Investigating."),
      ]
    )
    var trimmed = removed
    trimmed.updates = [removed.updates[0], removed.updates[2]]
    let first = try Feeds.snapshot(Feeds.atom(updated: "2026-04-06T00:00:00Z", entries: [removed, older]))
    let second = try Feeds.snapshot(Feeds.atom(updated: "2026-04-07T00:00:00Z", entries: [trimmed, older]))
    let third = try Feeds.snapshot(Feeds.atom(updated: "2026-04-08T00:00:00Z", entries: [older]))
    let outcome = try Feeds.importing([first, second, third])
    let incident = try Feeds.incident(outcome, "sp-acme-gone1")
    // The update removed between the first and second snapshots: a revision without an "after".
    let revision = try #require(incident.revisions.first)
    #expect(revision.after == nil)
    #expect(revision.before.text == "An operator deleted the cluster.")
    #expect(revision.before.lastSeen.text == "2026-04-06T00:00:00Z")
    // The statement was made all the same.
    #expect(incident.statements.count == 3)
    // The incident disappeared while the older one stayed: removed, not aged out.
    #expect(
      incident.removedFromFeed
        == RemovedFromFeed(
          lastSeen: Timestamp("2026-04-07T00:00:00Z")!, missingSince: Timestamp("2026-04-08T00:00:00Z")!))
    #expect(try Feeds.incident(outcome, "sp-acme-old1").removedFromFeed == nil)
  }

  @Test func anIncidentThatAgedOutIsNotReportedAsRemoved() throws {
    let old = (
      code: "aged1", published: "2026-04-01T10:00:00Z", updated: "2026-04-01T10:00:00Z", title: "Old",
      updates: [("Apr 1, 10:00 UTC", "Resolved", "Resolved.")]
    )
    let new = (
      code: "new1", published: "2026-04-09T10:00:00Z", updated: "2026-04-09T10:00:00Z", title: "New",
      updates: [("Apr 9, 10:00 UTC", "Resolved", "Resolved.")]
    )
    let first = try Feeds.snapshot(Feeds.atom(updated: "2026-04-02T00:00:00Z", entries: [old]))
    let second = try Feeds.snapshot(Feeds.atom(updated: "2026-04-10T00:00:00Z", entries: [new]))
    let outcome = try Feeds.importing([first, second])
    #expect(try Feeds.incident(outcome, "sp-acme-aged1").removedFromFeed == nil)
  }

  @Test func intoAnExistingFileKeepsWhatWasWrittenByHand() throws {
    let feed = try Feeds.fixture("githubstatus_api_v2_incidents_2024-09_excerpt_from_slok-stactus.json")
    let first = try Feeds.importing([feed], vendor: "github")
    // An analyst adds a finding, a statement from a blog post and the detection time to one incident, and writes a
    // whole incident by hand.
    var incidents = first.incidents
    let index = try #require(incidents.firstIndex { $0.id == "sp-github-69sb0f8lydp4" })
    incidents[index].findings.append(
      Finding(
        source: "analyst", origin: .independent, confidence: .corroborated, cause: .configurationChange,
        summary: "A configuration change to the Actions runners.", observed: [], url: nil,
        location: SourceLocation(file: "x", line: 1, column: 1)))
    incidents[index].statements.append(
      Statement(
        at: Timestamp("2024-09-20T10:00:00Z")!, source: "engineering blog", cause: .configurationChange,
        aiInvolvement: .notMentioned, text: "A configuration change caused the outage.", url: nil))
    incidents[index].timeline.detected = Timestamp("2024-09-16T21:35:00Z")
    var handWritten = incidents[index]
    handWritten.id = "GH-HAND-1"
    handWritten.source = nil
    handWritten.statements = []
    handWritten.revisions = []
    incidents.append(handWritten)
    let edited = IncidentsWriter.document(sources: [], incidents: incidents)
    let read = try DocumentReader.read(SourceText(name: "edited.xml", bytes: Array(edited.utf8)), expecting: .incidents)
    let existing = (IncidentsReader.sources(read.root), IncidentsReader.read(read.root, file: "edited.xml").0)

    let merged = try Feeds.importing([feed], vendor: "github", existing: existing)
    let incident = try Feeds.incident(merged, "sp-github-69sb0f8lydp4")
    #expect(incident.findings.map(\.source) == ["analyst"])
    #expect(incident.statements.count == 7)
    #expect(incident.statements.last?.source == "engineering blog")
    #expect(incident.timeline.detected?.text == "2024-09-16T21:35:00Z")
    #expect(merged.incidents.map(\.id) == ["sp-github-69sb0f8lydp4", "sp-github-r3x7x31k7nn1", "GH-HAND-1"])
    #expect(merged.added == 0)
    // And once more: nothing changes.
    let again = try DocumentReader.read(
      SourceText(name: "merged.xml", bytes: Array(merged.document.utf8)), expecting: .incidents)
    let twice = try Feeds.importing(
      [feed], vendor: "github",
      existing: (IncidentsReader.sources(again.root), IncidentsReader.read(again.root, file: "merged.xml").0))
    #expect(twice.document == merged.document)
  }

  @Test func theSameIncidentFromJSONAndAtomIsOneIncident() throws {
    let json = """
      {"page":{"id":"p1","name":"Example","url":"https://status.example.test","updated_at":"2026-05-02T12:00:00Z"},
       "incidents":[{"id":"both1","name":"Slow API","status":"resolved","impact":"minor",
         "created_at":"2026-05-02T09:00:05.120Z","started_at":"2026-05-02T08:45:00Z","resolved_at":"2026-05-02T10:00:07Z",
         "updated_at":"2026-05-02T10:00:07Z",
         "incident_updates":[
           {"id":"u2","status":"resolved","body":"Resolved.","created_at":"2026-05-02T10:00:07Z","updated_at":"2026-05-02T10:00:07Z","display_at":"2026-05-02T10:00:07Z"},
           {"id":"u1","status":"investigating","body":"Looking.","created_at":"2026-05-02T09:00:05Z","updated_at":"2026-05-02T09:00:05Z","display_at":"2026-05-02T08:50:00Z"}]}]}
      """
    let atom = Feeds.atom(
      updated: "2026-05-02T12:00:00Z",
      entries: [
        (
          "both1", "2026-05-02T10:00:07Z", "2026-05-02T10:00:07Z", "Slow API",
          [("May 2, 10:00 UTC", "Resolved", "Resolved."), ("May 2, 09:00 UTC", "Investigating", "Looking.")]
        )
      ])
    let outcome = try Feeds.importing([try Feeds.snapshot(atom), try Feeds.snapshot(json, name: "incidents.json")])
    #expect(outcome.incidents.count == 1)
    let incident = try Feeds.incident(outcome, "sp-acme-both1")
    // The JSON's statements (to the second, with ids) are kept; its stated start counts.
    #expect(incident.statements.map(\.update) == ["u1", "u2"])
    #expect(incident.timeline.started.text == "2026-05-02T08:45:00Z")
    #expect(incident.timeline.firstStatement?.text == "2026-05-02T09:00:05Z")
    // display_at earlier than created_at: back-dated, kept as displayed-at.
    #expect(incident.statements.first?.displayedAt?.text == "2026-05-02T08:50:00Z")
    #expect(DisclosureScorer.figures(of: incident).backdatedStatements == 1)
  }
}
