import CandorKit
import CandorTestSupport
import Foundation
import Testing

/// Every output of the built binary states the same numbers: the summary lines on standard output, each vendor's
/// report.md, report.html, report.xml and OSCAL, and comparison.md, .html and .xml; and missing data never reads as
/// a clean record.
@Suite struct ReportAgreementCommandTests {
  static let allFormats = "md,html,xml,svg,csv,oscal"

  static func read(_ directory: URL, _ name: String) throws -> String {
    try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
  }

  /// The OSCAL result's properties named as report.xml's summary attributes.
  static func oscalProblems(_ s: VendorSummary, json: String) -> [String] {
    let expected = [
      "contradicted-controls": String(s.contradictedControls.count),
      "contradiction-findings": String(s.contradictionFindings), "alleged-findings": String(s.allegedFindings),
      "gated-controls": String(s.gatedControls.count), "answered": String(s.completeness.answered),
      "questions": String(s.completeness.questions), "incident-data": s.incidentData.name, "rating": s.rating.rawValue,
    ]
    return expected.sorted { $0.key < $1.key }.compactMap { name, value in
      let pattern = "\"name\": \"\(name)\",\n[ ]*\"ns\": \"urn:candor:oscal\",\n[ ]*\"value\": \"\(value)\""
      return json.range(of: pattern, options: .regularExpression) == nil ? "OSCAL prop \(name) is not \(value)" : nil
    }
  }

