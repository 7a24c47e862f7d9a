import CandorCorpus
import CandorTestSupport
import CandorXML
import Foundation
import Testing

@testable import CandorKit

@Suite struct CorpusTests {
  static let questionnaire: Questionnaire = {
    let source = BundledResources.source(BundledResources.defaultQuestionnairePath)!
    return try! InputLoader.questionnaire(source).0
  }()

  static func generator(seed: UInt64) -> CorpusGenerator {
    CorpusGenerator(questionnaire: questionnaire, seed: seed)
  }

  @Test func splitMix64MatchesTheReferenceSequence() {
    // The first outputs of SplitMix64 seeded with 0, from the reference implementation (Vigna's splitmix64.c).
    var random = SplitMix64(seed: 0)
    #expect(random.next() == 0xE220_A839_7B1D_CDAF)
    #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
    #expect(random.next() == 0x06C4_5D18_8009_454F)
  }

  @Test func oneSeedGivesTheSameBytes() throws {
    let first = try Self.writeCorpus(seed: 42, vendors: 12, incidents: 1_500)
    let second = try Self.writeCorpus(seed: 42, vendors: 12, incidents: 1_500)
    defer {
      try? FileManager.default.removeItem(atPath: first)
      try? FileManager.default.removeItem(atPath: second)
    }
    let files = try Self.files(under: first)
    #expect(files == (try Self.files(under: second)))
    #expect(files.filter { $0.hasPrefix("responses/") }.count == 12)
    // 1,500 incidents: two files, of 1,000 and 500.
    #expect(
      files.filter { $0.hasPrefix("incidents/") } == ["incidents/incidents-001.xml", "incidents/incidents-002.xml"])
    for file in files {
      let a = try Data(contentsOf: URL(fileURLWithPath: first + "/" + file))
      let b = try Data(contentsOf: URL(fileURLWithPath: second + "/" + file))
      #expect(a == b, "\(file) differs between two generations with one seed")
    }
    let secondFile = try String(contentsOfFile: first + "/incidents/incidents-002.xml", encoding: .utf8)
    #expect(secondFile.components(separatedBy: "<incident ").count - 1 == 500)
  }

  @Test func aVendorsResponseDoesNotDependOnTheCorpusSize() {
    let generator = Self.generator(seed: 7)
    #expect(generator.response(vendor: 3) == Self.generator(seed: 7).response(vendor: 3))
    #expect(generator.response(vendor: 3) != Self.generator(seed: 8).response(vendor: 3))
    #expect(generator.response(vendor: 3) != generator.response(vendor: 4))
  }

  @Test func theGeneratedFilesValidateAndAssessWithRealisticVariety() throws {
    let generator = Self.generator(seed: 2026)
    let vendors = 60
    let responses = (0..<vendors).map {
      SourceText(name: CorpusGenerator.responseFileName($0), bytes: Array(generator.response(vendor: $0).utf8))
    }
    let incidents = [
      // Ten incidents per vendor, as in the benchmarks, in two files.
      SourceText(name: "incidents-001.xml", bytes: Array(generator.incidents(0..<400, vendorCount: vendors).utf8)),
      SourceText(name: "incidents-002.xml", bytes: Array(generator.incidents(400..<600, vendorCount: vendors).utf8)),
    ]
    // Valid: not one error or warning, whether read by `validate` or loaded for an assessment.
    let outcome = Validator.validate(
      [BundledResources.source(BundledResources.defaultQuestionnairePath)!] + responses + incidents)
    #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics.prefix(5).map(\.description))")
    let inputs = try InputLoader.load(
      questionnaire: BundledResources.source(BundledResources.defaultQuestionnairePath)!, responses: responses,
      incidents: incidents)
    #expect(inputs.warnings.isEmpty)
    #expect(inputs.responses.count == vendors)
    #expect(inputs.incidents.count == 600)

    let assessments = AssessRun.assess(inputs, RunConfiguration(responses: []))
    let questions = assessments.flatMap { $0.controls.flatMap(\.questions) }
    let answers = questions.compactMap(\.answer)
    // Every kind of answer.
    #expect(Set(questions.map(\.status.rawValue)) == ["scored", "unanswered", "not-applicable", "free-text"])
    #expect(answers.contains { if case .option = $0.value { true } else { false } })
    #expect(answers.contains { if case .number = $0.value { true } else { false } })
    #expect(answers.contains { if case .text = $0.value { true } else { false } })
    #expect(answers.contains { $0.comment != nil })
    #expect(Set(answers.compactMap(\.owner?.rawValue)) == Set(Owner.allCases.map(\.rawValue)))
    // Numbers in every band of every number question, across the vendors.
    for question in Self.questionnaire.domains.flatMap({ $0.controls.flatMap(\.questions) }) {
      guard case .number(_, let bands) = question.kind else { continue }
      let bases = Set(
        questions.filter { $0.question.id == question.id && $0.status == .scored }.map {
          $0.claimedBasis.split(separator: "(").last.map(String.init) ?? ""
        })
      #expect(bases.count == bands.count, "\(question.id): \(bases.sorted())")
    }
    // Evidence of every origin, expired evidence, and every evidence basis.
    let evidence = questions.flatMap(\.evidence.items)
    #expect(Set(evidence.map(\.evidence.origin.rawValue)) == ["vendor", "independent"])
    #expect(evidence.contains { $0.state == .expired })
    #expect(evidence.contains { $0.evidence.sha256 != nil })
    #expect(
      Set(questions.filter(\.counts).map(\.evidence.basis.rawValue)).isSuperset(of: [
        "independent", "vendor-origin", "missing", "unusable",
      ]))
    // Contradictions at every confidence, gates, and incidents inside and outside the window.
    let contradictions = assessments.flatMap(\.contradictions)
    #expect(Set(contradictions.map(\.confidence)) == Set(Confidence.allCases))
    #expect(assessments.contains { !$0.gates.isEmpty })
    #expect(assessments.contains { !$0.disclosures.isEmpty })
    #expect(assessments.contains { !$0.incidentsOutsideWindow.isEmpty })
    #expect(Set(assessments.map(\.rating)).count >= 3)
  }

  static func writeCorpus(seed: UInt64, vendors: Int, incidents: Int) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("candor-corpus-\(UUID().uuidString)")
      .path
    try CorpusWriter.write(generator(seed: seed), vendors: vendors, incidents: incidents, to: directory)
    return directory
  }

  static func files(under directory: String) throws -> [String] {
    var result: [String] = []
    for folder in ["responses", "incidents"] {
      for name in try FileManager.default.contentsOfDirectory(atPath: directory + "/" + folder) {
        result.append(folder + "/" + name)
      }
    }
    return result.sorted()
  }
}

