/// An answer as a person types it (a spreadsheet cell, a web form field), read against its question: the same
/// rules for `candor import` and `candor serve`.
public enum AnswerEntry {
  /// The most characters a free-text answer, a comment or an evidence description may have (response.xsd's
  /// limit).
  public static let maxTextCharacters = 20_000

  /// The value `text` (already trimmed, not empty) gives `question`, or why it gives none.
  ///
  /// A choice takes an option's value, exactly or ignoring case ("n/a" and "not applicable" name the
  /// not-applicable option); a number takes digits with an optional decimal point (and a percent sign where the
  /// unit is a percentage), within the question's range; free text takes up to ``maxTextCharacters`` characters.
  public static func value(_ text: String, for question: Question) -> Result<Answer.Value, Problem> {
    switch question.kind {
    case .choice(let options):
      guard let value = option(text, in: options) else {
        return .failure(
          Problem(
            "\"\(text)\" is not an option of question \(question.id); expected one of "
              + options.map { "\"\($0.value)\"" }.joined(separator: ", ")))
      }
      return .success(.option(value))
    case .number(let unit, _):
      let percentage = NumberAnswer.isPercentage(unit)
      guard var number = NumberAnswer.read(text, percentage: percentage) else {
        return .failure(notANumber(text, unit: unit, question))
      }
      // A form field names its unit: 0.5 in a percent field is half a percent, not a spreadsheet's fraction of one.
      if number.fromFraction, let value = DecimalText.parse(text) {
        number = NumberAnswer(value: value, text: text, fromFraction: false)
      }
      if let minimum = question.minimum, number.value < minimum {
        return .failure(
          Problem("\(number.text) \(unit) is below the smallest answer allowed, \(Format.number(minimum))"))
      }
      if let maximum = question.maximum, number.value > maximum {
        return .failure(
          Problem("\(number.text) \(unit) is above the largest answer allowed, \(Format.number(maximum))"))
      }
      return .success(.number(number.value, text: number.text))
    case .freeText:
      if let problem = lengthProblem(text) { return .failure(problem) }
      return .success(.text(text))
    }
  }

  /// Why `text` is too long for a free-text answer, a comment or a description, if it is.
  public static func lengthProblem(_ text: String) -> Problem? {
    let count = text.count
    guard count > maxTextCharacters else { return nil }
    return Problem("the text is \(count) characters long; the limit is \(maxTextCharacters)")
  }

  static func notANumber(_ text: String, unit: String, _ question: Question) -> Problem {
    Problem(
      "question \(question.id) takes a number (\(unit)); \"\(text)\" is not a number: expected digits with an "
        + "optional decimal point, such as 15 or 2.5"
        + (NumberAnswer.isPercentage(unit) ? ", or a percentage such as 95%" : ""))
  }

  /// The option `text` names: exactly, else ignoring case (the CAIQ's Yes and No are yes and no); NA, N/A, N.A. and
  /// "not applicable", in any case, name the not-applicable option.
  static func option(_ text: String, in options: [AnswerOption]) -> String? {
    if let exact = options.first(where: { $0.value == text }) { return exact.value }
    let lower = text.lowercased()
    if let match = options.first(where: { $0.value.lowercased() == lower }) { return match.value }
    if ["na", "n/a", "n.a.", "not applicable", "not-applicable"].contains(lower),
      let na = options.first(where: \.notApplicable)
    {
      return na.value
    }
    return nil
  }

  /// Why an entry gives no answer, in words for the person who typed it.
  public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
  }
}
