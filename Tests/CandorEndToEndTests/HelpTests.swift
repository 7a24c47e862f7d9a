import Foundation
import Testing

/// The help a new user reads: every command's, found from `candor --help` (so commands added later are checked too).
@Suite(.serialized) struct HelpTests {
  /// Every command path, such as ["assess"] or ["incidents", "import"], from the SUBCOMMANDS sections of the help.
  static func commands(under path: [String] = []) throws -> [[String]] {
    let help = try CandorProcess.run(path + ["--help"], environment: ["COLUMNS": "200"]).stdout
    guard let section = help.components(separatedBy: "SUBCOMMANDS:\n").dropFirst().first else { return [] }
    var result: [[String]] = []
    for line in section.split(separator: "\n") {
      // "  assess                  Assess vendors: …"; a wrapped abstract is indented further.
      guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first,
        name.allSatisfy({ $0.isLowercase || $0 == "-" })
      else { continue }
      let command = path + [String(name)]
      result.append(command)
      result += try commands(under: command)
    }
    return result
  }

  /// The discussion of a help text: between the overview and USAGE.
  static func discussion(_ help: String) -> [Substring] {
    let beforeUsage = help.components(separatedBy: "\nUSAGE:").first ?? help
    return beforeUsage.split(separator: "\n", omittingEmptySubsequences: false)
  }

