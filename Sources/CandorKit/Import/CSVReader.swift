import CandorXML

/// Reads a CSV file (RFC 4180) into a ``Sheet``.
///
/// Fields are separated by commas (or by another delimiter: spreadsheet programs in many locales write semicolons,
/// and a "CSV" may be tab-separated) and records by CR LF or LF (a lone CR too). A field may be quoted with `"`; a
/// quoted field may hold commas, line breaks and doubled quotes (`""` for one `"`). The file must be UTF-8, with
/// or without a byte-order mark; anything else is an error at the first cell that is not UTF-8. Rows are counted
/// as a spreadsheet program counts them (a quoted line break does not start a new row).
public enum CSVReader {
  /// Reads `source`.
  ///
  /// - Throws: ``InputError`` for a file that is not UTF-8 (or is UTF-16), a quoted field never closed, a quote
  ///   inside an unquoted field, text after a closing quote, or more rows or columns than `limits` allow.
  public static func read(_ source: SourceText, limits: ImportLimits = .default, delimiter: Delimiter = .comma)
    throws(InputError) -> Sheet
  {
    let bytes = source.bytes
    let file = source.name
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) || bytes.prefix(512).contains(0) {
      throw InputError(
        at: SourceLocation(file: file, line: 1, column: 1),
        "the file is UTF-16 (or binary), not UTF-8 text; save it as \"CSV UTF-8\"")
    }
    var parser = Parser(bytes: bytes, file: file, limits: limits, delimiter: delimiter)
    parser.parse(from: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0)
    try parser.diagnostics.throwIfErrors()
    return Sheet(file: file, rows: parser.rows)
  }

  /// The character between the fields of a record.
  public enum Delimiter: String, Sendable, CaseIterable {
    case comma = ","
    case semicolon = ";"
    case tab = "\t"

    var byte: UInt8 { UInt8(ascii: rawValue.unicodeScalars.first!) }

    /// "a comma", "a semicolon", "a tab".
    var singular: String { "a " + plural.dropLast() }

    /// "commas", "semicolons", "tabs".
    public var plural: String {
      switch self {
      case .comma: "commas"
      case .semicolon: "semicolons"
      case .tab: "tabs"
      }
    }
  }

  /// The delimiter of `source` told from its first record (the header row): the one whose fields `score` rates
  /// highest (the number of known column names, say), commas on a tie.
  public static func delimiter(of source: SourceText, score: ([String]) -> Int) -> Delimiter {
    var best = (delimiter: Delimiter.comma, score: 0)
    for delimiter in Delimiter.allCases {
      let rated = score(firstRecord(source.bytes, delimiter: delimiter.byte))
      if rated > best.score { best = (delimiter, rated) }
    }
    return best.delimiter
  }

  /// The fields of the first record, split at `delimiter` outside quotes, quotes removed (`""` kept as `"`); a
  /// rough reading for telling the delimiter, not for the values (the parser checks those).
  static func firstRecord(_ bytes: [UInt8], delimiter: UInt8) -> [String] {
    var fields: [String] = []
    var field: [UInt8] = []
    var quoted = false
    var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      if byte == UInt8(ascii: "\"") {
        if quoted, index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
          field.append(byte)
          index += 1
        } else {
          quoted.toggle()
        }
      } else if !quoted && (byte == 0x0A || byte == 0x0D) {
        break
      } else if !quoted && byte == delimiter {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll()
      } else {
        field.append(byte)
      }
    }
    fields.append(String(decoding: field, as: UTF8.self))
    return fields
  }

  /// The state machine over the bytes. Commas, quotes and line breaks are ASCII, so the bytes can be split before
  /// they are decoded; each field is then checked to be UTF-8.
  private struct Parser {
    let bytes: [UInt8]
    let file: String
    let limits: ImportLimits
    let delimiter: Delimiter
    var rows: [SheetRow] = []
    var diagnostics = Diagnostics()

    private var row = 1
    private var column = 1
    private var cells: [Int: SheetCell] = [:]
    private var field: [UInt8] = []
    private var rowHasContent = false
    private var stopped = false

    init(bytes: [UInt8], file: String, limits: ImportLimits, delimiter: Delimiter) {
      self.bytes = bytes
      self.file = file
      self.limits = limits
      self.delimiter = delimiter
    }

    private enum State {
      case fieldStart
      case unquoted
      case quoted
      case quoteInQuoted
    }

    private func here() -> SourceLocation { SourceLocation(file: file, line: row, column: column) }

    private mutating func stop(_ message: String) {
      diagnostics.error(here(), message)
      stopped = true
    }

    mutating func parse(from start: Int) {
      let quote = UInt8(ascii: "\"")
      let separator = delimiter.byte
      let cr = UInt8(ascii: "\r")
      let lf = UInt8(ascii: "\n")
      var state = State.fieldStart
      var index = start
      while index < bytes.count, !stopped {
        let byte = bytes[index]
        index += 1
        switch state {
        case .fieldStart, .unquoted:
          if byte == separator {
            endField()
            state = .fieldStart
          } else if byte == cr || byte == lf {
            if byte == cr, index < bytes.count, bytes[index] == lf { index += 1 }
            endLine()
            state = .fieldStart
          } else if byte == quote && state == .fieldStart {
            rowHasContent = true
            state = .quoted
          } else if byte == quote {
            stop(
              "a quote inside an unquoted field; put the whole field in quotes and double the quotes inside it "
                + "(\"say \"\"yes\"\"\")")
          } else {
            field.append(byte)
            rowHasContent = true
            state = .unquoted
          }
        case .quoted:
          if byte == quote { state = .quoteInQuoted } else { field.append(byte) }
        case .quoteInQuoted:
          if byte == quote {
            field.append(quote)
            state = .quoted
          } else if byte == separator {
            endField()
            state = .fieldStart
          } else if byte == cr || byte == lf {
            if byte == cr, index < bytes.count, bytes[index] == lf { index += 1 }
            endLine()
            state = .fieldStart
          } else {
            stop(
              "text after the closing quote of a quoted field; expected \(delimiter.singular) or the end of the row "
                + "(a quote inside a quoted field is written twice: \"\")")
          }
        }
      }
      guard !stopped else { return }
      if state == .quoted {
        diagnostics.error(
          here(),
          "unterminated quote: the quoted field that starts in this cell is never closed; "
            + "add the closing quote (\")")
        return
      }
      if rowHasContent || !cells.isEmpty || state != .fieldStart { endLine() }
    }

    private mutating func endField() {
      guard !stopped else { return }
      defer {
        field.removeAll(keepingCapacity: true)
        column += 1
      }
      if field.isEmpty { return }
      guard let text = String(validating: field, as: UTF8.self) else {
        let bad = Self.firstInvalidByte(field)
        stop(
          "the file is not UTF-8: byte 0x\(String(bad, radix: 16, uppercase: true)) in this cell is not UTF-8 "
            + "text; save the file as \"CSV UTF-8\"")
        return
      }
      if column > limits.maxColumns {
        stop("a value in column \(column); a sheet may use at most \(limits.maxColumns) columns")
        return
      }
      cells[column] = SheetCell(text: text.normalisingLineBreaks, location: here())
    }

    /// The end of a line outside quotes (or of the file): the field and the row are complete.
    private mutating func endLine() {
      endField()
      endRow()
    }

    private mutating func endRow() {
      guard !stopped else { return }
      if cells.values.contains(where: { !$0.trimmed.isEmpty }) {
        if rows.count > limits.maxRows {
          column = 1
          stop("more than \(limits.maxRows) rows below the header; the limit is \(limits.maxRows)")
          return
        }
        rows.append(SheetRow(number: row, cells: cells))
      }
      cells.removeAll()
      row += 1
      column = 1
      rowHasContent = false
    }

    /// The first byte of `field` that does not start or continue a well-formed UTF-8 sequence.
    static func firstInvalidByte(_ field: [UInt8]) -> UInt8 {
      var index = 0
      while index < field.count {
        let byte = field[index]
        let length: Int
        switch byte {
        case 0x00...0x7F: length = 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return byte
        }
        guard index + length <= field.count,
          String(validating: field[index..<index + length], as: UTF8.self) != nil
        else { return byte }
        index += length
      }
      return field.first ?? 0
    }
  }
}
