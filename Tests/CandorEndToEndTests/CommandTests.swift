import Foundation
import Testing

@Suite(.serialized) struct ValidateCommandTests {
  @Test func theReferenceInstancesAreValid() throws {
    let result = try CandorProcess.run(
      ["validate"]
        + ["questionnaire-mini.xml", "response-nimbus.xml", "incidents-nimbus.xml"].map {
          CandorProcess.fixture("reference/\($0)")
        })
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty)
    #expect(result.stdout.split(separator: "\n").count == 3)
  }

  @Test func theShippedQuestionnaireFrameworksAndExamplesAreValid() throws {
    let examples = try FileManager.default.contentsOfDirectory(atPath: CandorProcess.package("Examples"))
      .filter { $0.hasSuffix(".xml") }.map { CandorProcess.package("Examples/\($0)") }
    let frameworks = try FileManager.default.contentsOfDirectory(
      atPath: CandorProcess.package("Questionnaires/frameworks")
    )
    .map { CandorProcess.package("Questionnaires/frameworks/\($0)") }
    let result = try CandorProcess.run(
      ["validate", CandorProcess.package("Questionnaires/aiops-governance.xml")] + frameworks + examples)
    #expect(result.status == 0, "\(result.stderr)")
  }

  @Test func eachDefectIsOnePreciseLineAndExitTwo() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    func write(_ name: String, from fixture: String, replacing original: String, with replacement: String) throws
      -> String
    {
      let text = try String(contentsOfFile: CandorProcess.fixture("reference/\(fixture)"), encoding: .utf8)
      #expect(text.components(separatedBy: original).count == 2, "\(original)")
      let path = directory.appendingPathComponent(name).path
      try text.replacingOccurrences(of: original, with: replacement).write(
        toFile: path, atomically: true, encoding: .utf8)
      return path
    }
    let questionnaire = try write(
      "q.xml", from: "questionnaire-mini.xml",
      replacing: "<contradicted-by behaviour=\"excessive-agent-privilege\"/>",
      with: "<contradicted-by behaviour=\"rogue\"/>")
    let response = try write(
      "r.xml", from: "response-nimbus.xml", replacing: "<answer question=\"TRN-01.1\" value=\"yes\"/>",
      with: "<answer question=\"TRN-01.1\" value=\"maybe\"/>")
    let incidents = try write(
      "i.xml", from: "incidents-nimbus.xml", replacing: "resolved=\"2026-09-12T16:20:00Z\"",
      with: "resolved=\"2026-09-11T16:20:00Z\"")
    let result = try CandorProcess.run(["validate", questionnaire, response, incidents])
    #expect(result.status == 2)
    let lines = result.stderr.split(separator: "\n").map(String.init)
    #expect(lines.count == 3, "\(result.stderr)")
    #expect(lines.contains { $0.hasPrefix("\(questionnaire):41:24: error: contradicted-by names behaviour \"rogue\"") })
    #expect(
      lines.contains { $0.hasPrefix("\(response):15:31: error: \"maybe\" is not an option of question TRN-01.1") })
    #expect(
      lines.contains { $0.hasPrefix("\(incidents):7:15: error: resolved (2026-09-11T16:20:00Z) is before started") })
  }

  @Test func anAttackDocumentIsRefused() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("xxe.xml").path
    try "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<response>&x;</response>\n"
      .write(toFile: path, atomically: true, encoding: .utf8)
    let result = try CandorProcess.run(["validate", path])
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("\(path):2:1: error: a DOCTYPE is not allowed"))
    #expect(!result.stderr.contains("root:"))
  }

  @Test func aMissingFileIsNamed() throws {
    let result = try CandorProcess.run(["validate", "/nonexistent/file.xml"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("/nonexistent/file.xml: error: cannot read the file"))
  }
}

@Suite(.serialized) struct AssessCommandTests {
  func assessWorkedExample(_ extra: [String] = [], out: URL) throws -> CandorProcess.Result {
    try CandorProcess.run(
      [
        "assess", CandorProcess.fixture("reference/response-nimbus.xml"),
        "--questionnaire", CandorProcess.fixture("reference/questionnaire-mini.xml"),
        "--incidents", CandorProcess.fixture("reference/incidents-nimbus.xml"), "--as-of", "2026-10-01",
        "--out", out.path,
      ] + extra)
  }

