import CandorXML
import Testing

@testable import CandorKit

/// RFC 4180 reading: every kind of field, and every way a CSV file can be broken, each at its row and column.
@Suite struct CSVReaderTests {
  func source(_ text: String, name: String = "answers.csv") -> SourceText {
    SourceText(name: name, bytes: Array(text.utf8))
  }

  /// The rows' cell texts, column by column (empty for a missing cell).
  func table(_ sheet: Sheet) -> [[String]] {
    sheet.rows.map { row in
      (1...(row.cells.keys.max() ?? 0)).map { row.cells[$0]?.text ?? "" }
    }
  }

  func errors(_ text: String) -> [String] {
    diagnostics { _ = try CSVReader.read(source(text)) }.map(\.description)
  }

  @Test func readsQuotesCommasLineBreaksAndDoubledQuotes() throws {
    let sheet = try CSVReader.read(
      source(
        "Question ID,Answer,Comment\nIDP-01.1,yes,\"one, two\"\nIDP-01.2,\"no\",\"line 1\nline 2 with \"\"quotes\"\"\"\n"
      ))
    #expect(
      table(sheet) == [
        ["Question ID", "Answer", "Comment"],
        ["IDP-01.1", "yes", "one, two"],
        ["IDP-01.2", "no", "line 1\nline 2 with \"quotes\""],
      ])
    // A quoted line break does not start a new row: rows are numbered as a spreadsheet numbers them.
    #expect(sheet.rows.map(\.number) == [1, 2, 3])
    #expect(sheet.rows[2].cells[3]?.location == SourceLocation(file: "answers.csv", line: 3, column: 3))
  }

  @Test func crlfLfAndByteOrderMarkReadTheSame() throws {
    let lf = try CSVReader.read(source("a,b\nc,\"d\ne\"\n"))
    let crlf = try CSVReader.read(source("\u{FEFF}a,b\r\nc,\"d\r\ne\"\r\n"))
    let noFinalBreak = try CSVReader.read(source("a,b\r\nc,\"d\ne\""))
    #expect(table(lf) == [["a", "b"], ["c", "d\ne"]])
    #expect(table(crlf) == table(lf))
    #expect(table(noFinalBreak) == table(lf))
    #expect(crlf.rows[0].cells[1]?.location.column == 1)
  }

  @Test func blankRowsAreSkippedButCounted() throws {
    let sheet = try CSVReader.read(source("a,b\n\n,\nc,d\n"))
    #expect(table(sheet) == [["a", "b"], ["c", "d"]])
    #expect(sheet.rows.map(\.number) == [1, 4])
  }

  @Test func emptyFieldsAndMultibyteText() throws {
    let sheet = try CSVReader.read(source("a,,c\n\"\",é✓,\n"))
    #expect(table(sheet) == [["a", "", "c"], ["", "é✓"]])
    #expect(sheet.rows[1].cells[2]?.location.column == 2)
  }

  @Test func notUTF8IsAnErrorAtTheCell() {
    var bytes = Array("Question ID,Answer,Comment\nIDP-01.1,yes,".utf8)
    bytes += [0x43, 0x61, 0x66, 0xE9]  // "Café" in Latin-1
    bytes += Array("\n".utf8)
    let found = diagnostics { _ = try CSVReader.read(SourceText(name: "latin1.csv", bytes: bytes)) }
    #expect(
      found.map(\.description) == [
        "latin1.csv:2:3: error: the file is not UTF-8: byte 0xE9 in this cell is not UTF-8 text; save the file as "
          + "\"CSV UTF-8\""
      ])
  }

  @Test func utf16IsRefused() {
    let bytes: [UInt8] = [0xFF, 0xFE] + Array("a,b".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    let found = diagnostics { _ = try CSVReader.read(SourceText(name: "utf16.csv", bytes: bytes)) }
    #expect(
      found.map(\.description) == [
        "utf16.csv:1:1: error: the file is UTF-16 (or binary), not UTF-8 text; save it as \"CSV UTF-8\""
      ])
  }

  @Test func unterminatedQuote() {
    #expect(
      errors("Question ID,Answer,Comment\nIDP-01.1,yes,\"never closed\nIDP-01.2,no,\n") == [
        "answers.csv:2:3: error: unterminated quote: the quoted field that starts in this cell is never closed; "
          + "add the closing quote (\")"
      ])
  }

  @Test func quoteInsideAnUnquotedField() {
    #expect(
      errors("Question ID,Answer\nIDP-01.1,say \"yes\"\n") == [
        "answers.csv:2:2: error: a quote inside an unquoted field; put the whole field in quotes and double the "
          + "quotes inside it (\"say \"\"yes\"\"\")"
      ])
  }

  @Test func textAfterTheClosingQuote() {
    #expect(
      errors("Question ID,Answer\n\"IDP-01.1\"x,yes\n") == [
        "answers.csv:2:1: error: text after the closing quote of a quoted field; expected a comma or the end of the "
          + "row (a quote inside a quoted field is written twice: \"\")"
      ])
  }

  @Test func rowAndColumnLimits() {
    var limits = ImportLimits.default
    limits.maxRows = 2
    limits.maxColumns = 3
    let tooManyRows = diagnostics {
      _ = try CSVReader.read(source("h\n1\n2\n3\n4\n"), limits: limits)
    }
    #expect(
      tooManyRows.map(\.description) == [
        "answers.csv:4:1: error: more than 2 rows below the header; the limit is 2"
      ])
    let tooManyColumns = diagnostics { _ = try CSVReader.read(source("a,b,c,d\n"), limits: limits) }
    #expect(
      tooManyColumns.map(\.description) == [
        "answers.csv:1:4: error: a value in column 4; a sheet may use at most 3 columns"
      ])
  }
}
