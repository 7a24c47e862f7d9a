import Foundation
import Testing

/// Every command that takes files takes folders the same way, and says what it skipped and why.
@Suite(.serialized) struct FolderTests {
  /// A folder like Examples/ plus a file of every other sort: not XML, not a candor document, a response to another
  /// questionnaire version, a subfolder.
  func mixedFolder() throws -> URL {
    let directory = try CandorProcess.temporaryDirectory()
    let folder = directory.appendingPathComponent("inputs")
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("older"), withIntermediateDirectories: true)
    for name in ["response-oakhollow.xml", "response-stratovane.xml", "incidents.xml", "policy-production.xml"] {
      try FileManager.default.copyItem(
        atPath: CandorProcess.package("Examples/\(name)"), toPath: folder.appendingPathComponent(name).path)
    }
    let other = try String(
      contentsOfFile: CandorProcess.package("Examples/response-meridane-cloud.xml"), encoding: .utf8
    )
    .replacingOccurrences(of: "questionnaire-version=\"1.1.0\"", with: "questionnaire-version=\"9.0.0\"")
    try other.write(to: folder.appendingPathComponent("response-next-year.xml"), atomically: true, encoding: .utf8)
    try "notes\n".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
    try "<html/>\n".write(to: folder.appendingPathComponent("page.xml"), atomically: true, encoding: .utf8)
    return directory
  }

  func notes(_ result: CandorProcess.Result) -> [Substring] {
    result.stderr.split(separator: "\n").filter { $0.contains(": note: ") }
  }

  @Test func validateTakesAFolderAndSaysWhatItSkipped() throws {
    let directory = try mixedFolder()
    defer { try? FileManager.default.removeItem(at: directory) }
    let folder = directory.appendingPathComponent("inputs").path
    let result = try CandorProcess.run(["validate", folder])
    // The response to questionnaire 9.0.0 is a valid response; no questionnaire of that version is at hand.
    #expect(result.status == 0, "\(result.stderr)")
    let checked = result.stdout.split(separator: "\n").map { String($0.split(separator: ":").first ?? "") }
    #expect(
      checked.map { ($0 as NSString).lastPathComponent } == [
        "incidents.xml", "policy-production.xml", "response-next-year.xml", "response-oakhollow.xml",
        "response-stratovane.xml",
      ], "\(result.stdout)")
    let notes = self.notes(result)
    #expect(notes.contains("\(folder)/: note: skipped 1 file that is not XML: notes.txt"), "\(result.stderr)")
    #expect(
      notes.contains("\(folder)/older: note: skipped: a folder (only the files directly inside \(folder)/ are read)"))
    #expect(notes.contains("\(folder)/page.xml: note: skipped: not a candor document (its root element is <html>)"))
    #expect(notes.count == 3, "\(result.stderr)")
  }

  @Test func validateOnTheShippedExamplesFolder() throws {
    let result = try CandorProcess.run(["validate", CandorProcess.package("Examples")])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.split(separator: "\n").count == 6, "\(result.stdout)")
  }

  @Test func assessTakesFoldersOfResponsesAndIncidentsAndNamesWhatItSkipped() throws {
    let directory = try mixedFolder()
    defer { try? FileManager.default.removeItem(at: directory) }
    let folder = directory.appendingPathComponent("inputs").path
    let out = directory.appendingPathComponent("reports").path
    let result = try CandorProcess.run(
      ["assess", folder, "--incidents", folder, "--out", out, "--format", "xml"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.split(separator: "\n").filter { $0.contains(" risk; ") }.count == 2, "\(result.stdout)")
    // The incidents came from the folder: the say-do comparison was made.
    #expect(!result.stderr.contains("no incident data"), "\(result.stderr)")
    let notes = self.notes(result)
    #expect(
      notes.contains(
        "\(folder)/incidents.xml: note: skipped: an incidents document, not a response; pass it with --incidents"),
      "\(result.stderr)")
    #expect(
      notes.contains(
        "\(folder)/policy-production.xml: note: skipped: a policy document, not a response; pass it with --policy"))
    #expect(
      notes.contains {
        $0.hasPrefix(
          "\(folder)/response-next-year.xml: note: skipped: a response to questionnaire aiops-governance 9.0.0, "
            + "not to aiops-governance 1.1.0")
      }, "\(result.stderr)")
    // Among the incident files, the responses and the policy are skipped as well.
    #expect(
      notes.contains(
        "\(folder)/response-oakhollow.xml: note: skipped: a response document, not an incidents; responses are the "
          + "command's arguments, not an option's"), "\(result.stderr)")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: out).sorted() == [
        "candor-run.xml", "oakhollow.report.xml", "stratovane.report.xml",
      ])

    let quiet = try CandorProcess.run(
      ["assess", folder, "--incidents", folder, "--out", out + "-quiet", "--format", "xml", "--quiet"])
    #expect(quiet.status == 0)
    #expect(self.notes(quiet).isEmpty, "--quiet prints no notes: \(quiet.stderr)")
  }

  /// `assess Examples/*.xml`: the incident and policy files given as responses are errors that say where they go.
  @Test func aFileOfTheWrongKindAmongResponsesGetsAHint() throws {
    let out = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let examples = try FileManager.default.contentsOfDirectory(atPath: CandorProcess.package("Examples"))
      .filter { $0.hasSuffix(".xml") }.sorted().map { CandorProcess.package("Examples/\($0)") }
    let result = try CandorProcess.run(["assess"] + examples + ["--out", out.appendingPathComponent("r").path])
    #expect(result.status == 2)
    let errors = result.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
    #expect(
      errors.contains {
        $0.hasPrefix(CandorProcess.package("Examples/incidents.xml") + ":")
          && $0.hasSuffix("error: expected a response document, found an incidents document; pass it with --incidents")
      }, "\(result.stderr)")
    #expect(errors.contains { $0.hasSuffix("found a policy document; pass it with --policy") }, "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("r").path))
  }

  @Test func aFolderWithoutResponsesSaysSo() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.copyItem(
      atPath: CandorProcess.package("Examples/incidents.xml"),
      toPath: directory.appendingPathComponent("incidents.xml").path)
    let result = try CandorProcess.run(
      ["assess", directory.path, "--out", directory.appendingPathComponent("r").path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("pass it with --incidents"), "\(result.stderr)")
    #expect(
      result.stderr.contains("RESPONSE: error: no response file to assess in \(directory.path)"), "\(result.stderr)")
  }

  /// Two rounds' output folders: each vendor in both is diffed; the others are named.
  @Test func diffTakesTwoFoldersOfReports() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let incidents = CandorProcess.package("Examples/incidents.xml")
    let older = try CandorProcess.run(
      [
        "assess", CandorProcess.package("Examples/rounds/response-oakhollow-2025.xml"), "--incidents", incidents,
        "--out", "2025", "--quiet",
      ], in: directory)
    #expect(older.status == 0, "\(older.stderr)")
    let newer = try CandorProcess.run(
      ["assess", CandorProcess.package("Examples"), "--incidents", incidents, "--out", "2026", "--quiet"], in: directory
    )
    #expect(newer.status == 0, "\(newer.stderr)")
    let printed = try CandorProcess.run(["diff", "2025", "2026"], in: directory)
    #expect(printed.status == 0, "\(printed.stderr)")
    #expect(printed.stdout.hasPrefix("# Oakhollow Systems: what changed between two rounds"))
    #expect(printed.stderr.contains("2026/stratovane.report.xml: note: skipped: no report of the same name in 2025"))
    #expect(printed.stderr.contains("2026/: note: skipped 16 files that are not XML: "), "\(printed.stderr)")
    let written = try CandorProcess.run(["diff", "2025", "2026", "--out", "diff"], in: directory)
    #expect(written.status == 0, "\(written.stderr)")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("diff").path).sorted()
        == ["oakhollow.diff.md", "oakhollow.diff.xml"])
    let mixed = try CandorProcess.run(["diff", "2025", "2026/oakhollow.report.xml"], in: directory)
    #expect(mixed.status == 2)
    #expect(mixed.stderr.contains("a file compared with a folder"), "\(mixed.stderr)")
  }
}
