import CandorKit
import Foundation

/// Output to the terminal: results on standard output, diagnostics on standard error (through FileHandle, since
/// C's `stderr` is a global that Swift 6 strict concurrency rejects).
///
/// A result that cannot be written (standard output closed, a full disk behind a redirection) ends the run with
/// exit status 2 and a message on standard error; a message that cannot be written to standard error is dropped.
enum Terminal {
  static func output(_ line: String) {
    write(line + "\n")
  }

  /// Writes `text` to standard output as it is (a document that ends with its own line break).
  static func write(_ text: String) {
    do {
      try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    } catch {
      Terminal.error("candor: cannot write to standard output: \(reason(error))")
      exit(2)
    }
  }

  static func error(_ line: String) {
    try? FileHandle.standardError.write(contentsOf: Data((line + "\n").utf8))
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
