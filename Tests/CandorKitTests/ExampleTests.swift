import CandorXML
import Testing

@testable import CandorKit

/// The shipped questionnaire and examples: the counts the issue asks for, the ranking, and why.
@Suite struct ExampleTests {
  static let examples: [Assessment] = (try? ReportTests.examples()) ?? []
  static let comparison = Comparison(examples)

  func vendor(_ id: String) throws -> Assessment {
    try #require(Self.examples.first { $0.vendor.id == id })
  }

  @Test func theQuestionnaireHasTheSizeAsked() throws {
    let questionnaire = try InputLoader.questionnaire(
      BundledResources.defaultQuestionnaire
    ).0
    #expect(questionnaire.id == "aiops-governance" && questionnaire.version == "1.1.0")
    // 1.0.0 had 14 domains, 46 controls, 108 questions, 28 behaviours and 236 mappings; 1.1.0 adds 8 controls
    // (22 questions), TST-01.4 and CAU-05.3, 7 behaviours, and reviews the mappings (docs/mapping-review.md).
    #expect(questionnaire.domains.count == 14)
    #expect(questionnaire.controls.count == 54)
    #expect(questionnaire.questions.count == 132)
    #expect(questionnaire.behaviours.count == 35)
    let mappings = questionnaire.controls.flatMap(\.mappings)
    #expect(mappings.count == 298)
    #expect(mappings.filter(\.isDirect).count == 155)
    // Every control has at least one direct mapping but BLR-01, PBK-02 and PBK-03, whose references only relate.
    #expect(
      questionnaire.controls.filter { !$0.mappings.contains(where: \.isDirect) }.map(\.id) == [
        "BLR-01", "PBK-02", "PBK-03",
      ])
    let used = Set(questionnaire.controls.flatMap(\.contradictedBy))
    #expect(questionnaire.behaviours.allSatisfy { used.contains($0.id) })
    #expect(questionnaire.domains.contains { $0.transparency })
    #expect(questionnaire.controls.contains { $0.critical })
    // Every control maps to at least one framework reference.
    #expect(questionnaire.controls.allSatisfy { !$0.mappings.isEmpty })
    // A mix of question kinds.
    let kinds = questionnaire.questions.map {
      switch $0.kind {
      case .choice: "choice"
      case .number: "number"
      case .freeText: "free-text"
      }
    }
    #expect(Set(kinds) == ["choice", "number", "free-text"])
  }

  /// The shipped questionnaire states the strength of every mapping instead of relying on the default.
  @Test func everyShippedMappingStatesItsStrength() throws {
    let text = String(decoding: BundledResources.defaultQuestionnaire.bytes, as: UTF8.self)
    let mappings = text.components(separatedBy: "<mapping ").count - 1
    let stated =
      text.components(separatedBy: #"strength="direct""#).count - 1
      + text.components(separatedBy: #"strength="supporting""#).count - 1
    #expect(mappings == 298 && stated == mappings)
  }

  /// docs/mapping-review.md gives a reason for every mapping, with its strength.
  @Test func theMappingReviewGivesAReasonForEveryMapping() throws {
    let questionnaire = try InputLoader.questionnaire(BundledResources.defaultQuestionnaire).0
    let review = Fixtures.packageText("docs/mapping-review.md")
    let names = [
      "eu-ai-act": "EU AI Act", "nist-ai-rmf": "NIST AI RMF", "iso-42001": "ISO/IEC 42001",
      "nist-800-53": "SP 800-53", "nis2": "NIS2", "dora": "DORA",
    ]
    for control in questionnaire.controls {
      let section = try #require(review.components(separatedBy: "### \(control.id) ").dropFirst().first)
      let rows = section.components(separatedBy: "\n### ")[0]
      for mapping in control.mappings {
        let row =
          "| \(names[mapping.framework] ?? mapping.framework) | \(mapping.reference) | \(mapping.strength.rawValue) |"
        #expect(rows.contains(row), "docs/mapping-review.md lacks \(row) under \(control.id)")
      }
    }
  }

  @Test func theExamplesAndFrameworkDataValidate() {
    let paths =
      BundledResources.paths(under: "Examples")
      + BundledResources.paths(under: "Questionnaires")
      .filter { $0.hasSuffix(".xml") }
    let outcome = Validator.validate(paths.compactMap(BundledResources.source))
    #expect(outcome.diagnostics.filter { $0.severity == .error }.isEmpty, "\(outcome.diagnostics)")
    #expect(outcome.kinds.count == paths.count)
  }

  @Test func theIncidentFileHasRealAndFictionalIncidents() throws {
    let sources = Demo.sources()
    let inputs = try InputLoader.load(
      questionnaire: sources.questionnaire, responses: [], incidents: sources.incidents)
    #expect(inputs.incidents.filter { !$0.fictional }.count >= 8)
    #expect(inputs.incidents.contains { $0.fictional })
    // Every finding names its source; every real incident's statements and findings give a url a reader can open.
    #expect(inputs.incidents.allSatisfy { $0.findings.allSatisfy { !$0.source.isEmpty } })
    for incident in inputs.incidents where !incident.fictional {
      let urls = incident.statements.map(\.url) + incident.findings.map(\.url)
      #expect(urls.allSatisfy { $0?.hasPrefix("https://") == true }, "\(incident.id) lacks a source url")
    }
    // The fictional operations agent of Meridane is not named after a real product.
    let text = String(decoding: sources.incidents.flatMap(\.bytes), as: UTF8.self)
    #expect(!text.contains("Copilot"))
  }

  /// The corrections of issue 16 to the real incidents, as the public record has them.
  @Test func theRealIncidentsFollowTheirSources() throws {
    let sources = Demo.sources()
    let incidents = try InputLoader.load(
      questionnaire: sources.questionnaire, responses: [], incidents: sources.incidents
    ).incidents
    func incident(_ id: String) throws -> Incident { try #require(incidents.first { $0.id == id }) }
    #expect(try incident("CF-2025-11").firstStatement?.text == "2025-11-18T11:48:00Z")
    let frontDoor = try incident("AZ-2025-10-AFD")
    #expect(
      frontDoor.strongestFinding?.confidence == .confirmed && frontDoor.strongestFinding?.cause == .softwareDefect
        && frontDoor.strongestFinding?.source.hasPrefix("Microsoft's preliminary and final post-incident reviews")
          == true
    )
    #expect(
      try incident("CRWD-2024-07").findings.contains {
        $0.observed.contains { $0.behaviour == "safety-check-bypassed-by-defect" }
      })
    let amazonQ = try incident("AWS-2025-07-QDEV")
    #expect(amazonQ.findings.allSatisfy { $0.confidence != .confirmed })
    #expect(
      try incident("AWS-2025-12-KIRO").description?.contains("mandatory peer review for production access") == true)
  }

  @Test func theRankingOfTheExamples() {
    #expect(
      Self.comparison.ranked.map(\.vendor.id) == ["alderglen-cloud", "meridane-cloud", "oakhollow", "stratovane"])
    #expect(Self.comparison.ranked.map(\.rating) == [.low, .high, .high, .critical])
  }

  @Test func theCandidVendorComesOutBestOnEveryHeadline() throws {
    let candid = try vendor("alderglen-cloud")
    let others = Self.examples.filter { $0.vendor.id != candid.vendor.id }
    #expect(others.allSatisfy { ($0.verified ?? 0) < (candid.verified ?? 0) })
    #expect(others.allSatisfy { ($0.transparency.value ?? 0) < (candid.transparency.value ?? 0) })
    #expect(candid.gates.isEmpty)
    // It had an incident and disclosed it well: its contradictions are confirmed, yet it stays low.
    #expect(candid.disclosures.allSatisfy { $0.score >= 0.75 })
  }

  @Test func theContradictedVendorIsCriticalBecauseOfItsContradictions() throws {
    let contradicted = try vendor("stratovane")
    #expect(contradicted.rating == .critical)
    #expect((contradicted.sayDoGap ?? 0) > 0.5)
    #expect(contradicted.gates.contains { $0.kind == .contradicted && $0.controlID == "APR-01" })
    #expect(
      contradicted.contradictions.contains {
        $0.controlID == "APR-01" && $0.behaviour == "autonomous-destructive-action"
      })
    // The motivating scenario: the public statement blamed an operational error; findings say an AI agent.
    let scenario = try #require(
      contradicted.disclosures.first { $0.incident.fictional && $0.incident.id == "STV-2026-09" })
    #expect(scenario.attribution?.score == 0)
    #expect(scenario.aiInvolvement?.score == 0)
    #expect((contradicted.transparency.value ?? 1) < 0.3)
    #expect(contradicted.followUps.first?.kind == .contradiction)
  }

  @Test func theResponsibilityShifterIsMarkedDownForOwnership() throws {
    let shifter = try vendor("meridane-cloud")
    let shifted = shifter.controls.flatMap(\.questions).filter(\.ownership.isShifted)
    #expect(shifted.count >= 5)
    #expect(shifter.followUps.contains { $0.kind == .responsibilityShifted })
    #expect(shifter.contradictions.allSatisfy { $0.cap == nil })
  }

  @Test func theVendorWithGapsHasUnansweredQuestionsAndExpiredEvidence() throws {
    let gaps = try vendor("oakhollow")
    #expect(gaps.controls.flatMap(\.questions).contains { $0.status == .unanswered })
    #expect(gaps.followUps.contains { $0.kind == .evidenceExpired })
    #expect(gaps.followUps.contains { $0.kind == .unanswered })
  }
}