  @Test func theDemoStatesTheSameNumbersEverywhere() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("demo")
    let result = try CandorProcess.run(["demo", "--out", out.path, "--format", Self.allFormats])
    #expect(result.status == 0, "\(result.stderr)")
    // The same run in this process, for the numbers every file must state.
    let (_, comparison) = try CandorKit.Demo.run(outputDirectory: directory.appendingPathComponent("library").path)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(comparison.ranked.count == 4)
    for (index, vendor) in comparison.ranked.enumerated() {
      let id = vendor.vendor.id
      let line = try #require(lines.first { $0.hasPrefix("\(index + 1). \(id): ") })
      #expect(ReportAgreement.problems(vendor, line: line).isEmpty, "\(ReportAgreement.problems(vendor, line: line))")
      let problems = ReportAgreement.problems(
        vendor, markdown: try Self.read(out, "\(id).report.md"), html: try Self.read(out, "\(id).report.html"),
        xml: try Self.read(out, "\(id).report.xml"))
      #expect(problems.isEmpty, "\(id): \(problems)")
      let oscal = Self.oscalProblems(vendor, json: try Self.read(out, "\(id).oscal-ar.json"))
      #expect(oscal.isEmpty, "\(id): \(oscal)")
    }
    let problems = ReportAgreement.problems(
      comparison: comparison.ranked, markdown: try Self.read(out, "comparison.md"),
      html: try Self.read(out, "comparison.html"), xml: try Self.read(out, "comparison.xml"))
    #expect(problems.isEmpty, "\(problems)")
    // The counts the issue named: stratovane's contradicted controls, meridane's alleged findings, gates per control.
    let stratovane = try #require(comparison.ranked.first { $0.vendor.id == "stratovane" })
    // Questionnaire 1.1.0: 28 as in 1.0.0 plus five new controls the fictional STV incidents contradict (IDP-05,
    // APR-04, STP-04, RBK-04, CUS-04); meridane's allegation now also contradicts CUS-04 (3 + 1).
    #expect(stratovane.contradictedControls.count == 33 && stratovane.gatedControls.count == 6)
    let meridane = try #require(comparison.ranked.first { $0.vendor.id == "meridane-cloud" })
    #expect(meridane.contradictedControls.isEmpty && meridane.allegedFindings == 4)
    #expect(try Self.read(out, "meridane-cloud.report.md").contains("4 alleged findings, not counted"))
  }

  @Test func withoutIncidentDataNoReportReadsAsACleanRecord() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("out")
    let result = try CandorProcess.run([
      "compare", CandorProcess.package("Examples/response-stratovane.xml"),
      CandorProcess.package("Examples/response-alderglen-cloud.xml"), "--out", out.path, "--format", Self.allFormats,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("warning: no incident data: the say-do comparison was not made"))
    #expect(result.stdout.contains("stratovane: ") && result.stdout.contains("not compared: no incident data"))
    for id in ["stratovane", "alderglen-cloud"] {
      let markdown = try Self.read(out, "\(id).report.md")
      let html = try Self.read(out, "\(id).report.html")
      for text in [markdown, html] {
        #expect(text.contains("say-do comparison was not made"))
        #expect(!text.contains("No claim is contradicted"))
        #expect(!text.contains("clean record"))
      }
      #expect(try Self.read(out, "\(id).report.xml").contains("incident-data=\"none\""))
      #expect(try Self.read(out, "\(id).oscal-ar.json").contains("\"value\": \"none\""))
    }
    #expect(try Self.read(out, "comparison.md").contains("No incident data for alderglen-cloud and stratovane"))
    #expect(try Self.read(out, "comparison.xml").contains("incident-data=\"none\""))
  }

  @Test func anIncidentFileWithNothingForTheVendorIsACleanRecordThatNamesTheFile() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let incidents = directory.appendingPathComponent("none-of-theirs.xml")
    try #"<incidents xmlns="urn:candor:incidents:1"/>"#.write(to: incidents, atomically: true, encoding: .utf8)
    let out = directory.appendingPathComponent("out")
    let result = try CandorProcess.run([
      "assess", CandorProcess.package("Examples/response-alderglen-cloud.xml"), "--incidents", incidents.path,
      "--out", out.path, "--format", "md,xml",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(!result.stderr.contains("no incident data"))
    let markdown = try Self.read(out, "alderglen-cloud.report.md")
    #expect(markdown.contains("a clean record in the data searched"))
    #expect(markdown.contains("none-of-theirs.xml"))
    #expect(try Self.read(out, "alderglen-cloud.report.xml").contains("incident-data=\"supplied\""))
  }

  @Test func aBlankResponseShowsNothingAnsweredInEveryFormat() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let form = directory.appendingPathComponent("blank.xml")
    let template = try CandorProcess.run(["template", "--vendor", "blank-co", "--out", form.path])
    #expect(template.status == 0, "\(template.stderr)")
    let out = directory.appendingPathComponent("out")
    let result = try CandorProcess.run([
      "compare", form.path, "--incidents", CandorProcess.package("Examples/incidents.xml"), "--out", out.path,
      "--format", Self.allFormats,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let (questionnaire, _) = try InputLoader.questionnaire(BundledResources.defaultQuestionnaire)
    let questions = questionnaire.controls.flatMap(\.questions).filter {
      if case .freeText = $0.kind { return false }
      return true
    }.count
    let answered = "0 of \(questions) answered"
    #expect(result.stdout.contains("critical risk (incomplete: \(answered))"), "\(result.stdout)")
    let markdown = try Self.read(out, "blank-co.report.md")
    let html = try Self.read(out, "blank-co.report.html")
    for text in [markdown, html] {
      #expect(text.contains("(incomplete: \(answered))"))
      #expect(text.contains("The response is incomplete: \(answered)"))
    }
    #expect(
      try Self.read(out, "blank-co.report.xml").contains("answered=\"0\" questions=\"\(questions)\" complete=\"false\"")
    )
    #expect(try Self.read(out, "blank-co.oscal-ar.json").contains("\"value\": \"0\""))
    #expect(try Self.read(out, "comparison.md").contains("| 0/\(questions) |"))
    #expect(try Self.read(out, "comparison.html").contains("0/\(questions)"))
    #expect(try Self.read(out, "comparison.xml").contains("answered=\"0\" questions=\"\(questions)\""))
  }

  @Test func aComparisonRefersToItsReportsByHashAndAChangedByteIsFound() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("out")
    #expect(try CandorProcess.run(["demo", "--out", out.path]).status == 0)
    let comparison = try Self.read(out, "comparison.xml")
    #expect(!comparison.contains("<report "))
    #expect(
      comparison.contains(
        #"<report-file name="stratovane.report.xml" media-type="application/xml" sha256=""#))
    let comparisonPath = out.appendingPathComponent("comparison.xml").path
    let valid = try CandorProcess.run(["validate", comparisonPath])
    #expect(valid.status == 0, "\(valid.stderr)")
    // One byte of one report changed: validate names the file and the line of its reference.
    let report = out.appendingPathComponent("oakhollow.report.xml")
    var bytes = try Data(contentsOf: report)
    bytes[bytes.count - 3] ^= 0x01
    try bytes.write(to: report)
    let changed = try CandorProcess.run(["validate", comparisonPath])
    #expect(changed.status == 2)
    #expect(changed.stderr.contains("comparison.xml:"))
    #expect(changed.stderr.contains("error: oakhollow.report.xml has changed since comparison.xml was written"))
    try FileManager.default.removeItem(at: report)
    let missing = try CandorProcess.run(["validate", comparisonPath])
    #expect(missing.stderr.contains("oakhollow.report.xml, which comparison.xml refers to, does not exist"))
  }
}
