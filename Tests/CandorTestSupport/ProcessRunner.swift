import Foundation

/// What a program printed, and how it ended.
public struct ProcessOutput: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
  /// Whether the program was killed because it ran past its time limit.
  public var timedOut = false
}

/// Runs programs for the tests and waits for them.
public enum ProcessRunner {
  /// Runs `executable arguments…` (in `directory`, with `environment` added to this process's, with `input` on
  /// standard input), reading both pipes fully before waiting so that a large output cannot block it; with a
  /// `timeout`, it is killed (SIGKILL: a program that must not hang may be stuck where a gentler signal waits) after
  /// so many seconds, and the output says so.
  public static func run(
    _ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
    input: String? = nil, timeout: TimeInterval? = nil
  ) throws -> ProcessOutput {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let out = Pipe()
    let err = Pipe()
    let stdin = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input == nil ? FileHandle.nullDevice : stdin
    try process.run()
    if let input {
      try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
      try stdin.fileHandleForWriting.close()
    }
    /// Whether the process ended, and whether the timer killed it (under a lock: two threads look at them).
    final class Watch: @unchecked Sendable {
      private let lock = NSLock()
      private var ended = false
      private(set) var killed = false

      func end() {
        lock.lock()
        ended = true
        lock.unlock()
      }

      func kill(_ identifier: Int32) {
        lock.lock()
        defer { lock.unlock() }
        guard !ended else { return }
        killed = true
        _ = Foundation.kill(identifier, SIGKILL)
      }
    }
    let watch = Watch()
    if let timeout {
      let identifier = process.processIdentifier
      DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { watch.kill(identifier) }
    }
    final class Box: @unchecked Sendable { var data = Data() }
    let outBox = Box()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      outBox.data = out.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    watch.end()
    return ProcessOutput(
      status: process.terminationStatus, stdout: String(decoding: outBox.data, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self), timedOut: watch.killed)
  }
}
