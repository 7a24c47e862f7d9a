import Foundation
import Testing

/// README.md runs as written: every command of every ```sh (or bash, shell) block, top to bottom, in a scratch copy
/// of the repository's files, with `candor` on the PATH being the binary `swift test` built. Each command must exit
/// 0, or the status its line names with a trailing `# exit status N`. Commands run one by one with bash, in the
/// scratch folder (a `cd` or an `export` does not carry over; a command continues on the next line after `\`).
///
/// A block that must not run here (it builds or installs candor, needs the network, starts a server, takes
/// minutes) is marked on the line before its fence, with the reason, which the test requires:
///
///     <!-- readme-test: skip: needs the network (fetches a status page) -->
///     ```sh
///     candor incidents snapshot https://www.githubstatus.com/history.atom --vendor github --store github-feed
///     ```
@Suite(.serialized) struct ReadmeTests {
  /// A command of the README: where it is, its text (continuation lines joined) and the exit status expected.
  struct Command: CustomStringConvertible {
    var line: Int
    var text: String
    var expectedStatus: Int32

    var description: String { "README.md:\(line): \(text)" }
  }

  /// A fenced block of the README.
  struct Block {
    var line: Int
    var language: String
    /// Why the block is not run, when it is marked so.
    var skipReason: String?
    var commands: [Command]
    var runs: Bool { ["sh", "bash", "shell"].contains(language) && skipReason == nil }
  }

  static let marker = "<!-- readme-test: skip"

  /// The fenced blocks of `text`; a problem with a marker is recorded as an issue.
  static func blocks(_ text: String) -> [Block] {
    let lines = text.components(separatedBy: "\n")
    var blocks: [Block] = []
    var index = 0
    while index < lines.count {
      let line = lines[index].trimmingCharacters(in: .whitespaces)
      guard line.hasPrefix("```") else {
        index += 1
        continue
      }
      let fence = index + 1
      let language = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
      var skipReason: String?
      if index > 0, lines[index - 1].hasPrefix(marker) {
        let markerLine = lines[index - 1]
        let reason = markerLine.dropFirst(marker.count).drop { $0 == ":" || $0 == " " }
          .replacingOccurrences(of: "-->", with: "").trimmingCharacters(in: .whitespaces)
        if reason.isEmpty { Issue.record("README.md:\(fence - 1): a skipped block needs a reason: \(markerLine)") }
        skipReason = reason
      }
      var body: [(Int, String)] = []
      index += 1
      while index < lines.count, !lines[index].trimmingCharacters(in: .whitespaces).hasPrefix("```") {
        body.append((index + 1, lines[index]))
        index += 1
      }
      index += 1
      blocks.append(Block(line: fence, language: language, skipReason: skipReason, commands: commands(body)))
    }
    return blocks
  }

  /// The commands of a block: blank lines and comments left out, continuation lines joined.
  static func commands(_ body: [(Int, String)]) -> [Command] {
    var commands: [Command] = []
    var pending: (line: Int, text: String)?
    for (number, raw) in body {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if pending == nil && (line.isEmpty || line.hasPrefix("#")) { continue }
      var text = (pending?.text ?? "") + (pending == nil ? "" : " ") + line
      let continues = text.hasSuffix("\\")
      if continues {
        text.removeLast()
        pending = (pending?.line ?? number, text.trimmingCharacters(in: .whitespaces))
        continue
      }
      var expected: Int32 = 0
      if let range = text.range(of: #"#\s*exit status (\d+)"#, options: .regularExpression) {
        expected = Int32(text[range].split(separator: " ").last.map(String.init) ?? "0") ?? 0
      }
      commands.append(Command(line: pending?.line ?? number, text: text, expectedStatus: expected))
      pending = nil
    }
    return commands
  }

