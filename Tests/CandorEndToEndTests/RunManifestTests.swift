import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A run is a unit: `assess`, `compare` and `demo` write candor-run.xml (every input and output with its SHA-256);
/// a folder holding another run's files is refused unless `--force`, which replaces exactly that run's files;
/// files candor did not write are never touched; `candor validate` checks a run folder against its hashes.
@Suite(.serialized) struct RunManifestTests {
  static let examples = CandorProcess.package("Examples")
  static let incidents = CandorProcess.package("Examples/incidents.xml")
  static let policy = CandorProcess.package("Examples/policy-production.xml")

  func files(_ folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  }

  /// The folder's files and their bytes.
  func snapshot(_ folder: URL) throws -> [String: Data] {
    var result: [String: Data] = [:]
    for name in try files(folder) { result[name] = try Data(contentsOf: folder.appendingPathComponent(name)) }
    return result
  }

  /// The values of `attribute` on the manifest's `element` lines.
  func values(_ manifest: String, _ element: String, _ attribute: String) -> [String] {
    manifest.split(separator: "\n").filter { $0.contains("<\(element) ") }.compactMap { line in
      guard let range = line.range(of: " \(attribute)=\"") else { return nil }
      return String(line[range.upperBound...].prefix { $0 != "\"" })
    }
  }

