import CandorXML
import Testing

@testable import CandorKit

@Suite struct LoadingTests {
  @Test func loadsTheReferenceInstances() throws {
    let inputs = try Fixtures.loadMini()
    #expect(inputs.questionnaire.id == "mini-aiops")
    #expect(inputs.questionnaire.controls.map(\.id) == ["PRV-01", "PRV-02", "TRN-01", "TRN-02"])
    #expect(inputs.questionnaire.questions.count == 6)
    #expect(inputs.responses.first?.vendor == Vendor(id: "nimbus-cloud", name: "Nimbus Cloud"))
    #expect(inputs.responses.first?.answers.count == 6)
    #expect(inputs.incidents.first?.findings.first?.observed.count == 4)
    #expect(inputs.warnings.isEmpty)
    #expect(inputs.manifest.map(\.kind) == [.questionnaire, .response, .incidents])
    #expect(inputs.manifest[0].sha256.count == 64)
  }

  @Test func readsEveryPartOfAQuestion() throws {
    let questionnaire = try InputLoader.questionnaire(Fixtures.miniQuestionnaire).0
    let control = questionnaire.controls[0]
    #expect(control.critical && control.owner == .vendor && control.weight == 3)
    #expect(control.mappings.map(\.reference) == ["Art. 14(4)(d)", "AC-3(2)"])
    #expect(control.contradictedBy == ["autonomous-destructive-action"])
    let question = control.questions[1]
    #expect(question.evidence == .recommended)
    guard case .number(let unit, let bands) = question.kind else {
      Issue.record("PRV-01.2 is a number question")
      return
    }
    #expect(unit == "minutes")
    #expect(bands == [Band(max: 5, score: 1), Band(max: 30, score: 0.5), Band(max: nil, score: 0)])
    #expect(
      questionnaire.controls[1].questions[0].options.last == AnswerOption(value: "na", score: nil, notApplicable: true))
    #expect(questionnaire.profile == .default)
  }

  // MARK: - Each defect of issue 2, one precise error each

  func questionnaireErrors(replacing original: String, with replacement: String) -> ([Diagnostic], Int) {
    let (source, line) = Fixtures.defective("reference/questionnaire-mini.xml", replacing: original, with: replacement)
    return (diagnostics { _ = try InputLoader.questionnaire(source) }, line)
  }

  func responseErrors(replacing original: String, with replacement: String) -> ([Diagnostic], Int) {
    let (source, line) = Fixtures.defective("reference/response-nimbus.xml", replacing: original, with: replacement)
    let found = diagnostics {
      _ = try InputLoader.load(
        questionnaire: Fixtures.miniQuestionnaire, responses: [source], incidents: [Fixtures.nimbusIncidents])
    }
    return (found, line)
  }

  func incidentDiagnostics(replacing original: String, with replacement: String) -> ([Diagnostic], Int) {
    let (source, line) = Fixtures.defective("reference/incidents-nimbus.xml", replacing: original, with: replacement)
    do {
      let inputs = try InputLoader.load(
        questionnaire: Fixtures.miniQuestionnaire, responses: [Fixtures.nimbusResponse], incidents: [source])
      return (inputs.warnings, line)
    } catch {
      return (error.diagnostics, line)
    }
  }

  @Test func duplicateControlID() {
    let (found, line) = questionnaireErrors(
      replacing: "<control id=\"PRV-02\"", with: "<control id=\"PRV-01\"")
    #expect(
      found.map(\.description) == [
        "questionnaire-mini.xml:\(line):14: error: duplicate control id \"PRV-01\" (first declared at line 15)"
      ])
  }

  @Test func duplicateQuestionID() {
    let (found, line) = questionnaireErrors(replacing: "<question id=\"TRN-02.2\"", with: "<question id=\"TRN-02.1\"")
    #expect(found.count == 1)
    #expect(found.first?.location.line == line)
    #expect(found.first?.message.hasPrefix("duplicate question id \"TRN-02.1\"") == true)
  }

  @Test func bandsNotAscending() {
    let (found, line) = questionnaireErrors(
      replacing: "<band max=\"30\" score=\"0.5\"/>", with: "<band max=\"3\" score=\"0.5\"/>")
    #expect(found.count == 1)
    #expect(found.first?.location.line == line)
    #expect(
      found.first?.message == "band max 3 is not above the previous band's max 5; bands must be in ascending order")
  }

  @Test func bandsWithoutAFinalOpenBand() {
    let (found, line) = questionnaireErrors(
      replacing: "<band max=\"72\" score=\"0.5\"/>\n          <band score=\"0\"/>",
      with: "<band max=\"72\" score=\"0.5\"/>\n          <band max=\"100\" score=\"0\"/>")
    #expect(found.count == 1)
    #expect(found.first?.location.line == line + 1)
    #expect(found.first?.message.hasPrefix("the last band of a number question must have no max") == true)
  }

  @Test func undeclaredBehaviour() {
    let (found, line) = questionnaireErrors(
      replacing: "<contradicted-by behaviour=\"excessive-agent-privilege\"/>",
      with: "<contradicted-by behaviour=\"excesive-agent-privilege\"/>")
    #expect(found.count == 1)
    #expect(found.first?.location == SourceLocation(file: "questionnaire-mini.xml", line: line, column: 24))
    #expect(
      found.first?.message
        == "contradicted-by names behaviour \"excesive-agent-privilege\", which the questionnaire does not declare")
  }

  @Test func optionWithoutScore() {
    let (found, _) = questionnaireErrors(
      replacing:
        "<option value=\"partial\" score=\"0.5\"/>\n        <option value=\"no\" score=\"0\"/>\n        <option value=\"na\"",
      with: "<option value=\"partial\"/>\n        <option value=\"no\" score=\"0\"/>\n        <option value=\"na\"")
    #expect(found.map(\.message) == ["option \"partial\" needs a score or not-applicable=\"true\""])
  }

  @Test func unknownFrameworkReference() {
    let (found, line) = questionnaireErrors(
      replacing: "<mapping framework=\"nist-800-53\" ref=\"AC-6\"/>",
      with: "<mapping framework=\"nist-800-53\" ref=\"AC-66\"/>")
    #expect(found.count == 1)
    #expect(found.first?.location.line == line)
    #expect(
      found.first?.message.hasPrefix("NIST SP 800-53") == true
        || found.first?.message.contains("no reference \"AC-66\"") == true)
  }

  @Test func schemaErrorsAndSemanticErrorsTogether() {
    let (found, _) = questionnaireErrors(
      replacing:
        "<option value=\"yes\" score=\"1\"/>\n        <option value=\"partial\" score=\"0.5\"/>\n        <option value=\"no\" score=\"0\"/>\n      </question>\n      <question id=\"PRV-01.2\"",
      with:
        "<option value=\"yes\" score=\"1.5\"/>\n        <option value=\"partial\" score=\"0.5\"/>\n        <option value=\"no\" score=\"0\"/>\n      </question>\n      <question id=\"PRV-01.1\""
    )
    #expect(found.count == 2, "\(found)")
    #expect(found.contains { $0.message.contains("greater than the maximum value allowed ('1')") })
    #expect(found.contains { $0.message.hasPrefix("duplicate question id \"PRV-01.1\"") })
  }

  @Test func responseForAnotherQuestionnaire() {
    let (found, line) = responseErrors(replacing: "questionnaire=\"mini-aiops\"", with: "questionnaire=\"maxi-aiops\"")
    #expect(found.count == 1)
    #expect(found.first?.location.line == line)
    #expect(found.first?.message == "the response answers questionnaire \"maxi-aiops\", not \"mini-aiops\"")
  }

  @Test func responseForAnotherVersion() {
    let (found, _) = responseErrors(
      replacing: "questionnaire-version=\"0.1.0\"", with: "questionnaire-version=\"0.2.0\"")
    #expect(found.map(\.message) == ["the response answers version 0.2.0 of \"mini-aiops\", not version 0.1.0"])
  }

  @Test func answerToAnUnknownQuestion() {
    let (found, line) = responseErrors(
      replacing: "<answer question=\"PRV-01.2\" number=\"10\"/>", with: "<answer question=\"PRV-01.3\" number=\"10\"/>")
    #expect(found.count == 1)
    #expect(found.first?.location == SourceLocation(file: "response-nimbus.xml", line: line, column: 11))
    #expect(
      found.first?.message
        == "question \"PRV-01.3\" is not in questionnaire \"mini-aiops\" 0.1.0; did you mean \"PRV-01.1\"?")
  }

  @Test func valueNotAnOption() {
    let (found, line) = responseErrors(
      replacing: "<answer question=\"TRN-01.1\" value=\"yes\"/>",
      with: "<answer question=\"TRN-01.1\" value=\"partial\"/>")
    #expect(found.count == 1)
    #expect(found.first?.location.line == line)
    #expect(
      found.first?.message == "\"partial\" is not an option of question TRN-01.1; expected one of \"yes\", \"no\"")
  }

  @Test func numberForAChoiceQuestion() {
    let (found, line) = responseErrors(
      replacing: "<answer question=\"TRN-01.1\" value=\"yes\"/>", with: "<answer question=\"TRN-01.1\" number=\"1\"/>")
    #expect(found.count == 1)
    #expect(found.first?.location == SourceLocation(file: "response-nimbus.xml", line: line, column: 31))
    #expect(found.first?.message.hasPrefix("question TRN-01.1 is a choice question") == true)
  }

  @Test func valueForANumberQuestion() {
    let (found, _) = responseErrors(
      replacing: "<answer question=\"PRV-01.2\" number=\"10\"/>", with: "<answer question=\"PRV-01.2\" value=\"10\"/>")
    #expect(
      found.map(\.message) == ["question PRV-01.2 takes a number (minutes): answer with number=\"…\", not value=\"10\""]
    )
  }

  @Test func duplicateAnswer() {
    let (found, _) = responseErrors(
      replacing: "<answer question=\"TRN-02.1\" number=\"48\"/>", with: "<answer question=\"TRN-01.1\" value=\"no\"/>")
    #expect(found.count == 1)
    #expect(found.first?.message.hasPrefix("duplicate answer for question id \"TRN-01.1\"") == true)
  }

  @Test func findingWithAnUnknownBehaviourIsAWarning() {
    let (found, line) = incidentDiagnostics(
      replacing: "<observed behaviour=\"excessive-agent-privilege\"/>", with: "<observed behaviour=\"rogue-agent\"/>")
    #expect(found.count == 1)
    #expect(found.first?.severity == .warning)
    #expect(found.first?.location.line == line)
    #expect(
      found.first?.message.hasPrefix("behaviour \"rogue-agent\" is not declared by questionnaire \"mini-aiops\"")
        == true)
  }

  @Test func detectedBeforeStarted() {
    let (found, line) = incidentDiagnostics(
      replacing: "detected=\"2026-09-12T03:25:00Z\"", with: "detected=\"2026-09-12T02:25:00Z\"")
    #expect(found.count == 1)
    #expect(found.first?.severity == .error)
    #expect(found.first?.location.line == line)
    #expect(found.first?.message.hasPrefix("detected (2026-09-12T02:25:00Z) is before started") == true)
  }

  @Test func resolvedBeforeStarted() {
    let (found, _) = incidentDiagnostics(
      replacing: "resolved=\"2026-09-12T16:20:00Z\"", with: "resolved=\"2026-09-11T16:20:00Z\"")
    #expect(
      found.map(\.message) == [
        "resolved (2026-09-11T16:20:00Z) is before started (2026-09-12T03:10:00Z); the timeline is out of order"
      ])
  }

  @Test func duplicateIncidentID() {
    let text = Fixtures.text("reference/incidents-nimbus.xml")
    let start = text.range(of: "<incident ")!.lowerBound
    let end = text.range(of: "</incident>")!.upperBound
    let doubled = text.replacingCharacters(in: end..<end, with: "\n  " + text[start..<end])
    let source = SourceText(name: "incidents-nimbus.xml", bytes: Array(doubled.utf8))
    let found = diagnostics {
      _ = try InputLoader.load(questionnaire: Fixtures.miniQuestionnaire, responses: [], incidents: [source])
    }
    #expect(found.map(\.message) == ["duplicate incident id \"NIM-2026-11\" (first declared at line 4)"])
  }

  @Test func aDateTimeWithoutATimeZoneIsRefused() {
    let (found, _) = incidentDiagnostics(
      replacing: "started=\"2026-09-12T03:10:00Z\"", with: "started=\"2026-09-12T03:10:00\"")
    #expect(found.count == 1)
    #expect(found.first?.message.contains("started") == true)
  }

  @Test func aWrongDocumentKindIsNamed() {
    let found = diagnostics {
      _ = try InputLoader.load(
        questionnaire: Fixtures.nimbusResponse, responses: [], incidents: [])
    }
    #expect(found.map(\.message) == ["expected a questionnaire document, found a response document"])
  }

  @Test func twoResponsesForOneVendor() {
    let found = diagnostics {
      _ = try InputLoader.load(
        questionnaire: Fixtures.miniQuestionnaire, responses: [Fixtures.nimbusResponse, Fixtures.nimbusResponse],
        incidents: [])
    }
    #expect(found.count == 1)
    #expect(found.first?.message.hasPrefix("a second response for vendor \"nimbus-cloud\"") == true)
  }
}

