import Mustache

/// Escaping of untrusted text for Markdown, so that vendor-supplied text cannot open a heading, a table cell, a
/// link, an image, emphasis, code or HTML, and cannot break a table row.
public enum MarkdownText {
  /// Characters that open Markdown (CommonMark and GFM) structure anywhere in a line, escaped with a backslash:
  /// code, emphasis, links and images, HTML, headings, tables, strikethrough, math and e-mail autolinks.
  static let special: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "#", "!", "|", "~", "$", "@"]

  /// `text` escaped: special characters backslashed, list and block markers at the start neutralised, URL
  /// autolinks broken, line breaks written as `<br>`, bidirectional and control characters removed, white space at
  /// the ends trimmed (leading spaces would start a code block).
  public static func escape(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count + 8)
    var pendingBreak = false
    for character in text {
      if character == "\n" || character == "\r\n" || character == "\r" || character == "\u{2028}"
        || character == "\u{2029}"
      {
        pendingBreak = !result.isEmpty
        continue
      }
      if character.unicodeScalars.contains(where: isHiddenControl) { continue }
      if pendingBreak {
        while result.hasSuffix(" ") { result.removeLast() }
        result += "<br>"
        pendingBreak = false
      }
      if character == "\t" {
        result += " "
      } else if special.contains(character) {
        result.append("\\")
        result.append(character)
      } else if character == ":" && result.hasSuffix("http") || character == ":" && result.hasSuffix("https")
        || character == ":" && result.hasSuffix("ftp")
      {
        result += "\\:"
      } else if character == "." && result.lowercased().hasSuffix("www") {
        result += "\\."
      } else {
        result.append(character)
      }
    }
    while result.first == " " { result.removeFirst() }
    while result.hasSuffix(" ") { result.removeLast() }
    return neutraliseLineStart(result)
  }

  /// Escapes what would make the text a list item, a thematic break, a setext underline or a block quote when it
  /// starts a line: a leading `-`, `+` or `=`, and the `.` or `)` after a leading number when a space or the end
  /// follows it ("1. item", not "87.8").
  static func neutraliseLineStart(_ text: String) -> String {
    guard let first = text.first else { return text }
    if first == "-" || first == "+" || first == "=" { return "\\" + text }
    let digits = text.prefix { $0.isASCII && $0.isNumber }
    if !digits.isEmpty, digits.count <= 9 {
      let rest = text.dropFirst(digits.count)
      if let marker = rest.first, marker == "." || marker == ")", rest.dropFirst().first.map({ $0 == " " }) ?? true {
        return String(digits) + "\\" + String(rest)
      }
    }
    return text
  }

  /// Bidirectional overrides and isolates (they can make text display differently from what it says), and C0/C1
  /// controls.
  static func isHiddenControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
    case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F, 0x7F...0x9F: return true
    default: return false
    }
  }
}

/// The Mustache content type `MARKDOWN`: every `{{value}}` is escaped with ``MarkdownText/escape(_:)``.
struct MarkdownContentType: MustacheContentType {
  func escapeText(_ text: String) -> String { MarkdownText.escape(text) }
}
