import CandorXML
import Foundation
import Testing

@testable import CandorKit

/// Hostile and broken feeds: each is a located error or a documented limit, never a crash.
@Suite struct FeedHardeningTests {
  static let oneEntry = Feeds.atom(
    updated: "2026-05-03T00:00:00Z",
    entries: [
      (
        "h1", "2026-05-02T10:00:00Z", "2026-05-02T10:00:00Z", "Incident",
        [("May 2, 10:00 UTC", "Resolved", "Resolved."), ("May 2, 09:00 UTC", "Investigating", "Looking.")]
      )
    ])

  @Test func aDoctypeInAFeedIsRefused() {
    let xxe = Self.oneEntry.replacingOccurrences(
      of: "<feed ", with: "<!DOCTYPE feed [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<feed ")
    let errors = Feeds.errors { _ = try Feeds.snapshot(xxe) }
    #expect(errors.count == 1)
    #expect(errors.first?.hasPrefix("2:1: a DOCTYPE is not allowed") == true)
    let rss =
      "<?xml version=\"1.0\"?><!DOCTYPE rss SYSTEM \"http://attacker.test/x.dtd\"><rss><channel></channel></rss>"
    #expect(Feeds.errors { _ = try Feeds.snapshot(rss) }.first?.contains("a DOCTYPE is not allowed") == true)
  }

  @Test func scriptsAndBrokenHTMLInAnEntryAreText() throws {
    let feed = Self.oneEntry.replacingOccurrences(
      of: "Looking.",
      with: "Looking.&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;unclosed &amp;amp; &lt;i&gt;tags&lt;/div&gt; more")
    let incident = try Feeds.incident(try Feeds.importing([try Feeds.snapshot(feed)]), "sp-acme-h1")
    let text = try #require(incident.statements.first?.text)
    #expect(!text.contains("alert"))
    #expect(text.hasPrefix("Looking."))
    #expect(text.contains("unclosed & tags more"))
  }

