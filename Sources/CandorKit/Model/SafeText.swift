import CandorXML

/// Characters that make text display differently from what it says — control characters, which can move a
/// terminal's cursor, erase a line or change colours, and bidirectional controls, which reorder what follows them —
/// and the two ways candor keeps vendor text from using them: removed from what lands in a document (SVG text, the
/// HTML report), shown as escapes in what is printed to a terminal.
public enum SafeText {
  /// Whether `scalar` is a bidirectional embedding, override, isolate or mark: U+202A–U+202E, U+2066–U+2069,
  /// U+200E, U+200F and U+061C.
  public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
    default: false
    }
  }

  /// Whether `scalar` is a C0 control (tab, line feed and carriage return included), DEL or a C1 control.
  public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
  }

  /// `text` without bidirectional controls and without control characters other than tab, line feed and carriage
  /// return: for vendor text that lands in a document (SVG text, HTML), where the writer escapes the rest.
  public static func removingHiddenControls(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isHidden) else { return text }
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars where !isHidden(scalar) { result.append(scalar) }
    return String(result)
  }

  private static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
    isBidiControl(scalar) || (isControl(scalar) && scalar != "\t" && scalar != "\n" && scalar != "\r")
  }

  /// `text` safe to print on a terminal: every control character, bidirectional control and line or paragraph
  /// separator shown as an escape such as `\u{1B}`, so that nothing printed can move the cursor, rewrite a line,
  /// change colours or reorder what follows. Line feeds (and tabs) are kept when `keepingLines` is true, and shown
  /// as escapes otherwise. Everything else is left as it is.
  public static func forTerminal(_ text: String, keepingLines: Bool = false) -> String {
    func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
      if keepingLines && (scalar == "\n" || scalar == "\t") { return false }
      return isControl(scalar) || isBidiControl(scalar) || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      if needsEscape(scalar) {
        result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// `message` with every value quoted between `"` longer than `limit` characters cut short (see
  /// ``MessageText/shorteningQuoted(_:quote:limit:)``).
  public static func shorteningQuotes(_ message: String, limit: Int = 80) -> String {
    MessageText.shorteningQuoted(message, quote: "\"", limit: limit)
  }
}
