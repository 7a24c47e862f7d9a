import CandorXML
import Foundation
import Testing

@testable import CandorKit

/// The HTML report: self-contained, nothing to load, every vendor-supplied string escaped, and the same document as
/// the Markdown.
@Suite struct HTMLReportTests {
  @Test func escapesMarkupQuotesControlsAndBidiOverrides() {
    #expect(HTMLText.escape("plain text 87.8") == "plain text 87.8")
    #expect(
      HTMLText.escape("<script>alert(\"x\")</script> & 'y'")
        == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;")
    #expect(HTMLText.escape("a\u{202E}b\u{2066}c\u{200F}d") == "abcd")
    #expect(HTMLText.escape("bell\u{07}nul\u{0}esc\u{1B}c1\u{85}") == "bellnulescc1")
    #expect(HTMLText.escape("one\ntwo\r\nthree\u{2028}four") == "one<br>two<br>three<br>four")
    #expect(HTMLText.escape("tab\there") == "tab here")
  }

  /// A vendor whose every string tries to break out of the page.
  static func hostileAssessment() throws -> Assessment {
    var assessment = try ReportTests.workedExample()
    let hostile = "Evil <script>alert(1)</script> \"onload=x\" \u{202E}gpj.exe\u{07}<img src=https://x.example/a>"
    assessment.vendor.name = hostile
    assessment.respondent = Respondent(name: hostile, role: "<iframe src=//x>", email: nil)
    assessment.questionnaire.title = hostile
    assessment.domains[0].domain.title = hostile
    assessment.domains[0].controls[0].control.title = hostile
    assessment.manifest[0].file = "javascript:alert(1)"
    return assessment
  }

  @Test func vendorTextCannotAddMarkupScriptsOrRequests() throws {
    let assessment = try Self.hostileAssessment()
    let html = HTMLRenderer.render(VendorReport.document(assessment, files: .init(chart: "c.svg", followUps: "f.csv")))
    #expect(!html.contains("<script"))
    #expect(!html.contains("<iframe"))
    #expect(!html.contains("<img"))
    #expect(!html.contains("\u{202E}") && !html.contains("\u{07}"))
    #expect(html.contains("Evil &lt;script&gt;alert(1)&lt;/script&gt; &quot;onload=x&quot; gpj.exe&lt;img"))
    // Nothing can load: no src attribute, every link an anchor or a file beside the report.
    #expect(html.range(of: "<[a-zA-Z][^>]*\\ssrc=", options: .regularExpression) == nil)
    let hrefs = html.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
    #expect(!hrefs.isEmpty)
    for href in hrefs {
      #expect(href.hasPrefix("#") || !href.contains(":"), "\(href)")
    }
    // The inline chart escapes the same strings as XML text.
    #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
  }

  @Test func theContentSecurityPolicyForbidsEverythingButTheOwnStylesheet() throws {
    let html = HTMLRenderer.render(VendorReport.document(try ReportTests.workedExample()))
    let policy = HTMLRenderer.contentSecurityPolicy
    #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"\(policy)\">"))
    for directive in [
      "default-src 'none'", "img-src 'none'", "font-src 'none'", "script-src 'none'", "connect-src 'none'",
      "base-uri 'none'", "form-action 'none'",
    ] {
      #expect(policy.contains(directive))
    }
    // The stylesheet is allowed by its hash, which must be the hash of the <style> element's text.
    let style = try #require(html.range(of: "<style>")).upperBound
    let end = try #require(html.range(of: "</style>")).lowerBound
    let text = String(html[style..<end])
    #expect(text == HTMLRenderer.stylesheet)
    let digest = Data(Digest.sha256Bytes(Array(text.utf8))).base64EncodedString()
    #expect(policy.contains("style-src 'sha256-\(digest)'"))
    #expect(!html.contains("style=\""))
    #expect(!html.contains("<script"))
  }

