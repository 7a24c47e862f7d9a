import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The attacks of issue 14 ("Hardening II"), each from its reproduction, against the built binary. Every run that
/// must not hang has a time limit, and is killed past it.
@Suite(.serialized) struct NamedPipeTests {
  static let questionnaire = CandorProcess.fixture("reference/questionnaire-mini.xml")
  static let response = CandorProcess.fixture("reference/response-nimbus.xml")
  static let incidents = CandorProcess.fixture("reference/incidents-nimbus.xml")

  /// Item 3: a FIFO given in each place a file is read blocked every command forever in open(). Each is now refused
  /// before it is opened, with its name and what it is.
  @Test func aNamedPipeAnywhereAFileIsReadIsRefusedAtOnce() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let pipe = directory.appendingPathComponent("pipe.xml").path
    #expect(mkfifo(pipe, 0o644) == 0)
    let folder = directory.appendingPathComponent("folder")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    #expect(mkfifo(folder.appendingPathComponent("a.xml").path, 0o644) == 0)
    let templates = directory.appendingPathComponent("templates")
    try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
    #expect(mkfifo(templates.appendingPathComponent("report.md.mustache").path, 0o644) == 0)
    let out = directory.appendingPathComponent("out").path
    let assess = ["assess", "--questionnaire", Self.questionnaire, "--out", out]
    let cases: [(String, [String], String)] = [
      ("a response", assess + [pipe], pipe),
      ("--incidents", assess + [Self.response, "--incidents", pipe], pipe),
      ("--questionnaire", ["assess", Self.response, "--questionnaire", pipe, "--out", out], pipe),
      ("--policy", assess + [Self.response, "--policy", pipe], pipe),
      ("an .xml in a responses folder", assess + [folder.path], folder.appendingPathComponent("a.xml").path),
      (
        "an .xml in an incidents folder", assess + [Self.response, "--incidents", folder.path],
        folder.appendingPathComponent("a.xml").path
      ),
      (
        "a template", assess + [Self.response, "--templates", templates.path],
        templates.appendingPathComponent("report.md.mustache").path
      ),
      ("validate", ["validate", pipe], pipe),
      ("diff", ["diff", pipe, pipe], pipe),
      ("import", ["import", pipe, "--vendor", "acme", "--out", out + ".xml"], pipe),
    ]
    for (place, arguments, file) in cases {
      let result = try CandorProcess.run(arguments, timeout: 20)
      #expect(!result.timedOut, "\(place): candor hung")
      #expect(result.status == 2, "\(place): \(result.stderr)")
      #expect(
        result.stderr.contains("\(file): error: is a named pipe (FIFO), not a regular file"),
        "\(place): \(result.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  /// Item 3: an evidence file that is a FIFO is refused (the run goes on; the report says so).
  @Test func aNamedPipeAsEvidenceIsRefusedAndTheRunGoesOn() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let evidence = directory.appendingPathComponent("evidence")
    try FileManager.default.createDirectory(at: evidence, withIntermediateDirectories: true)
    #expect(mkfifo(evidence.appendingPathComponent("soc2-type2-2026.pdf").path, 0o644) == 0)
    let out = directory.appendingPathComponent("out")
    let result = try CandorProcess.run(
      [
        "assess", Self.response, "--questionnaire", Self.questionnaire, "--evidence-dir", evidence.path, "--out",
        out.path, "--format", "xml",
      ], timeout: 20)
    #expect(!result.timedOut && result.status == 0, "\(result.stderr)")
    let xml = try String(contentsOf: out.appendingPathComponent("nimbus-cloud.report.xml"), encoding: .utf8)
    #expect(
      xml.contains(
        #"<evidence-file ref="soc2-type2-2026.pdf" state="refused">is a named pipe (FIFO), not a regular file; it was not read</evidence-file>"#
      ))
  }
}

