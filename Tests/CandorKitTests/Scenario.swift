import CandorXML
import Testing

@testable import CandorKit

/// A small questionnaire, response and incident file built in code, to test one scoring rule at a time.
///
/// The questionnaire has a domain OPS (weight 2) with control C1 (critical, vendor-owned, contradicted by
/// "destructive-action") holding the questions given, and a transparency domain TRN (weight 1) with control T1
/// (one yes/no question T1.1, evidence none, contradicted by "cause-misattributed").
struct Scenario {
  var questions: String = Scenario.yesNo("Q1", evidence: "required")
  var controlOwner = "vendor"
  var critical = true
  var scoring = ""
  var withTransparencyDomain = true
  var answers: String = #"<answer question="Q1" value="yes"/>"#
  var transparencyAnswer = #"<answer question="T1.1" value="yes"/>"#
  var incidents: [String] = []
  var submitted = "2026-10-01"

  static func yesNo(_ id: String, evidence: String = "none", weight: String = "1", na: Bool = false) -> String {
    """
    <question id="\(id)" weight="\(weight)" evidence="\(evidence)"><text>Is it so?</text>
      <option value="yes" score="1"/><option value="partial" score="0.5"/><option value="no" score="0"/>
      \(na ? #"<option value="na" not-applicable="true"/>"# : "")
    </question>
    """
  }

  static func minutes(_ id: String, evidence: String = "none") -> String {
    """
    <question id="\(id)" evidence="\(evidence)"><text>How many minutes?</text>
      <number unit="minutes"><band max="5" score="1"/><band max="30" score="0.5"/><band score="0"/></number>
    </question>
    """
  }

  var questionnaireText: String {
    """
    <questionnaire xmlns="urn:candor:questionnaire:1" id="scenario" version="1.0.0">
      <title>Scenario</title>
      <behaviour id="destructive-action">An agent destroyed something.</behaviour>
      <behaviour id="cause-misattributed">The cause was misattributed.</behaviour>
      \(scoring.isEmpty ? "" : "<scoring>\(scoring)</scoring>")
      <domain id="OPS" weight="2">
        <title>Operations</title>
        <control id="C1" weight="1" critical="\(critical)" owner="\(controlOwner)">
          <title>Control one</title><objective>Do it.</objective>
          <contradicted-by behaviour="destructive-action"/>
          \(questions)
        </control>
      </domain>
      \(withTransparencyDomain ? """
      <domain id="TRN" weight="1" transparency="true">
        <title>Transparency</title>
        <control id="T1" weight="1" owner="vendor">
          <title>Honest reporting</title><objective>Say what happened.</objective>
          <contradicted-by behaviour="cause-misattributed"/>
          \(Scenario.yesNo("T1.1"))
        </control>
      </domain>
      """ : "")
    </questionnaire>
    """
  }

  var responseText: String {
    """
    <response xmlns="urn:candor:response:1" questionnaire="scenario" questionnaire-version="1.0.0">
      <vendor id="acme" name="Acme"/>
      <submitted>\(submitted)</submitted>
      \(answers)
      \(withTransparencyDomain ? transparencyAnswer : "")
    </response>
    """
  }

  var incidentsText: String {
    "<incidents xmlns=\"urn:candor:incidents:1\">\(incidents.joined(separator: "\n"))</incidents>"
  }

  /// An incident of `vendor` that started at `started`, with one finding observing `behaviours`.
  static func incident(
    _ id: String = "I1", vendor: String = "acme", started: String = "2026-09-01T00:00:00Z",
    detected: String? = nil, resolved: String? = nil, firstStatement: String? = nil, rootCause: String? = nil,
    statementCause: String? = "human-error", aiInvolvement: String = "denied",
    confidence: String = "corroborated", findingCause: String? = "ai-agent",
    behaviours: [String] = ["destructive-action"]
  ) -> String {
    var timeline = "started=\"\(started)\""
    if let detected { timeline += " detected=\"\(detected)\"" }
    if let resolved { timeline += " resolved=\"\(resolved)\"" }
    if let firstStatement { timeline += " first-statement=\"\(firstStatement)\"" }
    if let rootCause { timeline += " root-cause-published=\"\(rootCause)\"" }
    let statement =
      statementCause.map {
        "<statement at=\"\(firstStatement ?? started)\" source=\"status page\" cause=\"\($0)\" ai-involvement=\"\(aiInvolvement)\">We said something.</statement>"
      } ?? ""
    let observed = behaviours.map { "<observed behaviour=\"\($0)\"/>" }.joined()
    return """
      <incident id="\(id)" vendor="\(vendor)" severity="high">
        <title>Incident \(id)</title>
        <timeline \(timeline)/>
        \(statement)
        <finding source="press" origin="independent" confidence="\(confidence)"\(findingCause.map { " cause=\"\($0)\"" } ?? "")>
          <summary>What was found.</summary>\(observed)
        </finding>
      </incident>
      """
  }

  func inputs() throws -> LoadedInputs {
    try InputLoader.load(
      questionnaire: SourceText(name: "q.xml", bytes: Array(questionnaireText.utf8)),
      responses: [SourceText(name: "r.xml", bytes: Array(responseText.utf8))],
      incidents: incidents.isEmpty ? [] : [SourceText(name: "i.xml", bytes: Array(incidentsText.utf8))])
  }

  func assess(asOf: String? = nil) throws -> Assessment {
    let inputs = try self.inputs()
    return Assessor.assess(
      inputs.responses[0], questionnaire: inputs.questionnaire, incidents: inputs.incidents,
      asOf: asOf.flatMap(CalendarDate.init), manifest: inputs.manifest)
  }
}

extension Assessment {
  /// The score of question `id`.
  func question(_ id: String) -> QuestionScore? { controls.flatMap(\.questions).first { $0.question.id == id } }
}
