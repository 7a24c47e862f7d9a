import CandorXML
import Foundation
import Testing

@testable import CandorKit

@Suite struct ReportTests {
  static func workedExample() throws -> Assessment {
    let inputs = try Fixtures.loadMini()
    return Assessor.assess(
      inputs.responses[0], questionnaire: inputs.questionnaire, incidents: inputs.incidents,
      asOf: CalendarDate("2026-10-01"), manifest: inputs.manifest)
  }

  static func examples() throws -> [Assessment] {
    let sources = Demo.sources()
    let inputs = try InputLoader.load(
      questionnaire: sources.questionnaire, responses: sources.responses, incidents: sources.incidents)
    return AssessRun.assess(inputs, RunConfiguration(responses: []))
  }

  func schemaProblems(_ xml: String, name: String) throws -> [XMLProblem] {
    let document = try ParsedDocument.parse(SourceText(name: name, bytes: Array(xml.utf8)))
    return try #require(Schemas.schema(for: .report)).validate(document)
  }

  @Test func reportXMLCarriesTheFixedPoints() throws {
    let xml = ReportXML.document(try Self.workedExample())
    let root = try ParsedDocument.parse(SourceText(name: "r.xml", bytes: Array(xml.utf8))).root()
    #expect(root.attribute("questionnaire") == "mini-aiops")
    #expect(root.attribute("as-of") == "2026-10-01")
    let summary = try #require(root.child(named: "summary"))
    #expect(summary.attribute("claimed") == "87.8")
    #expect(summary.attribute("verified") == "5.6")
    #expect(summary.attribute("say-do-gap") == "82.2")
    #expect(summary.attribute("rating") == "critical")
    #expect(summary.attribute("transparency") == "14.2")
    let gates = root.children(named: "gate").filter { $0.attribute("kind") == "contradicted" }
    #expect(gates.map { $0.attribute("control") } == ["PRV-01", "TRN-01"])
    #expect(gates.allSatisfy { $0.attribute("effect") == "critical" })
    let domains = root.children(named: "domain")
    #expect(domains.map { $0.attribute("claimed") } == ["90.0", "83.3"])
    #expect(domains.map { $0.attribute("verified") } == ["0.0", "16.7"])
    let controls = domains.flatMap { $0.children(named: "control") }
    #expect(controls.map { $0.attribute("claimed") } == ["83.3", "100.0", "100.0", "50.0"])
    #expect(controls.map { $0.attribute("verified") } == ["0.0", "0.0", "0.0", "50.0"])
    let contradiction = try #require(root.children(named: "contradiction").first)
    #expect(contradiction.attribute("control") == "PRV-01")
    #expect(contradiction.attribute("incident") == "NIM-2026-11")
    #expect(contradiction.attribute("behaviour") == "autonomous-destructive-action")
    #expect(contradiction.attribute("confidence") == "corroborated")
    #expect(root.children(named: "input").count == 3)
  }

  @Test func reportXMLTracesEveryVerifiedScore() throws {
    let xml = ReportXML.document(try Self.workedExample())
    let root = try ParsedDocument.parse(SourceText(name: "r.xml", bytes: Array(xml.utf8))).root()
    let question = try #require(
      root.children(named: "domain").flatMap { $0.children(named: "control") }.flatMap {
        $0.children(named: "question")
      }
      .first { $0.attribute("id") == "PRV-01.1" })
    #expect(question.child(named: "answer")?.attribute("value") == "yes")
    #expect(question.child(named: "evidence-factor")?.attribute("factor") == "0.8")
    #expect(question.child(named: "evidence-factor")?.attribute("basis") == "vendor-origin")
    #expect(question.child(named: "evidence-factor")?.child(named: "evidence")?.attribute("state") == "counted")
    #expect(question.child(named: "ownership")?.attribute("factor") == "1")
    let disclosure = try #require(root.child(named: "incident"))
    #expect(
      disclosure.children(named: "disclosure").map { $0.attribute("part") } == [
        "timeliness", "root cause", "attribution", "AI involvement",
      ])
    #expect(disclosure.children(named: "disclosure").first?.attribute("measured")?.contains("29 h 35 min") == true)
  }

  @Test func reportXMLIsValidForTheWorkedExampleAndEveryExample() throws {
    #expect(try schemaProblems(ReportXML.document(Self.workedExample()), name: "nimbus.xml").isEmpty)
    let examples = try Self.examples()
    #expect(examples.count == 4)
    for assessment in examples {
      #expect(try schemaProblems(ReportXML.document(assessment), name: assessment.vendor.id).isEmpty)
    }
    #expect(try schemaProblems(ComparisonXML.document(Comparison(examples)), name: "comparison.xml").isEmpty)
  }

  @Test func reportsAreByteIdenticalAcrossRuns() throws {
    let templates = ReportTemplates.bundled()
    let first = try Self.workedExample()
    let second = try Self.workedExample()
    #expect(ReportXML.document(first) == ReportXML.document(second))
    #expect(
      ReportMarkdown.render(first, templates: templates, chartFile: "c.svg")
        == ReportMarkdown.render(second, templates: templates, chartFile: "c.svg"))
    #expect(ReportChart.svg(first) == ReportChart.svg(second))
  }

  /// The Markdown report of the worked example, pinned. To update after an intended change:
  /// `CANDOR_UPDATE_GOLDEN=1 swift test --filter goldenMarkdown`, then review the diff.
  @Test func goldenMarkdown() throws {
    let rendered = ReportMarkdown.render(
      try Self.workedExample(), templates: ReportTemplates.bundled(), chartFile: "nimbus-cloud.chart.svg")
    let path = Fixtures.root.appendingPathComponent("golden/nimbus-cloud.report.md")
    if ProcessInfo.processInfo.environment["CANDOR_UPDATE_GOLDEN"] == "1" {
      try rendered.write(to: path, atomically: true, encoding: .utf8)
    }
    let golden = try String(contentsOf: path, encoding: .utf8)
    #expect(rendered == golden)
  }

  @Test func goldenChart() throws {
    let rendered = ReportChart.svg(try Self.workedExample())
    let path = Fixtures.root.appendingPathComponent("golden/nimbus-cloud.chart.svg")
    if ProcessInfo.processInfo.environment["CANDOR_UPDATE_GOLDEN"] == "1" {
      try rendered.write(to: path, atomically: true, encoding: .utf8)
    }
    #expect(rendered == (try String(contentsOf: path, encoding: .utf8)))
    // The chart is an SVG document a browser reads: well-formed XML in the SVG namespace.
    let root = try ParsedDocument.parse(SourceText(name: "chart.svg", bytes: Array(rendered.utf8))).root()
    #expect(root.name == "svg" && root.namespace == "http://www.w3.org/2000/svg")
  }

  @Test func theMarkdownReportEmbedsTheChartOnlyWhenOneIsWritten() throws {
    let assessment = try Self.workedExample()
    let templates = ReportTemplates.bundled()
    #expect(
      ReportMarkdown.render(assessment, templates: templates, chartFile: "x.chart.svg").contains("](x.chart.svg)"))
    #expect(!ReportMarkdown.render(assessment, templates: templates, chartFile: nil).contains(".svg)"))
  }
}

