import CandorXML
import Foundation
import Testing

@testable import CandorKit

/// Reading the first worksheet of an .xlsx workbook: every kind of cell, and every way a workbook can be hostile
/// or broken, each with its exact message.
@Suite struct XLSXReaderTests {
  func source(_ bytes: [UInt8], name: String = "book.xlsx") -> SourceText { SourceText(name: name, bytes: bytes) }

  func read(_ parts: [(String, String)], limits: ImportLimits = .default) throws -> Sheet {
    try XLSXReader.read(source(try WorkbookBuilder.archive(parts)), limits: limits)
  }

  func errors(_ bytes: [UInt8], limits: ImportLimits = .default) -> [String] {
    diagnostics { _ = try XLSXReader.read(source(bytes), limits: limits) }.map(\.description)
  }

  func cells(_ sheet: Sheet) -> [String: SheetCell] {
    var result: [String: SheetCell] = [:]
    for row in sheet.rows {
      for (column, cell) in row.cells { result["\(row.number):\(column)"] = cell }
    }
    return result
  }

  @Test func readsEveryKindOfCell() throws {
    let sheet = WorkbookBuilder.worksheet([
      (1, #"<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>"#),
      (
        2,
        #"<c r="A2" t="inlineStr"><is><t>IDP-01.1</t></is></c><c r="B2" t="inlineStr"><is><r><t>Par</t></r><r><t>tial</t></r></is></c>"#
          + #"<c r="C2" t="s"><v>2</v></c>"#
      ),
      (
        4,
        #"<c r="A4"><v>85</v></c><c r="B4" s="3"><v>1.5E-2</v></c><c r="C4" s="1"><v>46203</v></c>"#
          + #"<c r="D4" s="2"><v>46477</v></c><c r="E4" t="b"><v>1</v></c><c r="F4" t="str"><f>A1</f><v>formula</v></c>"#
          + #"<c r="G4" t="e"><v>#N/A</v></c><c r="H4" s="1"><v>46203.5</v></c><c r="I4"/>"#
      ),
    ])
    let read = try self.read(
      WorkbookBuilder.parts(
        sheet: sheet,
        sharedStrings: WorkbookBuilder.sharedStrings(["Question ID", "Answer", "two lines,\r\nand _x0009_ a tab"])))
    let found = cells(read)
    #expect(read.rows.map(\.number) == [1, 2, 4])
    #expect(found["1:1"]?.text == "Question ID")
    #expect(found["2:2"]?.text == "Partial")
    #expect(found["2:3"]?.text == "two lines,\nand \t a tab")
    #expect(found["4:1"]?.text == "85")
    #expect(found["4:1"]?.kind == .number)
    #expect(found["4:2"]?.text == "0.015")
    #expect(found["4:2"]?.kind == .number)
    #expect(found["4:3"]?.text == "2026-06-30")
    #expect(found["4:3"]?.kind == .date)
    #expect(found["4:4"]?.text == "2027-03-31")
    #expect(found["4:4"]?.kind == .date)
    #expect(found["4:5"]?.text == "TRUE")
    #expect(found["4:5"]?.kind == .boolean)
    #expect(found["4:6"]?.text == "formula")
    #expect(found["4:7"]?.text == "#N/A")
    #expect(found["4:7"]?.kind == .error)
    #expect(found["4:8"]?.text == "2026-06-30T12:00:00")
    #expect(found["4:9"] == nil)
    #expect(found["4:4"]?.location == SourceLocation(file: "book.xlsx", line: 4, column: 4))
  }

  @Test func the1904DateSystem() throws {
    let sheet = WorkbookBuilder.worksheet([(1, #"<c r="A1" s="2"><v>44741</v></c>"#)])
    let read = try self.read(WorkbookBuilder.parts(sheet: sheet, date1904: true))
    #expect(read.rows.first?.cells[1]?.text == "2026-06-30")
  }

  @Test func numbersAsPlainDecimals() {
    #expect(XLSXReader.plainDecimal("15") == "15")
    #expect(XLSXReader.plainDecimal("12.50") == "12.5")
    #expect(XLSXReader.plainDecimal("1.5E-2") == "0.015")
    #expect(XLSXReader.plainDecimal("2.5E3") == "2500")
    #expect(XLSXReader.plainDecimal("-0.0") == "0")
    #expect(XLSXReader.plainDecimal("abc") == nil)
  }

  @Test func aDoctypeInTheWorksheetIsRefused() throws {
    let sheet = WorkbookBuilder.worksheet(
      [(1, #"<c r="A1" t="inlineStr"><is><t>&x;</t></is></c>"#)],
      prolog: "<!DOCTYPE worksheet [<!ENTITY x \"expanded\">]>\n")
    #expect(
      errors(try WorkbookBuilder.archive(WorkbookBuilder.parts(sheet: sheet))) == [
        "book.xlsx[xl/worksheets/sheet1.xml]:2:1: error: a DOCTYPE is not allowed: candor files have no DTD and no "
          + "entities (refused before anything was loaded)"
      ])
  }

  @Test func aDoctypeInTheSharedStringsIsRefused() throws {
    let sheet = WorkbookBuilder.worksheet([(1, #"<c r="A1" t="s"><v>0</v></c>"#)])
    let strings = WorkbookBuilder.sharedStrings(
      ["&lol;"], prolog: "<!DOCTYPE sst [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>\n")
    #expect(
      errors(try WorkbookBuilder.archive(WorkbookBuilder.parts(sheet: sheet, sharedStrings: strings))) == [
        "book.xlsx[xl/sharedStrings.xml]:2:1: error: a DOCTYPE is not allowed: candor files have no DTD and no "
          + "entities (refused before anything was loaded)"
      ])
  }

  @Test func aZipBombIsRefusedFromTheCentralDirectory() throws {
    // 24 MiB of zeros in the worksheet part: it compresses to about 24 KB, and declares its true size.
    let parts = WorkbookBuilder.parts(sheet: "")
    let bomb = try WorkbookBuilder.archive(parts, zeros: 24 << 20, at: "xl/worksheets/sheet1.xml")
    #expect(bomb.count < 200_000)
    let started = ContinuousClock.now
    #expect(
      errors(bomb) == [
        "book.xlsx: error: part xl/worksheets/sheet1.xml declares 25165824 bytes uncompressed, more than the "
          + "limit of 16777216 bytes per part (a ZIP bomb?); refused before extracting anything"
      ])
    #expect(ContinuousClock.now - started < .seconds(2))
  }

  @Test func aZipBombThatLiesAboutItsSizeIsStoppedWhileExtracting() throws {
    let parts = WorkbookBuilder.parts(sheet: "")
    let honest = try WorkbookBuilder.archive(parts, zeros: 24 << 20, at: "xl/worksheets/sheet1.xml")
    let lying = WorkbookBuilder.lying(honest, about: "xl/worksheets/sheet1.xml", declared: 2_000)
    let started = ContinuousClock.now
    #expect(
      errors(lying) == [
        "book.xlsx: error: part xl/worksheets/sheet1.xml expands to more than the limit of 16777216 bytes per "
          + "part, although the archive declares 2000 bytes (a ZIP bomb); extraction stopped"
      ])
    #expect(ContinuousClock.now - started < .seconds(5))
  }

  @Test func theTotalOfThePartsIsCapped() throws {
    var limits = ImportLimits.default
    limits.maxTotalBytes = 1_500
    let sheet = WorkbookBuilder.worksheet([(1, #"<c r="A1" t="s"><v>0</v></c>"#)])
    let strings = WorkbookBuilder.sharedStrings([String(repeating: "x", count: 1_000)])
    let found = errors(
      try WorkbookBuilder.archive(WorkbookBuilder.parts(sheet: sheet, sharedStrings: strings)), limits: limits)
    #expect(found.count == 1)
    #expect(found.first?.hasPrefix("book.xlsx: error: part xl/") == true)
    #expect(found.first?.contains("more than the limit of 1500 bytes for one workbook") == true)
  }

  @Test func notAWorkbook() throws {
    #expect(
      errors(try WorkbookBuilder.archive([("hello.txt", "hello")])) == [
        "book.xlsx: error: not an .xlsx workbook: the archive has no workbook part (xl/workbook.xml); save it "
          + "as .xlsx"
      ])
    #expect(
      errors(Array("PK\u{3}\u{4} not really a zip".utf8)) == [
        "book.xlsx: error: the .xlsx workbook is damaged: its ZIP directory cannot be read"
      ])
  }

  @Test func aMissingSharedStringIsAnErrorAtTheCell() throws {
    let sheet = WorkbookBuilder.worksheet([(3, #"<c r="B3" t="s"><v>7</v></c>"#)])
    #expect(
      errors(
        try WorkbookBuilder.archive(
          WorkbookBuilder.parts(sheet: sheet, sharedStrings: WorkbookBuilder.sharedStrings(["a"])))) == [
          "book.xlsx:3:2: error: the cell refers to shared string 7, which the workbook does not have (1 shared strings)"
        ])
  }

  @Test func rowLimit() throws {
    var limits = ImportLimits.default
    limits.maxRows = 2
    let rows = (1...5).map { ($0, "<c r=\"A\($0)\"><v>\($0)</v></c>") }
    #expect(
      errors(try WorkbookBuilder.archive(WorkbookBuilder.parts(sheet: WorkbookBuilder.worksheet(rows))), limits: limits)
        == ["book.xlsx:4:1: error: more than 2 rows below the header; the limit is 2"])
  }

  @Test func formatIsToldByContent() throws {
    let zip = try WorkbookBuilder.archive([("a", "b")])
    #expect(try ResponseImport.format(of: SourceText(name: "answers.csv", bytes: zip)) == .xlsx)
    #expect(try ResponseImport.format(of: SourceText(name: "answers.xlsx.csv", bytes: Array("a,b".utf8))) == .csv)
    #expect(
      diagnostics { _ = try ResponseImport.format(of: SourceText(name: "answers.xlsx", bytes: Array("a,b".utf8))) }
        .map(\.description) == ["answers.xlsx: error: not an .xlsx workbook: the file is not a ZIP archive"])
    #expect(
      diagnostics {
        _ = try ResponseImport.format(of: SourceText(name: "old.xls", bytes: [0xD0, 0xCF, 0x11, 0xE0, 0xA1]))
      }.map(\.description) == [
        "old.xls: error: an Excel 97-2003 workbook (.xls) or another OLE file; save it as .xlsx or as CSV UTF-8"
      ])
  }
}
