import Foundation
import Testing

/// `candor template`, `candor import` and `candor diff` run as a user runs them: the built executable, its exit
/// status, standard output and standard error.
@Suite struct ProcurementCommandTests {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The `candor` executable built next to the test runner.
  static let executable: URL? = {
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = folder.appendingPathComponent("candor")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      folder = folder.deletingLastPathComponent()
    }
    let built = packageRoot.appendingPathComponent(".build/debug/candor")
    return FileManager.default.isExecutableFile(atPath: built.path) ? built : nil
  }()

  struct Result {
    var status: Int32
    var output: String
    var error: String
  }

  func run(_ arguments: [String], in folder: URL) throws -> Result {
    let executable = try #require(Self.executable, "the candor executable is not built (swift build)")
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = folder
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
      error: String(decoding: errorData, as: UTF8.self))
  }

  func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("candor-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func helpDescribesTheColumnsAndTheExitStatus() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for command in ["template", "import", "diff"] {
      let help = try run([command, "--help"], in: folder)
      #expect(help.status == 0)
      #expect(help.output.contains("Exit status: 0"))
    }
    let importHelp = try run(["import", "--help"], in: folder).output
    for column in [
      "Question ID", "Answer", "Owner", "Comment", "Evidence Reference", "Evidence Kind", "Evidence Origin",
      "Evidence SHA-256", "Valid Until", "Evidence Description",
    ] {
      #expect(importHelp.contains(column))
    }
    #expect(try run(["template", "--help"], in: folder).output.contains("Allowed Answers"))
  }

  @Test func aFormFilledInAndImported() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let template = try run(["template", "--vendor", "oakhollow", "--format", "csv", "--out", "form.csv"], in: folder)
    #expect(template.status == 0)
    var form = try String(contentsOf: folder.appendingPathComponent("form.csv"), encoding: .utf8)
    // Answer IDP-01.1: its row is "IDP-01.1,…,(informational),,,…"; the Answer column is the sixth.
    let lines = form.components(separatedBy: "\r\n")
    let header = lines[0]
    #expect(
      header.hasSuffix(
        "Answer,Owner,Comment,Evidence Reference,Evidence Kind,Evidence Origin,Evidence SHA-256,Valid Until,Evidence Description"
      ))
    form = header + "\r\nIDP-01.1,,,,,yes,,\"Every agent, in every region\"\r\nIDP-01.3,,,,,90\r\n"
    try Data(form.utf8).write(to: folder.appendingPathComponent("answers.csv"))
    let imported = try run(
      [
        "import", "answers.csv", "--vendor", "oakhollow", "--vendor-name", "Oakhollow Systems", "--submitted",
        "2026-11-16", "--out", "responses/oakhollow.xml",
      ], in: folder)
    #expect(imported.status == 0)
    #expect(
      imported.output.hasPrefix("Wrote responses/oakhollow.xml: 2 answers for oakhollow; 130 questions unanswered"))
    let validated = try run(["validate", "responses/oakhollow.xml"], in: folder)
    #expect(validated.status == 0)
    #expect(validated.output == "responses/oakhollow.xml: response: valid\n")
  }

  @Test func aBadSheetIsRefusedWithEveryProblemAndNothingIsWritten() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let sheet = "Question ID,Answer,Owner\r\nIDP-01.1,perhaps,\r\nIDP-01.2,yes,everyone\r\nIDP-01.2,no,\r\n"
    try Data(sheet.utf8).write(to: folder.appendingPathComponent("answers.csv"))
    let result = try run(["import", "answers.csv", "--vendor", "oakhollow", "--out", "response.xml"], in: folder)
    #expect(result.status == 2)
    #expect(result.output.isEmpty)
    #expect(
      result.error == """
        answers.csv:2:2: error: "perhaps" is not an option of question IDP-01.1; expected one of "yes", "partial", "no"
        answers.csv:3:3: error: "everyone" is not an owner; expected one of vendor, customer, shared, third-party (or empty for the control's owner)
        answers.csv:4:1: error: duplicate question "IDP-01.2": it is answered on row 3 already

        """)
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("response.xml").path))
    let usage = try run(["import", "answers.csv", "--vendor", "Oak Hollow", "--out", "r.xml"], in: folder)
    #expect(usage.status == 2)
  }

  @Test func twoRoundsDiffed() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let examples = Self.packageRoot.appendingPathComponent("Examples")
    for (response, out) in [("rounds/response-oakhollow-2025.xml", "2025"), ("response-oakhollow.xml", "2026")] {
      let assessed = try run(
        [
          "assess", examples.appendingPathComponent(response).path, "--incidents",
          examples.appendingPathComponent("incidents.xml").path, "--out", out, "--format", "xml", "--quiet",
        ], in: folder)
      #expect(assessed.status == 0)
    }
    let diff = try run(["diff", "2025/oakhollow.report.xml", "2026/oakhollow.report.xml"], in: folder)
    #expect(diff.status == 0)
    #expect(diff.output.hasPrefix("# Oakhollow Systems: what changed between two rounds"))
    #expect(diff.output.contains("## Controls that improved (3)"))
    let written = try run(
      ["diff", "2025/oakhollow.report.xml", "2026/oakhollow.report.xml", "--out", "diff"], in: folder)
    #expect(written.status == 0)
    #expect(written.output == "Diff written: diff/oakhollow.diff.md, diff/oakhollow.diff.xml.\n")
    let validated = try run(["validate", "diff/oakhollow.diff.xml"], in: folder)
    #expect(validated.output == "diff/oakhollow.diff.xml: diff: valid\n")

    let other = try String(contentsOf: folder.appendingPathComponent("2026/oakhollow.report.xml"), encoding: .utf8)
      .replacing("<vendor id=\"oakhollow\"", with: "<vendor id=\"stratovane\"")
    try Data(other.utf8).write(to: folder.appendingPathComponent("other.report.xml"))
    let refused = try run(["diff", "2025/oakhollow.report.xml", "other.report.xml", "--out", "refused"], in: folder)
    #expect(refused.status == 2)
    #expect(
      refused.error
        == "other.report.xml:3:11: error: the reports are of different vendors: \"stratovane\" here, \"oakhollow\" in "
        + "2025/oakhollow.report.xml; a diff compares two rounds of one vendor\n")
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("refused").path))
  }

  /// A vendor's round assessed with questionnaire 1.0.0 (the fixture of that version) against its round assessed
  /// with the bundled 1.1.0: the diff works, says that the questionnaire changed and lists what changed; across
  /// major versions it is refused with the reason.
  @Test func roundsOfQuestionnaires100And110Diffed() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let examples = Self.packageRoot.appendingPathComponent("Examples")
    let fixtures = Self.packageRoot.appendingPathComponent("Tests/Fixtures/questionnaire-1.0.0")
    let old = try run(
      [
        "assess", fixtures.appendingPathComponent("response-oakhollow-2025.xml").path, "--questionnaire",
        fixtures.appendingPathComponent("aiops-governance-1.0.0.xml").path, "--out", "2025", "--format", "xml",
        "--quiet",
      ], in: folder)
    #expect(old.status == 0, "\(old.error)")
    let new = try run(
      [
        "assess", examples.appendingPathComponent("response-oakhollow.xml").path, "--out", "2026", "--format", "xml",
        "--quiet",
      ], in: folder)
    #expect(new.status == 0, "\(new.error)")
    let oldReport = try String(contentsOf: folder.appendingPathComponent("2025/oakhollow.report.xml"), encoding: .utf8)
    #expect(oldReport.contains(#"questionnaire-version="1.0.0""#))

    let diff = try run(["diff", "2025/oakhollow.report.xml", "2026/oakhollow.report.xml", "--out", "diff"], in: folder)
    #expect(diff.status == 0, "\(diff.error)")
    #expect(
      diff.error.contains(
        "2026/oakhollow.report.xml: warning: the rounds answer different versions of aiops-governance (1.0.0 in "
          + "2025/oakhollow.report.xml, 1.1.0 here): 8 controls added, 0 removed and 2 with other questions"))
    let markdown = try String(contentsOf: folder.appendingPathComponent("diff/oakhollow.diff.md"), encoding: .utf8)
    #expect(markdown.contains("**The questionnaire changed between the rounds** (1.0.0 → 1.1.0)."))
    #expect(
      markdown.contains("| SUP-04 Secrets and customer data sent to model providers | added in 1.1.0, not compared |"))
    #expect(
      markdown.contains("| CAU-05 Regulatory incident-reporting readiness | questions changed in 1.1.0, compared |"))
    let validated = try run(["validate", "diff/oakhollow.diff.xml"], in: folder)
    #expect(validated.output == "diff/oakhollow.diff.xml: diff: valid\n")

    let major = try String(contentsOf: folder.appendingPathComponent("2026/oakhollow.report.xml"), encoding: .utf8)
      .replacing(#"questionnaire-version="1.1.0""#, with: #"questionnaire-version="2.0.0""#)
    try Data(major.utf8).write(to: folder.appendingPathComponent("major.report.xml"))
    let refused = try run(["diff", "2025/oakhollow.report.xml", "major.report.xml"], in: folder)
    #expect(refused.status == 2)
    #expect(
      refused.error.hasPrefix(
        "major.report.xml:2:70: error: the reports answer versions of aiops-governance that cannot be compared: "
          + "2.0.0 here, 1.0.0 in 2025/oakhollow.report.xml; a diff compares the same version, or two versions with "
          + "the same major version from 1 up"))
  }
}
