import CandorKit
import Foundation

/// Output to the terminal: results on standard output, diagnostics on standard error (through FileHandle, since
/// C's `stderr` is a global that Swift 6 strict concurrency rejects).
///
/// A result that cannot be written (standard output closed, a full disk behind a redirection) ends the run with
/// exit status 2 and a message on standard error; a message that cannot be written to standard error is dropped.
///
/// Nothing from an input reaches the terminal raw: every line goes through ``SafeText/forTerminal(_:keepingLines:)``
/// (control and bidirectional characters shown as escapes). A document written to standard output is left byte for
/// byte as it is unless standard output is a terminal.
enum Terminal {
  static func output(_ line: String) {
    write(SafeText.forTerminal(line, keepingLines: true) + "\n")
  }

  /// Writes `text` to standard output as it is (a document that ends with its own line break); on a terminal, with
  /// its control and bidirectional characters shown as escapes.
  static func write(_ text: String) {
    let shown = isatty(STDOUT_FILENO) == 1 ? SafeText.forTerminal(text, keepingLines: true) : text
    do {
      try FileHandle.standardOutput.write(contentsOf: Data(shown.utf8))
    } catch {
      Terminal.error("candor: cannot write to standard output: \(reason(error))")
      exit(2)
    }
  }

  static func error(_ line: String) {
    try? FileHandle.standardError.write(contentsOf: Data((SafeText.forTerminal(line, keepingLines: true) + "\n").utf8))
  }

  static func report(_ diagnostics: [Diagnostic]) {
    guard !diagnostics.isEmpty else { return }
    error(diagnostics.map(\.description).joined(separator: "\n"))
  }

  /// The system's words for a failed write (Foundation wraps the POSIX error).
  private static func reason(_ error: Error) -> String {
    let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
    if let code = underlying?.code, underlying?.domain == NSPOSIXErrorDomain {
      return String(cString: strerror(Int32(code)))
    }
    return error.localizedDescription
  }
}