/// Framework reference data: party, condition, notes and calendars with their legal status.
@Suite struct FrameworkDataTests {
  func framework(_ body: String) -> SourceText {
    SourceText(
      name: "f.xml",
      bytes: Array(
        """
        <framework xmlns="urn:candor:frameworks:1" id="f" short-name="F">
          <title>F</title>
          <source>The text</source>
          <note>Read me first.</note>
          <reference id="Art. 1" key="true" party="provider deployer" condition="high-risk">One</reference>
          <reference id="Art. 2">Two</reference>
        \(body)
        </framework>
        """.utf8))
  }

  @Test func partyConditionNotesAndCalendarStatusAreRead() throws {
    let source = framework(
      """
        <calendar profile="draft" title="A draft" status="proposal">
          <source url="https://example.org/draft">A secondary account</source>
          <milestone date="2027-01-01">Everything.</milestone>
        </calendar>
      """)
    let document = try DocumentReader.read(source, expecting: .frameworks)
    #expect(document.schemaDiagnostics.isEmpty)
    let (framework, problems) = FrameworkReader.read(document.root)
    #expect(problems.isEmpty)
    #expect(framework.notes == ["Read me first."])
    #expect(
      framework.references[0].parties == [.provider, .deployer] && framework.references[0].condition == .highRisk)
    #expect(framework.references[0].binds == "provider and deployer, if high-risk")
    #expect(framework.references[1].binds == nil)
    let calendar = try #require(framework.calendars.first)
    #expect(calendar.status == .proposal && calendar.officialJournal == nil)
    #expect(calendar.statusText == "proposal; Official Journal reference not verified")
    #expect(calendar.sources == [Framework.Source(title: "A secondary account", url: "https://example.org/draft")])
  }

  @Test func aCalendarInForceNamesItsOfficialJournalReference() {
    let outcome = Validator.validate([
      framework(
        """
          <calendar profile="law" title="The law" status="in-force">
            <milestone date="2027-01-01">Everything.</milestone>
          </calendar>
        """)
    ])
    #expect(
      outcome.diagnostics.map(\.description) == [
        "f.xml:7:43: error: a calendar in force must name its Official Journal reference in official-journal"
      ])
  }

  @Test func anUnknownPartyOrStatusIsASchemaError() {
    let outcome = Validator.validate([
      framework(
        """
          <reference id="Art. 3" party="regulator">Three</reference>
          <calendar profile="law" title="The law" status="rumoured">
            <milestone date="2027-01-01">Everything.</milestone>
          </calendar>
        """)
    ])
    #expect(outcome.diagnostics.allSatisfy { $0.severity == .error }, "\(outcome.diagnostics)")
    #expect(outcome.diagnostics.contains { $0.location.line == 7 && $0.message.contains("'regulator'") })
    #expect(outcome.diagnostics.contains { $0.location.line == 8 && $0.message.contains("'rumoured'") })
  }
}