  @Test func markdownAndHTMLSayTheSameThing() throws {
    for assessment in try ReportTests.examples() + [try ReportTests.workedExample()] {
      let document = VendorReport.document(assessment, files: .init(chart: "c.svg", followUps: "f.csv"))
      let markdown = MarkdownRenderer.render(document)
      let html = HTMLRenderer.render(document)
      // Every section of the document, in the same order, in both.
      let titles = document.blocks.compactMap { block -> String? in
        if case .section(let section) = block { return section.title }
        return nil
      }
      #expect(titles.first == "Executive summary" && titles.last == "Appendix: method")
      var markdownPosition = markdown.startIndex
      var htmlPosition = html.startIndex
      for title in titles {
        let inMarkdown = try #require(markdown.range(of: "## \(title)\n", range: markdownPosition..<markdown.endIndex))
        let inHTML = try #require(
          html.range(of: ">\(HTMLText.escape(title))</h2>", range: htmlPosition..<html.endIndex))
        markdownPosition = inMarkdown.upperBound
        htmlPosition = inHTML.upperBound
      }
    }
  }

  @Test func everyTableHasALegend() throws {
    func tables(_ blocks: [ReportDocument.Block]) -> [ReportDocument.Table] {
      blocks.flatMap { block -> [ReportDocument.Table] in
        switch block {
        case .table(let table): [table]
        case .section(let section): tables(section.blocks)
        case .details(_, let inner): tables(inner)
        default: []
        }
      }
    }
    let examples = try ReportTests.examples()
    let documents =
      examples.map { VendorReport.document($0, files: .init()) } + [
        ComparisonReport.document(Comparison(examples), chart: nil, reportExtension: "html")
      ]
    for document in documents {
      let found = tables(document.blocks)
      #expect(found.count >= 3)
      for table in found {
        #expect(!table.legend.plainText.isEmpty, "\(document.title): \(table.columns.map(\.title))")
      }
    }
  }

  /// The HTML report of the worked example, pinned. To update after an intended change:
  /// `CANDOR_UPDATE_GOLDEN=1 swift test --filter goldenHTML`, then review the diff.
  @Test func goldenHTML() throws {
    let rendered = HTMLRenderer.render(
      VendorReport.document(
        try ReportTests.workedExample(),
        files: .init(chart: "nimbus-cloud.chart.svg", followUps: "nimbus-cloud.followups.csv")))
    let path = Fixtures.root.appendingPathComponent("golden/nimbus-cloud.report.html")
    if ProcessInfo.processInfo.environment["CANDOR_UPDATE_GOLDEN"] == "1" {
      try rendered.write(to: path, atomically: true, encoding: .utf8)
    }
    #expect(rendered == (try String(contentsOf: path, encoding: .utf8)))
  }
}

/// The follow-up pack: one row per control, each contract ask once, safe to open in a spreadsheet.
@Suite struct FollowUpPackTests {
  @Test func theExamplesHaveOneRowPerControlAndNoRepeatedAsk() throws {
    for assessment in try ReportTests.examples() {
      let csv = FollowUpPack.csv(assessment)
      #expect(csv.hasPrefix("\u{FEFF}Priority,Control,"))
      let controls = assessment.followUps.compactMap(\.controlID)
      #expect(Set(controls).count == controls.count, "\(assessment.vendor.id)")
      let asks = assessment.followUps.compactMap(\.contractAsk)
      #expect(Set(asks).count == asks.count, "\(assessment.vendor.id): a contract ask is repeated")
      #expect(assessment.followUps.map(\.priority) == assessment.followUps.map(\.priority).sorted())
      // One CSV record per follow-up (no field spans lines), and the header.
      #expect(csv.components(separatedBy: "\r\n").count == assessment.followUps.count + 2)
    }
    let stratovane = try #require(try ReportTests.examples().first { $0.vendor.id == "stratovane" })
    // 33 contradicted controls (questionnaire 1.1.0): each is P1, asked once, however many findings.
    #expect(stratovane.followUps.filter { $0.priority == .p1 }.count == 33)
    #expect(stratovane.followUps.count < 66)
  }

