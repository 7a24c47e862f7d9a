import CandorXML

/// Reads the first worksheet of an .xlsx workbook (Office Open XML, as Excel, LibreOffice and Numbers write it)
/// into a ``Sheet``.
///
/// The workbook is found through the package relationships (`_rels/.rels`), the first worksheet through the
/// workbook's `<sheets>` and its relationships. Cells may be shared strings, inline strings, numbers, booleans,
/// formula results or errors; a number in a date format (from the styles part) becomes `YYYY-MM-DD`, in the 1900
/// or 1904 date system the workbook declares. Every part is read through ``WorkbookArchive``, which caps sizes and
/// parses with CandorXML's hardened parser.
public enum XLSXReader {
  /// Reads `source`.
  ///
  /// - Throws: ``InputError`` for an archive that is not a workbook, a part over the limits, a part with a
  ///   DOCTYPE or malformed XML, a shared string that does not exist, or more rows or columns than allowed.
  public static func read(_ source: SourceText, limits: ImportLimits = .default) throws(InputError) -> Sheet {
    let archive = try WorkbookArchive(source, limits: limits)
    let whole = SourceLocation(file: source.name, line: 0, column: 0)

    let packageRelationships = try relationships(of: "", in: archive)
    let workbookPath =
      packageRelationships.first { $0.type.hasSuffix("/officeDocument") }?.target
      ?? (archive.has("xl/workbook.xml") ? "xl/workbook.xml" : nil)
    guard let workbookPath, let workbook = try archive.document(workbookPath) else {
      throw InputError(
        at: whole, "not an .xlsx workbook: the archive has no workbook part (xl/workbook.xml); save it as .xlsx")
    }
    let workbookRelationships = try relationships(of: workbookPath, in: archive)
    guard let firstSheet = workbook.child(named: "sheets")?.children(named: "sheet").first else {
      throw InputError(at: whole, "the workbook has no worksheet")
    }
    let sheetName = firstSheet.attribute("name") ?? "the first sheet"
    let relationshipID = firstSheet.attributes.first { $0.name == "id" && $0.namespace != nil }?.value
    let noWorksheet = InputError(at: whole, "the workbook's first sheet (\(sheetName)) has no worksheet part")
    guard let relationshipID,
      let sheetPath = workbookRelationships.first(where: { $0.id == relationshipID })?.target,
      archive.has(sheetPath)
    else { throw noWorksheet }
    let date1904 = workbook.child(named: "workbookPr").map { ["1", "true"].contains($0.attribute("date1904") ?? "") }
    // The large parts are read straight from their trees, one at a time.
    let sharedStringsPath = workbookRelationships.first { $0.type.hasSuffix("/sharedStrings") }?.target
    let sharedStrings =
      try sharedStringsPath.flatMap { path throws(InputError) in
        try archive.withDocument(path) { readSharedStrings($0) }
      } ?? []
    let stylesPath = workbookRelationships.first { $0.type.hasSuffix("/styles") }?.target
    let numberStyles =
      try stylesPath.flatMap { path throws(InputError) in try archive.document(path) }
      .map(readNumberStyles) ?? []

    var reader = WorksheetReader(
      file: source.name, limits: limits, sharedStrings: sharedStrings, numberStyles: numberStyles,
      date1904: date1904 ?? false)
    guard try archive.withDocument(sheetPath, { reader.read($0) }) != nil else { throw noWorksheet }
    try reader.diagnostics.throwIfErrors()
    return Sheet(file: source.name, rows: reader.rows)
  }

  // MARK: - Relationships

  struct Relationship {
    var id: String
    var type: String
    /// The target part's path within the archive.
    var target: String
  }

  /// The relationships of the part at `path` ("" for the package), from `…/_rels/<name>.rels`.
  static func relationships(of path: String, in archive: WorkbookArchive) throws(InputError) -> [Relationship] {
    let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    let name = path.split(separator: "/").last.map(String.init) ?? ""
    let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/" + name + ".rels"
    guard let root = try archive.document(relsPath) else { return [] }
    return root.children(named: "Relationship").compactMap { element in
      guard let id = element.attribute("Id"), let target = element.attribute("Target"),
        element.attribute("TargetMode") != "External"
      else { return nil }
      return Relationship(id: id, type: element.attribute("Type") ?? "", target: resolve(target, from: folder))
    }
  }

