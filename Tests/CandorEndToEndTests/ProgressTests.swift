import Foundation
import Testing

/// The progress line: on standard error, rewritten in place, only when standard error is a terminal and --quiet is
/// not given.
@Suite(.serialized) struct ProgressTests {
  static let script = "/usr/bin/script"

  func compareArguments(out: URL, quiet: Bool) -> [String] {
    [
      "compare", CandorProcess.package("Examples"), "--incidents", CandorProcess.package("Examples/incidents.xml"),
      "--out", out.path, "--format", "xml",
    ] + (quiet ? ["--quiet"] : [])
  }

  @Test func nothingOnStandardErrorWhenItIsNotATerminal() throws {
    let out = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    // Standard error is a pipe here.
    let result = try CandorProcess.run(compareArguments(out: out.appendingPathComponent("r"), quiet: false))
    #expect(result.status == 0, "\(result.stderr)")
    // Only the notes on the files of Examples/ that are not responses; no progress line.
    #expect(!result.stderr.contains("vendors, "), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").allSatisfy { $0.contains(": note: skipped") }, "\(result.stderr)")
    #expect(result.stdout.contains("4. "))
  }

  /// Runs candor with standard output and standard error on a pseudo-terminal (util-linux `script`), and returns
  /// what the terminal received.
  func onTerminal(_ arguments: [String]) throws -> String {
    let quoted = ([CandorProcess.executable.path] + arguments).map { "'" + $0 + "'" }.joined(separator: " ")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.script)
    process.arguments = ["-qec", quoted, "/dev/null"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return String(decoding: data, as: UTF8.self)
  }

  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: script)))
  func aLineUpdatedInPlaceOnATerminalAndNothingWithQuiet() throws {
    let out = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let shown = try onTerminal(compareArguments(out: out.appendingPathComponent("shown"), quiet: false))
    // Carriage return and erase-line before each update: one line, rewritten; the count reaches the total.
    #expect(shown.contains("\r\u{1B}[Kcandor: 1 of 4 vendors, "), "\(shown.debugDescription)")
    #expect(shown.contains("\r\u{1B}[Kcandor: 4 of 4 vendors, "), "\(shown.debugDescription)")
    #expect(shown.contains("Reports written to"))
    let quiet = try onTerminal(compareArguments(out: out.appendingPathComponent("quiet"), quiet: true))
    #expect(!quiet.contains("vendors, "), "\(quiet.debugDescription)")
    #expect(!quiet.contains("\u{1B}["), "\(quiet.debugDescription)")
    #expect(quiet.isEmpty, "\(quiet.debugDescription)")
  }
}
