import CandorXML

/// A problem found in an input: an error (the input cannot be used) or a warning (it can, but something looks
/// wrong), at a file, line and column; or a note saying what was done with an input (a file skipped, and why).
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
  /// How serious the problem is.
  public enum Severity: String, Sendable, Hashable {
    case error
    case warning
    /// Not a problem: what candor did with an input, such as a file in a folder it skipped and why.
    case note
  }

  public var severity: Severity
  public var location: SourceLocation
  public var message: String

  /// Creates a diagnostic.
  public init(_ severity: Severity, at location: SourceLocation, _ message: String) {
    self.severity = severity
    self.location = location
    self.message = message
  }

  /// `file:line:column: error: message`, one line, safe to print on a terminal: quoted values longer than 80
  /// characters cut short, line breaks made spaces, and every other control or bidirectional character (in the
  /// message or the file name) shown as an escape such as `\u{1B}` (see ``SafeText/forTerminal(_:keepingLines:)``),
  /// so that text from an input can never rewrite what the terminal shows.
  public var description: String {
    let oneLine = SafeText.shorteningQuotes(message).split(whereSeparator: \.isNewline).joined(separator: " ")
    return SafeText.forTerminal("\(location): \(severity.rawValue): \(oneLine)")
  }
}

/// The error thrown when inputs cannot be used: every diagnostic found (errors and warnings), in file order.
public struct InputError: Error, Sendable, CustomStringConvertible {
  public var diagnostics: [Diagnostic]

  public init(_ diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics
  }

  /// A single error at a location.
  public init(at location: SourceLocation, _ message: String) {
    self.diagnostics = [Diagnostic(.error, at: location, message)]
  }

  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics while a stage reads its input, so that every problem is reported at once.
public struct Diagnostics: Sendable {
  public private(set) var all: [Diagnostic] = []

  public init() {}

  public mutating func error(_ location: SourceLocation, _ message: String) {
    all.append(Diagnostic(.error, at: location, message))
  }

  public mutating func warning(_ location: SourceLocation, _ message: String) {
    all.append(Diagnostic(.warning, at: location, message))
  }

  public mutating func note(_ location: SourceLocation, _ message: String) {
    all.append(Diagnostic(.note, at: location, message))
  }

  public mutating func append(contentsOf other: [Diagnostic]) {
    all.append(contentsOf: other)
  }

  /// Whether any diagnostic is an error.
  public var hasErrors: Bool { all.contains { $0.severity == .error } }

  /// The diagnostics sorted by location (stable for equal locations).
  public var sorted: [Diagnostic] {
    all.enumerated().sorted { ($0.element.location, $0.offset) < ($1.element.location, $1.offset) }.map(\.element)
  }

  /// Throws the collected diagnostics when any is an error.
  public func throwIfErrors() throws(InputError) {
    if hasErrors { throw InputError(sorted) }
  }
}

extension XMLProblem {
  /// The problem as an error diagnostic.
  var diagnostic: Diagnostic { Diagnostic(.error, at: location, message) }
}
