import CandorXML
import Testing

@testable import CandorKit

/// Blank response forms: valid, complete, and read back by the import.
@Suite struct FormTests {
  let questionnaire: Questionnaire
  let vendor = Vendor(id: "oakhollow", name: "Oakhollow <Systems> & Co")

  init() throws {
    questionnaire = try ImportFixtures.questionnaire
  }

  @Test func theXMLFormIsAValidResponseWithEveryQuestion() throws {
    let form = ResponseForm.xml(questionnaire, vendor: vendor, submitted: CalendarDate("2026-11-16")!)
    let source = SourceText(name: "form.xml", bytes: Array(form.utf8))
    let document = try DocumentReader.read(source, expecting: .response)
    #expect(document.schemaDiagnostics.isEmpty)
    let (response, problems) = ResponseReader.read(document.root)
    #expect(problems.isEmpty)
    #expect(response.vendor == vendor)
    #expect(response.answers.map(\.questionID) == questionnaire.questions.map(\.id))
    #expect(response.answers.allSatisfy { $0.value == .none })
    // Each empty answer counts as unanswered, with one warning each, and no error: the form loads and assesses.
    let checked = ResponseReader.check(response, against: questionnaire, root: document.root)
    #expect(checked.count == questionnaire.questions.count)
    #expect(checked.allSatisfy { $0.severity == .warning && $0.message.hasSuffix("it counts as unanswered") })
    let inputs = try InputLoader.load(
      questionnaire: BundledResources.defaultQuestionnaire, responses: [source],
      incidents: [])
    let assessment = Assessor.assess(inputs.responses[0], questionnaire: inputs.questionnaire, incidents: [])
    #expect(assessment.followUps.filter { $0.kind == .unanswered }.count > 0)
  }

  @Test func theXMLFormExplainsEachQuestionInAComment() {
    let form = ResponseForm.xml(questionnaire, vendor: vendor, submitted: CalendarDate("2026-11-16")!)
    #expect(
      form.contains(
        """
          <!--
            IDP-01.3: What percentage of agent identities in production hold only task-scoped permissions (no wildcard
              actions, no administrator policies)?
            Answer: number="…", a number, in percent, from 0 to 100
            Evidence: recommended
          -->
          <answer question="IDP-01.3"/>
        """))
    #expect(form.contains("Answer: value=\"yes\" | \"partial\" | \"no\" | \"na\" (not applicable)"))
    #expect(form.contains("Answer: text=\"…\", free text"))
    #expect(form.contains("<vendor id=\"oakhollow\" name=\"Oakhollow &lt;Systems&gt; &amp; Co\"/>"))
    #expect(
      form.contains(
        "<!-- IDP-01 Dedicated agent identities without inherited operator permissions (owner: vendor, critical) -->"))
  }

  @Test func theCSVFormHasTheColumnsAndARowPerQuestion() throws {
    let form = ResponseForm.csv(questionnaire)
    #expect(form.hasPrefix("\u{FEFF}Question ID,Control,Question,Allowed Answers,Evidence Expected,Answer,Owner,"))
    #expect(form.hasSuffix("\r\n"))
    let sheet = try CSVReader.read(SourceText(name: "form.csv", bytes: Array(form.utf8)))
    #expect(sheet.rows.count == questionnaire.questions.count + 1)
    #expect(sheet.rows.dropFirst().map { $0.cells[1]?.text ?? "" } == questionnaire.questions.map(\.id))
    let row = sheet.rows[3]
    #expect(row.cells[4]?.text == "a number, in percent, from 0 to 100")
    #expect(row.cells[5]?.text == "recommended")
    #expect(row.cells[6] == nil)
  }

  @Test func csvFieldsAreQuotedAndMadeInert() {
    #expect(
      CSVText.record(["a", "b,c", "say \"hi\"", "two\nlines", " padded"])
        == "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\"\r\n")
    #expect(CSVText.inert("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")")
    #expect(CSVText.inert("-1") == "'-1")
    #expect(CSVText.inert("Does the agent") == "Does the agent")
  }

  @Test func invalidVendorsAreRefused() {
    let found = diagnostics {
      _ = try FormRun.run(
        FormConfiguration(
          vendor: Vendor(id: "Oak Hollow", name: "Oakhollow"), submitted: CalendarDate("2026-11-16")!, format: .xml))
    }
    #expect(
      found.map(\.description) == [
        "--vendor: error: \"Oak Hollow\" is not a vendor id: use 1 to 64 lower-case letters, digits and '-', "
          + "starting with a letter or digit (it is also the stem of report file names)"
      ])
  }
}