  @Test func prioritiesFollowTheRules() throws {
    let worked = try ReportTests.workedExample()
    #expect(
      worked.followUps.map { "\($0.priority.rawValue) \($0.controlID ?? "-")" } == [
        "P1 PRV-01", "P1 TRN-01", "P1 PRV-02", "P3 -",
      ])
    // Required evidence missing on a control that is neither contradicted nor gated: P2.
    var scenario = Scenario()
    scenario.critical = false
    scenario.answers = #"<answer question="Q1" value="yes"/>"#
    let missing = try scenario.assess()
    #expect(missing.followUps.first?.priority == .p2)
    #expect(missing.followUps.first?.kinds == [.evidenceMissing])
    // Responsibility shifted: P2 on a critical control, P3 otherwise.
    scenario.questions = Scenario.yesNo("Q1")
    scenario.answers = #"<answer question="Q1" value="yes" owner="customer"/>"#
    #expect(try scenario.assess().followUps.first?.priority == .p3)
    scenario.critical = true
    scenario.answers = #"<answer question="Q1" value="yes" owner="shared"/>"#
    #expect(try scenario.assess().followUps.first?.priority == .p2)
  }

  @Test func cellsThatASpreadsheetWouldRunAreMadeInert() throws {
    var assessment = try ReportTests.workedExample()
    assessment.followUps[0].why = "=HYPERLINK(\"http://x.example\")"
    assessment.followUps[0].question = "+1\u{07} and\na line"
    assessment.followUps[1].question = "\t@SUM(A1)"
    assessment.followUps[2].question = "-2"
    let csv = FollowUpPack.csv(assessment)
    #expect(csv.contains(#""'=HYPERLINK(""http://x.example"")""#))
    #expect(csv.contains(",'+1 and a line,"))
    #expect(csv.contains(",'@SUM(A1),"))
    #expect(csv.contains(",'-2,"))
    #expect(!csv.contains("\u{07}"))
  }
}

/// Every chart renders to a picture (librsvg), so that broken SVG is caught; no label is cut short.
@Suite struct ChartRenderingTests {
  static let converter = "/usr/bin/rsvg-convert"

  @Test func everyExampleChartRendersToPNG() throws {
    guard FileManager.default.isExecutableFile(atPath: Self.converter) else {
      // CI installs librsvg2-bin and sets CANDOR_CI, so that this test cannot be skipped there.
      #expect(ProcessInfo.processInfo.environment["CANDOR_CI"] == nil, "rsvg-convert is missing")
      return
    }
    let examples = try ReportTests.examples()
    let charts =
      examples.map { ($0.vendor.id, ReportChart.svg($0)) } + [
        ("comparison", ComparisonMarkdown.chart(Comparison(examples))),
        ("worked-example", ReportChart.svg(try ReportTests.workedExample())),
      ]
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("candor-charts-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    for (name, svg) in charts {
      #expect(!svg.contains("…"), "\(name): a label was cut short")
      let input = directory.appendingPathComponent("\(name).svg")
      let output = directory.appendingPathComponent("\(name).png")
      try svg.write(to: input, atomically: true, encoding: .utf8)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: Self.converter)
      process.arguments = ["-o", output.path, input.path]
      let errors = Pipe()
      process.standardError = errors
      try process.run()
      process.waitUntilExit()
      let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      #expect(process.terminationStatus == 0, "\(name): \(message)")
      let png = try Data(contentsOf: output)
      #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name) is not a PNG")
    }
  }

  @Test func longNamesWrapInsteadOfBeingCut() {
    let rows = [
      ReportChart.Series(
        label: "TEL Telemetry validation and conflicting data handling before any action", values: [1, 0.5])
    ]
    let svg = ReportChart.svg(title: "t", legend: ["claimed", "verified"], rows: rows)
    let lines = svg.components(separatedBy: "text-anchor=\"end\">").dropFirst().map { $0.prefix { $0 != "<" } }
    #expect(lines.count > 1)
    #expect(lines.joined(separator: " ") == rows[0].label)
  }

  @Test func theChartStatesTheRatingAndTheTransparencyIndex() throws {
    let svg = ReportChart.svg(try ReportTests.workedExample())
    #expect(svg.contains(">critical risk</tspan>"))
    #expect(svg.contains("transparency index 14.2"))
    let comparison = ComparisonMarkdown.chart(Comparison(try ReportTests.examples()))
    #expect(comparison.contains(">transparency</text>"))
    #expect(comparison.contains(">critical risk</text>") && comparison.contains(">low risk</text>"))
  }
}