/// Every format states the same numbers for every kind of vendor: report.md, report.html and report.xml of generated
/// vendors, with variants that reach the rare branches (nothing scorable, no incident data, no gate or follow-up).
@Suite struct ReportAgreementTests {
  static let policy = """
    <policy xmlns="urn:candor:policy:1" id="production-agents">
      <title>Agents allowed on production</title>
      <max-rating rating="moderate"/>
      <min-verified score="60"/>
      <min-transparency score="50"/>
      <control-satisfied control="STP-01"/>
    </policy>
    """

  static func response(vendor: String, answers: String) -> String {
    """
    <response xmlns="urn:candor:response:1" questionnaire="aiops-governance" questionnaire-version="\(CorpusTests.questionnaire.version)">
      <vendor id="\(vendor)" name="\(vendor.capitalized)"/>
      <submitted>2026-06-01</submitted>
    \(answers)</response>
    """
  }

  /// The best answer to every question of the shipped questionnaire, with independent evidence.
  static func bestAnswers() -> String {
    var xml = ""
    for question in CorpusTests.questionnaire.domains.flatMap({ $0.controls.flatMap(\.questions) }) {
      let evidence =
        "<evidence kind=\"audit-report\" origin=\"independent\" ref=\"audit.pdf\" valid-until=\"2030-01-01\">Audit</evidence>"
      switch question.kind {
      case .choice(let options):
        let best = options.filter { !$0.notApplicable }.max { ($0.score ?? 0) < ($1.score ?? 0) }!
        xml += "  <answer question=\"\(question.id)\" value=\"\(best.value)\">\(evidence)</answer>\n"
      case .number(_, let bands):
        let best = bands.enumerated().max { ($0.element.score, -$0.offset) < ($1.element.score, -$1.offset) }!
        let value = best.element.max ?? ((best.offset > 0 ? bands[best.offset - 1].max ?? 0 : 0) + 1)
        xml += "  <answer question=\"\(question.id)\" number=\"\(Format.number(value))\">\(evidence)</answer>\n"
      case .freeText:
        xml += "  <answer question=\"\(question.id)\" text=\"Described.\"/>\n"
      }
    }
    return xml
  }