/// Vendor text full of Markdown, pipes, newlines and HTML must not change the report's structure.
@Suite struct MarkdownInjectionTests {
  static let hostile = """
    Fine.
    # Injected heading
    | forged | table | row |
    <script>alert('x')</script><img src=x onerror=alert(1)>
    [click](https://evil.example/) ![img](https://evil.example/x.png) **bold** _it_ `code` ~~gone~~ www.evil.example
    - list item
    1. numbered
    > quote
    ---
    """

  func report(comment: String, vendorName: String = "Nimbus Cloud") throws -> String {
    var text = Fixtures.text("reference/response-nimbus.xml")
    let escaped = comment.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    text = text.replacingOccurrences(
      of: "<comment>Destructive actions need a second approver.</comment>", with: "<comment>\(escaped)</comment>")
    text = text.replacingOccurrences(
      of: "name=\"Nimbus Cloud\"", with: "name=\"\(vendorName.replacingOccurrences(of: "<", with: "&lt;"))\"")
    let inputs = try InputLoader.load(
      questionnaire: Fixtures.miniQuestionnaire,
      responses: [SourceText(name: "r.xml", bytes: Array(text.utf8))], incidents: [Fixtures.nimbusIncidents])
    let assessment = Assessor.assess(
      inputs.responses[0], questionnaire: inputs.questionnaire, incidents: inputs.incidents, manifest: inputs.manifest)
    return ReportMarkdown.render(assessment, templates: ReportTemplates.bundled(), chartFile: "c.svg")
  }

  /// Whether `needle` occurs in `text` with its first character not escaped by a backslash.
  func containsUnescaped(_ text: String, _ needle: String) -> Bool {
    var searchStart = text.startIndex
    while let range = text.range(of: needle, range: searchStart..<text.endIndex) {
      if range.lowerBound == text.startIndex || text[text.index(before: range.lowerBound)] != "\\" { return true }
      searchStart = text.index(after: range.lowerBound)
    }
    return false
  }

  /// The count of unescaped pipes in a line.
  func cells(_ line: Substring) -> Int {
    var count = 0
    var escaped = false
    for character in line {
      if escaped {
        escaped = false
        continue
      }
      if character == "\\" { escaped = true } else if character == "|" { count += 1 }
    }
    return count
  }

  @Test func hostileCommentsKeepTheStructure() throws {
    let plain = try report(comment: "Fine.")
    let hostile = try report(comment: Self.hostile)
    let plainLines = plain.split(separator: "\n", omittingEmptySubsequences: false)
    let hostileLines = hostile.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(plainLines.count == hostileLines.count)
    for (a, b) in zip(plainLines, hostileLines) {
      #expect(cells(a) == cells(b), "table structure changed: \(b)")
      #expect(a.hasPrefix("#") == b.hasPrefix("#"))
    }
    for needle in ["<script", "<img", "](https", "![img]", "*bold*", "`code`", "~~gone", "www.evil"] {
      #expect(!containsUnescaped(hostile, needle), "\(needle) reached the Markdown unescaped")
    }
    #expect(hostile.contains("\\<script"))
    #expect(hostile.contains("Injected heading"))
  }

