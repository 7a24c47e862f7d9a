import CandorXML

/// Reads a vendor's response, and checks it against its questionnaire.
public enum ResponseReader {
  /// Reads `root` (a `<response>`), collecting the problems that need no questionnaire (duplicate answers,
  /// answers with no value or more than one).
  public static func read<E: ReadableElement>(_ root: E) -> (Response, [Diagnostic]) {
    var diagnostics = Diagnostics()
    var answered = DuplicateFinder("answer for question")
    let vendor = root.child(named: "vendor")
    let respondent = root.child(named: "respondent").map {
      Respondent(name: $0.string("name"), role: $0.optionalString("role"), email: $0.optionalString("email"))
    }
    let submittedElement = root.child(named: "submitted")
    let answers = root.children(named: "answer").map { element -> Answer in
      answered.check(element.string("question"), at: element.location(ofAttribute: "question"), into: &diagnostics)
      let given = ["value", "number", "text"].filter { element.attribute($0) != nil }
      if given.count > 1 {
        diagnostics.error(
          element.location(ofAttribute: given[1]),
          "an answer has one of value, number or text; this one has \(given.joined(separator: " and "))")
      }
      let value: Answer.Value
      if let option = element.attribute("value") {
        value = .option(Element.collapse(option))
      } else if let number = element.attribute("number") {
        value = .number(DecimalText.parse(Element.collapse(number)) ?? 0, text: Element.collapse(number))
      } else if let text = element.attribute("text") {
        value = .text(text)
      } else {
        value = .none
      }
      let evidence = element.children(named: "evidence").map { item in
        Evidence(
          kind: item.string("kind"),
          origin: item.value("origin", default: .vendor),
          reference: item.attribute("ref") ?? "",
          sha256: item.optionalString("sha256")?.lowercased(),
          validUntil: item.date("valid-until"),
          description: item.collapsedText,
          location: item.location)
      }
      return Answer(
        questionID: element.string("question"),
        value: value,
        owner: element.value("owner"),
        comment: element.child(named: "comment").map(\.text),
        evidence: evidence,
        location: element.location)
    }
    let response = Response(
      questionnaireID: root.string("questionnaire"),
      questionnaireVersion: root.string("questionnaire-version"),
      vendor: Vendor(id: vendor?.string("id") ?? "", name: vendor?.string("name") ?? ""),
      respondent: respondent,
      submitted: submittedElement.flatMap { CalendarDate(Element.collapse($0.text)) }
        ?? CalendarDate(year: 1970, month: 1, day: 1)!,
      answers: answers,
      location: root.location)
    return (response, diagnostics.all)
  }

  /// Checks `response` against `questionnaire`: the same questionnaire id and version, known questions, allowed
  /// option values, the kind of value each question takes, and numbers within the question's range.
  public static func check(_ response: Response, against questionnaire: Questionnaire) -> [Diagnostic] {
    check(response, against: questionnaire, root: Element?.none)
  }

  /// Checks `response` against `questionnaire`, locating problems at the attributes of `root`, the response's
  /// element, when given.
  public static func check<E: ReadableElement>(_ response: Response, against questionnaire: Questionnaire, root: E?)
    -> [Diagnostic]
  {
    check(response, against: questionnaire, root: root, index: questionnaire.questionIndex())
  }

  /// ``check(_:against:root:)`` with the questionnaire's question index worked out beforehand (once per run).
  static func check<E: ReadableElement>(
    _ response: Response, against questionnaire: Questionnaire, root: E?,
    index: [String: (question: Question, control: Control)]
  ) -> [Diagnostic] {
    var diagnostics = Diagnostics()
    if response.questionnaireID != questionnaire.id {
      diagnostics.error(
        root?.location(ofAttribute: "questionnaire") ?? response.location,
        "the response answers questionnaire \"\(response.questionnaireID)\", not \"\(questionnaire.id)\"")
    } else if response.questionnaireVersion != questionnaire.version {
      diagnostics.error(
        root?.location(ofAttribute: "questionnaire-version") ?? response.location,
        "the response answers version \(response.questionnaireVersion) of \"\(questionnaire.id)\", "
          + "not version \(questionnaire.version)")
    }
    let answerElements = root?.children(named: "answer") ?? []
    // Suggestions cost an edit distance against every question: only the first few unknown ids get one.
    var suggestionsLeft = 20
    for (position, answer) in response.answers.enumerated() {
      let element = position < answerElements.count ? answerElements[position] : nil
      func at(_ attribute: String) -> SourceLocation { element?.location(ofAttribute: attribute) ?? answer.location }
      guard let (question, _) = index[answer.questionID] else {
        if !answer.questionID.isEmpty {
          suggestionsLeft -= 1
          let suggestion = suggestionsLeft >= 0 ? closest(to: answer.questionID, in: Array(index.keys)) : nil
          diagnostics.error(
            at("question"),
            "question \"\(answer.questionID)\" is not in questionnaire \"\(questionnaire.id)\" \(questionnaire.version)"
              + (suggestion.map { "; did you mean \"\($0)\"?" } ?? ""))
        }
        continue
      }
      switch (question.kind, answer.value) {
      case (.choice(let options), .option(let value)):
        if !options.contains(where: { $0.value == value }) {
          diagnostics.error(
            at("value"),
            "\"\(value)\" is not an option of question \(question.id); expected one of "
              + options.map { "\"\($0.value)\"" }.joined(separator: ", "))
        }
      case (.choice(let options), .number(_, let text)):
        diagnostics.error(
          at("number"),
          "question \(question.id) is a choice question: answer with value=\"…\" (one of "
            + options.map { "\"\($0.value)\"" }.joined(separator: ", ") + "), not number=\"\(text)\"")
      case (.choice, .text):
        diagnostics.error(at("text"), "question \(question.id) is a choice question: answer with value=\"…\", not text")
      case (.number(let unit, _), .option(let value)):
        diagnostics.error(
          at("value"),
          "question \(question.id) takes a number (\(unit)): answer with number=\"…\", not value=\"\(value)\"")
      case (.number(let unit, _), .text):
        diagnostics.error(
          at("text"), "question \(question.id) takes a number (\(unit)): answer with number=\"…\", not text")
      case (.number(let unit, _), .number(let number, let text)):
        if let minimum = question.minimum, number < minimum {
          diagnostics.error(
            at("number"), "\(text) \(unit) is below the smallest answer allowed, \(Format.number(minimum))")
        }
        if let maximum = question.maximum, number > maximum {
          diagnostics.error(
            at("number"), "\(text) \(unit) is above the largest answer allowed, \(Format.number(maximum))")
        }
      case (.freeText, .option), (.freeText, .number):
        diagnostics.error(
          at(answer.value.attributeName), "question \(question.id) takes free text: answer with text=\"…\"")
      case (_, .none):
        diagnostics.warning(answer.location, "the answer to \(question.id) gives no value; it counts as unanswered")
      case (.freeText, .text):
        break
      }
    }
    return diagnostics.all
  }

  /// The candidate nearest to `id` by edit distance, when it is near enough to be a likely typo.
  static func closest(to id: String, in candidates: [String]) -> String? {
    closestMatch(to: id, in: candidates)
  }
}

extension Answer.Value {
  var attributeName: String {
    switch self {
    case .option: "value"
    case .number: "number"
    case .text: "text"
    case .none: "question"
    }
  }
}

/// The candidate nearest to `text` by edit distance (see ``Suggestion/closest(to:in:)``).
func closestMatch(to text: String, in candidates: [String]) -> String? {
  Suggestion.closest(to: text, in: candidates)
}