  @Test func everyFormatStatesTheSameNumbersForGeneratedVendors() throws {
    let generator = CorpusTests.generator(seed: 99)
    let generated = 40
    // Two vendors for the rare branches: one that answers nothing (nothing scorable), one that answers everything
    // at best with independent evidence (no risk, gate or follow-up) and has no incident.
    let responses =
      (0..<generated).map {
        SourceText(name: CorpusGenerator.responseFileName($0), bytes: Array(generator.response(vendor: $0).utf8))
      } + [
        SourceText(name: "silent.xml", bytes: Array(Self.response(vendor: "silent", answers: "").utf8)),
        SourceText(name: "model.xml", bytes: Array(Self.response(vendor: "model", answers: Self.bestAnswers()).utf8)),
      ]
    let vendors = responses.count
    let incidents = [
      SourceText(name: "incidents-001.xml", bytes: Array(generator.incidents(0..<400, vendorCount: generated).utf8))
    ]
    let inputs = try InputLoader.load(
      questionnaire: BundledResources.source(BundledResources.defaultQuestionnairePath)!, responses: responses,
      incidents: incidents)
    let policy = try PolicyLoader.read(SourceText(name: "policy.xml", bytes: Array(Self.policy.utf8)))
    let templates = ReportTemplates.bundled()
    var checked = 0
    var summaries: [VendorSummary] = []
    for (index, original) in AssessRun.assess(inputs, RunConfiguration(responses: [])).enumerated() {
      // Variants that reach the branches no generated vendor reaches.
      var assessment = original
      switch index % 5 {
      case 1:
        assessment.claimed = nil
        assessment.verified = nil
        assessment.transparency.basis = .disclosureOnly
      case 2:
        assessment.transparency.basis = .none
        assessment.respondent = nil
        assessment.asOfSource = .given
      case 3:
        assessment.followUps = []
        assessment.gates = []
        assessment.contradictions = []
        assessment.questionnaire.overridesProfile = true
        assessment.transparency.basis = .questionnaireOnly
      case 4:
        assessment.incidentData = .none
        assessment.contradictions = []
        assessment.evidenceFiles = [
          EvidenceFileCheck(
            reference: "audit | *2026*.pdf", state: .hashMismatch, actualSHA256: "ab", expectedSHA256: "cd",
            detail: "SHA-256 differs"),
          EvidenceFileCheck(
            reference: "missing.pdf", state: .missing, actualSHA256: nil, expectedSHA256: nil, detail: "no such file"),
        ]
        assessment.disclosures = []
        assessment.incidentsOutsideWindow = []
      default:
        break
      }
      // Every other vendor with a policy verdict; a chart link on two vendors in three.
      let verdict = index % 2 == 0 ? PolicyEvaluator.evaluate(policy, assessment) : nil
      let chart = index % 3 == 0 ? nil : "\(assessment.vendor.id).chart.svg"
      let files = VendorReport.Files(chart: chart, followUps: nil)
      let document = VendorReport.document(assessment, policy: verdict, files: files)
      let markdown = MarkdownRenderer.render(document)
      let html = HTMLRenderer.render(document)
      let xml = ReportXML.document(assessment, policy: verdict)
      let summary = VendorSummary(assessment, verdict: verdict)
      let problems = ReportAgreement.problems(summary, markdown: markdown, html: html, xml: xml)
      #expect(problems.isEmpty, "\(assessment.vendor.id): \(problems)")
      summaries.append(summary)
      checked += 1
    }
    #expect(checked == vendors)
    // The comparison of all of them states the same numbers as each vendor's summary.
    let comparison = Comparison(questionnaire: inputs.questionnaire, vendors: summaries)
    let problems = ReportAgreement.problems(
      comparison: comparison.ranked,
      markdown: ComparisonMarkdown.render(comparison, templates: templates, chartFile: "comparison.svg"),
      html: HTMLRenderer.render(ComparisonReport.document(comparison, chart: nil, reportExtension: "html")),
      xml: ComparisonXML.document(comparison))
    #expect(problems.isEmpty, "\(problems)")
  }
}
