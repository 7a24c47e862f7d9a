import CandorKit
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite(.serialized) struct EvidenceIntegrityTests {
  /// A copy of the Nimbus response whose evidence references are `references` (in order of appearance).
  func setUp() throws -> (directory: URL, response: String, evidence: URL) {
    let directory = try CandorProcess.temporaryDirectory()
    let evidence = directory.appendingPathComponent("evidence")
    try FileManager.default.createDirectory(at: evidence, withIntermediateDirectories: true)
    let good = Data("SOC 2 Type II report, section CC6.3".utf8)
    try good.write(to: evidence.appendingPathComponent("soc2.pdf"))
    try Data("tampered white paper".utf8).write(to: evidence.appendingPathComponent("paper.pdf"))
    try Data("secret".utf8).write(to: directory.appendingPathComponent("outside.txt"))
    try FileManager.default.createSymbolicLink(
      at: evidence.appendingPathComponent("link.pdf"),
      withDestinationURL: directory.appendingPathComponent("outside.txt"))
    var text = try String(contentsOfFile: CandorProcess.fixture("reference/response-nimbus.xml"), encoding: .utf8)
    text = text.replacingOccurrences(
      of: #"ref="agent-guardrails-whitepaper.pdf""#,
      with: #"ref="paper.pdf" sha256="0000000000000000000000000000000000000000000000000000000000000000""#)
    text = text.replacingOccurrences(of: #"ref="soc2-type2-2026.pdf""#, with: #"ref="soc2.pdf""#)
    text = text.replacingOccurrences(
      of: #"<answer question="TRN-01.1" value="yes"/>"#,
      with: """
        <answer question="TRN-01.1" value="yes">
            <evidence kind="audit-report" origin="independent" ref="../outside.txt">Escape</evidence>
            <evidence kind="audit-report" origin="independent" ref="/etc/passwd">Absolute</evidence>
            <evidence kind="audit-report" origin="independent" ref="link.pdf">Link out</evidence>
            <evidence kind="audit-report" origin="independent" ref="missing.pdf">Missing</evidence>
          </answer>
        """)
    let response = directory.appendingPathComponent("response.xml").path
    try text.write(toFile: response, atomically: true, encoding: .utf8)
    return (directory, response, evidence)
  }

  @Test func eachEvidenceFileGetsAStateAndTamperingCountsAsNoEvidence() throws {
    let (directory, response, evidence) = try setUp()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("out")
    let result = try CandorProcess.run(
      [
        "assess", response, "--questionnaire", CandorProcess.fixture("reference/questionnaire-mini.xml"),
        "--evidence-dir", evidence.path, "--out", out.path, "--format", "xml,md,csv",
      ])
    #expect(result.status == 0, "\(result.stderr)")
    let xml = try String(contentsOf: out.appendingPathComponent("nimbus-cloud.report.xml"), encoding: .utf8)
    func state(_ reference: String) -> String? {
      guard let range = xml.range(of: "<evidence-file ref=\"\(reference)\" state=\"") else { return nil }
      return String(xml[range.upperBound...].prefix { $0 != "\"" })
    }
    #expect(state("paper.pdf") == "hash-mismatch")
    #expect(state("soc2.pdf") == "unhashed")
    #expect(state("../outside.txt") == "refused")
    #expect(state("/etc/passwd") == "refused")
    #expect(state("link.pdf") == "refused")
    #expect(state("missing.pdf") == "missing")
    // The tampered white paper counts as no evidence: PRV-01.1 verified 0.5, not 0.8.
    #expect(
      xml.contains(
        #"<question id="PRV-01.1" weight="2" status="scored" basis="&quot;yes&quot;" claimed="100.0" verified="50.0">"#)
    )
    #expect(xml.contains(#"state="hash-mismatch">Guardrails white paper"#))
    let markdown = try String(contentsOf: out.appendingPathComponent("nimbus-cloud.report.md"), encoding: .utf8)
    #expect(markdown.contains("| link.pdf | refused |"))
    let pack = try String(contentsOf: out.appendingPathComponent("nimbus-cloud.followups.csv"), encoding: .utf8)
    #expect(pack.contains("The evidence file paper.pdf given for PRV-01.1 does not match the SHA-256"))
    #expect(pack.contains("possible-tampering"))
    #expect(markdown.contains("| link.pdf | refused |"))
    // Nothing from outside the folder was read into the report.
    #expect(!xml.contains("secret") && !xml.contains("root:x"))
  }

  @Test func aMatchingHashIsVerified() throws {
    let (directory, response, evidence) = try setUp()
    defer { try? FileManager.default.removeItem(at: directory) }
    let digest = try CandorProcess.sha256(of: evidence.appendingPathComponent("paper.pdf"))
    var text = try String(contentsOfFile: response, encoding: .utf8)
    text = text.replacingOccurrences(of: String(repeating: "0", count: 64), with: digest)
    try text.write(toFile: response, atomically: true, encoding: .utf8)
    let out = directory.appendingPathComponent("out")
    let result = try CandorProcess.run(
      [
        "assess", response, "--questionnaire", CandorProcess.fixture("reference/questionnaire-mini.xml"),
        "--evidence-dir", evidence.path, "--out", out.path, "--format", "xml",
      ])
    #expect(result.status == 0)
    let xml = try String(contentsOf: out.appendingPathComponent("nimbus-cloud.report.xml"), encoding: .utf8)
    #expect(xml.contains("<evidence-file ref=\"paper.pdf\" state=\"verified\" sha256=\"\(digest)\""))
  }
}

@Suite(.serialized) struct LimitTests {
  func run(_ arguments: [String]) throws -> CandorProcess.Result {
    try CandorProcess.run(arguments)
  }

  @Test func theFileSizeLimit() throws {
    let result = try run(["validate", "--max-bytes", "1000", CandorProcess.fixture("reference/questionnaire-mini.xml")])
    #expect(result.status == 2)
    #expect(result.stderr.contains("more than the limit of 1000 bytes"))
  }

  /// The shipped questionnaire is read under the run's limits too (a run with the default limits reads it once,
  /// early; one with its own limits reads it with them).
  @Test func theShippedQuestionnaireIsReadUnderTheRunsLimits() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("candor-limit-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try run([
      "assess", CandorProcess.package("Examples/response-stratovane.xml"), "--max-bytes", "100000", "--out",
      folder.path,
    ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("aiops-governance.xml"), "\(result.stderr)")
    #expect(result.stderr.contains("more than the limit of 100000 bytes"), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: folder.path))
  }

  @Test func theDepthLimit() throws {
    let result = try run(["validate", "--max-depth", "3", CandorProcess.fixture("reference/questionnaire-mini.xml")])
    #expect(result.status == 2)
    #expect(
      result.stderr.contains(
        "questionnaire-mini.xml:16:7: error: elements nested more than 3 levels deep; the limit is 3"))
  }

  @Test func theElementLimit() throws {
    let result = try run([
      "validate", "--max-elements", "20", CandorProcess.fixture("reference/questionnaire-mini.xml"),
    ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("more than 20 elements; the limit is 20"))
  }

  @Test func theAnswerLimit() throws {
    let out = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try run(
      [
        "assess", CandorProcess.fixture("reference/response-nimbus.xml"), "--questionnaire",
        CandorProcess.fixture("reference/questionnaire-mini.xml"), "--max-answers", "3", "--out", out.path,
      ])
    #expect(result.status == 2)
    #expect(
      result.stderr.contains("response-nimbus.xml:15:3: error: more than 3 answers; the limit is 3 (see --max-answers)")
    )
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
  }

  @Test func theIncidentLimit() throws {
    let out = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try run(
      [
        "assess", CandorProcess.package("Examples/response-oakhollow.xml"), "--incidents",
        CandorProcess.package("Examples/incidents.xml"), "--max-incidents", "2", "--out", out.path,
      ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("error: more than 2 incidents; the limit is 2 (see --max-incidents)"))
  }
}

@Suite(.serialized) struct FailureWithoutDamageTests {
  func invalidResponse(in directory: URL) throws -> String {
    let text = try String(
      contentsOfFile: CandorProcess.package("Examples/response-meridane-cloud.xml"), encoding: .utf8)
    let path = directory.appendingPathComponent("response-broken.xml").path
    try text.replacingOccurrences(of: "questionnaire-version=\"1.1.0\"", with: "questionnaire-version=\"9.0.0\"")
      .write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func anInvalidVendorInAMultiVendorRunWritesNothing() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("out")
    let result = try CandorProcess.run(
      [
        "compare", CandorProcess.package("Examples/response-alderglen-cloud.xml"), try invalidResponse(in: directory),
        CandorProcess.package("Examples/response-oakhollow.xml"), "--out", out.path,
      ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("error: the response answers version 9.0.0 of \"aiops-governance\""))
    #expect(!FileManager.default.fileExists(atPath: out.path), "the output folder must not even be created")
  }

  /// A destination that is a pipe, a device or a symbolic link is refused before anything is moved into place: a
  /// rename would replace it (as root, `--out /dev/null` would otherwise become a regular file).
  @Test func aDestinationThatIsNotARegularFileIsRefusedAndNothingIsWritten() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let pipe = directory.appendingPathComponent("form.xml").path
    #expect(mkfifo(pipe, 0o644) == 0)
    let target = directory.appendingPathComponent("target.xml")
    try "keep\n".write(to: target, atomically: true, encoding: .utf8)
    let link = directory.appendingPathComponent("link.xml").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target.path)
    for destination in [pipe, link] {
      let result = try CandorProcess.run(["template", "--vendor", "acme", "--out", destination])
      #expect(result.status == 2)
      #expect(result.stderr.contains("\(destination): error: exists and is not a regular file"), "\(result.stderr)")
    }
    var status = stat()
    #expect(lstat(pipe, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO, "the pipe must still be a pipe")
    #expect(lstat(link, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK, "the link must still be a link")
    #expect(try String(contentsOf: target, encoding: .utf8) == "keep\n")

    // In a report folder: one report name taken by a pipe; no report at all is moved into place.
    let out = directory.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    #expect(mkfifo(out.appendingPathComponent("oakhollow.report.md").path, 0o644) == 0)
    let result = try CandorProcess.run(
      [
        "compare", CandorProcess.package("Examples/response-alderglen-cloud.xml"),
        CandorProcess.package("Examples/response-oakhollow.xml"), "--out", out.path,
      ])
    #expect(result.status == 2)
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["oakhollow.report.md"])
  }

  @Test func keepGoingWritesOnlyCompleteReportsAndExitsNonZero() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("out")
    let result = try CandorProcess.run(
      [
        "compare", CandorProcess.package("Examples/response-alderglen-cloud.xml"), try invalidResponse(in: directory),
        CandorProcess.package("Examples/response-oakhollow.xml"), "--out", out.path, "--keep-going",
      ])
    #expect(result.status == 2)
    let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    #expect(
      files == [
        "alderglen-cloud.chart.svg", "alderglen-cloud.followups.csv", "alderglen-cloud.report.html",
        "alderglen-cloud.report.md", "alderglen-cloud.report.xml", "candor-run.xml", "comparison.html", "comparison.md",
        "comparison.svg", "comparison.xml", "oakhollow.chart.svg", "oakhollow.followups.csv",
        "oakhollow.report.html", "oakhollow.report.md", "oakhollow.report.xml",
      ])
    let comparison = try String(contentsOf: out.appendingPathComponent("comparison.xml"), encoding: .utf8)
    #expect(!comparison.contains("meridane"))
    // The run manifest says that vendors were left out.
    let manifest = try String(contentsOf: out.appendingPathComponent("candor-run.xml"), encoding: .utf8)
    #expect(manifest.contains(" complete=\"false\""))
  }

  @Test func aKillWhileWritingLeavesThePreviousReportIntact() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("out")
    let arguments = CandorProcess.workedExampleAssess(into: out)
    #expect(try CandorProcess.run(arguments).status == 0)
    let report = out.appendingPathComponent("nimbus-cloud.report.xml")
    let before = try Data(contentsOf: report)

    // Run again with incidents (a different report), and kill it hard once every new report is staged.
    for signal in [SIGKILL, SIGTERM] {
      let process = try CandorProcess.startPausedBeforeRename(
        arguments + ["--incidents", CandorProcess.fixture("reference/incidents-nimbus.xml"), "--force"])
      let staged = try FileManager.default.contentsOfDirectory(atPath: out.path).filter {
        $0.hasPrefix(".candor-partial-")
      }
      // Every report, and the run manifest that will replace the earlier run's.
      #expect(staged.count == ReportFormat.defaults.count + 1)
      kill(process.processIdentifier, signal)
      process.waitUntilExit()
      #expect(try Data(contentsOf: report) == before, "the previous report changed after signal \(signal)")
      let left = try FileManager.default.contentsOfDirectory(atPath: out.path).filter {
        $0.hasPrefix(".candor-partial-")
      }
      if signal == SIGTERM {
        #expect(left.isEmpty, "SIGTERM must remove the staged files")
        #expect(process.terminationStatus == 128 + SIGTERM)
      }
    }
    // The next run cleans up what SIGKILL left and writes the new report whole.
    #expect(
      try CandorProcess.run(
        arguments + ["--incidents", CandorProcess.fixture("reference/incidents-nimbus.xml"), "--force"]
      ).status == 0)
    let after = try FileManager.default.contentsOfDirectory(atPath: out.path)
    #expect(after.filter { $0.hasPrefix(".candor-partial-") }.isEmpty)
    #expect(try Data(contentsOf: report) != before)
  }
}
