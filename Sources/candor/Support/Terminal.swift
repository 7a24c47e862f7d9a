import CandorKit
import Foundation

/// Output to the terminal: results on standard output, diagnostics on standard error (through FileHandle, since
/// C's `stderr` is a global that Swift 6 strict concurrency rejects).
enum Terminal {
  static func output(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
  }

  /// Writes `text` to standard output as it is (a document that ends with its own line break).
  static func write(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  static func error(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  static func report(_ diagnostics: [Diagnostic]) {
    guard !diagnostics.isEmpty else { return }
    error(diagnostics.map(\.description).joined(separator: "\n"))
  }
}
