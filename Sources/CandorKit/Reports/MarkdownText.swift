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
    if isUnchangedByEscaping(text) { return text }
    var text = text
    return text.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } ? escapeASCII(bytes) : nil }
      ?? escapeCharacters(text)
  }

  /// ``escapeCharacters(_:)`` for text that is all ASCII, byte by byte: every ASCII character is one Character,
  /// except CR LF, which is one line break as it is there.
  static func escapeASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count + 8)
    func hasSuffix(_ suffix: StaticString, caseInsensitive: Bool = false) -> Bool {
      let length = suffix.utf8CodeUnitCount
      guard result.count >= length else { return false }
      for offset in 0..<length {
        var byte = result[result.count - length + offset]
        if caseInsensitive && byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
        if byte != suffix.utf8Start[offset] { return false }
      }
      return true
    }
    var pendingBreak = false
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      if byte == 0x0A || byte == 0x0D {
        if byte == 0x0D, index < bytes.count, bytes[index] == 0x0A { index += 1 }
        pendingBreak = !result.isEmpty
        continue
      }
      if isHiddenControl(Unicode.Scalar(byte)) { continue }
      if pendingBreak {
        while result.last == 0x20 { result.removeLast() }
        result.append(contentsOf: "<br>".utf8)
        pendingBreak = false
      }
      if byte == 0x09 {
        result.append(0x20)
      } else if specialBytes[Int(byte)] {
        result.append(UInt8(ascii: "\\"))
        result.append(byte)
      } else if byte == UInt8(ascii: ":") && (hasSuffix("http") || hasSuffix("https") || hasSuffix("ftp")) {
        result.append(contentsOf: "\\:".utf8)
      } else if byte == UInt8(ascii: ".") && hasSuffix("www", caseInsensitive: true) {
        result.append(contentsOf: "\\.".utf8)
      } else {
        result.append(byte)
      }
    }
    var start = 0
    while start < result.count, result[start] == 0x20 { start += 1 }
    var end = result.count
    while end > start, result[end - 1] == 0x20 { end -= 1 }
    return neutraliseLineStart(String(decoding: result[start..<end], as: UTF8.self))
  }

  /// Whether ``escape(_:)`` would return `text` as it is: a conservative check of its UTF-8 bytes (no special
  /// character, no control or line break, no white space at the ends, no autolink or list-marker pattern, no hidden
  /// control among the non-ASCII characters). Any doubt answers false, and the text takes the full path.
  static func isUnchangedByEscaping(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes -> Bool in
      let count = bytes.count
      guard count > 0 else { return false }
      let first = bytes[0]
      if first == 0x20 || first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: "=")
        || bytes[count - 1] == 0x20
      {
        return false
      }
      // A leading number followed by "." or ")" and then a space or the end is a list marker.
      var digits = 0
      while digits < count, bytes[digits] >= 0x30, bytes[digits] <= 0x39 { digits += 1 }
      if digits > 0, digits < count {
        let marker = bytes[digits]
        if marker >= 0x80 { return false }
        if (marker == UInt8(ascii: ".") || marker == UInt8(ascii: ")"))
          && (digits + 1 == count || bytes[digits + 1] == 0x20 || bytes[digits + 1] >= 0x80)
        {
          return false
        }
      }
      func precededBy(_ index: Int, _ word: StaticString, caseInsensitive: Bool) -> Bool {
        let length = word.utf8CodeUnitCount
        guard index >= length else { return false }
        for offset in 0..<length {
          var byte = bytes[index - length + offset]
          if caseInsensitive && byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
          if byte != word.utf8Start[offset] { return false }
        }
        return true
      }
      var index = 0
      while index < count {
        let byte = bytes[index]
        if byte < 0x80 {
          if specialBytes[Int(byte)] { return false }
          if byte == UInt8(ascii: ":")
            && (precededBy(index, "http", caseInsensitive: false)
              || precededBy(index, "https", caseInsensitive: false) || precededBy(index, "ftp", caseInsensitive: false))
          {
            return false
          }
          if byte == UInt8(ascii: ".") && precededBy(index, "www", caseInsensitive: true) { return false }
          index += 1
          continue
        }
        // A non-ASCII character: decode its scalar; hidden controls and line separators take the full path.
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
        guard index + length <= count else { return false }
        var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for next in 1..<length { value = value << 6 | UInt32(bytes[index + next] & 0x3F) }
        // U+037E, U+1FEF and U+212A are canonically equivalent to ";", "`" and "K": Character comparison treats
        // them as those ASCII characters, so they take the full path too.
        guard let scalar = Unicode.Scalar(value), !isHiddenControl(scalar), value != 0x2028, value != 0x2029,
          value != 0x037E, value != 0x1FEF, value != 0x212A
        else {
          return false
        }
        index += length
      }
      return true
    }
  }

  /// The ASCII bytes the fast check sends to the full path: the special characters, controls and line breaks.
  private static let specialBytes: [Bool] = (0..<128).map { byte in
    byte < 0x20 || byte == 0x7F || "\\`*_[]<>#!|~$@".utf8.contains(UInt8(byte))
  }

  /// The escaping itself, character by character (grapheme clusters, as the rules are written).
  static func escapeCharacters(_ text: String) -> String {
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
