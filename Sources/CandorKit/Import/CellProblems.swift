import CandorXML

/// The problems found in the cells of a sheet, with a problem that repeats down a column reported once: a sheet of
/// 108 rows with the same unreadable value in every row gets one message at the first cell, with the count and the
/// other rows, instead of 108 lines.
///
/// Problems repeat when they have the same severity, column and key; the key is the message unless the caller
/// gives one that leaves out what varies from row to row (the value itself, the question's id).
struct CellProblems {
  private struct Problem {
    var diagnostic: Diagnostic
    var key: String
  }

  private var problems: [Problem] = []

  mutating func error(_ location: SourceLocation, _ message: String, key: String? = nil) {
    problems.append(Problem(diagnostic: Diagnostic(.error, at: location, message), key: key ?? message))
  }

  mutating func warning(_ location: SourceLocation, _ message: String, key: String? = nil) {
    problems.append(Problem(diagnostic: Diagnostic(.warning, at: location, message), key: key ?? message))
  }

  /// Whether any problem is an error.
  var hasErrors: Bool { problems.contains { $0.diagnostic.severity == .error } }

  /// The problems, each repeated one once at its first cell, sorted by location.
  var diagnostics: Diagnostics {
    struct Group: Hashable {
      var severity: Diagnostic.Severity
      var column: Int
      var key: String
    }
    var order: [Group] = []
    var groups: [Group: [Diagnostic]] = [:]
    for problem in problems {
      let group = Group(
        severity: problem.diagnostic.severity, column: problem.diagnostic.location.column, key: problem.key)
      if groups[group] == nil { order.append(group) }
      groups[group, default: []].append(problem.diagnostic)
    }
    var result = Diagnostics()
    for group in order {
      let members = groups[group, default: []].sorted { $0.location < $1.location }
      guard var first = members.first else { continue }
      if members.count > 1 {
        let rows = members.dropFirst().map(\.location.line)
        first.message +=
          "; the same problem on \(rows.count) more row\(rows.count == 1 ? "" : "s"): \(Self.ranges(rows))"
      }
      result.append(contentsOf: [first])
    }
    return result
  }

  /// Throws the problems when any is an error.
  func throwIfErrors() throws(InputError) {
    if hasErrors { throw InputError(diagnostics.sorted) }
  }

  /// Row numbers as ranges: "3–50, 52, 53, 60–109", at most ten ranges and then "…".
  static func ranges(_ rows: [Int]) -> String {
    var ranges: [(first: Int, last: Int)] = []
    for row in rows.sorted() {
      if let last = ranges.last, row <= last.last + 1 {
        ranges[ranges.count - 1].last = max(last.last, row)
      } else {
        ranges.append((row, row))
      }
    }
    let shown = ranges.prefix(10).map { range in
      switch range.last - range.first {
      case 0: "\(range.first)"
      case 1: "\(range.first), \(range.last)"
      default: "\(range.first)–\(range.last)"
      }
    }
    return shown.joined(separator: ", ") + (ranges.count > 10 ? ", …" : "")
  }
}
