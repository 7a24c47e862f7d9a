import CandorXML
import Foundation
import Testing

@testable import CandorKit

/// Every real file in Tests/Fixtures/feeds imports into a valid incidents file whose timelines match the source.
@Suite struct FeedFixtureTests {
  @Test func githubStatusAtomFeed() throws {
    let snapshot = try Feeds.fixture("githubstatus_history_2026-08-22_becbfc21.atom")
    #expect(snapshot.kind == .statuspageAtom)
    let outcome = try Feeds.importing([snapshot], vendor: "github")
    #expect(outcome.incidents.count == 25)

    // Entry 31233568: twelve updates from "Aug 20, 14:43 UTC" (Investigating) to "Aug 21, 00:37 UTC" (Resolved).
    let agentTasks = try Feeds.incident(outcome, "sp-github-bhbcjn4n3jzp")
    #expect(agentTasks.title == "Intermittent failures creating agent tasks")
    #expect(agentTasks.timeline.started.text == "2026-08-20T14:43:00Z")
    #expect(agentTasks.timeline.firstStatement?.text == "2026-08-20T14:43:00Z")
    #expect(agentTasks.timeline.resolved?.text == "2026-08-21T00:37:00Z")
    #expect(agentTasks.timeline.rootCausePublished == nil)
    #expect(agentTasks.statements.count == 12)
    #expect(agentTasks.statements.first?.status == "investigating")
    #expect(agentTasks.statements.last?.status == "resolved")
    #expect(agentTasks.url == "https://www.githubstatus.com/incidents/bhbcjn4n3jzp")
    // "A detailed root cause analysis will be shared as soon as it is available" promises one: it is not one.
    #expect(agentTasks.statements.allSatisfy { !$0.publishesRootCause })

    // Entry 31199495: resolved Aug 18, 11:42; the root cause is in the Resolved update, and the entry was updated
    // on 2026-08-21T22:46:07Z: from one snapshot, the root cause is dated by that update.
    let runners = try Feeds.incident(outcome, "sp-github-bmpybhnrky3x")
    #expect(runners.timeline.started.text == "2026-08-18T07:40:00Z")
    #expect(runners.timeline.resolved?.text == "2026-08-18T11:42:00Z")
    #expect(runners.timeline.rootCausePublished?.text == "2026-08-21T22:46:07Z")
    let resolvedUpdate = try #require(runners.statements.last)
    #expect(resolvedUpdate.publishesRootCause)
    #expect(resolvedUpdate.seen?.text == "2026-08-21T22:46:07Z")
    #expect(resolvedUpdate.derivation?.rootCause.contains("was caused by") == true)
    // Two updates share the stamp Aug 18, 07:40 (Investigating, then Monitoring): both are kept, keyed apart.
    #expect(
      runners.statements.filter { $0.at.text == "2026-08-18T07:40:00Z" }.map(\.update) == [
        "2026-08-18T07:40:00Z#1", "2026-08-18T07:40:00Z#2",
      ])

    // Entry 31193766: 36 updates, Aug 17 13:40 to 21:15.
    let outage = try Feeds.incident(outcome, "sp-github-zkxwbgr0cnmx")
    #expect(outage.statements.count == 36)
    #expect(outage.timeline.started.text == "2026-08-17T13:40:00Z")
    #expect(outage.timeline.resolved?.text == "2026-08-17T21:15:00Z")
    #expect(outage.timeline.rootCausePublished?.text == "2026-08-18T19:21:36Z")

