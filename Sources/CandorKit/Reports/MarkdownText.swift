import Mustache

/// Escaping of untrusted text for Markdown, so that vendor-supplied text cannot open a heading, a table cell, a
/// link, an image, emphasis, code or HTML, and cannot break a table row.
public enum MarkdownText {

  /// `text` escaped: special characters backslashed, list and block markers at the start neutralised, URL
  /// autolinks broken, line breaks written as `<br>`, bidirectional and control characters removed, white space at
  /// the ends trimmed (leading spaces would start a code block).
  public static func escape(_ text: String) -> String {
    isPlainASCII(text) ? neutraliseLineStart(text) : escapeScalars(text)
  }

  /// Appends ``escape(_:)``'s result to `out` as UTF-8 bytes, working on the bytes of `text`: the same output
  /// without making a String per value (the renderers write bytes).
  public static func escape(_ text: String, into out: inout [UInt8]) {
    var text = text
    text.withUTF8 { bytes in
      let start = out.count
      if isPlainASCII(bytes) {
        out.append(contentsOf: bytes)
      } else {
        escapeBytes(bytes, into: &out)
      }
      neutraliseLineStart(&out, from: start)
    }
  }

  /// ``escapeScalars(_:)`` on the UTF-8 bytes of a valid string, without the line-start rule.
  static func escapeBytes(_ input: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    let start = out.count
    var pendingBreak = false
    var previous: UInt32 = 0xFFFF_FFFF
    var index = 0
    let space = UInt8(ascii: " ")
    let excluded = plainExcluded
    while index < input.count {
      let lead = input[index]
      let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
      var scalar = UInt32(lead)
      switch length {
      case 2: scalar = (UInt32(lead & 0x1F) << 6) | UInt32(input[index + 1] & 0x3F)
      case 3:
        scalar =
          (UInt32(lead & 0x0F) << 12) | (UInt32(input[index + 1] & 0x3F) << 6) | UInt32(input[index + 2] & 0x3F)
      case 4:
        scalar =
          (UInt32(lead & 0x07) << 18) | (UInt32(input[index + 1] & 0x3F) << 12)
          | (UInt32(input[index + 2] & 0x3F) << 6) | UInt32(input[index + 3] & 0x3F)
      default: break
      }
      defer {
        previous = scalar
        index += length
      }
      switch scalar {
      case 0x0A where previous == 0x0D:
        continue
      case 0x0A, 0x0D, 0x2028, 0x2029:
        pendingBreak = out.count > start
        continue
      default:
        break
      }
      if let unicode = Unicode.Scalar(scalar), isHiddenControl(unicode) { continue }
      if pendingBreak {
        while out.count > start, out[out.count - 1] == space { out.removeLast() }
        out.append(contentsOf: [0x3C, 0x62, 0x72, 0x3E])  // <br>
        pendingBreak = false
      }
      if scalar == 0x09 {
        out.append(space)
      } else if scalar < 0x80
        && (excluded[Int(scalar)]
          || completesAutolink(out[start...], UInt8(scalar)))
      {
        out.append(UInt8(ascii: "\\"))
        out.append(UInt8(scalar))
      } else {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<index + length]))
      }
    }
    while out.count > start, out[out.count - 1] == space { out.removeLast() }
    var first = start
    while first < out.count, out[first] == space { first += 1 }
    if first > start { out.removeSubrange(start..<first) }
  }

  /// ``neutraliseLineStart(_:)`` on the bytes of `out` from `start`: ASCII at the start is decided on the bytes;
  /// anything else by the character rules.
  static func neutraliseLineStart(_ out: inout [UInt8], from start: Int) {
    guard start < out.count else { return }
    let first = out[start]
    let isDigit = (0x30...0x39).contains(first)
    // A text that starts with a non-ASCII character starts with neither a marker nor an ASCII digit.
    if first >= 0x80
      || (!isDigit && first != UInt8(ascii: "-") && first != UInt8(ascii: "+")
        && first != UInt8(ascii: "="))
    {
      return
    }
    let window = out[start..<min(out.count, start + 12)]
    if window.contains(where: { $0 >= 0x80 }) {
      let text = neutraliseLineStartCharacters(String(decoding: out[start...], as: UTF8.self))
      out.removeSubrange(start...)
      out.append(contentsOf: text.utf8)
      return
    }
    if !isDigit {
      out.insert(UInt8(ascii: "\\"), at: start)
      return
    }
    var end = start
    while end < out.count, (0x30...0x39).contains(out[end]) { end += 1 }
    guard end - start <= 9, end < out.count, out[end] == UInt8(ascii: ".") || out[end] == UInt8(ascii: ")") else {
      return
    }
    if end + 1 == out.count || out[end + 1] == UInt8(ascii: " ") { out.insert(UInt8(ascii: "\\"), at: end) }
  }

  /// Whether `text` is printable ASCII that ``escapeScalars(_:)`` would leave as it is except at its line start:
  /// not empty, no special character, no control or line break, no space at either end, and no `:` or `.` that
  /// would end an autolink prefix. Most names, ids, numbers and short phrases are; any doubt answers false.
  static func isPlainASCII(_ text: String) -> Bool {
    text.utf8.withContiguousStorageIfAvailable { isPlainASCII($0) } ?? false
  }

  /// ``isPlainASCII(_:)`` on UTF-8 bytes.
  static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = bytes.first, let last = bytes.last, first != 0x20, last != 0x20 else { return false }
    let excluded = plainExcluded  // read once, not through the global's accessor for every byte
    for index in bytes.indices {
      let byte = bytes[index]
      guard byte >= 0x20, byte < 0x7F, !excluded[Int(byte)] else { return false }
      if byte == UInt8(ascii: ":") || byte == UInt8(ascii: "."), completesAutolink(bytes[..<index], byte) {
        return false
      }
    }
    return true
  }

  /// The printable ASCII characters that ``escapeScalars(_:)`` backslashes.
  private static let plainExcluded: [Bool] = (0..<128).map { "\\`*_[]<>#!|~$@".utf8.contains(UInt8($0)) }

  /// The escaping itself, scalar by scalar: the reference that the plain-ASCII shortcut of ``escape(_:)`` matches.
  static func escapeScalars(_ text: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count + 16)
    var pendingBreak = false
    var previous: Unicode.Scalar?
    func append(_ scalar: Unicode.Scalar) { UTF8.encode(scalar) { out.append($0) } }
    for scalar in text.unicodeScalars {
      defer { previous = scalar }
      switch scalar {
      case "\n" where previous == "\r":
        continue
      case "\n", "\r", "\u{2028}", "\u{2029}":
        pendingBreak = !out.isEmpty
        continue
      default:
        break
      }
      if isHiddenControl(scalar) { continue }
      if pendingBreak {
        while out.last == UInt8(ascii: " ") { out.removeLast() }
        out.append(contentsOf: Array("<br>".utf8))
        pendingBreak = false
      }
      switch scalar {
      case "\t":
        out.append(UInt8(ascii: " "))
      case "\\", "`", "*", "_", "[", "]", "<", ">", "#", "!", "|", "~", "$", "@":
        out.append(UInt8(ascii: "\\"))
        append(scalar)
      case _ where scalar.isASCII && completesAutolink(out, UInt8(scalar.value)):
        out.append(UInt8(ascii: "\\"))
        append(scalar)
      default:
        append(scalar)
      }
    }
    while out.last == UInt8(ascii: " ") { out.removeLast() }
    let first = out.firstIndex { $0 != UInt8(ascii: " ") } ?? out.endIndex
    return neutraliseLineStart(String(decoding: out[first...], as: UTF8.self))
  }

  /// Whether the bytes end with the ASCII `suffix`, ignoring case.
  static func endsWith<Bytes: BidirectionalCollection<UInt8>>(_ bytes: Bytes, _ suffix: StaticString) -> Bool {
    let count = suffix.utf8CodeUnitCount
    let tail = bytes.suffix(count)
    guard tail.count == count else { return false }
    return zip(tail, UnsafeBufferPointer(start: suffix.utf8Start, count: count)).allSatisfy { $0 | 0x20 == $1 | 0x20 }
  }

  /// Whether `byte` after `bytes` would complete an autolink prefix (`http:`, `https:`, `ftp:`, `www.`).
  static func completesAutolink<Bytes: BidirectionalCollection<UInt8>>(_ bytes: Bytes, _ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: ":"): endsWith(bytes, "http") || endsWith(bytes, "https") || endsWith(bytes, "ftp")
    case UInt8(ascii: "."): endsWith(bytes, "www")
    default: false
    }
  }

  /// Escapes what would make the text a list item, a thematic break, a setext underline or a block quote when it
  /// starts a line: a leading `-`, `+` or `=`, and the `.` or `)` after a leading number when a space or the end
  /// follows it ("1. item", not "87.8").
  static func neutraliseLineStart(_ text: String) -> String {
    // Most text starts with an ASCII character that is neither a marker nor a digit: nothing to look at.
    if let byte = text.utf8.first, byte < 0x80, !(0x30...0x39).contains(byte), byte != UInt8(ascii: "-"),
      byte != UInt8(ascii: "+"), byte != UInt8(ascii: "=")
    {
      return text
    }
    return neutraliseLineStartCharacters(text)
  }

  /// ``neutraliseLineStart(_:)`` character by character: the reference for its shortcut.
  static func neutraliseLineStartCharacters(_ text: String) -> String {
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
