import CandorXML

/// Writes a ``Response`` as a response document (`urn:candor:response:1`, schema response.xsd) with
/// ``XMLWriter``: every value escaped, deterministic, indented.
public enum ResponseWriter {
  /// The document; `note` becomes a comment before the root element.
  public static func document(_ response: Response, note: String? = nil) -> String {
    let writer = XMLWriter()
    if let note { writer.comment(" \(note) ") }
    writer.startElement("response", namespace: DocumentKind.response.namespace)
    writer.attribute("questionnaire", response.questionnaireID)
    writer.attribute("questionnaire-version", response.questionnaireVersion)
    writer.element("vendor", attributes: ["id": response.vendor.id, "name": response.vendor.name])
    if let respondent = response.respondent {
      writer.element(
        "respondent", attributes: ["name": respondent.name, "role": respondent.role, "email": respondent.email])
    }
    writer.element("submitted", text: response.submitted.description)
    for answer in response.answers {
      writer.startElement("answer")
      writer.attribute("question", answer.questionID)
      switch answer.value {
      case .option(let value): writer.attribute("value", value)
      case .number(_, let text): writer.attribute("number", text)
      case .text(let text): writer.attribute("text", text)
      case .none: break
      }
      writer.attribute("owner", answer.owner?.rawValue)
      if let comment = answer.comment { writer.element("comment", text: comment) }
      for evidence in answer.evidence {
        writer.element(
          "evidence",
          attributes: [
            "kind": evidence.kind, "origin": evidence.origin.rawValue, "ref": evidence.reference,
            "sha256": evidence.sha256, "valid-until": evidence.validUntil?.description,
          ], text: evidence.description)
      }
      writer.endElement()
    }
    writer.endElement()
    return writer.finish()
  }
}
