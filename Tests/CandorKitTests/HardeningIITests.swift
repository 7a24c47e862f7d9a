import CandorXML
import Foundation
import Testing

@testable import CandorKit

/// Issue 14 ("Hardening II"), the parts that need no binary: terminal-safe messages (item 6), links and SVG text
/// (item 7), the root-element scan of input folders and the import's silent choices (item 10), and the attribute
/// limit in .xlsx parts (item 4).
@Suite struct SafeTextTests {
  @Test func controlAndBidiCharactersAreShownAsEscapesOnATerminal() {
    #expect(SafeText.forTerminal("plain text, é, 日本") == "plain text, é, 日本")
    #expect(
      SafeText.forTerminal("a\u{1B}[2Kb\rc\u{9B}d\u{202E}e\u{2066}f\u{7F}")
        == #"a\u{1B}[2Kb\u{D}c\u{9B}d\u{202E}e\u{2066}f\u{7F}"#)
    #expect(SafeText.forTerminal("one\ntwo\tthree", keepingLines: true) == "one\ntwo\tthree")
    #expect(SafeText.forTerminal("one\ntwo") == #"one\u{A}two"#)
    #expect(SafeText.forTerminal(SafeText.forTerminal("\u{1B}")) == #"\u{1B}"#, "escaping twice changes nothing")
  }

  @Test func hiddenControlsAreRemovedFromDocumentText() {
    #expect(
      SafeText.removingHiddenControls("Acme\u{202E}moc.live\u{2069} \u{7}Corp\tA\nB") == "Acmemoc.live Corp\tA\nB")
  }

  @Test func longQuotedValuesAreCut() {
    let long = String(repeating: "x", count: 500)
    #expect(
      SafeText.shorteningQuotes("\"\(long)\" is not an option; \"short\" is")
        == "\"\(String(repeating: "x", count: 80))…\" (500 characters) is not an option; \"short\" is")
    #expect(SafeText.shorteningQuotes("no quotes at all") == "no quotes at all")
  }

  /// Every diagnostic printed goes through the same neutralisation, file name included.
  @Test func aDiagnosticIsOneSafeLine() {
    let diagnostic = Diagnostic(
      .error, at: SourceLocation(file: "evil\u{1B}]0;title\u{7}.xml", line: 2, column: 3),
      "\"\u{1B}[31mred\u{1B}[0m\nWrote o.xml\" is not an option")
    #expect(
      diagnostic.description
        == #"evil\u{1B}]0;title\u{7}.xml:2:3: error: "\u{1B}[31mred\u{1B}[0m Wrote o.xml" is not an option"#)
  }
}

