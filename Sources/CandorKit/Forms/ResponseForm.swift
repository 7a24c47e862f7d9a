import CandorXML

/// Blank response forms for vendors to fill in: every question of a questionnaire with its options or unit and
/// the evidence expected, as a response document or as a CSV spreadsheet.
///
/// The XML form is a valid response document: an XML comment before each `<answer question="…"/>` says what
/// the question asks and how to answer it. An answer element with no value is allowed by the schema and counts
/// as unanswered, so the form can be returned partly filled in; `candor validate` and `candor assess` warn about
/// each answer still empty, which tells the vendor (and the buyer) exactly which questions are open.
///
/// The CSV form has the ``AnswerColumn`` columns, one row per question; `candor import` reads it back (or the
/// .xlsx a spreadsheet program saves from it).
public enum ResponseForm {
  /// The XML form for `vendor`, submitted on `submitted` (the vendor changes it when sending the form back).
  public static func xml(_ questionnaire: Questionnaire, vendor: Vendor, submitted: CalendarDate) -> String {
    let writer = XMLWriter()
    writer.comment(introduction(questionnaire, vendor: vendor))
    writer.startElement("response", namespace: DocumentKind.response.namespace)
    writer.attribute("questionnaire", questionnaire.id)
    writer.attribute("questionnaire-version", questionnaire.version)
    writer.element("vendor", attributes: ["id": vendor.id, "name": vendor.name])
    writer.comment(
      " Who answers (optional): <respondent name=\"…\" role=\"…\" email=\"…\"/>. Then the date you send the response "
        + "back, YYYY-MM-DD. ")
    writer.element("submitted", text: submitted.description)
    for domain in questionnaire.domains {
      writer.comment(" \(String(repeating: "=", count: 100)) ")
      writer.comment(" Domain \(domain.id): \(Element.collapse(domain.title)) ")
      for control in domain.controls {
        let critical = control.critical ? ", critical" : ""
        writer.comment(
          " \(control.id) \(Element.collapse(control.title)) (owner: \(control.owner.rawValue)\(critical)) ")
        for question in control.questions {
          writer.comment(questionComment(question))
          writer.element("answer", attributes: ["question": question.id])
        }
      }
    }
    writer.endElement()
    return writer.finish()
  }

  /// The CSV form: a header row and one row per question, with a UTF-8 byte-order mark (so that Excel reads it
  /// as UTF-8) and CR LF line ends.
  public static func csv(_ questionnaire: Questionnaire) -> String {
    var text = "\u{FEFF}" + CSVText.record(AnswerColumn.allCases.map(\.header))
    for control in questionnaire.controls {
      for question in control.questions {
        let fields = AnswerColumn.allCases.map { column -> String in
          switch column {
          case .questionID: question.id
          case .control: CSVText.inert("\(control.id) \(Element.collapse(control.title))")
          case .question: CSVText.inert(questionText(question))
          case .allowedAnswers: CSVText.inert(allowedAnswers(question))
          case .evidenceExpected: CSVText.inert(evidenceExpected(question))
          default: ""
          }
        }
        text += CSVText.record(fields)
      }
    }
    return text
  }

  // MARK: - Texts

