import CandorTestSupport
import Foundation
import Testing

/// Runs the built `candor` executable, as a user would.
struct CandorProcess {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Whether the process was killed because it ran past its time limit.
    var timedOut = false
  }

  /// The `candor` binary next to the test bundle (swift test builds every product of the package).
  static let executable = BuiltProducts.executable(
    "candor", fallback: packageRoot.appendingPathComponent(".build/debug/candor"))

  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static func fixture(_ path: String) -> String {
    packageRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(path).path
  }

  static func package(_ path: String) -> String { packageRoot.appendingPathComponent(path).path }

  /// Runs `candor arguments…` in `directory` and waits for it; `environment` adds to (or replaces in) the test's
  /// own environment; with a `timeout`, kills it when it runs longer (a test of something that must not hang never
  /// hangs itself).
  @discardableResult
  static func run(
    _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], timeout: Double? = nil,
    executable: URL = executable
  ) throws -> Result {
    let output = try ProcessRunner.run(
      executable, arguments, in: directory, environment: environment, timeout: timeout)
    return Result(status: output.status, stdout: output.stdout, stderr: output.stderr, timedOut: output.timedOut)
  }

  /// A new empty temporary folder.
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("candor-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

extension CandorProcess {
  /// The SHA-256 of a file, computed by `sha256sum` (coreutils), independently of candor.
  static func sha256(of url: URL) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = [url.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(String(decoding: data, as: UTF8.self).prefix(64))
  }
}

extension CandorProcess {
  /// Starts candor with `arguments` and the fault-injection pause `pause` (an environment variable candor reads:
  /// `CANDOR_FAULT_PAUSE_BEFORE_RENAME`, `CANDOR_FAULT_PAUSE_MID_RENAME`), and returns once it says it paused, so
  /// that a test can signal or kill it at that point.
  static func startPaused(_ arguments: [String], pause: String) throws -> Process {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging([pause: "1"]) { $1 }
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    var seen = Data()
    while !String(decoding: seen, as: UTF8.self).contains("candor: paused") {
      let chunk = errors.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      seen.append(chunk)
    }
    return process
  }

  /// ``startPaused(_:pause:)`` before the reports are moved into place: the caller kills it there.
  static func startPausedBeforeRename(_ arguments: [String]) throws -> Process {
    try startPaused(arguments, pause: "CANDOR_FAULT_PAUSE_BEFORE_RENAME")
  }
}

extension CandorProcess {
  /// `assess` of the worked example's response (reference fixtures, mini questionnaire) into `out`.
  static func workedExampleAssess(into out: URL) -> [String] {
    [
      "assess", fixture("reference/response-nimbus.xml"), "--questionnaire",
      fixture("reference/questionnaire-mini.xml"), "--out", out.path,
    ]
  }
}