  /// `target` resolved against `folder`: an absolute target starts at the archive's root; `..` goes up.
  static func resolve(_ target: String, from folder: String) -> String {
    var parts = target.hasPrefix("/") ? [] : folder.split(separator: "/").map(String.init)
    for part in target.split(separator: "/") {
      switch part {
      case ".": continue
      case "..": if !parts.isEmpty { parts.removeLast() }
      default: parts.append(String(part))
      }
    }
    return parts.joined(separator: "/")
  }

  // MARK: - Shared strings and styles

  /// The shared strings, in order: each `<si>`'s text, or the text of its rich-text runs (phonetic runs left out).
  static func readSharedStrings<E: ReadableElement>(_ root: E) -> [String] {
    root.children(named: "si").map { item in
      if let text = item.child(named: "t") { return decodeEscapes(text.text) }
      return decodeEscapes(item.children(named: "r").map { $0.child(named: "t")?.text ?? "" }.joined())
    }
  }

  /// How a cell format shows a number.
  enum NumberStyle: Sendable {
    case plain
    /// A date (read as `YYYY-MM-DD`).
    case date
    /// A percentage (read as the number times 100 with a `%`, as the spreadsheet shows it: 0.95 is `95%`).
    case percent
  }

  /// For each cell format (`cellXfs/xf`, by index), how its number format shows a number.
  static func readNumberStyles(_ root: Element) -> [NumberStyle] {
    var custom: [Int: String] = [:]
    for format in root.child(named: "numFmts")?.children(named: "numFmt") ?? [] {
      if let id = format.attribute("numFmtId").flatMap({ Int($0) }) { custom[id] = format.attribute("formatCode") }
    }
    return (root.child(named: "cellXfs")?.children(named: "xf") ?? []).map { format in
      guard let id = format.attribute("numFmtId").flatMap({ Int($0) }) else { return .plain }
      if let code = custom[id] {
        return isDateFormat(code) ? .date : formatHasPart(code, "%") ? .percent : .plain
      }
      if id == 9 || id == 10 { return .percent }
      let date = (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id)
      return date ? .date : .plain
    }
  }

  /// Whether a number format code shows a date: it has a day or year part once quoted text, escaped characters
  /// and bracketed sections (colours, locales, conditions) are left out.
  static func isDateFormat(_ code: String) -> Bool {
    formatHasPart(code, "d") || formatHasPart(code, "y")
  }

  /// Whether a number format code has `part` (a character, in any case) outside quoted text, escaped characters and
  /// bracketed sections (colours, locales, conditions).
  static func formatHasPart(_ code: String, _ part: Character) -> Bool {
    var inQuotes = false
    var inBrackets = false
    var escaped = false
    for character in code.lowercased() {
      if escaped {
        escaped = false
        continue
      }
      switch character {
      case "\\" where !inQuotes: escaped = true
      case "\"": inQuotes.toggle()
      case "[" where !inQuotes: inBrackets = true
      case "]" where !inQuotes: inBrackets = false
      case part: if !inQuotes && !inBrackets { return true }
      default: break
      }
    }
    return false
  }

  /// The text with OOXML's `_xHHHH_` escapes (used for characters XML cannot carry) decoded.
  static func decodeEscapes(_ text: String) -> String {
    guard text.contains("_x") else { return text }
    var result = ""
    var scalars = Array(text.unicodeScalars)[...]
    while let first = scalars.first {
      if first == "_", scalars.count >= 7, scalars[scalars.startIndex + 1] == "x",
        scalars[scalars.startIndex + 6] == "_",
        let value = UInt32(
          String(String.UnicodeScalarView(scalars[(scalars.startIndex + 2)..<(scalars.startIndex + 6)])), radix: 16),
        let scalar = Unicode.Scalar(value)
      {
        result.unicodeScalars.append(scalar)
        scalars = scalars.dropFirst(7)
      } else {
        result.unicodeScalars.append(first)
        scalars = scalars.dropFirst()
      }
    }
    return result
  }

  // MARK: - Cell references

  /// The last row and column a workbook can have (1,048,576 and XFD).
  static let maxRowNumber = 1_048_576
  static let maxColumnNumber = 16_384

