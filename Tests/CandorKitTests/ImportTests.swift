import CandorXML
import Foundation
import Testing

@testable import CandorKit

/// The answers the tests fill into the CSV form, and the fixtures made from it (see Tests/Fixtures/import/README.md).
enum ImportFixtures {
  typealias Cells = [AnswerColumn: String]

  /// The cells filled in, by question; a question's second entry is a continuation row (more evidence).
  static let answers: [(id: String, cells: [Cells])] = [
    (
      "IDP-01.1",
      [
        [
          .answer: "Partial", .owner: "Shared",
          .comment:
            "Two of our three regions use the agent's own service account; the third still uses the \"on-call\" role,\n"
            + "until the migration in Q1 2027.",
          .evidenceReference: "oakhollow-agent-design-notes.md", .evidenceKind: "document", .evidenceOrigin: "vendor",
          .evidenceDescription: "Internal design notes, section 3",
        ],
        [
          .evidenceReference: "oakhollow-soc2-type2-2026.pdf", .evidenceKind: "audit-report",
          .evidenceOrigin: "independent",
          .evidenceSHA256: "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
          .validUntil: "2027-03-31", .evidenceDescription: "SOC 2 Type II 2026, CC6.1",
        ],
      ]
    ),
    ("IDP-01.3", [[.answer: "85"]]),
    ("IDP-02.2", [[.answer: "12.5", .comment: "Credentials rotate every 12.5 hours."]]),
    (
      "APR-01.1",
      [[.answer: "no", .owner: "third-party", .comment: "Approvals are run by our managed-service partner."]]
    ),
    (
      "STP-01.2",
      [
        [
          .answer: "10", .evidenceReference: "oakhollow-stop-drill-2026-09.pdf", .evidenceKind: "Test report",
          .evidenceOrigin: "Independent", .validUntil: "2027-09-30",
          .evidenceDescription: "Stop drill, September 2026: 10 minutes in all regions",
        ]
      ]
    ),
    (
      "PBK-02.3",
      [
        [
          .answer:
            "The agent maps each alert type to one playbook, in a fixed table; alerts with no entry page the on-call "
            + "engineer (\"no match\")."
        ]
      ]
    ),
    ("LOG-03.1", [[.answer: "ON-REQUEST"]]),
    ("CAU-02.1", [[.answer: "45", .owner: "vendor"]]),
    ("GOV-02.1", [[.answer: "in-progress"]]),
    ("SUP-01.2", [[.answer: "N/A", .comment: "No third-party model is used."]]),
  ]

  static var questionnaire: Questionnaire {
    get throws {
      try InputLoader.questionnaire(BundledResources.defaultQuestionnaire).0
    }
  }

  /// `candor template --format csv`, filled in with ``answers``: the text of answers-filled.csv.
  static func filledTemplate() throws -> String {
    let template = ResponseForm.csv(try questionnaire)
    let sheet = try CSVReader.read(SourceText(name: "template.csv", bytes: Array(template.utf8)))
    let columns = AnswerColumn.allCases
    var rows = sheet.rows.map { row in columns.indices.map { row.cells[$0 + 1]?.text ?? "" } }
    for (id, entries) in answers {
      guard var index = rows.firstIndex(where: { $0[0] == id }) else {
        Issue.record("\(id) is not in the template")
        continue
      }
      for (position, cells) in entries.enumerated() {
        if position > 0 {
          index += 1
          rows.insert(Array(repeating: "", count: columns.count), at: index)
        }
        for (column, text) in cells { rows[index][columns.firstIndex(of: column)!] = text }
      }
    }
    return "\u{FEFF}" + rows.map(CSVText.record).joined()
  }

  static func bytes(_ path: String) -> [UInt8] {
    (try? [UInt8](Data(contentsOf: Fixtures.root.appendingPathComponent(path)))) ?? []
  }

  static func source(_ path: String) -> SourceText {
    SourceText(name: (path as NSString).lastPathComponent, bytes: bytes(path))
  }
}

@Suite struct ImportTests {
  let questionnaire: Questionnaire
  let vendor = Vendor(id: "oakhollow", name: "Oakhollow Systems")
  let submitted = CalendarDate("2026-11-16")!

  init() throws {
    questionnaire = try ImportFixtures.questionnaire
  }