@Suite(.serialized) struct TerminalMessageTests {
  /// Item 6, the reproduction: a crafted CSV cell is quoted in the error, and its escape sequences printed a fake
  /// "Wrote o.xml … all questions answered" line over the real error. Now control and bidirectional characters
  /// are shown as escapes, and a long value is cut.
  @Test func vendorTextCannotRewriteTheTerminal() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let forged = "\u{1B}[2K\r\u{1B}[1AWrote o.xml: 108 answers for acme; all questions answered.\u{9B}2J\u{202E}"
    let csv = directory.appendingPathComponent("answers.csv")
    try Data(
      ("Question ID,Answer,Comment\nPRV-01.1,\"\(forged)\",\nPRV-01.2,\(String(repeating: "9", count: 5_000)),\n").utf8
    ).write(to: csv)
    let result = try CandorProcess.run(
      [
        "import", csv.path, "--questionnaire", CandorProcess.fixture("reference/questionnaire-mini.xml"), "--vendor",
        "acme", "--out", directory.appendingPathComponent("o.xml").path,
      ], timeout: 60)
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    for raw in ["\u{1B}", "\r", "\u{9B}", "\u{202E}"] { #expect(!result.stderr.contains(raw)) }
    // The carriage return is a line break: a message is one line, so it became a space.
    #expect(result.stderr.contains(#"answers.csv:2:2: error: "\u{1B}[2K \u{1B}[1AWrote o.xml: 108 answers"#))
    #expect(result.stderr.contains(#"\u{9B}2J\u{202E}" is not an option of question PRV-01.1"#))
    #expect(result.stderr.contains("(5000 characters)"))
    #expect(!result.stderr.contains(String(repeating: "9", count: 100)))
    #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("o.xml").path))
  }

  /// Item 6: a bidirectional override in an XML value quoted by a message.
  @Test func bidiCharactersInAnXMLValueAreShownAsEscapes() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var text = try String(contentsOfFile: CandorProcess.fixture("reference/response-nimbus.xml"), encoding: .utf8)
    text = text.replacingOccurrences(
      of: #"<answer question="PRV-01.2" number="10"/>"#,
      with: "<answer question=\"PRV-01.2\" value=\"y\u{202E}se\u{85}\"/>")
    let response = directory.appendingPathComponent("r.xml")
    try text.write(to: response, atomically: true, encoding: .utf8)
    let result = try CandorProcess.run(
      ["validate", "--questionnaire", CandorProcess.fixture("reference/questionnaire-mini.xml"), response.path],
      timeout: 60)
    #expect(result.status == 2)
    #expect(!result.stderr.contains("\u{202E}") && !result.stderr.contains("\u{85}"))
    // NEL (U+0085) is a line break: a message is one line, so it became a space.
    #expect(result.stderr.contains(#"The value 'y\u{202E}se ' is not accepted"#), "\(result.stderr)")
  }
}

