import CandorXML
import Foundation
import Testing

@testable import CandorKit

/// The measured disclosure figures, and how imported incidents reach the assessment and report.xml.
@Suite struct DisclosureFigureTests {
  /// The scenario vendor (acme) assessed as of 2026-08-22 with `incidents`.
  static func assess(_ incidents: [Incident]) throws -> Assessment {
    let loaded = try Scenario().inputs()
    return Assessor.assess(
      loaded.responses[0], questionnaire: loaded.questionnaire, incidents: incidents, asOf: CalendarDate("2026-08-22"))
  }

  @Test func figuresOfAHandWrittenIncident() throws {
    var scenario = Scenario()
    scenario.incidents = [
      Scenario.incident(
        detected: "2026-09-01T01:00:00Z", resolved: "2026-09-02T01:00:00Z", firstStatement: "2026-09-01T03:00:00Z",
        rootCause: "2026-09-12T01:00:00Z", statementCause: "ai-agent")
    ]
    let disclosure = try #require(try scenario.assess().disclosures.first)
    #expect(disclosure.figures.hoursToFirstStatement == 2)
    #expect(disclosure.figures.daysToRootCause == 10)
    #expect(disclosure.figures.updates == 1)
    #expect(disclosure.figures.medianUpdateGapMinutes == nil)
    #expect(!disclosure.figures.hasEditsAfterTheFact)
  }

  @Test func importedIncidentsReachTheReport() throws {
    // The two-snapshot history of the GitHub capture (see FeedSnapshotTests), imported for a vendor and assessed.
    let first = try Feeds.snapshot(FeedSnapshotTests.githubBeforeTheRootCause(), name: "2026-08-19.atom")
    let second = try Feeds.fixture("githubstatus_history_2026-08-22_becbfc21.atom")
    let outcome = try Feeds.importing([first, second], vendor: "acme")
    let assessment = try Self.assess(outcome.incidents)
    let runners = try #require(assessment.disclosures.first { $0.incident.id == "sp-acme-bmpybhnrky3x" })
    #expect(runners.figures.hoursToFirstStatement == 0)
    #expect(runners.figures.updates == 5)
    #expect(runners.figures.editedStatements == 1)
    #expect(runners.figures.rootCauseEdits == 1)
    #expect(runners.figures.daysToRootCause.map { Format.oneDecimal($0) } == "3.5")
    #expect(runners.rootCause.measured.contains("(2026-08-21T22:46:07Z)"))
    // Gaps between 07:40, 07:40, 10:41, 11:24, 11:42: 0, 181, 43 and 18 minutes.
    #expect(runners.figures.medianUpdateGapMinutes == 30.5)
    #expect(runners.figures.longestUpdateGapMinutes == 181)
    let followUp = try #require(assessment.followUps.first { $0.kinds.contains(.silentEdit) })
    #expect(followUp.incidentIDs == ["sp-acme-bmpybhnrky3x"])
    #expect(followUp.priority == .p2)
    #expect(followUp.question.contains("1 update rewritten (a root cause added to an earlier update)"))

    let report = ReportXML.document(assessment)
    #expect(
      report.contains(
        "<figures hours-to-first-statement=\"0.0\" updates=\"5\" median-update-gap-minutes=\"30.5\" "
          + "longest-update-gap-minutes=\"181.0\" days-to-root-cause=\"3.5\" edited-statements=\"1\" "
          + "removed-statements=\"0\" root-cause-edits=\"1\" backdated-statements=\"0\" removed-from-feed=\"false\"/>"))
    #expect(
      report.contains(
        "<revision update=\"2026-08-18T11:42:00Z#1\" at=\"2026-08-18T11:42:00Z\" before-first-seen=\"2026-08-18T11:42:00Z\" "
          + "before-last-seen=\"2026-08-19T06:00:00Z\" after-first-seen=\"2026-08-21T22:46:07Z\" adds-root-cause=\"true\"/>"
      ))
    let problems = try #require(Schemas.schema(for: .report)).validate(
      try ParsedDocument.parse(SourceText(name: "report.xml", bytes: Array(report.utf8))))
    #expect(problems.isEmpty)

    // The same figures and edits in the Markdown and HTML reports (one report document for both).
    let markdown = ReportMarkdown.render(assessment, templates: ReportTemplates.bundled(), chartFile: nil)
    #expect(markdown.contains("| 0.0 | 5 | 30.5 | 181.0 | 3.5 | 1 rewritten (root cause added) |"))
    #expect(markdown.contains("the new text adds a root cause"))
    let html = HTMLRenderer.render(VendorReport.document(assessment))
    #expect(html.contains("1 rewritten (root cause added)"))
    #expect(html.contains("Statements changed after the fact (1)"))

    // And in OSCAL, as properties of the incident's disclosure observation, by the same names.
    let oscal = OSCALExport.xml(assessment)
    for (name, value) in [
      ("hours-to-first-statement", "0.0"), ("updates", "5"), ("median-update-gap-minutes", "30.5"),
      ("days-to-root-cause", "3.5"), ("root-cause-edits", "1"), ("removed-from-feed", "false"),
    ] {
      #expect(oscal.contains("<prop name=\"\(name)\" ns=\"urn:candor:oscal\" value=\"\(value)\"/>"), "\(name)")
    }
    #expect(OSCALExport.json(assessment).contains("\"name\": \"days-to-root-cause\""))
  }

  @Test func incidentsKnownOnlyFromAnIndependentDatabaseAreNotScoredForDisclosure() throws {
    let aiid = try Feeds.fixture("aiid_graphql_incidents_sample.json")
    let outcome = try Feeds.importing([aiid], vendor: nil, entities: EntityMap([("uber", "acme")]))
    let assessment = try Self.assess(outcome.incidents)
    #expect(assessment.disclosures.isEmpty)
    #expect(assessment.incidentsWithoutStatements.map(\.id) == ["aiid-acme-4"])
    #expect(ReportXML.document(assessment).contains("<incident-without-statements id=\"aiid-acme-4\""))
  }
}
