import CandorXML
import Foundation
import Testing

@testable import CandorKit

/// Spreadsheets as people fill them in: still exact, but forgiving where the intent is unambiguous.
@Suite struct ForgivingImportTests {
  let questionnaire: Questionnaire

  init() throws {
    questionnaire = try ImportFixtures.questionnaire
  }

  func convert(_ csv: String, name: String = "answers.csv") throws -> ImportOutcome {
    try ResponseImport.convert(
      SourceText(name: name, bytes: Array(csv.utf8)), questionnaire: questionnaire,
      vendor: Vendor(id: "oakhollow", name: "Oakhollow"), submitted: CalendarDate("2026-11-16")!,
      outputName: "response.xml")
  }

  func problems(_ csv: String) -> [String] {
    diagnostics { _ = try convert(csv) }.map(\.description)
  }

  func values(_ outcome: ImportOutcome) -> [String: Answer.Value] {
    Dictionary(uniqueKeysWithValues: outcome.response.answers.map { ($0.questionID, $0.value) })
  }

  // MARK: - Percentages

  @Test func aPercentageIsReadWithOrWithoutItsSignAndAsAFraction() throws {
    let outcome = try convert(
      "Question ID,Answer\nIDP-01.3,95%\nBLR-01.2,0.5 %\nBLR-02.2,0.955\nPBK-01.2,95\nLOG-01.3,1\n")
    let read = values(outcome)
    #expect(read["IDP-01.3"] == .number(95, text: "95"))
    #expect(read["BLR-01.2"] == .number(0.5, text: "0.5"))
    #expect(read["BLR-02.2"] == .number(95.5, text: "95.5"))
    #expect(read["PBK-01.2"] == .number(95, text: "95"))
    #expect(read["LOG-01.3"] == .number(1, text: "1"))
    #expect(
      outcome.warnings.map(\.description) == [
        "answers.csv:4:2: warning: 0.955 read as 95.5 percent (a fraction of one, as a spreadsheet stores 95 %); "
          + "write 0.955% if you meant less than one percent"
      ])
  }

  @Test func aPercentSignWhereTheUnitIsNotAPercentageIsAnError() {
    #expect(
      problems("Question ID,Answer\nSTP-01.2,95%\n") == [
        "answers.csv:2:2: error: question STP-01.2 takes a number (minutes); \"95%\" is not a number: expected digits "
          + "with an optional decimal point, such as 15 or 2.5"
      ])
    #expect(problems("Question ID,Answer\nIDP-01.3,120%\n").first?.contains("120 percent is above") == true)
  }

  @Test(arguments: [
    ("0.95", "95"), ("0.5", "50"), (".5", "50"), ("0.001", "0.1"), ("1.5", "150"), ("0", "0"), ("12", "1200"),
    ("-0.25", "-25"),
  ])
  func aHundredTimesADecimalIsExact(text: String, expected: String) {
    #expect(NumberAnswer.timesHundred(text) == expected)
  }

  @Test func aPercentCellOfAWorkbookReadsAsItShows() throws {
    let styles = """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <styleSheet xmlns="\(WorkbookBuilder.main)"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0&quot;%&quot;;[Red]0%"/></numFmts>\
      <cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/></cellXfs></styleSheet>
      """
    let sheet = WorkbookBuilder.worksheet([
      (
        1, #"<c r="A1" t="inlineStr"><is><t>Question ID</t></is></c><c r="B1" t="inlineStr"><is><t>Answer</t></is></c>"#
      ),
      (2, #"<c r="A2" t="inlineStr"><is><t>IDP-01.3</t></is></c><c r="B2" s="1"><v>0.95</v></c>"#),
      (3, #"<c r="A3" t="inlineStr"><is><t>BLR-01.2</t></is></c><c r="B3" s="2"><v>0.005</v></c>"#),
    ])
    let bytes = try WorkbookBuilder.archive(WorkbookBuilder.parts(sheet: sheet, styles: styles))
    let workbook = try XLSXReader.read(SourceText(name: "a.xlsx", bytes: bytes))
    #expect(workbook.rows[1].cells[2]?.text == "95%")
    #expect(workbook.rows[2].cells[2]?.text == "0.5%", "a % outside quotes in a custom format")
    let outcome = try ResponseImport.convert(
      SourceText(name: "a.xlsx", bytes: bytes), questionnaire: questionnaire,
      vendor: Vendor(id: "oakhollow", name: "Oakhollow"), submitted: CalendarDate("2026-11-16")!,
      outputName: "response.xml")
    #expect(values(outcome)["IDP-01.3"] == .number(95, text: "95"))
    #expect(outcome.warnings.isEmpty)
  }

  // MARK: - CAIQ words

  @Test func caiqAnswersMapToTheOptionsTheQuestionnaireDeclares() throws {
    let outcome = try convert(
      "Question ID,Answer,Owner\nIDP-01.1,YES,CSP-owned\nIDP-02.1,No,CSC-owned\nBLR-03.1,NA,Shared CSP and CSC\n"
        + "BLR-03.2,n/a,3rd-party outsourced\nSUP-01.2,N.A.,\nSUP-02.2,Not Applicable,\n")
    let read = values(outcome)
    #expect(read["IDP-01.1"] == .option("yes"))
    #expect(read["IDP-02.1"] == .option("no"))
    for id in ["BLR-03.1", "BLR-03.2", "SUP-01.2", "SUP-02.2"] { #expect(read[id] == .option("na"), "\(id)") }
    let owners = outcome.response.answers.map(\.owner)
    #expect(owners.prefix(4) == [.vendor, .customer, .shared, .thirdParty])
  }

  @Test func notApplicableWhereTheQuestionHasNoSuchOptionIsAnError() {
    #expect(
      problems("Question ID,Answer\nIDP-01.1,N/A\n") == [
        "answers.csv:2:2: error: \"N/A\" is not an option of question IDP-01.1; expected one of \"yes\", \"partial\", "
          + "\"no\""
      ])
  }

  // MARK: - Columns and repeated problems

  @Test func aColumnWithoutAHeaderIsIgnoredWithOneWarning() throws {
    let rows = questionnaire.questions.prefix(40).map { "\($0.id),,,note" }.joined(separator: "\n")
    let outcome = try convert("Question ID,Answer,Owner\n" + rows + "\n")
    #expect(
      outcome.warnings.map(\.description) == [
        "answers.csv:2:4: warning: column 4 has no header; its values on 40 rows (2–41) are ignored: give it a header "
          + "candor reads, or clear it"
      ])
  }

  @Test func aProblemOnEveryRowIsReportedOnceWithTheCountAndTheRows() {
    let rows = questionnaire.questions.prefix(6).map { "\($0.id),,both" }.joined(separator: "\n")
    #expect(
      problems("Question ID,Answer,Owner\n" + rows + "\nIDP-01.1,,\n") == [
        "answers.csv:2:2: warning: no answer to IDP-01.1; the row's other cells are kept, but the question counts as "
          + "unanswered; the same problem on 5 more rows: 3–7",
        "answers.csv:2:3: error: \"both\" is not an owner; expected one of vendor, customer, shared, third-party (or "
          + "empty for the control's owner); the same problem on 5 more rows: 3–7",
        "answers.csv:8:1: error: duplicate question \"IDP-01.1\": it is answered on row 2 already",
      ])
    // Different values in the same column with the same problem are one message too.
    #expect(
      problems("Question ID,Answer\nIDP-01.1,maybe\nIDP-01.2,perhaps\nAPR-01.1,sometimes\n") == [
        "answers.csv:2:2: error: \"maybe\" is not an option of question IDP-01.1; expected one of \"yes\", "
          + "\"partial\", \"no\"; the same problem on 2 more rows: 3, 4"
      ])
  }

  @Test func rowRanges() {
    #expect(CellProblems.ranges([3, 4, 5, 7, 9, 10]) == "3–5, 7, 9, 10")
    #expect(CellProblems.ranges(Array(stride(from: 2, through: 60, by: 2))).hasSuffix(", …"))
  }

  @Test func aByteOrderMarkReadAsLatin1IsExplained() {
    #expect(
      problems("\u{EF}\u{BB}\u{BF}Question ID,Answer\nIDP-01.1,yes\n") == [
        "answers.csv:1:1: error: the sheet starts with \"\u{EF}\u{BB}\u{BF}\", the UTF-8 byte-order mark read as "
          + "Latin-1 text: the spreadsheet program opened the CSV file in the wrong character set, so every accented "
          + "letter in it is garbled too; open the CSV file again choosing Unicode (UTF-8), then save"
      ])
  }

  @Test(arguments: [(",", CSVReader.Delimiter.comma), (";", .semicolon), ("\t", .tab)])
  func theDelimiterIsToldFromTheHeader(separator: String, expected: CSVReader.Delimiter) {
    let header = AnswerColumn.allCases.map { "\"\($0.header)\"" }.joined(separator: separator) + "\r\nx"
    let found = CSVReader.delimiter(of: SourceText(name: "a.csv", bytes: Array(header.utf8))) { fields in
      fields.filter { AnswerColumn.matching($0) != nil }.count
    }
    #expect(found == expected)
  }
}