@Suite(.serialized) struct ConcurrentAndInterruptedRunTests {
  /// Copies of the example responses under `count` vendor ids, for a compare that takes a while.
  func manyVendors(_ count: Int, in directory: URL) throws -> URL {
    let folder = directory.appendingPathComponent("responses")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let original = try String(
      contentsOfFile: CandorProcess.package("Examples/response-oakhollow.xml"), encoding: .utf8)
    for index in 0..<count {
      try original.replacingOccurrences(of: #"id="oakhollow""#, with: #"id="vendor-\#(index)""#)
        .write(to: folder.appendingPathComponent("r\(index).xml"), atomically: true, encoding: .utf8)
    }
    return folder
  }

  func names(_ folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
  }

  /// Item 8, the reproduction: a second compare started while the first runs deleted the first run's staged files
  /// and the first failed. Now the second stops at once, saying that another run holds the folder, and the first is
  /// untouched.
  @Test func aSecondRunIntoTheSameFolderIsTurnedAway() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("out")
    let arguments = [
      "compare", CandorProcess.package("Examples/response-oakhollow.xml"),
      CandorProcess.package("Examples/response-stratovane.xml"), "--out", out.path,
    ]
    let first = try CandorProcess.startPaused(arguments, pause: "CANDOR_FAULT_PAUSE_BEFORE_RENAME")
    let staged = names(out).filter { $0.hasPrefix(".candor-partial-") }
    #expect(staged.count >= 9, "\(staged)")
    let second = try CandorProcess.run(arguments, timeout: 60)
    #expect(second.status == 2)
    #expect(
      second.stderr.contains(
        "\(out.path): error: another candor run (process \(first.processIdentifier)) is writing to this folder"),
      "\(second.stderr)")
    #expect(names(out).filter { $0.hasPrefix(".candor-partial-") } == staged, "the first run's files were touched")
    kill(first.processIdentifier, SIGTERM)
    first.waitUntilExit()
    #expect(first.terminationStatus == 128 + SIGTERM)
    // Stopped where it had marked the folder as being written (its run manifest's marker, listing the files it
    // was about to move): its staged files and its lock are gone, the marker stays, so the next run must be forced.
    #expect(names(out) == [".candor-run-replacing.xml"])
    #expect(try CandorProcess.run(arguments + ["--force"], timeout: 120).status == 0)
    #expect(!names(out).contains { $0.hasPrefix(".candor") })
  }

  /// Item 9, the reproduction: SIGINT or SIGTERM during a large compare left `.candor-partial-*` files in 4 of 12
  /// tries, and a killed run left the empty folder it created. 12 tries at different moments: whatever the moment,
  /// nothing of the run is left (or, when the signal came after the run finished, everything is there).
  @Test func anInterruptNeverLeavesStagedFilesOrAnEmptyFolder() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let responses = try manyVendors(60, in: directory)
    for attempt in 0..<12 {
      let out = directory.appendingPathComponent("out-\(attempt)")
      let process = Process()
      process.executableURL = CandorProcess.executable
      process.arguments = ["compare", responses.path, "--out", out.path, "--quiet"]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      // Wait until some reports are staged, then a little more, different each time.
      let deadline = Date().addingTimeInterval(60)
      while Date() < deadline, process.isRunning,
        names(out).filter({ $0.hasPrefix(".candor-partial-") }).count < 3 * (attempt % 4 + 1)
      {
        usleep(2_000)
      }
      let signal = attempt % 2 == 0 ? SIGINT : SIGTERM
      kill(process.processIdentifier, signal)
      process.waitUntilExit()
      let left = names(out)
      if process.terminationStatus == 0 {
        #expect(left.filter { $0.hasSuffix(".report.xml") }.count == 60, "attempt \(attempt): \(left)")
        #expect(!left.contains { $0.hasPrefix(".candor") }, "attempt \(attempt): \(left)")
      } else {
        #expect(process.terminationStatus == 128 + signal, "attempt \(attempt)")
        #expect(!left.contains { $0.hasPrefix(".candor-partial-") || $0 == ".candor-lock" }, "attempt \(attempt)")
        // Killed before anything was moved into place, the folder it created is gone; killed while moving, the
        // folder says so.
        #expect(left.isEmpty || left.contains(".candor-incomplete"), "attempt \(attempt): \(left)")
        #expect(!FileManager.default.fileExists(atPath: out.path) || !left.isEmpty)
      }
    }
  }

  /// Item 9: kill -9 while reports are being moved into place leaves reports of two runs; the folder holds
  /// `.candor-incomplete` until a run completes, so the two cases can always be told apart.
  @Test func aRunKilledWhileMovingReportsIntoPlaceLeavesTheMarker() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("out")
    let arguments = CandorProcess.workedExampleAssess(into: out)
    #expect(try CandorProcess.run(arguments, timeout: 60).status == 0)
    let complete = names(out)
    #expect(complete.count > 2 && !complete.contains(".candor-incomplete"))
    let withIncidents =
      arguments + ["--incidents", CandorProcess.fixture("reference/incidents-nimbus.xml"), "--force"]
    let killed = try CandorProcess.startPaused(withIncidents, pause: "CANDOR_FAULT_PAUSE_MID_RENAME")
    #expect(names(out).contains(".candor-incomplete"))
    kill(killed.processIdentifier, SIGKILL)
    killed.waitUntilExit()
    #expect(names(out).contains(".candor-incomplete"), "a folder of mixed reports must say so")
    let marker = try String(contentsOf: out.appendingPathComponent(".candor-incomplete"), encoding: .utf8)
    #expect(marker.contains("the reports here may come from two different runs"))
    // A run that fails leaves the marker; a run that completes removes it, and the leftovers of the killed one.
    let failing = try CandorProcess.run(arguments + ["--max-answers", "1", "--force"], timeout: 60)
    #expect(failing.status == 2 && names(out).contains(".candor-incomplete"))
    #expect(try CandorProcess.run(withIncidents, timeout: 60).status == 0)
    #expect(names(out) == complete, "\(names(out))")
  }

  /// A folder on a full disk: a 256 KiB tmpfs mounted in `directory` and filled up (as root, where mounting is
  /// allowed); nil where it cannot be mounted. The caller unmounts it with ``unmount(_:)``.
  func fullDisk(in directory: URL) throws -> URL? {
    let mountPoint = directory.appendingPathComponent("full")
    try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
    guard try command("/bin/mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint.path]) == 0 else {
      return nil
    }
    // Fill it: writing 1 MiB stops at 256 KiB with ENOSPC.
    let filler = open(mountPoint.appendingPathComponent("filler").path, O_WRONLY | O_CREAT, 0o644)
    let chunk = [UInt8](repeating: 0, count: 64 << 10)
    while chunk.withUnsafeBytes({ write(filler, $0.baseAddress, $0.count) }) > 0 {}
    close(filler)
    return mountPoint
  }

  func unmount(_ mountPoint: URL) { _ = try? command("/bin/umount", [mountPoint.path]) }

  func command(_ path: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  /// Item 9, the reproduction: `diff --out` on a full disk left an empty folder; so did a failed assess into new
  /// nested folders. A run that writes nothing removes every folder it created. On a real full disk (a filled
  /// tmpfs) where the test may mount one; otherwise where no file may grow past 0 bytes (`ulimit -f 0`, SIGXFSZ
  /// ignored: every write fails as on a full disk).
  @Test func aRunThatCannotWriteLeavesNoFolderBehind() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var reports: [String] = []
    for (round, response) in [
      ("2025", "Examples/rounds/response-oakhollow-2025.xml"), ("2026", "Examples/response-oakhollow.xml"),
    ] {
      let folder = directory.appendingPathComponent(round)
      let run = try CandorProcess.run(
        ["assess", CandorProcess.package(response), "--format", "xml", "--out", folder.path], timeout: 60)
      #expect(run.status == 0, "\(run.stderr)")
      reports.append(folder.appendingPathComponent("oakhollow.report.xml").path)
    }
    let disk = try fullDisk(in: directory)
    defer { disk.map(unmount) }
    let place = disk ?? directory
    func run(_ arguments: [String]) throws -> CandorProcess.Result {
      if disk != nil { return try CandorProcess.run(arguments, timeout: 60) }
      return try CandorProcess.run(
        ["-c", #"ulimit -f 0; trap '' XFSZ; exec "$0" "$@""#, CandorProcess.executable.path] + arguments,
        timeout: 60, executable: URL(fileURLWithPath: "/bin/sh"))
    }
    let diffOut = place.appendingPathComponent("diff")
    let diff = try run(["diff", reports[0], reports[1], "--out", diffOut.path])
    // A sanitizer's runtime cannot start under `ulimit -f 0`: nothing to learn from such a run.
    if disk == nil, diff.stderr.contains("Sanitizer:DEADLYSIGNAL") { return }
    #expect(diff.status == 2, "\(diff.stderr)")
    #expect(diff.stderr.contains("cannot write the report file"), "\(diff.stderr)")
    #expect(!FileManager.default.fileExists(atPath: diffOut.path))
    let nested = place.appendingPathComponent("a/b/c")
    let assess = try run([
      "assess", CandorProcess.package("Examples/response-oakhollow.xml"), "--out", nested.path,
    ])
    #expect(assess.status == 2, "\(assess.stderr)")
    #expect(!FileManager.default.fileExists(atPath: place.appendingPathComponent("a").path))
  }
}