  @Test func theWorkedExampleThroughTheCommandLine() throws {
    let out = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try assessWorkedExample(out: out)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout.hasPrefix(
        "nimbus-cloud: critical risk; claimed 87.8, verified 5.6, say-do gap 82.2, transparency 14.2; 5 of 5 answered; "
          + "3 contradicted controls (4 findings); 2 gated controls"))
    let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    #expect(
      files == [
        "candor-run.xml", "nimbus-cloud.chart.svg", "nimbus-cloud.followups.csv", "nimbus-cloud.report.html",
        "nimbus-cloud.report.md",
        "nimbus-cloud.report.xml",
      ])
    let xml = try String(contentsOf: out.appendingPathComponent("nimbus-cloud.report.xml"), encoding: .utf8)
    #expect(xml.contains("<summary claimed=\"87.8\" verified=\"5.6\" say-do-gap=\"82.2\" rating=\"critical\""))
    #expect(xml.contains("transparency=\"14.2\""))
    #expect(
      xml.contains(
        "<control id=\"PRV-01\" title=\"Approval hold on destructive agent actions\" weight=\"3\" critical=\"true\" owner=\"vendor\" status=\"not-satisfied\" claimed=\"83.3\" verified-before-caps=\"68.3\" verified=\"0.0\">"
      ))
  }

  @Test func theSameInputsGiveByteIdenticalReports() throws {
    let first = try CandorProcess.temporaryDirectory()
    let second = try CandorProcess.temporaryDirectory()
    defer {
      try? FileManager.default.removeItem(at: first)
      try? FileManager.default.removeItem(at: second)
    }
    _ = try assessWorkedExample(out: first)
    _ = try assessWorkedExample(out: second)
    for name in ["nimbus-cloud.chart.svg", "nimbus-cloud.report.md", "nimbus-cloud.report.xml"] {
      #expect(
        try Data(contentsOf: first.appendingPathComponent(name))
          == Data(contentsOf: second.appendingPathComponent(name)))
    }
  }

  @Test func failOnExitsOneAtOrAboveTheRating() throws {
    let out = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    #expect(try assessWorkedExample(["--fail-on", "critical"], out: out).status == 1)
    #expect(try assessWorkedExample(["--fail-on", "high", "--force"], out: out).status == 1)
    #expect(try assessWorkedExample(["--format", "xml", "--force"], out: out).status == 0)
  }

  @Test func invalidInputWritesNothingAndExitsTwo() throws {
    let out = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try CandorProcess.run(
      [
        "assess", CandorProcess.fixture("reference/response-nimbus.xml"),
        "--questionnaire", CandorProcess.fixture("reference/incidents-nimbus.xml"), "--out", out.path,
      ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("error: expected a questionnaire document, found an incidents document"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
  }

  @Test func usageErrorsExitTwo() throws {
    let result = try CandorProcess.run(["assess", "x.xml", "--as-of", "yesterday"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("--as-of must be a date as YYYY-MM-DD"))
    #expect(try CandorProcess.run(["assess", "x.xml", "--format", "pdf"]).status == 2)
    #expect(try CandorProcess.run(["no-such-command"]).status == 2)
  }

  @Test func everyCommandHasHelp() throws {
    for command in ["assess", "compare", "validate", "catalog", "demo"] {
      let result = try CandorProcess.run([command, "--help"])
      #expect(result.status == 0, "\(command)")
      #expect(result.stdout.contains("USAGE: candor \(command)"), "\(command)")
    }
  }

  /// Standard output on a full device (or closed): a clear message and exit 2, never a crash; standard error on a
  /// full device: the exit status still says what happened.
  @Test(arguments: [["catalog"], ["validate", "/nonexistent/response.xml"]])
  func anUnwritableStandardOutputOrErrorIsNotACrash(arguments: [String]) throws {
    func start(stdout: FileHandle, stderr: Any) throws -> Process {
      let process = Process()
      process.executableURL = CandorProcess.executable
      process.arguments = arguments
      process.standardOutput = stdout
      process.standardError = stderr
      try process.run()
      return process
    }
    func status(_ process: Process) -> Int32 {
      process.waitUntilExit()
      #expect(process.terminationReason == .exit, "candor \(arguments) was killed by a signal")
      return process.terminationStatus
    }
    let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
    let errors = Pipe()
    let process = try start(stdout: full, stderr: errors)
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(status(process) == 2)
    if arguments == ["catalog"] {
      #expect(message.contains("cannot write to standard output: No space left on device"), "\(message)")
    }
    #expect(try status(start(stdout: full, stderr: full)) == 2)
  }

  @Test func theBinaryWorksFromAnyDirectory() throws {
    let elsewhere = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: elsewhere) }
    let result = try CandorProcess.run(["catalog", "--framework", "nis2"], in: elsewhere)
    #expect(result.status == 0)
    #expect(result.stdout.contains("Art. 23(4)(a)"))
  }
}

@Suite(.serialized) struct CompareAndDemoTests {
  @Test func theDemoWritesEveryReportAndTheComparison() throws {
    let out = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try CandorProcess.run(["demo", "--out", out.path])
    #expect(result.status == 0, "\(result.stderr)")
    let files = Set(try FileManager.default.contentsOfDirectory(atPath: out.path))
    for vendor in ["alderglen-cloud", "meridane-cloud", "oakhollow", "stratovane"] {
      #expect(files.contains("\(vendor).report.md") && files.contains("\(vendor).report.xml"))
    }
    #expect(files.isSuperset(of: ["comparison.md", "comparison.xml", "comparison.svg"]))
    #expect(result.stdout.hasPrefix("1. alderglen-cloud: low"))
  }

  @Test func aPolicyPassesAndFailsVendorsWithExitOne() throws {
    let out = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let strict = out.appendingPathComponent("strict.xml").path
    try """
    <policy xmlns="urn:candor:policy:1" id="production-agents">
      <title>Agents allowed on production</title>
      <max-rating rating="moderate"/>
      <min-verified score="60"/>
      <min-transparency score="50"/>
      <control-satisfied control="STP-01"/>
    </policy>
    """.write(toFile: strict, atomically: true, encoding: .utf8)
    let result = try CandorProcess.run(
      [
        "compare", CandorProcess.package("Examples"), "--incidents", CandorProcess.package("Examples/incidents.xml"),
        "--policy", strict, "--out", out.appendingPathComponent("reports").path,
      ])
    #expect(result.status == 1, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.filter { $0.hasSuffix("policy production-agents: FAILED") }.count == 3)
    #expect(lines.first?.hasPrefix("1. alderglen-cloud") == true)
    #expect(lines.first?.hasSuffix("policy production-agents: passed") == true)
    let comparison = try String(contentsOf: out.appendingPathComponent("reports/comparison.md"), encoding: .utf8)
    #expect(comparison.contains("## Policy verdicts"))

    let lenient = out.appendingPathComponent("lenient.xml").path
    try """
    <policy xmlns="urn:candor:policy:1" id="pilot"><title>Pilot</title><max-rating rating="critical"/></policy>
    """.write(toFile: lenient, atomically: true, encoding: .utf8)
    let passing = try CandorProcess.run(
      [
        "compare", CandorProcess.package("Examples"), "--policy", lenient, "--out",
        out.appendingPathComponent("r2").path,
      ])
    #expect(passing.status == 0, "\(passing.stderr)")
  }

  @Test func aPolicyNamingAnUnknownControlIsAnError() throws {
    let out = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let policy = out.appendingPathComponent("p.xml").path
    try """
    <policy xmlns="urn:candor:policy:1" id="p"><title>P</title><control-satisfied control="XYZ-99"/></policy>
    """.write(toFile: policy, atomically: true, encoding: .utf8)
    let result = try CandorProcess.run(
      [
        "assess", CandorProcess.package("Examples/response-oakhollow.xml"), "--policy", policy, "--out",
        out.appendingPathComponent("r").path,
      ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("the policy requires control XYZ-99"))
  }

  @Test func theCatalogShowsTheAIActArticlesCoveredByTheRightControls() throws {
    let result = try CandorProcess.run(["catalog", "--framework", "eu-ai-act"])
    #expect(result.status == 0)
    /// The cells of the row of `reference`: reference, title, key, binds, covered by (direct), supported by.
    func cells(_ reference: String) -> [String]? {
      result.stdout.split(separator: "\n").first { $0.hasPrefix("| \(reference) |") }.map {
        $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      }
    }
    let direct: [String: [String]] = [
      "Art. 3(49)": ["CAU-05"], "Art. 9": ["TST-01", "GOV-03"], "Art. 10": ["TST-01"], "Art. 12": ["LOG-01"],
      "Art. 13": ["GOV-05"], "Art. 14": ["APR-01", "STP-01"], "Art. 14(4)(e)": ["STP-01"], "Art. 15": ["TST-02"],
      "Art. 17": ["GOV-03"], "Art. 26": ["LOG-02"], "Art. 26(4)": ["TEL-01"], "Art. 72": ["GOV-04"],
      "Art. 73": ["CAU-05"], "Art. 73(3)": ["CAU-05"], "Art. 73(6)": ["CAU-04"],
    ]
    for (reference, controls) in direct {
      let row = try #require(cells(reference), "no row for \(reference)")
      for control in controls {
        #expect(row[4].contains(control), "\(reference) should be covered by \(control): \(row)")
      }
    }
    // Public-disclosure controls only support Art. 73 (the reports go to authorities); dual control only has
    // Art. 14(5) as an analogue.
    let article73 = try #require(cells("Art. 73"))
    #expect(article73[5] == "CAU-01, CAU-02" && !article73[4].contains("CAU-01"))
    #expect(try #require(cells("Art. 14(5)"))[4] == "—")
    // Whom the duty binds, and when.
    #expect(try #require(cells("Art. 26(4)"))[3] == "deployer, if high-risk")
    #expect(try #require(cells("Art. 4"))[3] == "provider and deployer")
    #expect(try #require(cells("Art. 3(49)"))[2] == "key")
    // Art. 27 excludes Annex III point 2: not key, and no control maps to it, so no row.
    #expect(cells("Art. 27") == nil)
    #expect(
      result.stdout.contains(
        "Key references covered only by supporting mappings (not counted as covered): Art. 11 (Technical "
          + "documentation (Annex IV)"))
    // The Omnibus calendar: its status, the Official Journal reference not verified, the Art. 4 change and the
    // 2 December 2026 milestone.
    #expect(
      result.stdout.contains(
        "Legal status: adopted by the legislators, not yet in force; Official Journal reference not verified."))
    #expect(result.stdout.contains("Legal status: in force (OJ L, 2024/1689, 12.7.2024)."))
    #expect(result.stdout.contains("| 2026-12-02 | New prohibition in Art. 5"))
    #expect(result.stdout.contains("take measures to support the development of AI literacy instead of ensuring"))
  }

  @Test func theCatalogXMLCarriesStrengthPartyAndCalendarStatus() throws {
    let result = try CandorProcess.run(["catalog", "--framework", "dora", "--format", "xml"])
    #expect(result.status == 0)
    #expect(result.stdout.contains(#"<reference ref="Art. 12(3)" "#))
    #expect(
      result.stdout.contains(
        #"party="financial-entity" condition="critical-or-important-function" covered="true" supported="true">"#))
    #expect(result.stdout.contains(#"<supported-by control="RBK-01"/>"#))
    let all = try CandorProcess.run(["catalog", "--format", "xml"])
    #expect(all.stdout.contains(#"<mapping framework="eu-ai-act" ref="Art. 73" strength="supporting"/>"#))
    #expect(all.stdout.contains(#"<calendar profile="omnibus""#) && all.stdout.contains(#"status="adopted">"#))
    let out = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let file = out.appendingPathComponent("catalog.xml")
    try Data(all.stdout.utf8).write(to: file)
    let validated = try CandorProcess.run(["validate", file.path])
    #expect(validated.status == 0, "\(validated.stderr)")
  }
}
