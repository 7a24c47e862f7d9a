import CandorXML

/// A spreadsheet's first table as the readers give it: rows of cells, each cell with its text and its location
/// (`file:row:column`, both 1-based, as a spreadsheet program numbers them).
///
/// Both readers produce one: ``CSVReader`` from a CSV file and ``XLSXReader`` from the first worksheet of an
/// .xlsx workbook. Only rows with at least one non-empty cell are kept.
public struct Sheet: Sendable {
  /// The file name used in locations.
  public var file: String
  /// The rows with content, in order.
  public var rows: [SheetRow]

  public init(file: String, rows: [SheetRow]) {
    self.file = file
    self.rows = rows
  }
}

/// A row of a ``Sheet``.
public struct SheetRow: Sendable {
  /// The 1-based row number: a CSV record's position, or the worksheet's row number.
  public var number: Int
  /// The cells by 1-based column; a column with no cell reads as empty.
  public var cells: [Int: SheetCell]

  public init(number: Int, cells: [Int: SheetCell]) {
    self.number = number
    self.cells = cells
  }

  /// Whether every cell is empty after trimming.
  public var isBlank: Bool { cells.values.allSatisfy { $0.trimmed.isEmpty } }
}

/// A cell of a ``Sheet``.
public struct SheetCell: Sendable, Hashable {
  /// What the spreadsheet stored.
  public enum Kind: Sendable, Hashable {
    /// Text (every CSV cell).
    case text
    /// A number, written as a plain decimal.
    case number
    /// A number in a date format, converted to `YYYY-MM-DD`.
    case date
    /// TRUE or FALSE.
    case boolean
    /// A spreadsheet error such as `#N/A` or `#REF!` (a formula that failed).
    case error
  }

  /// The value as text; line breaks are line feeds.
  public var text: String
  public var kind: Kind
  /// Where the cell is: the file, the row and the column.
  public var location: SourceLocation

  public init(text: String, kind: Kind = .text, location: SourceLocation) {
    self.text = text
    self.kind = kind
    self.location = location
  }

  /// The text without white space (spaces, tabs, line breaks) at either end.
  public var trimmed: String { text.trimmedWhitespace }
}

/// Bounds on what one spreadsheet may cost to read. Answers come from the party being assessed.
public struct ImportLimits: Sendable, Hashable {
  /// The largest CSV or .xlsx file accepted, in bytes.
  public var maxFileBytes: Int
  /// The largest uncompressed size of one XML part read from an .xlsx workbook, in bytes.
  public var maxPartBytes: Int
  /// The largest uncompressed size of all the parts read from one workbook together, in bytes.
  public var maxTotalBytes: Int
  /// The most entries an .xlsx archive may list.
  public var maxEntries: Int
  /// The most rows with content below the header.
  public var maxRows: Int
  /// The most columns a row may use.
  public var maxColumns: Int
  /// The longest cell text accepted, in characters (the response format's limit for comments and text).
  public var maxCellCharacters: Int
  /// The limits every XML part of an .xlsx workbook is parsed with (depth, elements, attributes, namespace
  /// declarations); their size limit is ``maxPartBytes``, and their elements and attributes are held to
  /// ``maxPartElements`` and ``maxPartAttributes`` as well.
  public var xml: XMLLimits
  /// The most elements in one XML part, and the most attributes: a part's tree costs about 200 bytes per element
  /// or attribute, whatever the few bytes the archive stores it in. A sheet of 10,000 rows of the form's 14 columns
  /// has about 300,000 elements and 420,000 attributes.
  public var maxPartElements: Int
  public var maxPartAttributes: Int

  /// 16 MiB files, 16 MiB per part, 32 MiB of parts, 1,000 archive entries, 10,000 rows, 64 columns, 20,000
  /// characters per cell, 500,000 elements and 500,000 attributes per part.
  public static let `default` = ImportLimits(
    maxFileBytes: 16 << 20, maxPartBytes: 16 << 20, maxTotalBytes: 32 << 20, maxEntries: 1_000, maxRows: 10_000,
    maxColumns: 64, maxCellCharacters: 20_000, xml: .default)

  public init(
    maxFileBytes: Int, maxPartBytes: Int, maxTotalBytes: Int, maxEntries: Int, maxRows: Int, maxColumns: Int,
    maxCellCharacters: Int, xml: XMLLimits = .default, maxPartElements: Int = 500_000,
    maxPartAttributes: Int = 500_000
  ) {
    self.maxFileBytes = maxFileBytes
    self.maxPartBytes = maxPartBytes
    self.maxTotalBytes = maxTotalBytes
    self.maxEntries = maxEntries
    self.maxRows = maxRows
    self.maxColumns = maxColumns
    self.maxCellCharacters = maxCellCharacters
    self.xml = xml
    self.maxPartElements = maxPartElements
    self.maxPartAttributes = maxPartAttributes
  }
}

extension String {
  /// The string without spaces, tabs, carriage returns and line feeds at either end.
  var trimmedWhitespace: String {
    var view = Substring(self).unicodeScalars
    func isSpace(_ scalar: Unicode.Scalar) -> Bool {
      scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{A0}"
    }
    while let first = view.first, isSpace(first) { view.removeFirst() }
    while let last = view.last, isSpace(last) { view.removeLast() }
    return String(view)
  }

  /// Line breaks (CR LF, lone CR) as line feeds.
  var normalisingLineBreaks: String {
    guard contains("\r") else { return self }
    return replacing("\r\n", with: "\n").replacing("\r", with: "\n")
  }
}