  @Test func entryHTMLNestedTooDeepIsALocatedError() {
    let deep = String(repeating: "<div>", count: 100) + "x"
    let feed = Self.oneEntry.replacingOccurrences(of: "Looking.", with: Feeds.escape(deep))
    let errors = Feeds.errors { _ = try Feeds.snapshot(feed) }
    #expect(errors.count == 1)
    #expect(
      errors.first?.contains("the entry's HTML is refused: HTML elements nested more than 64 levels deep") == true)
    #expect(errors.first?.hasPrefix("13:5: ") == true)  // where <content> starts
  }

  @Test func aGiganticFeedIsRefusedBeforeItIsRead() {
    var limits = FeedLimits.default
    limits.maxBytes = 1_000
    let errors = Feeds.errors {
      _ = try Feeds.snapshot(Self.oneEntry + String(repeating: " ", count: 2_000), limits: limits)
    }
    #expect(errors.first?.contains("more than the limit of 1000 bytes") == true)
  }

  @Test func tooManyIncidentsOrUpdatesAreLimits() {
    var limits = FeedLimits.default
    limits.maxUpdates = 1
    #expect(
      Feeds.errors { _ = try Feeds.snapshot(Self.oneEntry, limits: limits) }.first?.contains(
        "more than 1 updates in one entry") == true)
    limits = .default
    limits.maxIncidents = 0
    #expect(
      Feeds.errors { _ = try Feeds.snapshot(Self.oneEntry, limits: limits) }.first?.contains("more than 0 entries")
        == true)
  }

  @Test func thousandsOfUpdatesWithinTheLimitImport() throws {
    let updates = (0..<3_000).map { index -> (String, String, String) in
      let minute = 2_999 - index
      let stamp = "May 2, \(String(format: "%02d", minute / 60 % 24)):\(String(format: "%02d", minute % 60)) UTC"
      return (stamp, index == 0 ? "Resolved" : "Update", "Update number \(minute).")
    }
    let feed = Feeds.atom(
      updated: "2026-05-03T00:00:00Z",
      entries: [("many", "2026-05-02T01:59:00Z", "2026-05-02T01:59:00Z", "Many", updates)])
    let outcome = try Feeds.importing([try Feeds.snapshot(feed)])
    #expect(try Feeds.incident(outcome, "sp-acme-many").statements.count == 3_000)
  }

  @Test func datesInTheFutureAreErrors() {
    let feed = Feeds.atom(
      updated: "2031-05-03T00:00:00Z",
      entries: [
        ("fut", "2031-05-02T10:00:00Z", "2031-05-02T10:00:00Z", "Future", [("May 2, 10:00 UTC", "Resolved", "x")])
      ])
    let errors = Feeds.errors { _ = try Feeds.importing([try Feeds.snapshot(feed)]) }
    #expect(errors.count == 1)
    #expect(
      errors.first?.contains("2031-05-02T10:00:00Z is in the future (more than a day after 2027-06-01T00:00:00Z)")
        == true)
  }

  @Test func duplicateIdsAreErrorsAtTheSecond() {
    let entry = (
      code: "dup", published: "2026-05-02T10:00:00Z", updated: "2026-05-02T10:00:00Z", title: "Twice",
      updates: [("May 2, 10:00 UTC", "Resolved", "x")]
    )
    let feed = Feeds.atom(updated: "2026-05-03T00:00:00Z", entries: [entry, entry])
    let errors = Feeds.errors { _ = try Feeds.importing([try Feeds.snapshot(feed)]) }
    #expect(errors == ["15:3: duplicate incident id \"dup\" (first at line 7)"])
    let json = """
      {"page":{"id":"p"},"incidents":[{"id":"a","name":"A","created_at":"2026-05-02T10:00:00Z",
      "incident_updates":[{"id":"u","status":"resolved","body":"x","created_at":"2026-05-02T10:00:00Z"},
      {"id":"u","status":"resolved","body":"y","created_at":"2026-05-02T10:01:00Z"}]}]}
      """
    let jsonErrors = Feeds.errors { _ = try Feeds.importing([try Feeds.snapshot(json, name: "i.json")]) }
    #expect(jsonErrors == ["3:1: incident \"a\": duplicate update id \"u\""])
  }

  @Test func jsonErrorsNameTheFieldWithItsLineAndColumn() {
    let json = """
      {"page": {"id": "p"},
       "incidents": [
         {"id": "a", "name": "A", "started_at": "2026-05-02 10:00:00",
          "incident_updates": [{"id": "u", "status": "investigating", "body": "x", "created_at": 12}]}]}
      """
    let errors = Feeds.errors { _ = try Feeds.snapshot(json, name: "incidents.json") }
    #expect(
      errors == [
        "3:43: incidents[0].started_at: \"2026-05-02 10:00:00\" has no time zone; expected a date and time with a time zone, such as 2024-09-16T21:31:02Z or 2024-09-16T21:31:02+00:00",
        "4:92: incidents[0].incident_updates[0].created_at: \"12\" is a number that is neither Unix seconds (9 or 10 digits) nor milliseconds (12 or 13 digits)",
      ])
    #expect(
      Feeds.errors { _ = try Feeds.snapshot("{\"page\": {\"id\": \"p\"}, \"incidents\": [1,]}") } == [
        "1:39: unexpected ']'; expected a JSON value"
      ])
    let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
    #expect(
      Feeds.errors { _ = try Feeds.snapshot(deep) } == [
        "1:65: arrays and objects nested more than 64 levels deep; the limit is 64"
      ])
  }

  @Test func ambiguousTimesAreRefused() {
    let html = Feeds.html([("Aug 2, 10:00 IST", "Resolved", "x")])
    let feed = Self.oneEntry.replacingOccurrences(
      of: Feeds.escape(
        Feeds.html([("May 2, 10:00 UTC", "Resolved", "Resolved."), ("May 2, 09:00 UTC", "Investigating", "Looking.")])),
      with: Feeds.escape(html))
    let errors = Feeds.errors { _ = try Feeds.snapshot(feed) }
    #expect(errors.first?.contains("the time zone \"IST\" is unknown or ambiguous") == true)
  }

  @Test func unknownSourcesAndWrongKindsAreErrors() {
    #expect(
      Feeds.errors { _ = try Feeds.snapshot("hello") }.first?.contains("cannot tell the kind of this file") == true)
    #expect(Feeds.errors { _ = try Feeds.snapshot("[]") }.first?.contains("name it with --from") == true)
    #expect(
      Feeds.errors { _ = try Feeds.snapshot(Self.oneEntry, kind: .googleCloudJSON) }.first?.contains(
        "the file is statuspage-atom, not google-cloud-json") == true)
    let notAFeed = "<?xml version=\"1.0\"?><html><body/></html>"
    #expect(Feeds.errors { _ = try Feeds.snapshot(notAFeed) }.first?.contains("expected an Atom <feed") == true)
  }

  @Test func importsNeedAVendorOrAnEntityMap() throws {
    let status = try Feeds.snapshot(Self.oneEntry)
    #expect(Feeds.errors { _ = try Feeds.importing([status], vendor: nil) }.first?.contains("--vendor") == true)
    let aiid = try Feeds.fixture("aiid_graphql_incidents_sample.json")
    #expect(Feeds.errors { _ = try Feeds.importing([aiid], vendor: "acme") }.first?.contains("--entity") == true)
  }

  @Test func ambiguousSlashDatesInAnAIIDCSVAreRefused() {
    let csv = "Incident ID,Date,Summary,AIID URL,Alleged deployer\n7,3/4/2016,x,u,\"[\"\"acme\"\"]\"\n"
    let errors = Feeds.errors { _ = try Feeds.snapshot(csv, name: "c.csv") }
    #expect(errors.first?.hasPrefix("2:2: the date \"3/4/2016\" is ambiguous (month/day or day/month)") == true)
  }

  @Test func longStatementsAreCutAndMarked() throws {
    var limits = FeedLimits.default
    limits.maxStatementCharacters = 100
    let feed = Self.oneEntry.replacingOccurrences(of: "Looking.", with: String(repeating: "word ", count: 100))
    let outcome = try Feeds.importing([try Feeds.snapshot(feed)], limits: limits)
    let statement = try #require(try Feeds.incident(outcome, "sp-acme-h1").statements.first)
    #expect(statement.truncated)
    #expect(statement.text.count == 100)
    #expect(statement.text.hasSuffix("…"))
  }

  @Test func linksThatAreNotHTTPAreDroppedAndEmptyIdsRefused() throws {
    let json = """
      {"page":{"id":"p","url":"javascript:alert(1)"},"incidents":[{"id":"a","name":"  ","shortlink":"https://x.test/a b",
       "created_at":"2026-05-02T10:00:00Z","incident_updates":[{"id":"","status":"","body":"x",
       "created_at":"2026-05-02T10:00:00Z"}]}]}
      """
    let outcome = try Feeds.importing([try Feeds.snapshot(json, name: "i.json")])
    let incident = try Feeds.incident(outcome, "sp-acme-a")
    #expect(incident.url == nil)
    #expect(incident.title == "a")
    #expect(incident.statements.first?.update == "2026-05-02T10:00:00Z#0")
    #expect(incident.statements.first?.status == "update")
    let empty = "{\"page\":{\"id\":\"p\"},\"incidents\":[{\"id\":\" \",\"name\":\"A\"}]}"
    #expect(Feeds.errors { _ = try Feeds.snapshot(empty) } == ["1:39: incidents[0].id: an empty id"])
  }

  @Test func timesThatCannotBeWrittenAreRefused() {
    let json = """
      {"page":{"id":"p"},"incidents":[{"id":"a","name":"A","started_at":"9999-12-31T23:00:00-05:00"}]}
      """
    #expect(
      Feeds.errors { _ = try Feeds.snapshot(json) }.first?.contains(
        "is outside the years 1900 to 9998 that candor accepts")
        == true)
  }
}
