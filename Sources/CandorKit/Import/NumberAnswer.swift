/// A spreadsheet cell read as the answer to a number question.
///
/// A number is digits with an optional sign and decimal point (`15`, `2.5`). Where the question's unit is a
/// percentage (`percent`, `percentage` or `%`), three spellings of the same share are accepted, and the rule is exact:
/// - `95%` or `95 %` (a spreadsheet's display, and LibreOffice's and Excel's CSV export of a percent cell): 95;
/// - a number above 0 and below 1, such as `0.95` (how a spreadsheet stores 95 %): read as a fraction of one, 95,
///   with a warning, since `0.5` could also mean half a percent (write `0.5%` for that);
/// - any other number, such as `95`, `0` or `1`: that many percent.
///
/// The value is computed from its decimal text (`0.955` is `95.5` exactly, not 95.49999…).
struct NumberAnswer {
  var value: Double
  /// The number as the response records it, a plain decimal.
  var text: String
  /// Whether the cell held a fraction of one that was read as a percentage.
  var fromFraction: Bool

  /// Whether a number question's unit is a percentage.
  static func isPercentage(_ unit: String) -> Bool {
    ["percent", "percentage", "%", "per cent"].contains(unit.lowercased())
  }

  /// The answer `text` gives, or nil when it is not a number (or, for a question that is not a percentage, when it
  /// is written with a percent sign).
  static func read(_ text: String, percentage: Bool) -> NumberAnswer? {
    var written = text
    var percentSign = false
    if written.hasSuffix("%") {
      guard percentage else { return nil }
      written = String(written.dropLast()).trimmedWhitespace
      percentSign = true
    }
    guard let value = DecimalText.parse(written) else { return nil }
    guard percentage, !percentSign, value > 0, value < 1, let scaled = timesHundred(written),
      let scaledValue = DecimalText.parse(scaled)
    else {
      return NumberAnswer(value: value, text: written, fromFraction: false)
    }
    return NumberAnswer(value: scaledValue, text: scaled, fromFraction: true)
  }

  /// A plain decimal times 100, as text, by moving the decimal point: "0.95" is "95", "0.955" is "95.5", ".5" is
  /// "50", "1.5" is "150"; nil for anything but an optional sign, digits and one decimal point.
  static func timesHundred(_ text: String) -> String? {
    var sign = ""
    var body = Substring(text)
    if let first = body.first, first == "+" || first == "-" {
      sign = first == "-" ? "-" : ""
      body = body.dropFirst()
    }
    let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let whole = parts.first ?? ""
    let fraction = parts.count > 1 ? parts[1] : ""
    guard !(whole.isEmpty && fraction.isEmpty), (whole + fraction).allSatisfy(\.isASCIIDigit) else { return nil }
    let padded =
      fraction.count < 2 ? String(fraction) + String(repeating: "0", count: 2 - fraction.count) : String(fraction)
    let digits = String(whole) + padded
    let point = whole.count + 2
    var integer = String(digits.prefix(point).drop { $0 == "0" })
    if integer.isEmpty { integer = "0" }
    var decimals = String(digits.dropFirst(point))
    while decimals.hasSuffix("0") { decimals.removeLast() }
    return sign + integer + (decimals.isEmpty ? "" : "." + decimals)
  }
}
