/// The names from which every UUID of an OSCAL document is derived (``NameBasedUUID``). Each name is built from
/// stable ids only — the questionnaire's id, the vendor's id, question, control, incident and behaviour ids — never
/// from scores, text or positions in the output, so that:
/// - two runs on the same inputs give the same UUIDs;
/// - two rounds (another as-of date, changed answers) give the same UUIDs to the same objects: a GRC tool sees the
///   finding on PRV-01 of round two as the same finding as in round one, updated;
/// - changing one answer changes the content of the objects that depend on it, never their UUIDs.
///
/// Every name starts with its kind and has a fixed number of `/`-separated parts; no id can contain `/`, so two
/// different objects never share a name. The questionnaire id is part of every name of an object that only means
/// something within one questionnaire (question and control ids are scoped to their questionnaire); the vendor, its
/// incidents and the input files are named without it.
struct OSCALNames {
  var questionnaire: String
  var questionnaireVersion: String
  var vendor: String
  var asOf: String

  init(_ assessment: Assessment) {
    questionnaire = assessment.questionnaire.id
    questionnaireVersion = assessment.questionnaire.version
    vendor = assessment.vendor.id
    asOf = assessment.asOf.description
  }

  /// The document: one per vendor and questionnaire, the same across rounds (OSCAL's "per-subject" identifier).
  var document: String { uuid("assessment-results/\(questionnaire)/\(vendor)") }
  /// The result: one per round, identified by its as-of date.
  var result: String { uuid("result/\(questionnaire)/\(vendor)/\(asOf)") }

  var vendorParty: String { uuid("party/vendor/\(vendor)") }
  var assessorParty: String { uuid("party/assessor/candor") }
  var respondentParty: String { uuid("party/respondent/\(vendor)") }

  /// The back-matter resource that describes the questionnaire (`import-ap` points at it).
  var questionnaireResource: String { uuid("resource/questionnaire/\(questionnaire)/\(questionnaireVersion)") }
  var responseResource: String { uuid("resource/response/\(questionnaire)/\(vendor)") }
  /// An incident file, by its file name (`occurrence` > 1 for a second file of the same name).
  func incidentsResource(_ fileName: String, occurrence: Int) -> String {
    uuid("resource/incidents/\(fileName)" + (occurrence > 1 ? "/\(occurrence)" : ""))
  }

  /// The observation of the answer to a question.
  func answerObservation(_ questionID: String) -> String {
    uuid("observation/\(questionnaire)/\(vendor)/question/\(questionID)")
  }

  /// The observation of the `number`th finding (from 1, in file order) of an incident.
  func incidentFindingObservation(_ incidentID: String, number: Int) -> String {
    uuid("observation/\(vendor)/incident/\(incidentID)/finding/\(number)")
  }

  /// The observation of the vendor's disclosure record for an incident.
  func disclosureObservation(_ incidentID: String) -> String {
    uuid("observation/\(vendor)/incident/\(incidentID)/disclosure")
  }

  func contradictionRisk(control: String, incident: String, behaviour: String) -> String {
    uuid("risk/\(questionnaire)/\(vendor)/contradiction/\(control)/\(incident)/\(behaviour)")
  }

  func gateRisk(control: String, kind: Gate.Kind) -> String {
    uuid("risk/\(questionnaire)/\(vendor)/gate/\(control)/\(kind.rawValue)")
  }

  func finding(control: String) -> String { uuid("finding/\(questionnaire)/\(vendor)/\(control)") }

  private func uuid(_ name: String) -> String { NameBasedUUID.candor(name) }
}