  @Test func everyCommandIsFound() throws {
    let found = try Self.commands().map { $0.joined(separator: " ") }
    #expect(
      Set(found).isSuperset(of: ["demo", "assess", "compare", "diff", "validate", "catalog", "template", "import"]),
      "\(found)")
  }

  /// On a wide terminal a paragraph is one line: a line break inside one would show as a ragged break on an
  /// 80-column terminal ("observed for\nthat vendor"). Indented lines (tables of columns) are laid out by hand.
  @Test func noHardLineBreaksInsideParagraphs() throws {
    for command in [[]] + (try Self.commands()) {
      let help = try CandorProcess.run(command + ["--help"], environment: ["COLUMNS": "1000"]).stdout
      let lines = Self.discussion(help)
      for (first, second) in zip(lines, lines.dropFirst())
      where !first.isEmpty && !second.isEmpty && !first.hasPrefix(" ") && !second.hasPrefix(" ") {
        Issue.record("candor \(command.joined(separator: " ")) --help breaks a paragraph:\n\(first)\n\(second)")
      }
    }
  }

  /// At 80 columns, nothing but the usage line is wider than the terminal.
  @Test func helpFitsEightyColumns() throws {
    for command in [[]] + (try Self.commands()) {
      let help = try CandorProcess.run(command + ["--help"], environment: ["COLUMNS": "80"]).stdout
      for line in help.split(separator: "\n") where line.count > 80 && !line.hasPrefix("USAGE:") {
        Issue.record("candor \(command.joined(separator: " ")) --help: a line of \(line.count) columns: \(line)")
      }
    }
  }

  /// An option's values are listed once: by the "(values: …)" the parser adds, not again in the sentence.
  @Test func enumeratedValuesAreListedOnce() throws {
    for command in try Self.commands() {
      let help = try CandorProcess.run(command + ["--help"], environment: ["COLUMNS": "1000"]).stdout
      for line in help.split(separator: "\n") {
        guard let range = line.range(of: "(values: ") else { continue }
        let values = line[range.upperBound...].prefix { $0 != ")" }.components(separatedBy: ", ")
        let sentence = line[..<range.lowerBound]
        let repeated = values.filter { sentence.contains("\($0),") || sentence.contains(" \($0) ") }
        #expect(repeated.count < 2, "candor \(command.joined(separator: " ")): \(line)")
      }
    }
  }

  /// The limits are out of the way: not in --help, all under LIMITS in --help-hidden, and the help says so.
  @Test func limitsAreUnderOneHiddenGroup() throws {
    for command in try Self.commands() {
      let name = "candor \(command.joined(separator: " "))"
      let hidden = try CandorProcess.run(command + ["--help-hidden"], environment: ["COLUMNS": "1000"]).stdout
      let limits = hidden.split(separator: "\n").filter { $0.hasPrefix("  --max-") }
      guard !limits.isEmpty else { continue }
      let help = try CandorProcess.run(command + ["--help"], environment: ["COLUMNS": "1000"]).stdout
      #expect(!help.contains("  --max-"), "\(name) --help lists a limit")
      #expect(help.contains("--help-hidden"), "\(name) --help does not say where the limits are")
      let group = hidden.components(separatedBy: "LIMITS:\n").dropFirst().first?.components(separatedBy: "\n\n").first
      for limit in limits { #expect(group?.contains(limit) == true, "\(name): \(limit) is not under LIMITS") }
    }
  }

  /// One name per concept: the largest input file is --max-bytes everywhere.
  @Test func theSizeLimitHasOneName() throws {
    let directory = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let answers = directory.appendingPathComponent("answers.csv")
    try "Question ID,Answer\nIDP-01.1,yes\n".write(to: answers, atomically: true, encoding: .utf8)
    let result = try CandorProcess.run(
      [
        "import", answers.path, "--vendor", "oak", "--out", directory.appendingPathComponent("o.xml").path,
        "--max-bytes", "10",
      ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("more than the limit of 10 bytes"), "\(result.stderr)")
    let old = try CandorProcess.run([
      "import", answers.path, "--vendor", "oak", "--out", "o.xml", "--max-file-bytes", "9",
    ])
    #expect(old.status == 2)
    #expect(old.stderr.contains("Unknown option '--max-file-bytes'"), "\(old.stderr)")
  }

  @Test(arguments: [
    (["asess"], "candor: 'asess' is not a command; did you mean 'candor assess'?"),
    (["Compare", "x.xml"], "candor: 'Compare' is not a command; did you mean 'candor compare'?"),
    (["validte", "x.xml"], "candor: 'validte' is not a command; did you mean 'candor validate'?"),
  ])
  func aMistypedCommandGetsASuggestion(arguments: [String], expected: String) throws {
    let result = try CandorProcess.run(arguments)
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix(expected), "\(result.stderr)")
    #expect(result.stderr.contains("The commands are demo, assess, compare"), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
  }

  @Test func idsAndFormatsAreMatchedInAnyCase() throws {
    let catalog = try CandorProcess.run(["catalog", "--framework", "EU-AI-Act", "--format", "MD"])
    #expect(catalog.status == 0, "\(catalog.stderr)")
    #expect(catalog.stdout.contains("Art. 14(4)(e)"))
    let form = try CandorProcess.run(["template", "--vendor", "oak", "--format", "CSV"])
    #expect(form.status == 0, "\(form.stderr)")
    #expect(form.stdout.contains("Question ID,"))
    let out = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let assess = try CandorProcess.run(
      [
        "assess", CandorProcess.fixture("reference/response-nimbus.xml"),
        "--questionnaire", CandorProcess.fixture("reference/questionnaire-mini.xml"),
        "--incidents", CandorProcess.fixture("reference/incidents-nimbus.xml"), "--as-of", "2026-10-01",
        "--format", "XML,Md", "--fail-on", "Critical", "--out", out.path,
      ])
    #expect(assess.status == 1, "\(assess.stderr)")
    #expect(
      Set(try FileManager.default.contentsOfDirectory(atPath: out.path)).isSuperset(
        of: ["nimbus-cloud.report.xml", "nimbus-cloud.report.md"]))
  }

  /// A message about a whole file or an option has no position to give, and gives none (no "file:0:0:").
  @Test func aMessageWithoutAPositionNamesTheFileAlone() throws {
    let missing = try CandorProcess.run(["validate", "/nonexistent/response.xml"])
    #expect(missing.stderr.hasPrefix("/nonexistent/response.xml: error: cannot read the file"), "\(missing.stderr)")
    let framework = try CandorProcess.run(["catalog", "--framework", "nis3"])
    #expect(framework.stderr.hasPrefix("--framework: error: "), "\(framework.stderr)")
    #expect(framework.stderr.contains("did you mean nis2?"), "\(framework.stderr)")
    for result in [missing, framework] { #expect(!result.stderr.contains(":0:0:"), "\(result.stderr)") }
  }
}