@Suite(.serialized) struct InputFolderTests {
  /// Item 10, the reproduction: a folder scan silently skipped a valid response whose root element comes after a
  /// long comment, a UTF-16 file and `*.XML`. Each is now read: the first two are assessed, the UTF-16 file is
  /// refused with its reason.
  @Test func aFolderScanReadsWhatItCannotRuleOut() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let folder = directory.appendingPathComponent("responses")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let oakhollow = try String(
      contentsOfFile: CandorProcess.package("Examples/response-oakhollow.xml"), encoding: .utf8)
    let comment = "<!-- " + String(repeating: "a long preamble ", count: 10_000) + "-->\n"
    // After the XML declaration, 160 KB of comment before the root element.
    let declarationEnd = try #require(oakhollow.range(of: "?>\n")).upperBound
    try (oakhollow[..<declarationEnd] + comment + oakhollow[declarationEnd...])
      .write(to: folder.appendingPathComponent("a.xml"), atomically: true, encoding: .utf8)
    try String(contentsOfFile: CandorProcess.package("Examples/response-stratovane.xml"), encoding: .utf8)
      .write(to: folder.appendingPathComponent("B.XML"), atomically: true, encoding: .utf8)
    let result = try CandorProcess.run(
      ["compare", folder.path, "--out", directory.appendingPathComponent("out").path], timeout: 60)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("oakhollow") && result.stdout.contains("stratovane"), "\(result.stdout)")

    var utf16 = Data([0xFF, 0xFE])
    for unit in oakhollow.utf16 { utf16.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
    try utf16.write(to: folder.appendingPathComponent("d.xml"))
    let refused = try CandorProcess.run(
      ["compare", folder.path, "--out", directory.appendingPathComponent("out-2").path], timeout: 60)
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("d.xml:1:1: error: the file is UTF-16 or UTF-32"), "\(refused.stderr)")
  }
}