@Suite struct SafeLinkTests {
  /// Item 7: only relative references and http(s) URLs become hrefs.
  @Test func onlyRelativeReferencesAndHTTPURLsBecomeLinks() {
    let refused = [
      "javascript:alert(1)", "JaVaScRiPt:alert(1)", "  javascript:alert(1)", "java\tscript:alert(1)",
      "\u{202E}javascript:alert(1)", "java\u{0}script:alert(1)", "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox", "file:///etc/passwd", "C:\\evidence\\soc2.pdf", "mailto:x@example.com", "ftp://x/y", "",
      "   ",
    ]
    for reference in refused { #expect(SafeLink.href(reference) == nil, "\(reference)") }
    let allowed: [(String, String)] = [
      ("soc2.pdf", "soc2.pdf"), ("SOC 2 report.pdf", "SOC%202%20report.pdf"), ("docs/a b.pdf", "docs/a%20b.pdf"),
      ("https://example.com/a?b=1#c", "https://example.com/a?b=1#c"), ("HTTP://EXAMPLE.COM", "HTTP://EXAMPLE.COM"),
      ("//cdn.example.com/x.pdf", "//cdn.example.com/x.pdf"), ("./a:b", "./a:b"), ("a%3Ab", "a%3Ab"),
      ("report#page=2", "report#page=2"),
    ]
    for (reference, href) in allowed { #expect(SafeLink.href(reference) == href, "\(reference)") }
  }

  /// Item 7, the reproduction: an evidence `ref` and an incident `url` of `javascript:` and `data:` landed in OSCAL
  /// `href`s (XML and JSON). They stay text.
  @Test func unsafeReferencesStayTextInOSCAL() throws {
    var scenario = Scenario()
    scenario.answers = """
      <answer question="Q1" value="yes">
        <evidence kind="document" origin="independent" ref="javascript:alert(1)">Click me</evidence>
        <evidence kind="document" origin="vendor" ref="SOC 2.pdf">Report</evidence>
      </answer>
      """
    scenario.incidents = [
      Scenario.incident().replacingOccurrences(
        of: #"<statement "#, with: #"<statement url="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;" "#
      ).replacingOccurrences(of: #"<finding "#, with: #"<finding url="javascript:alert(2)" "#)
    ]
    let assessment = try scenario.assess()
    let xml = String(decoding: OSCALExport.xml(assessment).utf8, as: UTF8.self)
    let json = String(decoding: OSCALExport.json(assessment).utf8, as: UTF8.self)
    for document in [xml, json] {
      #expect(!document.contains("href=\"javascript") && !document.contains("href=\"data:"))
      #expect(!document.contains(#""href": "javascript"#) && !document.contains(#""href": "data:"#))
      #expect(document.contains("Reference (not a link): javascript:alert(1)"))
      #expect(document.contains("URL (not a link): javascript:alert(2)"))
      #expect(document.contains("URL (not a link): data:text/html,"))
    }
    #expect(xml.contains(#"href="SOC%202.pdf""#))
  }

  /// Item 7: bidirectional overrides are removed from SVG text, as from Markdown and OSCAL.
  @Test func svgTextHasNoBidiOverrides() {
    let svg = ReportChart.svg(
      title: "Acme\u{202E}fdp.exe\u{202C} claimed vs verified", legend: ["claimed\u{2066}", "verified"],
      rows: [ReportChart.Series(label: "D1 \u{202D}Domain\u{200F}", values: [0.5, 0.25])])
    for scalar in ["\u{202E}", "\u{202C}", "\u{2066}", "\u{202D}", "\u{200F}"] { #expect(!svg.contains(scalar)) }
    #expect(svg.contains("Acmefdp.exe claimed vs verified") && svg.contains("D1 Domain"))
  }
}

@Suite(.timeLimit(.minutes(1))) struct InputFolderSelectionTests {
  /// Item 10, the reproduction: a folder scan silently skipped a valid response whose root element comes after a
  /// long comment, a UTF-16 file and `*.XML`; and (item 3) a named pipe among them blocked the scan forever. Each is
  /// now selected, so that reading it either succeeds or says what is wrong; another kind of document is skipped
  /// with a note saying why.
  @Test func whatCannotBeRuledOutIsReadAndAPipeNeverBlocks() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("candor-folder-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let response = Fixtures.packageText("Examples/response-oakhollow.xml")
    let declarationEnd = try #require(response.range(of: "?>\n")).upperBound
    let comment = "<!-- " + String(repeating: "a long preamble ", count: 10_000) + "-->\n"
    try (response[..<declarationEnd] + comment + response[declarationEnd...])
      .write(to: folder.appendingPathComponent("a.xml"), atomically: true, encoding: .utf8)
    try response.write(to: folder.appendingPathComponent("B.XML"), atomically: true, encoding: .utf8)
    var utf16 = Data([0xFF, 0xFE])
    for unit in response.utf16 { utf16.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
    try utf16.write(to: folder.appendingPathComponent("c.xml"))
    try Fixtures.packageText("Examples/incidents.xml")
      .write(to: folder.appendingPathComponent("d.xml"), atomically: true, encoding: .utf8)
    #expect(mkfifo(folder.appendingPathComponent("e.xml").path, 0o644) == 0)
    let selection = try InputFolders.select([folder.path], kinds: [.response])
    let names = selection.files.map { ($0 as NSString).lastPathComponent }
    #expect(names == ["B.XML", "a.xml", "c.xml", "e.xml"])
    #expect(selection.skipped.map { ($0.location.file as NSString).lastPathComponent } == ["d.xml"])
    #expect(selection.skipped.first?.message.hasPrefix("skipped: an incidents document, not a response") == true)
  }
}

@Suite struct ImportSilentChoiceTests {
  func convert(_ source: SourceText) throws -> ImportOutcome {
    try ResponseImport.convert(
      source, questionnaire: ImportFixtures.questionnaire, vendor: Vendor(id: "acme", name: "Acme"),
      submitted: CalendarDate("2026-10-01")!, outputName: "out.xml")
  }

  func workbook(_ rows: [(Int, String)], sharedStrings: [String] = ["Question ID", "Answer"]) throws -> SourceText {
    SourceText(
      name: "book.xlsx",
      bytes: try WorkbookBuilder.archive(
        WorkbookBuilder.parts(
          sheet: WorkbookBuilder.worksheet(rows), sharedStrings: WorkbookBuilder.sharedStrings(sharedStrings))))
  }

  static let header = #"<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>"#

  /// Item 10, the reproduction: a number the import accepted but xs:decimal refuses was reported at a line of the
  /// output file, which is never written. It is an error at its cell, in CSV and in .xlsx.
  @Test func aNumberTheSchemaWouldRefuseIsAnErrorAtItsCell() throws {
    let csv = SourceText(
      name: "a.csv", bytes: Array("Question ID,Answer\nIDP-01.3,\(String(repeating: "1", count: 400))\n".utf8))
    let csvErrors = diagnostics { _ = try convert(csv) }
    #expect(csvErrors.map(\.location) == [SourceLocation(file: "a.csv", line: 2, column: 2)])
    #expect(
      csvErrors.first?.message.hasSuffix(
        "has more than 24 digits; a response holds numbers of at most 24 digits: round it") == true)
    // 24 digits are fine; 1E-400 as .xlsx stores it is 400 digits once written out.
    let fine = SourceText(
      name: "b.csv",
      bytes: Array(
        "Question ID,Answer\nIDP-01.3,\(String(repeating: "1", count: 2)).\(String(repeating: "0", count: 22))\n".utf8))
    #expect(throws: Never.self) { _ = try convert(fine) }
    let book = try workbook([
      (1, Self.header), (2, #"<c r="A2" t="inlineStr"><is><t>IDP-01.3</t></is></c><c r="B2"><v>1E-400</v></c>"#),
    ])
    let bookErrors = diagnostics { _ = try convert(book) }
    #expect(bookErrors.map(\.location) == [SourceLocation(file: "book.xlsx", line: 2, column: 2)])
  }

  /// Whatever the second check of the document still finds, it is reported at the sheet row it came from.
  @Test func aProblemInTheDocumentIsLocatedAtItsSheetRow() throws {
    let source = ImportFixtures.source("import/answers-filled.csv")
    let built = try ResponseBuilder.build(
      try ResponseImport.sheet(source), questionnaire: ImportFixtures.questionnaire,
      vendor: Vendor(id: "acme", name: "Acme"), submitted: CalendarDate("2026-10-01")!)
    let response = built.response
    #expect(response.answers.allSatisfy { $0.location.file == source.name && $0.location.line > 1 })
    let document = try DocumentReader.read(
      SourceText(name: "out.xml", bytes: Array(ResponseWriter.document(response).utf8)), expecting: .response)
    let places = SheetLocations(document: document.root, response: response, sheet: source.name)
    let answers = document.root.children(named: "answer")
    #expect(answers.count == response.answers.count)
    for (element, answer) in zip(answers, response.answers) {
      #expect(places.of(element.location) == answer.location)
      #expect(places.of(element.location(ofAttribute: "owner")) == answer.location)
      for (evidence, piece) in zip(element.children(named: "evidence"), answer.evidence) {
        #expect(places.of(evidence.location) == piece.location)
      }
    }
    #expect(
      places.of(SourceLocation(file: "out.xml", line: 1, column: 1))
        == SourceLocation(file: source.name, line: 0, column: 0))
  }

  /// Item 10: a duplicate ZIP entry, two cells at one reference, a row twice or out of order, and a reference that
  /// is not one are errors, not a silent choice.
  @Test func aWorkbookThatHoldsTwoValuesForOnePlaceIsRefused() throws {
    let parts = WorkbookBuilder.parts(sheet: WorkbookBuilder.worksheet([(1, Self.header)]))
    let duplicated = parts + [("xl/worksheets/sheet1.xml", WorkbookBuilder.worksheet([(1, "")]))]
    #expect(
      diagnostics {
        _ = try XLSXReader.read(SourceText(name: "book.xlsx", bytes: try WorkbookBuilder.archive(duplicated)))
      }
      .map(\.message).first?.hasPrefix("the archive has two entries named xl/worksheets/sheet1.xml") == true)

    let cases: [([(Int, String)], String)] = [
      (
        [(1, Self.header + #"<c r="B1" t="inlineStr"><is><t>Other</t></is></c>"#)],
        "book.xlsx:1:2: error: cell B1 is written twice in the worksheet part"
      ),
      (
        [(1, Self.header), (1, Self.header)],
        "book.xlsx:1:1: error: row 1 is written twice in the worksheet part; a workbook has each row once"
      ),
      (
        [(3, #"<c t="inlineStr"><is><t>x</t></is></c>"#), (2, #"<c t="inlineStr"><is><t>y</t></is></c>"#)],
        "book.xlsx:2:1: error: row 2 comes after row 3 in the worksheet part; rows must be in order"
      ),
      (
        [(1, #"<c r="AAAAAAAAAAAAAAAAAAAA1"><v>1</v></c>"#)],
        #"book.xlsx:1:1: error: "AAAAAAAAAAAAAAAAAAAA1" is not a cell of row 1; a cell reference is column letters from A to XFD and the row's number, such as B1"#
      ),
      ([(2, #"<c r="B7"><v>1</v></c>"#)], #"book.xlsx:2:1: error: "B7" is not a cell of row 2"#),
    ]
    for (rows, expected) in cases {
      let found = diagnostics { _ = try XLSXReader.read(try workbook(rows)) }.map(\.description)
      #expect(found.count == 1 && found[0].hasPrefix(expected), "\(found)")
    }
  }

  @Test func cellReferences() {
    #expect(XLSXReader.cellReference("A1")! == (1, 1))
    #expect(XLSXReader.cellReference("xfd1048576")! == (16_384, 1_048_576))
    for bad in ["XFE1", "A0", "A1048577", "1A", "A", "1", "AB1C", "A 1", ""] {
      #expect(XLSXReader.cellReference(bad) == nil, "\(bad)")
    }
    #expect(XLSXReader.columnLetters(1) == "A" && XLSXReader.columnLetters(28) == "AB")
    #expect(XLSXReader.columnLetters(16_384) == "XFD")
  }

  /// Item 10: a date serial just short of midnight rounds to midnight of the next day, not to 00:00 of the same day.
  @Test func dateSerialsRoundToTheNearestSecond() {
    #expect(XLSXReader.dateText(serial: 45000.9999999999, date1904: false) == "2023-03-16")
    #expect(XLSXReader.dateText(serial: 45000.99998, date1904: false) == "2023-03-15T23:59:58")
    #expect(XLSXReader.dateText(serial: 45000.5, date1904: false) == "2023-03-15T12:00:00")
    #expect(XLSXReader.dateText(serial: 45000, date1904: false) == "2023-03-15")
  }

  /// Item 5, in .xlsx: a workbook of a few kilobytes whose part holds millions of tiny elements would cost
  /// hundreds of megabytes of tree; a part is held to 500,000 elements and 500,000 attributes.
  @Test func everyPartOfAWorkbookIsHeldToTheElementAndAttributeBudget() throws {
    let sheet = WorkbookBuilder.worksheet([(1, String(repeating: "<c/>", count: 2_000))])
    let bytes = try WorkbookBuilder.archive(WorkbookBuilder.parts(sheet: sheet))
    var limits = ImportLimits.default
    limits.maxPartElements = 1_000
    let found = diagnostics { _ = try XLSXReader.read(SourceText(name: "book.xlsx", bytes: bytes), limits: limits) }
    #expect(found.first?.message == "more than 1000 elements; the limit is 1000", "\(found)")
    #expect(ImportLimits.default.maxPartElements == 500_000 && ImportLimits.default.maxPartAttributes == 500_000)
  }

  /// Item 4, in .xlsx: a small workbook whose worksheet part has 100,000 attributes on one element took as long as
  /// the XML attack; each part is held to the same attribute limit, located in the part.
  @Test func everyPartOfAWorkbookIsHeldToTheAttributeLimit() throws {
    let attributes = (0..<100_000).map { " a\($0)=\"1\"" }.joined()
    let sheet = WorkbookBuilder.worksheet([(1, "<c r=\"A1\"\(attributes)><v>1</v></c>")])
    let bytes = try WorkbookBuilder.archive(WorkbookBuilder.parts(sheet: sheet))
    #expect(bytes.count < 600_000)
    let found = diagnostics { _ = try XLSXReader.read(SourceText(name: "book.xlsx", bytes: bytes)) }.map(\.description)
    #expect(found.count == 1)
    #expect(found.first?.hasPrefix("book.xlsx[xl/worksheets/sheet1.xml]:2:") == true, "\(found)")
    #expect(found.first?.hasSuffix("error: element <c> has more than 64 attributes; the limit is 64") == true)
  }
}
