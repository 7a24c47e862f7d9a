/// A position in an input file: the file's name as the user gave it, a 1-based line and a 1-based column counted
/// in Unicode scalar values (for CSV inputs, the row and the column number).
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The file name as given on the command line (or a descriptive name for in-memory input).
  public var file: String
  /// The 1-based line (or CSV row); 0 when unknown.
  public var line: Int {
    get { Int(storedLine) }
    set { storedLine = Int32(clamping: newValue) }
  }
  /// The 1-based column; 0 when unknown.
  public var column: Int {
    get { Int(storedColumn) }
    set { storedColumn = Int32(clamping: newValue) }
  }
  // 32 bits each (inputs are capped far below 2 GB), so that a location takes 24 bytes: a run holds one for every
  // incident, finding and observed behaviour it reads.
  private var storedLine: Int32
  private var storedColumn: Int32

  /// Creates a location.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    storedLine = Int32(clamping: line)
    storedColumn = Int32(clamping: column)
  }

  /// `file:line:column`, the form compilers and editors understand; `file:line` when the column is unknown, and
  /// the file alone when there is no position at all (a missing file, a command-line option), never `file:0:0`.
  public var description: String {
    guard line > 0 else { return file }
    guard column > 0 else { return "\(file):\(line)" }
    return "\(file):\(line):\(column)"
  }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
  }
}

/// A problem found while reading or validating an XML document, at a precise location.
public struct XMLProblem: Error, Hashable, Sendable, CustomStringConvertible {
  /// Where the problem is.
  public var location: SourceLocation
  /// What is wrong and, where possible, what was expected.
  public var message: String

  /// Creates a problem.
  public init(location: SourceLocation, message: String) {
    self.location = location
    self.message = message
  }

  /// `file:line:column: error: message`.
  public var description: String { "\(location): error: \(message)" }
}

/// The error thrown when a document cannot be read: every problem found, in document order.
public struct XMLReadError: Error, Sendable, CustomStringConvertible {
  /// The problems, at least one.
  public var problems: [XMLProblem]

  /// Creates the error.
  public init(problems: [XMLProblem]) {
    self.problems = problems
  }

  public var description: String { problems.map(\.description).joined(separator: "\n") }
}