  /// The 1-based column and row of a cell reference such as `B12` (column letters in any case, from A to XFD, then
  /// the row number from 1 to 1,048,576); nil for anything else.
  static func cellReference(_ reference: String) -> (column: Int, row: Int)? {
    var column = 0
    var letters = 0
    var row = 0
    var digits = 0
    for byte in reference.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
        guard digits == 0, letters < 3 else { return nil }
        column = column * 26 + Int((byte | 0x20) - UInt8(ascii: "a")) + 1
        letters += 1
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        guard letters > 0, digits < 7 else { return nil }
        row = row * 10 + Int(byte - UInt8(ascii: "0"))
        digits += 1
      default:
        return nil
      }
    }
    guard letters > 0, digits > 0, column <= maxColumnNumber, (1...maxRowNumber).contains(row) else { return nil }
    return (column, row)
  }

  /// The letters of a 1-based column: 1 → A, 28 → AB.
  static func columnLetters(_ column: Int) -> String {
    var letters: [UInt8] = []
    var rest = column
    while rest > 0 {
      letters.insert(UInt8(ascii: "A") + UInt8((rest - 1) % 26), at: 0)
      rest = (rest - 1) / 26
    }
    return String(decoding: letters, as: UTF8.self)
  }

  // MARK: - Numbers and dates

  /// A number as the spreadsheet stored it (`15`, `0.5`, `1.5E-2`), as a plain decimal (`15`, `0.5`, `0.015`).
  static func plainDecimal(_ text: String) -> String? {
    var mantissa = text
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "E" || $0 == "e" }) {
      guard let value = Int(text[text.index(after: e)...]), abs(value) <= 400 else { return nil }
      exponent = value
      mantissa = String(text[..<e])
    }
    var negative = false
    if mantissa.hasPrefix("-") {
      negative = true
      mantissa.removeFirst()
    } else if mantissa.hasPrefix("+") {
      mantissa.removeFirst()
    }
    let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }), parts.contains(where: { !$0.isEmpty })
    else { return nil }
    var digits = Array(parts[0] + (parts.count == 2 ? parts[1] : ""))
    var point = parts[0].count + exponent
    if point < 0 {
      digits.insert(contentsOf: Array(repeating: "0", count: -point), at: 0)
      point = 0
    }
    if point > digits.count { digits += Array(repeating: "0", count: point - digits.count) }
    var whole = String(digits[..<point])
    var fraction = String(digits[point...])
    while whole.count > 1, whole.hasPrefix("0") { whole.removeFirst() }
    if whole.isEmpty { whole = "0" }
    while fraction.hasSuffix("0") { fraction.removeLast() }
    let body = fraction.isEmpty ? whole : whole + "." + fraction
    return negative && body != "0" ? "-" + body : body
  }

  /// The date (and, when the serial has a fraction, the time to the nearest second) of a spreadsheet serial
  /// number. The serial is rounded to the second first, so that 45000.9999999999 is midnight of the next day.
  static func dateText(serial: Double, date1904: Bool) -> String? {
    guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
    let totalSeconds = Int((serial * 86_400).rounded())
    let days = totalSeconds / 86_400
    let epochOffset: Int
    if date1904 {
      epochOffset = CalendarDate(year: 1904, month: 1, day: 1)!.daysSinceEpoch
    } else if days >= 61 {
      epochOffset = CalendarDate(year: 1899, month: 12, day: 30)!.daysSinceEpoch
    } else if days >= 1 && days < 60 {
      epochOffset = CalendarDate(year: 1899, month: 12, day: 31)!.daysSinceEpoch
    } else {
      return nil  // 0 and 60 (the 1900-02-29 that never was) are no dates
    }
    let date = CalendarDate(daysSinceEpoch: epochOffset + days)
    let seconds = totalSeconds % 86_400
    guard seconds > 0 else { return date.description }
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(date)T\(two(seconds / 3600 % 24)):\(two(seconds % 3600 / 60)):\(two(seconds % 60))"
  }
}

/// Reads the cells of one worksheet part.
private struct WorksheetReader {
  let file: String
  let limits: ImportLimits
  let sharedStrings: [String]
  let numberStyles: [XLSXReader.NumberStyle]
  let date1904: Bool
  var rows: [SheetRow] = []
  var diagnostics = Diagnostics()

  init(
    file: String, limits: ImportLimits, sharedStrings: [String], numberStyles: [XLSXReader.NumberStyle],
    date1904: Bool
  ) {
    self.file = file
    self.limits = limits
    self.sharedStrings = sharedStrings
    self.numberStyles = numberStyles
    self.date1904 = date1904
  }

