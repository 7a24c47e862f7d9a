import CandorXML

/// Tolerant typed reading of attributes: a loader never fails on a missing or malformed value (the schema reports
/// those); it takes a neutral default and goes on, so that every semantic problem is found in the same pass.
extension ReadableElement {
  func string(_ name: String) -> String { attribute(name).map(Element.collapse) ?? "" }

  func optionalString(_ name: String) -> String? {
    attribute(name).map(Element.collapse).flatMap { $0.isEmpty ? nil : $0 }
  }

  func decimal(_ name: String) -> Double? {
    attribute(name).flatMap { DecimalText.parse(Element.collapse($0)) }
  }

  func decimal(_ name: String, default value: Double) -> Double { decimal(name) ?? value }

  func bool(_ name: String, default value: Bool) -> Bool {
    switch attribute(name).map(Element.collapse) {
    case "true", "1": true
    case "false", "0": false
    default: value
    }
  }

  func value<T: RawRepresentable>(_ name: String, default value: T) -> T where T.RawValue == String {
    attribute(name).flatMap { T(rawValue: Element.collapse($0)) } ?? value
  }

  func value<T: RawRepresentable>(_ name: String) -> T? where T.RawValue == String {
    attribute(name).flatMap { T(rawValue: Element.collapse($0)) }
  }

  func date(_ name: String) -> CalendarDate? { attribute(name).flatMap { CalendarDate(Element.collapse($0)) } }

  func timestamp(_ name: String) -> Timestamp? { attribute(name).flatMap { Timestamp(Element.collapse($0)) } }

  /// The collapsed text of child `name`, or "" when absent.
  func text(of name: String) -> String { childText(name) ?? "" }
}

/// `xs:decimal` lexical values: an optional sign, digits, an optional fraction; no exponent, no NaN.
enum DecimalText {
  static func parse(_ text: String) -> Double? {
    var digits = 0
    var seenPoint = false
    for (index, character) in text.enumerated() {
      switch character {
      case "+" where index == 0, "-" where index == 0: continue
      case "0"..."9": digits += 1
      case "." where !seenPoint: seenPoint = true
      default: return nil
      }
    }
    guard digits > 0 else { return nil }
    return Double(text)
  }

  /// The most digits a number of a response may have, not counting leading zeros: what libxml2 accepts as an
  /// `xs:decimal` (the response schema's type for numbers).
  static let maxDigits = 24

  /// Whether `text`, a number ``parse(_:)`` accepts, has more digits than ``maxDigits`` (leading zeros of the
  /// whole part not counted, every digit of the fraction counted).
  static func hasTooManyDigits(_ text: String) -> Bool {
    var digits = 0
    var leading = true
    for character in text {
      switch character {
      case "0" where leading: continue
      case "0"..."9":
        leading = false
        digits += 1
      case ".": leading = false
      default: continue
      }
    }
    return digits > maxDigits
  }
}

/// Reports ids that occur more than once, each at its second and later occurrences.
struct DuplicateFinder {
  private var seen: [String: SourceLocation] = [:]
  let what: String

  init(_ what: String) { self.what = what }

  mutating func check(_ id: String, at location: SourceLocation, into diagnostics: inout Diagnostics) {
    guard !id.isEmpty else { return }
    if let first = seen[id] {
      diagnostics.error(location, "duplicate \(what) id \"\(id)\" (first declared at line \(first.line))")
    } else {
      seen[id] = location
    }
  }
}
