import CandorTestSupport
import Foundation

/// Runs programs for the live tests: the built `candor` binary and the browser walkthrough.
enum Processes {
  typealias Result = ProcessOutput

  /// The `candor` binary next to the test bundle (swift test builds every product of the package).
  static let candor = BuiltProducts.executable(
    "candor", fallback: URL(fileURLWithPath: TestPortal.package(".build/debug/candor")))

  /// The first of `names` on the PATH.
  static func which(_ names: String...) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for name in names {
      for folder in path.split(separator: ":") {
        let candidate = "\(folder)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      }
    }
    return nil
  }

  /// Runs `executable arguments…` (``ProcessRunner``) on a Dispatch thread, not one of the concurrency pool's.
  static func run(_ executable: String, _ arguments: [String], input: String? = nil, timeout: TimeInterval)
    async throws -> Result
  {
    try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async {
        continuation.resume(
          with: Swift.Result {
            try ProcessRunner.run(URL(fileURLWithPath: executable), arguments, input: input, timeout: timeout)
          })
      }
    }
  }

  /// Starts `executable arguments…`, reads its standard output until a line contains `line` (or `timeout` seconds
  /// pass), then stops it with SIGTERM and waits for it; returns what it printed.
  static func runUntil(_ executable: String, _ arguments: [String], line: String, timeout: TimeInterval) async throws
    -> String
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    process.standardInput = FileHandle.nullDevice
    return try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async {
        do {
          try process.run()
        } catch {
          continuation.resume(throwing: error)
          return
        }
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
        var text = ""
        while true {
          let chunk = out.fileHandleForReading.availableData
          if chunk.isEmpty { break }
          text += String(decoding: chunk, as: UTF8.self)
          if text.contains(line) {
            process.terminate()
            break
          }
        }
        process.waitUntilExit()
        timer.cancel()
        continuation.resume(returning: text)
      }
    }
  }
}