@Suite struct PolicyTests {
  func verdict(_ policy: String, for vendor: String) throws -> PolicyVerdict {
    let parsed = try PolicyLoader.read(
      SourceText(
        name: "p.xml",
        bytes: Array("<policy xmlns=\"urn:candor:policy:1\" id=\"p\"><title>P</title>\(policy)</policy>".utf8)))
    let assessment = try #require(ExampleTests.examples.first { $0.vendor.id == vendor })
    return PolicyEvaluator.evaluate(parsed, assessment)
  }

  @Test func eachRequirementIsCheckedAndExplained() throws {
    let strict = """
      <max-rating rating="moderate"/><min-verified score="60"/><min-transparency score="50"/>
      <max-say-do-gap points="20"/><no-contradiction at-or-above="corroborated"/><control-satisfied control="APR-01"/>
      """
    let candid = try verdict(strict, for: "alderglen-cloud")
    #expect(candid.requirements.map(\.met) == [true, true, true, true, false, true])
    #expect(
      candid.requirements[4].explanation.hasPrefix(
        "no contradiction at corroborated or stronger: 3 controls (3 findings: "))
    let contradicted = try verdict(strict, for: "stratovane")
    #expect(contradicted.requirements.map(\.met) == [false, false, false, false, false, false])
    #expect(contradicted.requirements[0].explanation == "rating moderate or better: critical")
    #expect(contradicted.requirements[5].explanation.contains("contradicted"))
    #expect(!contradicted.passed)
  }

  @Test func aStricterControlMinimum() throws {
    #expect(try verdict(#"<control-satisfied control="APR-01" min="99"/>"#, for: "alderglen-cloud").passed == false)
  }

  @Test func aPolicyIsValidatedAgainstItsSchema() {
    let found = diagnostics {
      _ = try PolicyLoader.read(
        SourceText(
          name: "p.xml",
          bytes: Array(
            #"<policy xmlns="urn:candor:policy:1" id="p"><title>P</title><max-rating rating="awful"/></policy>"#.utf8)))
    }
    #expect(found.count == 1)
    #expect(found.first?.location.line == 1)
  }
}