  /// Reads the rows in order. Two cells at one reference, two rows with one number, rows out of order and a
  /// reference that is not one are errors at the cell (or row): each would make the reader choose silently between
  /// two values, or attach evidence to another answer than the one shown in the spreadsheet.
  mutating func read<E: ReadableElement>(_ worksheet: E) {
    var rowNumber = 0
    for row in worksheet.child(named: "sheetData")?.children(named: "row") ?? [] {
      let previousRow = rowNumber
      if let written = row.attribute("r") {
        guard let number = Int(written.trimmedWhitespace), (1...XLSXReader.maxRowNumber).contains(number) else {
          diagnostics.error(
            SourceLocation(file: file, line: previousRow + 1, column: 1),
            "row number \"\(written)\" (after row \(previousRow)) is not a row number from 1 to "
              + "\(XLSXReader.maxRowNumber)")
          return
        }
        rowNumber = number
      } else {
        rowNumber += 1
      }
      guard rowNumber > previousRow else {
        diagnostics.error(
          SourceLocation(file: file, line: rowNumber, column: 1),
          rowNumber == previousRow
            ? "row \(rowNumber) is written twice in the worksheet part; a workbook has each row once"
            : "row \(rowNumber) comes after row \(previousRow) in the worksheet part; rows must be in order")
        return
      }
      var cells: [Int: SheetCell] = [:]
      var seen = Set<Int>()
      var column = 0
      for cell in row.children(named: "c") {
        if let reference = cell.attribute("r") {
          guard let (referenceColumn, referenceRow) = XLSXReader.cellReference(reference), referenceRow == rowNumber
          else {
            diagnostics.error(
              SourceLocation(file: file, line: rowNumber, column: column + 1),
              "\"\(reference)\" is not a cell of row \(rowNumber); a cell reference is column letters from A to XFD "
                + "and the row's number, such as B\(rowNumber)")
            return
          }
          column = referenceColumn
        } else {
          column += 1
        }
        let location = SourceLocation(file: file, line: rowNumber, column: column)
        guard seen.insert(column).inserted else {
          diagnostics.error(
            location, "cell \(XLSXReader.columnLetters(column))\(rowNumber) is written twice in the worksheet part")
          return
        }
        guard let (text, kind) = value(of: cell, at: location), !text.trimmedWhitespace.isEmpty else { continue }
        if column > limits.maxColumns {
          diagnostics.error(
            location, "a value in column \(column); a sheet may use at most \(limits.maxColumns) columns")
          return
        }
        cells[column] = SheetCell(text: text, kind: kind, location: location)
      }
      guard !cells.isEmpty else { continue }
      if rows.count > limits.maxRows {
        diagnostics.error(
          SourceLocation(file: file, line: rowNumber, column: 1),
          "more than \(limits.maxRows) rows below the header; the limit is \(limits.maxRows)")
        return
      }
      rows.append(SheetRow(number: rowNumber, cells: cells))
    }
  }

  /// The cell's value as text, and what kind of value it is; nil for a cell with no value.
  private mutating func value<E: ReadableElement>(of cell: E, at location: SourceLocation) -> (String, SheetCell.Kind)?
  {
    let stored = cell.child(named: "v")?.text
    switch cell.attribute("t") ?? "n" {
    case "s":
      guard let stored else { return nil }
      guard let index = Int(stored.trimmedWhitespace), sharedStrings.indices.contains(index) else {
        diagnostics.error(
          location,
          "the cell refers to shared string \(stored.trimmedWhitespace), which the workbook does not have "
            + "(\(sharedStrings.count) shared strings)")
        return nil
      }
      return (sharedStrings[index].normalisingLineBreaks, .text)
    case "inlineStr":
      guard let inline = cell.child(named: "is") else { return nil }
      let text =
        inline.child(named: "t")?.text
        ?? inline.children(named: "r").map { $0.child(named: "t")?.text ?? "" }.joined()
      return (XLSXReader.decodeEscapes(text).normalisingLineBreaks, .text)
    case "str":
      return stored.map { (XLSXReader.decodeEscapes($0).normalisingLineBreaks, .text) }
    case "b":
      return stored.map { ($0.trimmedWhitespace == "1" ? "TRUE" : "FALSE", .boolean) }
    case "e":
      return stored.map { ($0.trimmedWhitespace, .error) }
    case "d":
      return stored.map { (String($0.trimmedWhitespace.prefix(10)), .date) }
    default:
      guard let stored = stored?.trimmedWhitespace, !stored.isEmpty else { return nil }
      let style = cell.attribute("s").flatMap { Int($0) } ?? 0
      let numberStyle = numberStyles.indices.contains(style) ? numberStyles[style] : .plain
      if numberStyle == .date, let serial = Double(stored),
        let date = XLSXReader.dateText(serial: serial, date1904: date1904)
      {
        return (date, .date)
      }
      let plain = XLSXReader.plainDecimal(stored) ?? stored
      if numberStyle == .percent, let percent = NumberAnswer.timesHundred(plain) { return (percent + "%", .number) }
      return (plain, .number)
    }
  }

}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}