  @Test func aRunWritesItsManifestWithEveryInputAndOutputAndItsHash() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("reports")
    let result = try CandorProcess.run(
      ["compare", Self.examples, "--incidents", Self.incidents, "--policy", Self.policy, "--out", out.path],
      environment: ["SOURCE_DATE_EPOCH": "1767225600"])
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stdout.contains("listed with their SHA-256 in \(out.path)/candor-run.xml"), "\(result.stdout)")
    let manifest = try String(contentsOf: out.appendingPathComponent("candor-run.xml"), encoding: .utf8)
    let version = try CandorProcess.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(
      manifest.contains(
        "<run xmlns=\"urn:candor:run:1\" command=\"compare\" generator=\"candor \(version)\" "
          + "time=\"2026-01-01T00:00:00Z\">"), "\(manifest.prefix(300))")
    #expect(manifest.contains("<argument>--policy</argument>"))
    // Every output, and nothing else, with the SHA-256 sha256sum computes.
    let outputs = values(manifest, "output", "name")
    #expect(outputs.sorted() == (try files(out)).filter { $0 != "candor-run.xml" })
    #expect(outputs.count == 24)
    for (name, digest) in zip(outputs, values(manifest, "output", "sha256")) {
      #expect(try CandorProcess.sha256(of: out.appendingPathComponent(name)) == digest, "\(name)")
    }
    // Every input: the bundled questionnaire, the four responses, the incidents and the policy.
    let inputs = Dictionary(
      uniqueKeysWithValues: zip(values(manifest, "input", "file"), values(manifest, "input", "sha256")))
    #expect(Set(values(manifest, "input", "role")) == ["questionnaire", "response", "incidents", "policy"])
    for path in [Self.incidents, Self.policy, Self.examples + "/response-oakhollow.xml"] {
      #expect(inputs[path] == (try CandorProcess.sha256(of: URL(fileURLWithPath: path))), "\(path)")
    }
    #expect(inputs.keys.contains { $0.hasPrefix("&lt;bundled&gt;/Questionnaires/") })
    // The manifest is valid, and so is the folder: every output matches its hash.
    let check = try CandorProcess.run(["validate", out.path])
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stdout.contains("\(out.path)/candor-run.xml: run: valid"), "\(check.stdout)")
  }

  /// The case: a comparison made with a policy, then another without it, into the same folder.
  @Test func anotherRunsFolderIsRefusedAndForceReplacesExactlyThatRunsFiles() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("reports")
    let first = try CandorProcess.run(
      ["compare", Self.examples, "--incidents", Self.incidents, "--policy", Self.policy, "--out", out.path])
    #expect(first.status == 1, "\(first.stderr)")
    try "my notes\n".write(to: out.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
    let before = try snapshot(out)
    let second = [
      "compare", Self.examples + "/response-oakhollow.xml", Self.examples + "/response-stratovane.xml",
      "--incidents", Self.incidents, "--out", out.path,
    ]
    let refused = try CandorProcess.run(second)
    #expect(refused.status == 2)
    #expect(
      refused.stderr.hasPrefix(
        "\(out.path): error: the folder holds the files of an earlier run (candor compare, "),
      "\(refused.stderr)")
    #expect(refused.stderr.contains("24 files), listed in its candor-run.xml; add --force to replace them"))
    #expect(try snapshot(out) == before, "a refused run changes nothing")

    let forced = try CandorProcess.run(second + ["--force"])
    #expect(forced.status == 0, "\(forced.stderr)")
    let manifest = try String(contentsOf: out.appendingPathComponent("candor-run.xml"), encoding: .utf8)
    let outputs = Set(values(manifest, "output", "name"))
    // Exactly the new run's files, the manifest, and the file candor did not write: no report of the first run.
    #expect(Set(try files(out)) == outputs.union(["candor-run.xml", "notes.txt"]))
    #expect(!outputs.contains { $0.hasPrefix("alderglen-cloud.") || $0.hasPrefix("meridane-cloud.") })
    #expect(try String(contentsOf: out.appendingPathComponent("notes.txt"), encoding: .utf8) == "my notes\n")
    let comparison = try String(contentsOf: out.appendingPathComponent("comparison.md"), encoding: .utf8)
    #expect(!comparison.contains("Policy verdicts"))
    #expect(!(try files(out)).contains { $0.hasPrefix(".candor") })
  }

  @Test func aFileCandorDidNotWriteIsNeverReplacedEvenWithForce() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("reports")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    let mine = out.appendingPathComponent("oakhollow.report.md")
    try "# My own notes on Oakhollow\n".write(to: mine, atomically: true, encoding: .utf8)
    for extra in [[], ["--force"]] {
      let result = try CandorProcess.run(
        ["assess", Self.examples + "/response-oakhollow.xml", "--out", out.path, "--format", "md,xml"] + extra)
      #expect(result.status == 2)
      #expect(
        result.stderr.contains(
          "\(mine.path): error: exists, and no run manifest in the folder lists it: candor did not write it (or did "
            + "not record it), and does not replace it, even with --force"), "\(result.stderr)")
      #expect(try files(out) == ["oakhollow.report.md"])
      #expect(try String(contentsOf: mine, encoding: .utf8) == "# My own notes on Oakhollow\n")
    }
  }

  @Test func aReportChangedSinceTheRunIsFoundAndNotReplaced() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("reports")
    let arguments = [
      "assess", Self.examples + "/response-oakhollow.xml", "--incidents", Self.incidents, "--out", out.path,
    ]
    #expect(try CandorProcess.run(arguments).status == 0)
    let report = out.appendingPathComponent("oakhollow.report.md")
    var text = try String(contentsOf: report, encoding: .utf8)
    text = text.replacingOccurrences(of: "high risk", with: "low risk")
    try text.write(to: report, atomically: true, encoding: .utf8)
    try FileManager.default.removeItem(at: out.appendingPathComponent("oakhollow.chart.svg"))

    let check = try CandorProcess.run(["validate", out.path])
    #expect(check.status == 2)
    #expect(
      check.stderr.contains(
        "error: oakhollow.report.md has changed since candor-run.xml was written: its SHA-256 is "),
      "\(check.stderr)")
    #expect(
      check.stderr.contains("error: oakhollow.chart.svg, which candor-run.xml refers to, does not exist"),
      "\(check.stderr)")

    let forced = try CandorProcess.run(arguments + ["--force"])
    #expect(forced.status == 2)
    #expect(
      forced.stderr.contains(
        "\(report.path): error: has changed since the earlier run wrote it (its SHA-256 is not the one "
          + "candor-run.xml records)"), "\(forced.stderr)")
    #expect(try String(contentsOf: report, encoding: .utf8) == text)
  }

  /// A forced run killed while it replaces the files leaves the folder marked; validate says so, the next run must
  /// be forced, and then leaves exactly its own files.
  @Test func anInterruptedReplacementIsMarkedAndTheNextForcedRunCleansUp() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("reports")
    let all = ["compare", Self.examples, "--incidents", Self.incidents, "--out", out.path, "--format", "xml"]
    #expect(try CandorProcess.run(all).status == 0)
    let process = try CandorProcess.startPausedBeforeRename([
      "assess", Self.examples + "/response-oakhollow.xml", "--out", out.path, "--format", "xml", "--force",
    ])
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect((try files(out)).contains(".candor-run-replacing.xml"))

    let check = try CandorProcess.run(["validate", out.appendingPathComponent("candor-run.xml").path])
    #expect(check.status == 2)
    #expect(check.stderr.contains("was interrupted while it replaced an earlier run's files"), "\(check.stderr)")
    let again = ["assess", Self.examples + "/response-stratovane.xml", "--out", out.path, "--format", "xml"]
    let refused = try CandorProcess.run(again)
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("was interrupted while it replaced the files of the run before it"))
    let forced = try CandorProcess.run(again + ["--force"])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(try files(out) == ["candor-run.xml", "stratovane.report.xml"])
    #expect(try CandorProcess.run(["validate", out.path]).status == 0)
  }

  @Test func theDemoReplacesAnEarlierDemoButNotAnotherRun() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let demo = directory.appendingPathComponent("candor-demo")
    #expect(try CandorProcess.run(["demo", "--out", demo.path, "--format", "xml"]).status == 0)
    let again = try CandorProcess.run(["demo", "--out", demo.path, "--format", "xml"])
    #expect(again.status == 0, "\(again.stderr)")
    let reports = directory.appendingPathComponent("reports")
    #expect(
      try CandorProcess.run(["assess", Self.examples + "/response-oakhollow.xml", "--out", reports.path]).status == 0)
    let refused = try CandorProcess.run(["demo", "--out", reports.path])
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("the folder holds the files of an earlier run (candor assess, "))
    #expect(try CandorProcess.run(["demo", "--out", reports.path, "--force"]).status == 0)
  }

  /// template, import and diff do not replace a file without --force: a filled-in response is safe from a blank form.
  @Test func templateImportAndDiffRefuseToReplaceAFileWithoutForce() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let response = directory.appendingPathComponent("oakhollow.xml")
    try FileManager.default.copyItem(
      at: URL(fileURLWithPath: Self.examples + "/response-oakhollow.xml"), to: response)
    let filled = try Data(contentsOf: response)
    let template = ["template", "--vendor", "oakhollow", "--out", response.path]
    let refused = try CandorProcess.run(template)
    #expect(refused.status == 2)
    #expect(
      refused.stderr
        == "\(response.path): error: a file of this name exists, and candor does not replace it without --force: "
        + "choose another --out, or add --force to replace it\n")
    #expect(try Data(contentsOf: response) == filled, "the filled-in response is untouched")
    let imported = [
      "import", Self.examples + "/answers-oakhollow.xlsx", "--vendor", "oakhollow", "--out", response.path,
    ]
    #expect(try CandorProcess.run(imported).status == 2)
    #expect(try Data(contentsOf: response) == filled)
    #expect(try CandorProcess.run(imported + ["--force"]).status == 0)
    #expect(try Data(contentsOf: response) != filled)
    #expect(try CandorProcess.run(template + ["--force"]).status == 0)

    // diff: two rounds, then the same diff twice into one folder.
    let rounds = directory.appendingPathComponent("rounds")
    for (folder, input) in [
      ("2025", Self.examples + "/rounds/response-oakhollow-2025.xml"),
      ("2026", Self.examples + "/response-oakhollow.xml"),
    ] {
      #expect(
        try CandorProcess.run(
          ["assess", input, "--out", rounds.appendingPathComponent(folder).path, "--format", "xml"]
        ).status == 0)
    }
    let diff = [
      "diff", rounds.appendingPathComponent("2025/oakhollow.report.xml").path,
      rounds.appendingPathComponent("2026/oakhollow.report.xml").path, "--out", rounds.appendingPathComponent("d").path,
    ]
    #expect(try CandorProcess.run(diff).status == 0)
    let twice = try CandorProcess.run(diff)
    #expect(twice.status == 2)
    #expect(twice.stderr.contains("d/oakhollow.diff.md: error: a file of this name exists"), "\(twice.stderr)")
    #expect(try CandorProcess.run(diff + ["--force"]).status == 0)
  }
}
