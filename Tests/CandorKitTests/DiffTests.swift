import CandorXML
import Foundation
import Testing

@testable import CandorKit

/// `candor diff`: two rounds of one vendor, exactly what changed between them.
@Suite struct DiffTests {
  static let examples = Fixtures.packageRoot.appendingPathComponent("Examples")

  /// A fresh temporary folder, removed by the caller.
  func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("candor-diff-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Assesses one response file into `folder` and returns the path of its report.xml.
  func assess(_ response: URL, into folder: URL) throws -> String {
    let outcome = try AssessRun.run(
      RunConfiguration(
        responses: [response.path], incidents: [Self.examples.appendingPathComponent("incidents.xml").path],
        outputDirectory: folder.path, formats: [.xml]))
    return try #require(outcome.written.first { $0.hasSuffix(".report.xml") })
  }

  func report(_ assessment: Assessment, name: String) -> SourceText {
    SourceText(name: name, bytes: Array(ReportXML.document(assessment).utf8))
  }

  // MARK: - The two rounds of Oakhollow

  @Test func theTwoRoundsOfOakhollowDifferByExactlyTheChangesMade() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let old = try assess(
      Self.examples.appendingPathComponent("rounds/response-oakhollow-2025.xml"),
      into: folder.appendingPathComponent("2025"))
    let new = try assess(
      Self.examples.appendingPathComponent("response-oakhollow.xml"), into: folder.appendingPathComponent("2026"))
    let outcome = try DiffRun.run(
      DiffConfiguration(
        old: old, new: new, outputDirectory: folder.appendingPathComponent("diff").path, formats: [.md, .xml]))
    let diff = outcome.diff

    #expect(diff.vendor == Vendor(id: "oakhollow", name: "Oakhollow Systems"))
    #expect(diff.old.asOf == "2025-11-14" && diff.new.asOf == "2026-11-16")
    #expect(
      diff.scores.map {
        "\($0.measure) \($0.old?.description ?? "-") \($0.new?.description ?? "-") \($0.change?.signed ?? "-")"
      }
        == [
          "claimed 49.6 50.0 +0.4", "verified 40.2 40.7 +0.5", "say-do-gap 9.4 9.3 -0.1", "transparency 44.1 44.1 0.0",
        ])
    #expect(diff.old.rating == .high && diff.new.rating == .high && diff.ratingTrend == .unchanged)
    // Differences 1, 2 and 6 improve IDP-01, STP-01 and BLR-01; 3 and 5 make TST-02 and GOV-01 regress; 4 moves
    // no score. No other control changes.
    #expect(
      diff.controls.map {
        "\($0.id) \($0.trend.rawValue) \($0.oldVerified!) \($0.newVerified!) \($0.oldStatus) \($0.newStatus)"
      }
        == [
          "IDP-01 improved 25.0 41.0 not-satisfied not-satisfied",
          "STP-01 improved 47.0 53.0 not-satisfied satisfied",
          "BLR-01 improved 23.5 33.5 not-satisfied not-satisfied",
          "TST-02 regressed 12.5 0.0 not-satisfied not-satisfied",
          "GOV-01 regressed 72.5 62.5 satisfied satisfied",
        ])
    #expect(
      diff.controls.map { "\($0.oldClaimed!)→\($0.newClaimed!)" } == [
        "30.0→50.0", "62.0→74.0", "40.0→40.0", "25.0→0.0", "75.0→75.0",
      ])
    // STP-01 (critical) crosses the gate threshold of 50: its below-threshold gate clears.
    #expect(
      diff.gates.map { "\($0.change.rawValue) \($0.gate.control) \($0.gate.kind)" } == [
        "cleared STP-01 below-threshold"
      ])
    #expect(diff.contradictions.isEmpty)
    // Difference 6 answers BLR-01's only follow-up (ownership); difference 4 answers CAU-01.2 but without the
    // evidence it requires: CAU-01's follow-up stays, for another reason; STP-01 crossing the threshold clears its
    // gate; GOV-03's evidence expired between the two as-of dates.
    #expect(
      diff.followUps.map { "\($0.change.rawValue) \($0.followUp.id) \($0.oldKinds) \($0.followUp.kinds)" } == [
        #"answered FU-BLR-01 [] ["responsibility-shifted"]"#,
        #"changed FU-CAU-01 ["gated", "vendor-evidence-on-critical", "unanswered"] ["gated", "evidence-missing", "vendor-evidence-on-critical"]"#,
        #"changed FU-STP-01 ["gated", "evidence-expired", "vendor-evidence-on-critical"] ["evidence-expired", "vendor-evidence-on-critical"]"#,
        #"changed FU-GOV-03 ["evidence-missing"] ["evidence-missing", "evidence-expired"]"#,
      ])
    #expect(outcome.warnings.isEmpty)

    // Both outputs are written; the XML is a valid <diff>.
    #expect(outcome.written.map { ($0 as NSString).lastPathComponent } == ["oakhollow.diff.md", "oakhollow.diff.xml"])
    let xml = try InputFiles.read(outcome.written[1])
    let document = try DocumentReader.read(xml, expecting: .diff)
    #expect(document.schemaDiagnostics.isEmpty)
    #expect(document.root.children(named: "control").count == 5)
    let markdown = try #require(outcome.markdown)
    #expect(markdown.hasPrefix("# Oakhollow Systems: what changed between two rounds\n"))
    #expect(markdown.contains("| Verified | 40.2 | 40.7 | \\+0.5 |"))
    #expect(!markdown.contains("The questionnaire changed"))
    #expect(diff.questionnaireChanges.isEmpty && !diff.questionnaireChanged)
    #expect(markdown.contains("## Controls that improved (3)"))
    #expect(markdown.contains("## Controls that regressed (2)"))
    #expect(
      markdown.contains(
        "| GOV-01 Inventory of agents acting on production | 72.5 → 62.5 | \\-10.0 | satisfied → satisfied | 75.0 → 75.0 |"
      ))
    #expect(markdown.contains("## Gates that cleared (1)"))
    #expect(markdown.contains("No contradiction appeared, cleared or changed."))
    #expect(
      markdown.contains(
        "- FU-CAU-01 (gated, vendor-evidence-on-critical, unanswered → gated, evidence-missing, "
          + "vendor-evidence-on-critical): Critical control CAU-01"))
  }

  @Test func roundsInTheWrongOrderAreComparedWithAWarning() throws {
    let inputs = try Fixtures.loadMini()
    let older = Assessor.assess(
      inputs.responses[0], questionnaire: inputs.questionnaire, incidents: [], asOf: CalendarDate("2025-10-01"))
    let newer = Assessor.assess(
      inputs.responses[0], questionnaire: inputs.questionnaire, incidents: [], asOf: CalendarDate("2026-10-01"))
    let swapped = try DiffRun.compare(old: report(newer, name: "2026.xml"), new: report(older, name: "2025.xml"))
    #expect(
      swapped.warnings.map(\.description) == [
        "2025.xml: warning: this report is as of 2025-10-01, before the old report (2026-10-01); are the two "
          + "rounds swapped?"
      ])
    #expect(try DiffRun.compare(old: report(older, name: "a"), new: report(newer, name: "b")).warnings.isEmpty)
  }

  @Test func aRoundComparedWithItselfHasNoChanges() throws {
    let inputs = try Fixtures.loadMini()
    let assessment = Assessor.assess(
      inputs.responses[0], questionnaire: inputs.questionnaire, incidents: inputs.incidents)
    let diff = try DiffRun.compare(old: report(assessment, name: "a.xml"), new: report(assessment, name: "b.xml"))
    #expect(!diff.hasChanges)
    let markdown = DiffReport.markdown(diff, templates: .bundled())
    #expect(markdown.contains("Nothing changed: the scores, the rating, every control"))
    #expect(markdown.contains("The follow-up questions are the same."))
  }

  // MARK: - Contradictions and gates

  @Test func contradictionsAndGatesAppearAndResolve() throws {
    let inputs = try Fixtures.loadMini()
    let asOf = CalendarDate("2026-10-01")
    let withoutIncidents = Assessor.assess(
      inputs.responses[0], questionnaire: inputs.questionnaire, incidents: [], asOf: asOf)
    let withIncidents = Assessor.assess(
      inputs.responses[0], questionnaire: inputs.questionnaire, incidents: inputs.incidents, asOf: asOf)
    let before = report(withoutIncidents, name: "before.xml")
    let after = report(withIncidents, name: "after.xml")

    let worse = try DiffRun.compare(old: before, new: after)
    #expect(
      worse.contradictions.map { "\($0.change.rawValue) \($0.control) \($0.behaviour) \($0.newConfidence ?? "")" } == [
        "new PRV-01 autonomous-destructive-action corroborated",
        "new PRV-02 excessive-agent-privilege corroborated",
        "new TRN-01 cause-misattributed corroborated",
        "new TRN-01 no-root-cause-published corroborated",
      ])
    #expect(worse.gates.filter { $0.change == .new }.map(\.gate.kind).contains("contradicted"))
    #expect(worse.ratingTrend == .regressed)
    #expect(worse.old.incidentData == "none" && worse.new.incidentData == "supplied")
    // The counts in the vocabulary of every report.
    #expect(
      worse.counts.map { "\($0.measure) \($0.old.map(String.init) ?? "-") \($0.new.map(String.init) ?? "-")" } == [
        "contradicted-controls 0 3", "contradiction-findings 0 4", "alleged-findings 0 0", "gated-controls 0 2",
        "answered 5 5",
      ])
    #expect(worse.controls.filter { $0.trend == .regressed }.map(\.id) == ["PRV-01", "PRV-02", "TRN-01"])
    // Each contradicted control already had a follow-up (its evidence or ownership): now it leads with the
    // contradiction.
    #expect(
      worse.followUps.filter { $0.change == .changed && $0.followUp.kind == "contradiction" }.map(\.followUp.id) == [
        "FU-PRV-01", "FU-TRN-01", "FU-PRV-02",
      ])

    let better = try DiffRun.compare(old: after, new: before)
    #expect(better.contradictions.map(\.change) == Array(repeating: .resolved, count: 4))
    #expect(better.contradictions.allSatisfy { $0.oldConfidence == "corroborated" && $0.newConfidence == nil })
    #expect(better.ratingTrend == .improved)
    #expect(
      better.followUps.filter { $0.change == .answered }.count == worse.followUps.filter { $0.change == .new }.count)

    let xml = DiffReport.xml(worse)
    let document = try DocumentReader.read(SourceText(name: "diff.xml", bytes: Array(xml.utf8)), expecting: .diff)
    #expect(document.schemaDiagnostics.isEmpty)
  }

  // MARK: - Refusals, each at its place

  /// The problems of a diff from the worked example's report (old.report.xml) to a copy of it with `original`
  /// replaced by `replacement` (new.report.xml).
  func diffProblems(replacing original: String, with replacement: String) throws -> [String] {
    let inputs = try Fixtures.loadMini()
    let assessment = Assessor.assess(inputs.responses[0], questionnaire: inputs.questionnaire, incidents: [])
    let text = ReportXML.document(assessment)
    let other = text.replacing(original, with: replacement)
    return diagnostics {
      _ = try DiffRun.compare(
        old: SourceText(name: "old.report.xml", bytes: Array(text.utf8)),
        new: SourceText(name: "new.report.xml", bytes: Array(other.utf8)))
    }.map(\.description)
  }

  @Test func twoVendorsAreRefused() throws {
    #expect(
      try diffProblems(replacing: "<vendor id=\"nimbus-cloud\"", with: "<vendor id=\"stratovane\"") == [
        "new.report.xml:3:11: error: the reports are of different vendors: \"stratovane\" here, \"nimbus-cloud\" in "
          + "old.report.xml; a diff compares two rounds of one vendor"
      ])
  }

  @Test func twoQuestionnairesOrVersionsAreRefused() throws {
    #expect(
      try diffProblems(replacing: "questionnaire=\"mini-aiops\"", with: "questionnaire=\"maxi-aiops\"") == [
        "new.report.xml:2:37: error: the reports answer different questionnaires: maxi-aiops 0.1.0 here, mini-aiops "
          + "0.1.0 in old.report.xml; scores of different questionnaires cannot be compared"
      ])
    #expect(
      try diffProblems(replacing: "questionnaire-version=\"0.1.0\"", with: "questionnaire-version=\"0.2.0\"") == [
        "new.report.xml:2:64: error: the reports answer versions of mini-aiops that cannot be compared: 0.2.0 here, "
          + "0.1.0 in old.report.xml; a diff compares the same version, or two versions with the same major version "
          + "from 1 up (1.0.0 and 1.1.0), because a new major version, and any 0.x version, may redefine what the "
          + "controls mean; assess both rounds' responses against one version"
      ])
  }

  @Test func versionsAreComparableWithinOneMajorVersionFromOne() {
    #expect(RoundDiff.comparableVersions("1.0.0", "1.1.0"))
    #expect(RoundDiff.comparableVersions("1.1.0", "1.0.0"))
    #expect(RoundDiff.comparableVersions("1.0.0", "1.4.2-draft.1"))
    #expect(RoundDiff.comparableVersions("0.1.0", "0.1.0"))
    #expect(!RoundDiff.comparableVersions("0.1.0", "0.2.0"))
    #expect(!RoundDiff.comparableVersions("1.9.0", "2.0.0"))
    #expect(!RoundDiff.comparableVersions("1.0.0", "x.1.0"))
    #expect(!RoundDiff.comparableVersions("", "1.0.0"))
  }

  /// A round of 1.0.0 (Tests/Fixtures/questionnaire-1.0.0/) against the same vendor's round of 1.1.0: compared, with
  /// the controls 1.1.0 added and the ones whose questions it changed listed apart, and a warning.
  @Test func roundsOfTwoMinorVersionsAreComparedWithTheChangesListed() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let fixtures = Fixtures.root.appendingPathComponent("questionnaire-1.0.0")
    let oldInputs = try InputLoader.load(
      questionnaire: InputFiles.read(fixtures.appendingPathComponent("aiops-governance-1.0.0.xml").path),
      responses: [InputFiles.read(fixtures.appendingPathComponent("response-oakhollow-2025.xml").path)],
      incidents: [])
    #expect(oldInputs.questionnaire.version == "1.0.0")
    let old = Assessor.assess(oldInputs.responses[0], questionnaire: oldInputs.questionnaire, incidents: [])
    let new = try assess(
      Self.examples.appendingPathComponent("response-oakhollow.xml"), into: folder.appendingPathComponent("2026"))
    let diff = try DiffRun.compare(
      old: report(old, name: "2025.report.xml"), new: InputFiles.read(new))
    #expect(diff.questionnaireChanged)
    #expect(diff.oldQuestionnaireVersion == "1.0.0" && diff.questionnaireVersion == "1.1.0")
    #expect(
      diff.questionnaireChanges.map { "\($0.kind.rawValue) \($0.control)" } == [
        "added IDP-04", "added IDP-05", "added APR-04", "added STP-04", "redefined TST-01", "added RBK-04",
        "added RBK-05", "redefined CAU-05", "added CUS-04", "added SUP-04",
      ])
    // Added controls are not compared; a redefined one is, and is marked.
    #expect(!diff.controls.contains { ["IDP-04", "SUP-04"].contains($0.id) })
    #expect(diff.controls.first { $0.id == "CAU-05" }?.redefined == true)
    #expect(diff.controls.first { $0.id == "STP-01" }?.redefined == false)
    #expect(
      diff.warnings.map(\.description).contains(
        "\(new): warning: the rounds answer different versions of aiops-governance (1.0.0 in 2025.report.xml, "
          + "1.1.0 here): 8 controls added, 0 removed and 2 with other questions; those are listed apart, and the "
          + "overall scores are weighted over different controls"))
    let markdown = DiffReport.markdown(diff, templates: .bundled())
    #expect(markdown.contains("questionnaire aiops-governance 1.0.0 (old round) and 1.1.0 (new round)"))
    #expect(markdown.contains("**The questionnaire changed between the rounds** (1.0.0 → 1.1.0)."))
    #expect(
      markdown.contains("| IDP-04 Separation of development and production for agents | added in 1.1.0, not compared |")
    )
    #expect(markdown.contains("CAU-05 Regulatory incident-reporting readiness (questions changed in 1.1.0)"))
    let xml = DiffReport.xml(diff)
    let document = try DocumentReader.read(SourceText(name: "diff.xml", bytes: Array(xml.utf8)), expecting: .diff)
    #expect(document.schemaDiagnostics.isEmpty)
    #expect(document.root.attribute("old-questionnaire-version") == "1.0.0")
    #expect(document.root.children(named: "questionnaire-change").count == 10)
  }

  @Test func onlyValidReportsAreRead() throws {
    let inputs = try Fixtures.loadMini()
    let assessment = Assessor.assess(inputs.responses[0], questionnaire: inputs.questionnaire, incidents: [])
    let text = ReportXML.document(assessment)
    let response = Fixtures.nimbusResponse
    let invalid = text.replacing(#/ rating="[a-z]+"/#, with: " rating=\"dire\"")
    let doctype = text.replacing("<report ", with: "<!DOCTYPE report [<!ENTITY e \"x\">]>\n<report ")
    let found = diagnostics {
      _ = try DiffRun.compare(old: response, new: SourceText(name: "bad.report.xml", bytes: Array(invalid.utf8)))
    }.map(\.description)
    #expect(
      found == [
        "bad.report.xml:5:61: error: element 'summary', attribute 'rating': [facet 'enumeration'] The value 'dire' "
          + "is not an element of the set {'low', 'moderate', 'high', 'critical'}.",
        "response-nimbus.xml:3:1: error: expected a report document, found a response document",
      ])
    let refused = diagnostics {
      _ = try DiffRun.compare(old: SourceText(name: "d.xml", bytes: Array(doctype.utf8)), new: response)
    }.map(\.description)
    #expect(refused.first?.hasPrefix("d.xml:2:1: error: a DOCTYPE is not allowed") == true)
  }

  @Test func vendorTextIsEscapedInTheMarkdown() throws {
    let inputs = try Fixtures.loadMini()
    let assessment = Assessor.assess(inputs.responses[0], questionnaire: inputs.questionnaire, incidents: [])
    let text = ReportXML.document(assessment).replacing(
      "name=\"Nimbus Cloud\"", with: "name=\"# Nimbus | [click](http://evil.example) &lt;img src=x&gt;\"")
    let source = SourceText(name: "r.xml", bytes: Array(text.utf8))
    let diff = try DiffRun.compare(old: source, new: source)
    let markdown = DiffReport.markdown(diff, templates: .bundled())
    #expect(
      markdown.hasPrefix(
        "# \\# Nimbus \\| \\[click\\](http\\://evil.example) \\<img src=x\\>: what changed between two rounds\n"))
  }

  @Test func tenths() {
    #expect(Tenths("87.8")?.value == 878)
    #expect(Tenths("-3.0")?.value == -30)
    #expect(Tenths("-0.5")?.value == -5)
    #expect(Tenths("100.0")?.description == "100.0")
    #expect((Tenths("41.2")! - Tenths("42.1")!).signed == "-0.9")
    #expect(Tenths("0.9")?.signed == "+0.9")
    #expect(Tenths("87") == nil && Tenths("8.75") == nil && Tenths("x.5") == nil)
  }
}
