import CandorXML
import Foundation
import Testing

@testable import CandorKit

/// The test fixtures in Tests/Fixtures, and ways to make defective copies of them.
enum Fixtures {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")
  static let packageRoot = root.deletingLastPathComponent().deletingLastPathComponent()

  static func text(_ path: String) -> String {
    (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? ""
  }

  static func packageText(_ path: String) -> String {
    (try? String(contentsOf: packageRoot.appendingPathComponent(path), encoding: .utf8)) ?? ""
  }

  static func source(_ path: String) -> SourceText {
    SourceText(name: (path as NSString).lastPathComponent, bytes: Array(text(path).utf8))
  }

  static var miniQuestionnaire: SourceText { source("reference/questionnaire-mini.xml") }
  static var nimbusResponse: SourceText { source("reference/response-nimbus.xml") }
  static var nimbusIncidents: SourceText { source("reference/incidents-nimbus.xml") }

  /// A copy of fixture `path` with `original` replaced by `replacement` (which must occur exactly once), and the
  /// 1-based line on which the replacement starts.
  static func defective(_ path: String, replacing original: String, with replacement: String) -> (SourceText, Int) {
    let text = self.text(path)
    let parts = text.components(separatedBy: original)
    guard parts.count == 2 else {
      Issue.record("\(original) must occur exactly once in \(path)")
      return (SourceText(name: path, bytes: []), 0)
    }
    let line = parts[0].filter { $0 == "\n" }.count + 1
    let name = (path as NSString).lastPathComponent
    return (SourceText(name: name, bytes: Array((parts[0] + replacement + parts[1]).utf8)), line)
  }

  static func loadMini() throws -> LoadedInputs {
    try InputLoader.load(
      questionnaire: miniQuestionnaire, responses: [nimbusResponse], incidents: [nimbusIncidents])
  }
}

/// The diagnostics thrown by `body`, or none.
func diagnostics(_ body: () throws -> Void) -> [Diagnostic] {
  do {
    try body()
    return []
  } catch let error as InputError {
    return error.diagnostics
  } catch {
    Issue.record("unexpected error \(error)")
    return []
  }
}
