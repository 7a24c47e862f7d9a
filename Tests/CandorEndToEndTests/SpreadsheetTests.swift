import CandorKit
import CandorXML
import Foundation
import Testing

/// The spreadsheet round trip a vendor makes: `candor template --format csv`, filled in the way people fill in
/// spreadsheets (CAIQ words, percent signs, a column of their own), saved by a spreadsheet program as .xlsx and as
/// its own CSV (semicolons, as in many locales, and tabs), and imported back by the built binary.
///
/// The spreadsheet program's files are committed fixtures written by LibreOffice (Tests/Fixtures/spreadsheets/
/// README.md says how); where LibreOffice is installed, ``libreOfficeExportsMadeNowImportCleanly`` makes them again
/// and imports those too (and with CANDOR_WRITE_FIXTURES=1 writes them over the fixtures).
@Suite(.serialized) struct SpreadsheetRoundTripTests {
  static let folder = "spreadsheets"
  static let extraColumn = "Reviewer notes"

  /// The cells filled in, by question; a question's second entry is a continuation row (more evidence).
  static let answers: [(id: String, rows: [[String: String]])] = [
    (
      "IDP-01.1",
      [
        [
          "Answer": "Yes", "Owner": "CSP-owned",
          "Comment": "Every agent has a service account of its own; the \"break-glass\" role is separate.\n"
            + "Reviewed every quarter, by the platform team.",
          "Evidence Reference": "oakhollow-soc2-type2-2026.pdf", "Evidence Kind": "Audit report",
          "Evidence Origin": "Independent",
          "Evidence SHA-256": "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
          "Valid Until": "2027-03-31", "Evidence Description": "SOC 2 Type II 2026, CC6.1",
          extraColumn: "Checked against the SOC 2 report",
        ],
        [
          "Evidence Reference": "agent-identities-2026-10.csv", "Evidence Kind": "configuration",
          "Evidence Origin": "vendor", "Evidence Description": "Export of the agent identities and their policies",
        ],
      ]
    ),
    ("IDP-01.3", [["Answer": "95%"]]),
    ("BLR-01.2", [["Answer": "0.5%"]]),
    ("BLR-02.2", [["Answer": "0.8", extraColumn: "A fraction: 80 %?"]]),
    ("PBK-01.2", [["Answer": "95 %"]]),
    ("LOG-01.3", [["Answer": "100"]]),
    ("APR-01.1", [["Answer": "No", "Owner": "Shared CSP and CSC", extraColumn: "Ask about the partner"]]),
    ("STP-01.2", [["Answer": "10"]]),
    ("BLR-03.1", [["Answer": "NA"]]),
    ("SUP-01.2", [["Answer": "n/a", "Comment": "No third-party model is used."]]),
    ("GOV-02.1", [["Answer": "In-Progress"]]),
  ]

  /// What each answer must import as: the start of its `<answer>` element.
  static let expected = [
    #"<answer question="IDP-01.1" value="yes" owner="vendor">"#,
    #"<evidence kind="audit-report" origin="independent" ref="oakhollow-soc2-type2-2026.pdf" sha256="9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" valid-until="2027-03-31">SOC 2 Type II 2026, CC6.1</evidence>"#,
    #"<evidence kind="configuration" origin="vendor" ref="agent-identities-2026-10.csv">"#,
    #"<answer question="IDP-01.3" number="95"/>"#, #"<answer question="BLR-01.2" number="0.5"/>"#,
    #"<answer question="BLR-02.2" number="80"/>"#, #"<answer question="PBK-01.2" number="95"/>"#,
    #"<answer question="LOG-01.3" number="100"/>"#, #"<answer question="APR-01.1" value="no" owner="shared"/>"#,
    #"<answer question="STP-01.2" number="10"/>"#, #"<answer question="BLR-03.1" value="na"/>"#,
    #"<answer question="SUP-01.2" value="na">"#, #"<answer question="GOV-02.1" value="in-progress"/>"#,
  ]