  @Test func aHostileVendorNameKeepsTheHeading() throws {
    let hostile = try report(comment: "Fine.", vendorName: "Evil</h1> | x | ![a](b)")
    let first = try #require(hostile.split(separator: "\n").first)
    #expect(first.hasPrefix("# Evil\\<"))
    #expect(cells(first) == 0)
  }

  @Test func escapingRules() {
    #expect(MarkdownText.escape("a|b") == "a\\|b")
    #expect(MarkdownText.escape("line one\nline two") == "line one<br>line two")
    #expect(MarkdownText.escape("- item") == "\\- item")
    #expect(MarkdownText.escape("1. item") == "1\\. item")
    #expect(MarkdownText.escape("87.8") == "87.8")
    #expect(MarkdownText.escape("see https://x.example") == "see https\\://x.example")
    #expect(MarkdownText.escape("a\u{202E}b") == "ab")
    #expect(MarkdownText.escape("  padded  ") == "padded")
  }
}

/// Mapping strength: a supporting mapping never covers a reference, in the coverage matrix, report.xml and the
/// report's coverage rows; an absent strength is direct, so the worked example is unchanged.
@Suite struct MappingStrengthTests {
  /// The worked example with TRN-01's mapping to AI Act Art. 73 made supporting.
  func supportingArticle73() throws -> (Questionnaire, Assessment) {
    let (questionnaire, _) = Fixtures.defective(
      "reference/questionnaire-mini.xml", replacing: #"<mapping framework="eu-ai-act" ref="Art. 73"/>"#,
      with: #"<mapping framework="eu-ai-act" ref="Art. 73" strength="supporting"/>"#)
    let inputs = try InputLoader.load(
      questionnaire: questionnaire, responses: [Fixtures.nimbusResponse], incidents: [Fixtures.nimbusIncidents])
    let assessment = Assessor.assess(
      inputs.responses[0], questionnaire: inputs.questionnaire, incidents: inputs.incidents,
      asOf: CalendarDate("2026-10-01"))
    return (inputs.questionnaire, assessment)
  }

  @Test func anAbsentStrengthIsDirect() throws {
    let questionnaire = try Fixtures.loadMini().questionnaire
    #expect(questionnaire.controls.flatMap(\.mappings).allSatisfy { $0.strength == .direct })
  }

  @Test func aSupportingMappingIsListedApartAndCoversNothing() throws {
    let (questionnaire, assessment) = try supportingArticle73()
    let matrix = CoverageMatrix(
      questionnaire: questionnaire, catalog: InputLoader.bundledCatalog, onlyFramework: "eu-ai-act")
    let row = try #require(matrix.frameworks.first?.rows.first { $0.reference == "Art. 73" })
    #expect(row.controls.isEmpty && row.supportingControls.map(\.id) == ["TRN-01"] && !row.isCovered)
    #expect(matrix.frameworks[0].supportedOnlyKeyReferences.map(\.reference) == ["Art. 73"])
    #expect(!matrix.frameworks[0].uncoveredKeyReferences.contains { $0.reference == "Art. 73" })

    let coverage = try #require(ReportCoverage.rows(assessment).first { $0.reference == "Art. 73" })
    #expect(coverage.status == "not covered" && coverage.supporting.map(\.id) == ["TRN-01"])

    let xml = ReportXML.document(assessment)
    #expect(xml.contains(#"<mapping framework="eu-ai-act" ref="Art. 73" strength="supporting"/>"#))
    #expect(
      xml.contains(
        #"<coverage framework="eu-ai-act" ref="Art. 73" title=""#)
        && xml.contains(#"<supported-by control="TRN-01" status="not-satisfied" verified="0.0"/>"#))
    let document = try ParsedDocument.parse(SourceText(name: "r.xml", bytes: Array(xml.utf8)))
    #expect(try #require(Schemas.schema(for: .report)).validate(document).isEmpty)
    // Strength changes no score: the summary is the worked example's.
    #expect(Format.percent(assessment.claimed ?? 0) == "87.8" && Format.percent(assessment.verified ?? 0) == "5.6")
  }

  @Test func theCatalogMarksSupportingMappingsAndNamesKeyReferencesOnlySupported() throws {
    let (questionnaire, _) = try supportingArticle73()
    let markdown = CatalogOutput.markdown(
      questionnaire, catalog: InputLoader.bundledCatalog, framework: nil, templates: .bundled())
    #expect(markdown.contains("eu-ai-act Art. 73 (supporting)"))
    #expect(markdown.contains("Key references covered only by supporting mappings (not counted as covered): Art. 73 ("))
    #expect(markdown.contains("supported by TRN-01"))
    #expect(markdown.contains("6 regulation mappings (5 direct, 1 supporting)"))
    let xml = CatalogOutput.xml(questionnaire, catalog: InputLoader.bundledCatalog, framework: "eu-ai-act")
    #expect(xml.contains(#"covered="false" supported="true">"#) && xml.contains(#"<supported-by control="TRN-01"/>"#))
  }
}