    // Entry 31107739 spans two days: Aug 6 15:22 to Aug 7 02:04.
    let actions = try Feeds.incident(outcome, "sp-github-qcvjkzcs7j74")
    #expect(actions.timeline.started.text == "2026-08-06T15:22:00Z")
    #expect(actions.timeline.resolved?.text == "2026-08-07T02:04:00Z")
  }

  @Test func githubStatusJSONExcerpt() throws {
    let snapshot = try Feeds.fixture("githubstatus_api_v2_incidents_2024-09_excerpt_from_slok-stactus.json")
    #expect(snapshot.kind == .statuspageJSON)
    let outcome = try Feeds.importing([snapshot], vendor: "github")
    #expect(outcome.incidents.count == 2)
    let pages = try Feeds.incident(outcome, "sp-github-69sb0f8lydp4")
    #expect(pages.severity == .high)  // impact "major"
    #expect(pages.timeline.started.text == "2024-09-16T21:31:02Z")  // started_at 21:31:02.713Z, to the second
    #expect(pages.timeline.firstStatement?.text == "2024-09-16T21:31:02Z")
    #expect(pages.timeline.resolved?.text == "2024-09-16T22:08:39Z")
    #expect(pages.statements.count == 6)
    #expect(pages.statements.map(\.update).first == "9lpqk4965mzb")
    let ssh = try Feeds.incident(outcome, "sp-github-r3x7x31k7nn1")
    #expect(ssh.severity == .medium)  // "minor"
    #expect(ssh.timeline.started.text == "2024-09-16T13:29:47Z")
    #expect(ssh.timeline.resolved?.text == "2024-09-16T14:28:03Z")
    // "<br /><br />" in a body is HTML: reduced to text.
    #expect(
      ssh.statements.contains { $0.text.hasPrefix("We are seeing up to 2% of Git SSH connections failing. We have") })
  }

  @Test func googleCloudIncidents() throws {
    let snapshot = try Feeds.fixture("gcp_status_incidents_2022-07.json")
    #expect(snapshot.kind == .googleCloudJSON)
    let outcome = try Feeds.importing([snapshot], vendor: "google-cloud")
    #expect(outcome.incidents.count == 157)
    let bigQuery = try Feeds.incident(outcome, "gcp-google-cloud-TaA75H7XA1DQyM2ReK2f")
    #expect(bigQuery.severity == .low)
    #expect(bigQuery.timeline.started.text == "2022-07-01T13:37:44Z")
    #expect(bigQuery.timeline.firstStatement?.text == "2022-07-01T14:04:53Z")
    #expect(bigQuery.timeline.resolved?.text == "2022-07-01T19:25:45Z")
    #expect(bigQuery.statements.count == 5)
    #expect(bigQuery.url == "https://status.cloud.google.com/incidents/TaA75H7XA1DQyM2ReK2f")
    // Apigee: the incident report ("the root cause of the issue was an SSL certificate …") came the next day,
    // created at 18:13:17 and last modified at 18:13:20: from one snapshot, the latest time it could have been
    // written is taken.
    let apigee = try Feeds.incident(outcome, "gcp-google-cloud-sPyYB214xAhqnoxNrrnW")
    #expect(apigee.timeline.started.text == "2022-06-29T20:54:00Z")
    #expect(apigee.timeline.firstStatement?.text == "2022-06-29T22:14:41Z")
    #expect(apigee.timeline.resolved?.text == "2022-06-29T22:59:00Z")
    #expect(apigee.timeline.rootCausePublished?.text == "2022-06-30T18:13:20Z")
    // Composer: "Engineering has identified the root cause" while still investigating publishes none.
    let composer = try Feeds.incident(outcome, "gcp-google-cloud-V3AJNVDysYF1EXttKC3N")
    #expect(composer.timeline.started.text == "2022-06-29T18:29:36Z")
    #expect(composer.timeline.resolved?.text == "2022-06-30T18:42:09Z")
    #expect(composer.statements.count == 8)
    #expect(
      composer.statements.filter { $0.text.contains("identified the root cause") }.allSatisfy { !$0.publishesRootCause }
    )
  }

  @Test func aiIncidentDatabaseGraphQLAndClassifications() throws {
    let graphQL = try Feeds.fixture("aiid_graphql_incidents_sample.json")
    let classifications = try Feeds.fixture("aiid_sample-incident-classifications.csv")
    #expect(graphQL.kind == .aiidJSON)
    #expect(classifications.kind == .aiidCSV)
    let entities = EntityMap([("uber", "uber"), ("Navya", "navya"), ("microsoft", "microsoft")])
    let outcome = try Feeds.importing([graphQL, classifications], vendor: nil, entities: entities)
    let uber = try Feeds.incident(outcome, "aiid-uber-4")
    #expect(uber.timeline.started.text == "2025-06-16T00:00:00Z")
    #expect(uber.statements.isEmpty)
    #expect(!uber.statementsCollected)
    let finding = try #require(uber.findings.first)
    #expect(finding.origin == .independent)
    #expect(finding.confidence == .reported)
    #expect(finding.url == "https://incidentdatabase.ai/cite/4")
    #expect(finding.references.count == 25)
    let navya = try Feeds.incident(outcome, "aiid-navya-23")
    #expect(navya.timeline.started.text == "2025-06-15T00:00:00Z")
    // The classifications CSV: incident 2 (Tay), dated 3/24/2016 (month first, as the file's 5/19/2015 shows).
    let tay = try Feeds.incident(outcome, "aiid-microsoft-2")
    #expect(tay.timeline.started.text == "2016-03-24T00:00:00Z")
    #expect(tay.findings.first?.cause == .aiAgent)  // Entity: AI
    // Report titles and authors are never copied; the attribution the licence asks for is in the file.
    #expect(!outcome.document.contains("Self-driving shuttle bus in crash on first day"))
    #expect(!outcome.document.contains("Dave Lee"))
    #expect(outcome.document.contains("licence=\"CC BY-SA 4.0\""))
    // YouTube (incident 1) is not mapped: left out, and said so.
    #expect(!outcome.incidents.contains { $0.id.hasPrefix("aiid-youtube") })
    #expect(outcome.notes.contains { $0.contains("name no organisation mapped") })
  }

  @Test func everyImportIsAValidIncidentsFileThatReadsBackTheSame() throws {
    for (name, vendor) in [
      ("githubstatus_history_2026-08-22_becbfc21.atom", "github"),
      ("githubstatus_api_v2_incidents_2024-09_excerpt_from_slok-stactus.json", "github"),
      ("gcp_status_incidents_2022-07.json", "google-cloud"),
    ] {
      let outcome = try Feeds.importing([try Feeds.fixture(name)], vendor: vendor)
      let source = SourceText(name: "imported.xml", bytes: Array(outcome.document.utf8))
      let read = try DocumentReader.read(source, expecting: .incidents)
      #expect(read.schemaDiagnostics.isEmpty, "\(name): \(read.schemaDiagnostics)")
      // Importing into the file itself changes nothing.
      let existing = (IncidentsReader.sources(read.root), IncidentsReader.read(read.root, file: "imported.xml").0)
      let again = try Feeds.importing([try Feeds.fixture(name)], vendor: vendor, existing: existing)
      #expect(again.document == outcome.document, "\(name) is not idempotent")
      #expect(again.added == 0)
    }
  }
}