  /// The template filled in with ``answers``, plus the reviewer's column: the text of filled.csv.
  static func filled(template: String) throws -> String {
    let sheet = try CSVReader.read(SourceText(name: "form.csv", bytes: Array(template.utf8)))
    let header = AnswerColumn.allCases.map(\.header) + [extraColumn]
    var rows = sheet.rows.dropFirst().map { row in header.indices.map { row.cells[$0 + 1]?.text ?? "" } }
    for (id, entries) in answers {
      var index = try #require(rows.firstIndex { $0[0] == id }, "\(id) is not in the template")
      for (position, cells) in entries.enumerated() {
        if position > 0 {
          index += 1
          rows.insert(Array(repeating: "", count: header.count), at: index)
        }
        for (column, text) in cells { rows[index][try #require(header.firstIndex(of: column))] = text }
      }
    }
    return "\u{FEFF}" + ([header] + rows).map(CSVText.record).joined()
  }

  static func fixture(_ name: String) -> String { CandorProcess.fixture("\(folder)/\(name)") }

  /// The number of questions of the bundled questionnaire: the rows of the blank form.
  static func questionCount() throws -> Int {
    let form = try CandorProcess.run(["template", "--vendor", "oakhollow", "--format", "csv"]).stdout
    return form.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count - 1
  }

  /// The files a spreadsheet program wrote, and the filled form itself.
  static let files = [
    "filled.csv", "filled-libreoffice.xlsx", "filled-libreoffice-semicolon.csv", "filled-libreoffice-tab.csv",
  ]

  @Test func theFilledFormIsTodaysTemplateFilledIn() throws {
    let template = try CandorProcess.run(
      ["template", "--vendor", "oakhollow", "--vendor-name", "Oakhollow Systems", "--format", "csv"])
    #expect(template.status == 0, "\(template.stderr)")
    let filled = try Self.filled(template: template.stdout)
    if ProcessInfo.processInfo.environment["CANDOR_WRITE_FIXTURES"] != nil {
      try Data(filled.utf8).write(to: URL(fileURLWithPath: Self.fixture("filled.csv")))
    }
    // When the form changes, make the fixtures again: see Tests/Fixtures/spreadsheets/README.md.
    #expect(try Data(contentsOf: URL(fileURLWithPath: Self.fixture("filled.csv"))) == Data(filled.utf8))
  }

  /// Imports `file` and checks the response against ``expected``; returns its answers, from the first `<answer`.
  @discardableResult
  func importCleanly(_ file: String) throws -> String {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let output = directory.appendingPathComponent("oakhollow.xml").path
    let result = try CandorProcess.run(
      [
        "import", file, "--vendor", "oakhollow", "--vendor-name", "Oakhollow Systems", "--submitted", "2026-11-16",
        "--out", output,
      ])
    let name = (file as NSString).lastPathComponent
    #expect(result.status == 0, "\(name): \(result.stderr)")
    let unanswered = try Self.questionCount() - 11
    #expect(
      result.stdout.hasPrefix("Wrote \(output): 11 answers for oakhollow; \(unanswered) questions unanswered"),
      "\(name): \(result.stdout)")
    // Two warnings only: the reviewer's column ignored, and the fraction read as a percentage. (Lines, not all of
    // standard error: under AddressSanitizer, LeakSanitizer adds its report of the suppressions used.)
    let warnings = result.stderr.split(separator: "\n").filter { $0.contains(": warning: ") }
    #expect(warnings.count == 2, "\(name): \(result.stderr)")
    #expect(
      warnings.contains {
        $0.hasSuffix("warning: ignored 1 column that candor does not read: \"Reviewer notes\" (column 15)")
      }, "\(name): \(result.stderr)")
    #expect(warnings.contains { $0.contains("warning: 0.8 read as 80 percent") }, "\(name): \(result.stderr)")
    let document = try String(contentsOfFile: output, encoding: .utf8)
    for element in Self.expected { #expect(document.contains(element), "\(name): \(element)") }
    let check = try CandorProcess.run(["validate", output])
    #expect(check.status == 0, "\(name): \(check.stderr)")
    return String(document[try #require(document.range(of: "<answer "), "\(name)").lowerBound...])
  }

  @Test func everySpreadsheetExportImportsCleanlyAndTheSame() throws {
    let answers = try Self.files.map { try importCleanly(Self.fixture($0)) }
    for (file, imported) in zip(Self.files, answers).dropFirst() {
      #expect(imported == answers[0], "\(file) imports differently from filled.csv")
    }
  }

  /// The spreadsheet program's exports are what they claim to be: a workbook, and CSV with other delimiters.
  @Test func theFixturesAreTheSpreadsheetProgramsOwnFiles() throws {
    let workbook = try Data(contentsOf: URL(fileURLWithPath: Self.fixture("filled-libreoffice.xlsx")))
    #expect(workbook.prefix(2) == Data("PK".utf8))
    // The ZIP directory names the parts uncompressed.
    #expect(String(decoding: workbook, as: UTF8.self).contains("xl/worksheets/sheet1.xml"))
    for (name, separator) in [("filled-libreoffice-semicolon.csv", ";"), ("filled-libreoffice-tab.csv", "\t")] {
      let text = try String(contentsOfFile: Self.fixture(name), encoding: .utf8)
      #expect(text.hasPrefix("\"Question ID\"\(separator)\"Control\"\(separator)"), "\(name)")
    }
  }

  /// The README imports Examples/answers-oakhollow.xlsx: the LibreOffice workbook of these fixtures.
  @Test func theExampleWorkbookIsTheFixture() throws {
    #expect(
      try Data(contentsOf: URL(fileURLWithPath: CandorProcess.package("Examples/answers-oakhollow.xlsx")))
        == Data(contentsOf: URL(fileURLWithPath: Self.fixture("filled-libreoffice.xlsx"))))
  }

  static let soffice = ["/usr/bin/soffice", "/usr/local/bin/soffice"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  /// LibreOffice headless, as the fixtures' README says: the filled form opened as a person opens it (UTF-8,
  /// comma-separated, "detect special numbers" off, as the import dialog has it) and saved as .xlsx, then the
  /// workbook saved as CSV with semicolons and with tabs.
  @Test(.enabled(if: soffice != nil, "LibreOffice (soffice) is not installed; the committed fixtures are tested"))
  func libreOfficeExportsMadeNowImportCleanly() throws {
    let soffice = try #require(Self.soffice)
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    func convert(_ file: String, to filter: String, infilter: String? = nil, into folder: String) throws {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: soffice)
      process.arguments =
        ["-env:UserInstallation=file://\(directory.path)/profile", "--headless"]
        + (infilter.map { ["--infilter=\($0)"] } ?? []) + ["--convert-to", filter, "--outdir", folder, file]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "soffice \(process.arguments ?? [])")
    }
    let made = directory.appendingPathComponent("made").path
    let source = directory.appendingPathComponent("filled.csv").path
    try FileManager.default.copyItem(atPath: Self.fixture("filled.csv"), toPath: source)
    try convert(source, to: "xlsx", infilter: "CSV:44,34,76,1,,1033,false,false", into: made)
    let workbook = made + "/filled-libreoffice.xlsx"
    try FileManager.default.moveItem(atPath: made + "/filled.xlsx", toPath: workbook)
    for (name, separator) in [("semicolon", 59), ("tab", 9)] {
      let folder = directory.appendingPathComponent(name).path
      try convert(workbook, to: "csv:Text - txt - csv (StarCalc):\(separator),34,76,1", into: folder)
      try FileManager.default.moveItem(
        atPath: folder + "/filled-libreoffice.csv", toPath: made + "/filled-libreoffice-\(name).csv")
    }
    let answers = try Self.files.dropFirst().map { try importCleanly(made + "/" + $0) }
    let reference = try importCleanly(Self.fixture("filled.csv"))
    for (file, imported) in zip(Self.files.dropFirst(), answers) {
      #expect(imported == reference, "\(file), made now, imports differently from filled.csv")
    }
    if ProcessInfo.processInfo.environment["CANDOR_WRITE_FIXTURES"] != nil {
      for name in Self.files.dropFirst() {
        let target = Self.fixture(name)
        try? FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: made + "/" + name, toPath: target)
      }
      let example = CandorProcess.package("Examples/answers-oakhollow.xlsx")
      try? FileManager.default.removeItem(atPath: example)
      try FileManager.default.copyItem(atPath: made + "/filled-libreoffice.xlsx", toPath: example)
    }
  }
}

