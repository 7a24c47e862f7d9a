import Foundation

/// A progress line on standard error, rewritten in place, only when standard error is a terminal.
final class Progress: @unchecked Sendable {
  private let start = Date()
  private let lock = NSLock()
  private var shown = false

  /// A progress reporter, or nil when standard error is not a terminal.
  static func onStandardError() -> Progress? {
    isatty(STDERR_FILENO) == 1 ? Progress() : nil
  }

  var report: @Sendable (Int, Int) -> Void {
    { [self] done, total in
      let elapsed = Date().timeIntervalSince(start)
      lock.lock()
      defer { lock.unlock() }
      shown = true
      try? FileHandle.standardError.write(
        contentsOf: Data("\r\u{1B}[Kcandor: \(done) of \(total) vendors, \(String(format: "%.1f", elapsed)) s".utf8))
    }
  }

  /// Clears the line.
  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if shown { try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[K".utf8)) }
  }
}