  func convert(_ source: SourceText, limits: ImportLimits = .default) throws -> ImportOutcome {
    try ResponseImport.convert(
      source, questionnaire: questionnaire, vendor: vendor, submitted: submitted, outputName: "response.xml",
      limits: limits)
  }

  /// The errors of importing `csv` (a header row is added unless `header` is false).
  func errors(_ csv: String, header: String? = nil) -> [String] {
    let text = (header ?? AnswerColumn.allCases.map(\.header).joined(separator: ",")) + "\n" + csv
    return diagnostics { _ = try convert(SourceText(name: "answers.csv", bytes: Array(text.utf8))) }
      .map(\.description)
  }

  /// What a loaded answer says, without where it was read.
  struct AnswerContent: Equatable {
    var question: String
    var value: Answer.Value
    var owner: Owner?
    var comment: String?
    var evidence: [EvidenceContent]
  }

  struct EvidenceContent: Equatable {
    var kind: String
    var origin: EvidenceOrigin
    var reference: String
    var sha256: String?
    var validUntil: CalendarDate?
    var description: String
  }

  func content(_ response: Response) -> [AnswerContent] {
    response.answers.map { answer in
      AnswerContent(
        question: answer.questionID, value: answer.value, owner: answer.owner, comment: answer.comment,
        evidence: answer.evidence.map {
          EvidenceContent(
            kind: $0.kind, origin: $0.origin, reference: $0.reference, sha256: $0.sha256, validUntil: $0.validUntil,
            description: $0.description)
        })
    }
  }

  func loadHandWritten() throws -> LoadedInputs {
    try InputLoader.load(
      questionnaire: BundledResources.defaultQuestionnaire,
      responses: [Fixtures.source("import/response-expected.xml")], incidents: [])
  }

  // MARK: - The form filled in, as CSV and as .xlsx saved by LibreOffice

  @Test func theCSVFixtureIsTheTemplateFilledIn() throws {
    let filled = try ImportFixtures.filledTemplate()
    if ProcessInfo.processInfo.environment["CANDOR_WRITE_FIXTURES"] != nil {
      try Data(filled.utf8).write(to: Fixtures.root.appendingPathComponent("import/answers-filled.csv"))
    }
    // When the form changes, regenerate the fixtures: see Tests/Fixtures/import/README.md.
    #expect(ImportFixtures.bytes("import/answers-filled.csv") == Array(filled.utf8))
  }

  @Test func csvAndXLSXImportToTheHandWrittenResponse() throws {
    let expected = try loadHandWritten()
    #expect(expected.warnings.isEmpty)
    let handWritten = content(expected.responses[0])
    #expect(handWritten.count == 10)
    let csv = try convert(ImportFixtures.source("import/answers-filled.csv"))
    let xlsx = try convert(ImportFixtures.source("import/answers-filled.xlsx"))
    #expect(content(csv.response) == handWritten)
    #expect(content(xlsx.response) == handWritten)
    #expect(csv.warnings.isEmpty && xlsx.warnings.isEmpty)
    #expect(csv.unanswered.count == questionnaire.questions.count - 10)
    #expect(csv.response.vendor == expected.responses[0].vendor)
    #expect(csv.response.submitted == expected.responses[0].submitted)
    // The LibreOffice workbook stores numbers and dates as numbers: they come back as the same text.
    let workbook = try XLSXReader.read(ImportFixtures.source("import/answers-filled.xlsx"))
    let kinds = Set(workbook.rows.flatMap { $0.cells.values.map(\.kind) })
    #expect(kinds.contains(.number))
  }

  @Test func theImportedResponseIsValidAndAssessesLikeTheHandWrittenOne() throws {
    let imported = try convert(ImportFixtures.source("import/answers-filled.xlsx"))
    let document = try DocumentReader.read(
      SourceText(name: "response.xml", bytes: Array(imported.document.utf8)), expecting: .response)
    #expect(document.schemaDiagnostics.isEmpty)
    let inputs = try InputLoader.load(
      questionnaire: BundledResources.defaultQuestionnaire,
      responses: [SourceText(name: "response.xml", bytes: Array(imported.document.utf8))], incidents: [])
    #expect(inputs.warnings.isEmpty)
    let expected = try loadHandWritten()
    let assessment = Assessor.assess(inputs.responses[0], questionnaire: inputs.questionnaire, incidents: [])
    let reference = Assessor.assess(expected.responses[0], questionnaire: expected.questionnaire, incidents: [])
    #expect(assessment.claimed != nil)
    #expect(assessment.claimed == reference.claimed)
    #expect(assessment.verified == reference.verified)
    #expect(assessment.followUps.map(\.id) == reference.followUps.map(\.id))
    #expect(assessment.control("STP-01")?.questions[1].evidence.basis == .independent)
  }