/// The habits the issue found tripping people up, through the built binary.
@Suite(.serialized) struct SpreadsheetHabitsTests {
  /// The blank form with a value in a column without a header on every row: one warning, not a line per row.
  @Test func aValueInAnUnnamedColumnOnEveryRowIsOneWarning() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let template = try CandorProcess.run(["template", "--vendor", "oakhollow", "--format", "csv"])
    var lines = template.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    let rows = lines.count - 1
    #expect(rows > 100)
    for index in lines.indices.dropFirst() { lines[index] += ",x" }
    let form = directory.appendingPathComponent("answers.csv")
    try lines.joined(separator: "\r\n").write(to: form, atomically: true, encoding: .utf8)
    let result = try CandorProcess.run(
      ["import", form.path, "--vendor", "oakhollow", "--out", directory.appendingPathComponent("o.xml").path])
    #expect(result.status == 0, "\(result.stderr)")
    let warnings = result.stderr.split(separator: "\n")
    #expect(warnings.count == 1, "\(result.stderr)")
    #expect(
      warnings.first?.hasSuffix(
        "warning: column 15 has no header; its values on \(rows) rows (2–\(rows + 1)) are ignored: give it a header "
          + "candor reads, or clear it") == true, "\(result.stderr)")
  }

  /// A problem in the same column on every row is one error with the count, and nothing is written.
  @Test func aRepeatedProblemIsOneErrorWithTheCount() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let answers = directory.appendingPathComponent("answers.csv")
    try "Question ID;Answer;Owner\nIDP-01.1;Yes;Vendor Responsibility\nIDP-01.2;No;Vendor Responsibility\n"
      .appending("APR-01.1;Yes;Vendor Responsibility\n")
      .write(to: answers, atomically: true, encoding: .utf8)
    let output = directory.appendingPathComponent("o.xml").path
    let result = try CandorProcess.run(["import", answers.path, "--vendor", "oakhollow", "--out", output])
    #expect(result.status == 2)
    #expect(
      result.stderr == "\(answers.path):2:3: error: \"Vendor Responsibility\" is not an owner; expected one of vendor, "
        + "customer, shared, third-party (or empty for the control's owner); the same problem on 2 more rows: 3, 4\n")
    #expect(!FileManager.default.fileExists(atPath: output))
  }
}