  /// A scratch copy of the repository's files (tracked and untracked, not ignored), as a fresh clone has them.
  static func scratchCopy() throws -> URL {
    let scratch = try CandorProcess.temporaryDirectory()
    let list = Process()
    list.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    list.arguments = [
      "git", "-C", CandorProcess.packageRoot.path, "ls-files", "-z", "--cached", "--others",
      "--exclude-standard",
    ]
    let pipe = Pipe()
    list.standardOutput = pipe
    try list.run()
    let names = pipe.fileHandleForReading.readDataToEndOfFile().split(separator: 0).map {
      String(decoding: $0, as: UTF8.self)
    }
    list.waitUntilExit()
    #expect(list.terminationStatus == 0 && !names.isEmpty, "git ls-files in \(CandorProcess.packageRoot.path)")
    for name in names {
      let source = CandorProcess.packageRoot.appendingPathComponent(name)
      guard FileManager.default.fileExists(atPath: source.path) else { continue }  // deleted, not yet committed
      let target = scratch.appendingPathComponent(name)
      try FileManager.default.createDirectory(
        at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
      try FileManager.default.copyItem(at: source, to: target)
    }
    return scratch
  }

  /// Runs `command` with bash in `directory`, `candor` first on the PATH; nil status when it timed out.
  static func run(_ command: Command, in directory: URL, bin: URL, timeout: TimeInterval = 120) throws -> (
    status: Int32?, output: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-o", "pipefail", "-c", command.text]
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = bin.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    environment["HOME"] = directory.path
    environment["COLUMNS"] = "100"
    process.environment = environment
    let output = directory.appendingPathComponent(".readme-test-output")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    let handle = try FileHandle(forWritingTo: output)
    defer { try? handle.close() }
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    let timedOut = process.isRunning
    if timedOut { process.terminate() }
    process.waitUntilExit()
    let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    return (timedOut ? nil : process.terminationStatus, text)
  }

  @Test func everyCommandOfTheReadmeRunsAsWritten() throws {
    let readme = try String(contentsOfFile: CandorProcess.package("README.md"), encoding: .utf8)
    let blocks = Self.blocks(readme)
    let runnable = blocks.filter(\.runs)
    #expect(runnable.count >= 2, "no runnable block found in README.md")
    let scratch = try Self.scratchCopy()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let bin = scratch.appendingPathComponent(".readme-test-bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      at: bin.appendingPathComponent("candor"), withDestinationURL: CandorProcess.executable)
    for block in runnable {
      for command in block.commands {
        // `swift run` and `swift build` would build the package again in the scratch copy, for minutes.
        if command.text.hasPrefix("swift ") {
          let message =
            "\(command): a runnable block builds or tests with swift; write `candor …` (the README installs it), or "
            + "mark the block with \(Self.marker): REASON -->"
          Issue.record("\(message)")
          continue
        }
        let (status, output) = try Self.run(command, in: scratch, bin: bin)
        guard let status else {
          let message =
            "\(command)\ndid not finish in 120 seconds (a server, a prompt?); mark its block with "
            + "\(Self.marker): REASON -->\nOutput:\n\(output)"
          Issue.record("\(message)")
          return
        }
        if status != command.expectedStatus {
          let message =
            "\(command)\nexited with status \(status), expected \(command.expectedStatus)"
            + (command.expectedStatus == 0 ? "" : " (from its # exit status comment)") + ". Output:\n\(output)"
          Issue.record("\(message)")
          return  // the commands after it may depend on what it should have made
        }
      }
    }
  }

  /// The blocks that do not run say why, and the install section shows how to put candor on the PATH.
  @Test func theReadmeExplainsWhatItDoesNotRun() throws {
    let readme = try String(contentsOfFile: CandorProcess.package("README.md"), encoding: .utf8)
    let blocks = Self.blocks(readme)
    for block in blocks where ["sh", "bash", "shell"].contains(block.language) && block.skipReason != nil {
      #expect(block.skipReason?.isEmpty == false, "README.md:\(block.line)")
    }
    let skipped = blocks.filter { $0.skipReason != nil }.flatMap(\.commands).map(\.text)
    #expect(skipped.contains { $0.hasPrefix("swift build -c release") }, "the install section builds a release")
    #expect(readme.contains("--generate-completion-script"), "the README mentions shell completion")
  }

  @Test func theExtractionReadsMarkersContinuationsAndStatuses() {
    let text = """
      Text.

      <!-- readme-test: skip: needs the network -->
      ```sh
      candor incidents snapshot https://example.com/feed.atom --vendor x --store s
      ```

      ```sh
      # A comment.
      candor assess Examples/ \\
        --out reports   # trailing words
      candor compare Examples/ --policy p.xml --out c   # exit status 1: a vendor fails

      ```

      ```xml
      <not-a-command/>
      ```
      """
    let blocks = Self.blocks(text)
    #expect(blocks.map(\.language) == ["sh", "sh", "xml"])
    #expect(blocks[0].skipReason == "needs the network")
    #expect(!blocks[0].runs && blocks[1].runs && !blocks[2].runs)
    #expect(blocks[1].commands.map(\.line) == [10, 12])
    #expect(blocks[1].commands[0].text == "candor assess Examples/ --out reports   # trailing words")
    #expect(blocks[1].commands.map(\.expectedStatus) == [0, 1])
  }
}