  @Test func theBlankFormImportsToNoAnswers() throws {
    let blank = ResponseForm.csv(questionnaire)
    let outcome = try convert(SourceText(name: "form.csv", bytes: Array(blank.utf8)))
    #expect(outcome.response.answers.isEmpty)
    #expect(outcome.unanswered == questionnaire.questions.map(\.id))
  }

  // MARK: - Every bad cell, at its row and column

  @Test func unknownAndMissingHeaders() throws {
    #expect(
      errors("", header: "Question ID,Answers,Evidence SHA256,Owner") == [
        "answers.csv:1:1: error: missing column \"Answer\": the header row must name the columns Question ID and "
          + "Answer; column 2 is \"Answers\": did you mean \"Answer\"?"
      ])
    // Unknown columns are ignored, with one warning naming them all.
    let text = "Question ID,Reviewer notes,Answer,Evidence SHA256\nIDP-01.1,looks fine,yes,abc\n"
    let outcome = try convert(SourceText(name: "answers.csv", bytes: Array(text.utf8)))
    #expect(outcome.response.answers.map(\.value) == [.option("yes")])
    #expect(
      outcome.warnings.map(\.description) == [
        "answers.csv:1:2: warning: ignored 2 columns that candor does not read: \"Reviewer notes\" (column 2), "
          + "\"Evidence SHA256\" (column 4; did you mean \"Evidence SHA-256\"?)"
      ])
    #expect(
      errors("", header: "question id,ANSWER,Evidence  Reference,Answer") == [
        "answers.csv:1:1: error: missing column \"Evidence Kind\": evidence needs the columns Evidence Reference, "
          + "Evidence Kind and Evidence Origin",
        "answers.csv:1:1: error: missing column \"Evidence Origin\": evidence needs the columns Evidence Reference, "
          + "Evidence Kind and Evidence Origin",
        "answers.csv:1:4: error: column \"Answer\" appears twice (first in column 2)",
      ])
  }

  /// The delimiter is told from the header row: a quoted field with quotes inside reads as it should.
  @Test(arguments: [";", "\t", ","])
  func semicolonAndTabSeparatedSheetsAreRead(delimiter: String) throws {
    let text =
      ["Question ID", "Answer", "Comment"].joined(separator: delimiter) + "\n"
      + ["IDP-01.1", "yes", "\"We said \"\"yes\"\"; then, more\""].joined(separator: delimiter) + "\n"
    let outcome = try convert(SourceText(name: "answers.csv", bytes: Array(text.utf8)))
    #expect(outcome.response.answers.first?.comment == "We said \"yes\"; then, more")
    #expect(outcome.warnings.isEmpty)
  }

  @Test func headersMatchWhateverTheCaseAndOrder() throws {
    let text = "answer,  QUESTION id \nyes,IDP-01.1\n"
    let outcome = try convert(SourceText(name: "answers.csv", bytes: Array(text.utf8)))
    #expect(outcome.response.answers.map(\.questionID) == ["IDP-01.1"])
    #expect(outcome.response.answers.first?.value == .option("yes"))
  }

  @Test func unknownQuestionWithDidYouMean() {
    #expect(
      errors("IDP-01.9,,,,,yes\nXYZ,,,,,yes\n") == [
        "answers.csv:2:1: error: unknown question \"IDP-01.9\": not in questionnaire \"aiops-governance\" 1.1.0; "
          + "did you mean \"IDP-01.1\"?",
        "answers.csv:3:1: error: unknown question \"XYZ\": not in questionnaire \"aiops-governance\" 1.1.0",
      ])
  }

  @Test func badOwner() {
    #expect(
      errors("IDP-01.1,,,,,yes,both\n") == [
        "answers.csv:2:7: error: \"both\" is not an owner; expected one of vendor, customer, shared, third-party "
          + "(or empty for the control's owner)"
      ])
  }

  @Test func aDateThatIsNotADate() {
    #expect(
      errors("IDP-01.1,,,,,yes,,,soc2.pdf,audit-report,independent,,31/03/2027\n") == [
        "answers.csv:2:13: error: Valid Until \"31/03/2027\" is not a date; expected YYYY-MM-DD"
      ])
    #expect(
      errors("IDP-01.1,,,,,yes,,,soc2.pdf,audit-report,independent,,2027-02-30\n") == [
        "answers.csv:2:13: error: Valid Until \"2027-02-30\" is not a date; expected YYYY-MM-DD"
      ])
  }

  @Test func answerChecksByKindOfQuestion() {
    #expect(
      errors("IDP-01.1,,,,,maybe\nIDP-01.3,,,,,about 80\nIDP-01.3,,,,,120\nSTP-01.2,,,,,-5\n") == [
        "answers.csv:2:6: error: \"maybe\" is not an option of question IDP-01.1; expected one of \"yes\", "
          + "\"partial\", \"no\"",
        "answers.csv:3:6: error: question IDP-01.3 takes a number (percent); \"about 80\" is not a number: expected "
          + "digits with an optional decimal point, such as 15 or 2.5, or a percentage such as 95% or 0.95",
        "answers.csv:4:1: error: duplicate question \"IDP-01.3\": it is answered on row 3 already",
        "answers.csv:5:6: error: -5 minutes is below the smallest answer allowed, 0",
      ])
    #expect(
      errors("IDP-01.3,,,,,120\n") == [
        "answers.csv:2:6: error: 120 percent is above the largest answer allowed, 100"
      ])
  }

  @Test func badEvidenceCells() {
    let sha = String(repeating: "a", count: 63) + "g"
    #expect(
      errors(
        "IDP-01.1,,,,,yes,,,soc2.pdf,report,auditor,\(sha)\n"
          + ",,,,,,,,,audit-report\n"
          + ",,,,,no,,,x.pdf,document,vendor\n") == [
          "answers.csv:2:10: error: \"report\" is not an evidence kind; expected one of document, policy, attestation, "
            + "certification, audit-report, test-report, log-sample, configuration, contract, demonstration, other",
          "answers.csv:2:11: error: \"auditor\" is not an evidence origin; expected vendor (self-attested) or "
            + "independent (an auditor, a certification body, a regulator)",
          "answers.csv:2:12: error: \"\(sha)\" is not a SHA-256; expected 64 hexadecimal digits (0-9, a-f)",
          "answers.csv:3:9: error: Evidence Reference is empty; the row has evidence, so give the evidence's file name "
            + "or document reference",
          "answers.csv:3:11: error: Evidence Origin is empty; the row has evidence, so say who produced it: vendor "
            + "(self-attested) or independent",
          "answers.csv:4:1: error: the Question ID is empty; each answer needs its question's id (a row with only "
            + "evidence columns adds evidence to the answer above)",
        ])
  }

  @Test func everyErrorAtOnceAndNothingWritten() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("candor-import-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let input = directory.appendingPathComponent("answers.csv")
    let header = AnswerColumn.allCases.map(\.header).joined(separator: ",")
    try Data((header + "\nIDP-01.1,,,,,yes\nIDP-01.2,,,,,perhaps\nIDP-02.1,,,,,no,nobody\n").utf8).write(to: input)
    let output = directory.appendingPathComponent("out/response.xml").path
    let found = diagnostics {
      _ = try ResponseImport.run(
        ImportConfiguration(input: input.path, vendor: vendor, submitted: submitted, output: output))
    }
    #expect(found.map(\.location.line) == [3, 4])
    #expect(!FileManager.default.fileExists(atPath: output))

    try Data((header + "\nIDP-01.1,,,,,yes\n").utf8).write(to: input)
    let outcome = try ResponseImport.run(
      ImportConfiguration(input: input.path, vendor: vendor, submitted: submitted, output: output))
    #expect(outcome.written == output)
    let written = try InputFiles.read(output)
    #expect(try DocumentReader.read(written, expecting: .response).schemaDiagnostics.isEmpty)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("out").path)
    #expect(leftovers == ["response.xml"])
  }

  @Test func anEmptyAnswerWithACommentIsKeptWithAWarning() throws {
    let header = AnswerColumn.allCases.map(\.header).joined(separator: ",")
    let text = header + "\nIDP-01.1,,,,,,,We decline to answer.\n"
    let outcome = try convert(SourceText(name: "answers.csv", bytes: Array(text.utf8)))
    #expect(outcome.response.answers.first?.value == Answer.Value.none)
    #expect(outcome.response.answers.first?.comment == "We decline to answer.")
    #expect(
      outcome.warnings.map(\.description) == [
        "answers.csv:2:6: warning: no answer to IDP-01.1; the row's other cells are kept, but the question counts as "
          + "unanswered"
      ])
  }

  @Test func cellsOfAWorkbookAreLocatedAndCheckedToo() throws {
    let header = AnswerColumn.allCases.enumerated().map { index, column in
      "<c r=\"\(String(UnicodeScalar(UInt8(65 + index))))1\" t=\"inlineStr\"><is><t>\(column.header)</t></is></c>"
    }.joined()
    let sheet = WorkbookBuilder.worksheet([
      (1, header),
      (
        2,
        #"<c r="A2" t="inlineStr"><is><t>IDP-01.1</t></is></c><c r="F2" t="inlineStr"><is><t>yes</t></is></c>"#
          + #"<c r="I2" t="inlineStr"><is><t>soc2.pdf</t></is></c><c r="J2" t="inlineStr"><is><t>audit-report</t></is></c>"#
          + #"<c r="K2" t="inlineStr"><is><t>independent</t></is></c><c r="M2"><v>46477</v></c>"#
      ),
      (3, #"<c r="A3" t="inlineStr"><is><t>IDP-01.2</t></is></c><c r="F3" t="e"><v>#REF!</v></c>"#),
    ])
    let bytes = try WorkbookBuilder.archive(WorkbookBuilder.parts(sheet: sheet))
    let found = diagnostics { _ = try convert(SourceText(name: "answers.xlsx", bytes: bytes)) }
    #expect(
      found.map(\.description) == [
        "answers.xlsx:2:13: error: Valid Until \"46477\" is not a date; expected YYYY-MM-DD (the cell holds a number: "
          + "format it as a date or as text)",
        "answers.xlsx:3:6: error: the cell holds the spreadsheet error #REF!; replace it with a value",
      ])
  }

  @Test func aQuestionIDThatTheSpreadsheetTurnedIntoADate() throws {
    // LibreOffice, told to detect special numbers, reads APR-01.1 as 1 April 2001 (serial 36982).
    let sheet = WorkbookBuilder.worksheet([
      (
        1, #"<c r="A1" t="inlineStr"><is><t>Question ID</t></is></c><c r="B1" t="inlineStr"><is><t>Answer</t></is></c>"#
      ),
      (2, #"<c r="A2" s="1"><v>36982</v></c><c r="B2" t="inlineStr"><is><t>no</t></is></c>"#),
    ])
    let bytes = try WorkbookBuilder.archive(WorkbookBuilder.parts(sheet: sheet))
    #expect(
      diagnostics { _ = try convert(SourceText(name: "answers.xlsx", bytes: bytes)) }.map(\.description) == [
        "answers.xlsx:2:1: error: the Question ID cell holds a date (2001-04-01), not a question id: the spreadsheet "
          + "program converted the id when it opened the file; format the column as text and type the id again"
      ])
  }

  @Test func invalidVendor() {
    let found = diagnostics {
      _ = try ResponseImport.convert(
        SourceText(name: "a.csv", bytes: Array("Question ID,Answer\n".utf8)), questionnaire: questionnaire,
        vendor: Vendor(id: "../Oak", name: " "), submitted: submitted, outputName: "r.xml")
    }
    #expect(
      found.map(\.description) == [
        "--vendor: error: \"../Oak\" is not a vendor id: use 1 to 64 lower-case letters, digits and '-', starting "
          + "with a letter or digit (it is also the stem of report file names)",
        "--vendor-name: error: the vendor name is empty",
      ])
  }
}