  static func introduction(_ questionnaire: Questionnaire, vendor: Vendor) -> String {
    let lines = [
      "Response form for \(vendor.name) (\(vendor.id)): \(Element.collapse(questionnaire.title)), "
        + "questionnaire \(questionnaire.id) \(questionnaire.version). Written by \(ReportXML.generator).",
      "",
      "Fill in each <answer> with one attribute: value=\"…\" for a choice question (one of the options listed "
        + "above it), number=\"…\" for a number question (in the unit given), or text=\"…\" for a free-text question.",
      "Optionally add owner=\"vendor|customer|shared|third-party\" (who owns the control as you answer it; "
        + "without it, the control's owner), then a <comment>…</comment>, then one <evidence> per piece of "
        + "evidence, for example:",
      "  <evidence kind=\"audit-report\" origin=\"independent\" ref=\"soc2-type2-2026.pdf\" sha256=\"(64 hex "
        + "digits)\" valid-until=\"2027-03-31\">SOC 2 Type II, section 4.2</evidence>",
      "kind is one of \(EvidenceKind.all.joined(separator: ", ")); origin is vendor (self-attested) or "
        + "independent (an auditor, a certification body, a regulator); sha256 and valid-until are optional.",
      "An <answer> left without a value counts as unanswered; candor validate warns about each one, so that "
        + "the questions still open are easy to find.",
    ]
    return "\n" + lines.flatMap { wrap($0, width: 112, indent: "  ") }.joined(separator: "\n") + "\n"
  }

  static func questionComment(_ question: Question) -> String {
    var lines = wrap("\(question.id): \(questionText(question))", width: 112, indent: "    ")
    lines += wrap("Answer: \(xmlAnswer(question))", width: 112, indent: "    ")
    lines += wrap("Evidence: \(evidenceExpected(question))", width: 112, indent: "    ")
    return "\n" + lines.joined(separator: "\n") + "\n  "
  }

  /// The question's text, and its guidance when it has some.
  static func questionText(_ question: Question) -> String {
    let text = Element.collapse(question.text)
    guard let guidance = question.guidance.map(Element.collapse), !guidance.isEmpty else { return text }
    return "\(text) (Guidance: \(guidance))"
  }

  /// How the question is answered: its options, its unit and range, or free text.
  static func allowedAnswers(_ question: Question) -> String {
    switch question.kind {
    case .choice(let options):
      return "one of "
        + options.map { $0.notApplicable ? "\($0.value) (not applicable)" : $0.value }.joined(separator: " | ")
    case .number(let unit, _):
      var range = ""
      switch (question.minimum, question.maximum) {
      case (let minimum?, let maximum?): range = ", from \(Format.number(minimum)) to \(Format.number(maximum))"
      case (let minimum?, nil): range = ", at least \(Format.number(minimum))"
      case (nil, let maximum?): range = ", at most \(Format.number(maximum))"
      case (nil, nil): break
      }
      return "a number, in \(unit)\(range)"
    case .freeText:
      return "free text"
    }
  }

  /// How the question is answered in the XML form.
  static func xmlAnswer(_ question: Question) -> String {
    switch question.kind {
    case .choice(let options):
      return "value="
        + options.map { "\"\($0.value)\"" + ($0.notApplicable ? " (not applicable)" : "") }
        .joined(separator: " | ")
    case .number:
      return "number=\"…\", " + allowedAnswers(question)
    case .freeText:
      return "text=\"…\", free text"
    }
  }

  /// Whether evidence is expected, and which.
  static func evidenceExpected(_ question: Question) -> String {
    let expected = question.expectedEvidence.map(Element.collapse).flatMap { $0.isEmpty ? nil : $0 }
    switch question.evidence {
    case .required: return "required" + (expected.map { ". \($0)" } ?? "")
    case .recommended: return "recommended" + (expected.map { ". \($0)" } ?? "")
    case .none: return "none expected" + (expected.map { ". \($0)" } ?? "")
    }
  }

  /// `text` broken into lines of at most `width` characters at spaces, each line after the first indented.
  static func wrap(_ text: String, width: Int, indent: String) -> [String] {
    var lines: [String] = []
    var current = ""
    func prefix() -> String { lines.isEmpty ? indent : indent + "  " }
    for word in text.split(separator: " ") {
      if !current.isEmpty, prefix().count + current.count + 1 + word.count > width {
        lines.append(prefix() + current)
        current = String(word)
      } else {
        current += (current.isEmpty ? "" : " ") + word
      }
    }
    lines.append(current.isEmpty ? "" : prefix() + current)
    return lines
  }

}
