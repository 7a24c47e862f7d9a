/// Turns candor's text and ids into values OSCAL's datatypes accept.
enum OSCALText {
  /// `text` as an OSCAL string (one line, no white space at either end, no control characters), nil when nothing
  /// is left. Every run of white space, line breaks included, becomes one space.
  static func line(_ text: String) -> String? {
    isLine(text) ? text : lineScalars(text)
  }

  /// Whether `text` is already an OSCAL line: not empty, single spaces between words, no other white space or
  /// removed character (checked on the UTF-8 bytes; non-ASCII characters by their scalar).
  static func isLine(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes -> Bool in
      guard let first = bytes.first, first != 0x20, bytes[bytes.count - 1] != 0x20 else { return false }
      var index = 0
      var previousIsSpace = false
      while index < bytes.count {
        let byte = bytes[index]
        if byte < 0x80 {
          if byte < 0x20 || byte == 0x7F || (byte == 0x20 && previousIsSpace) { return false }
          previousIsSpace = byte == 0x20
          index += 1
          continue
        }
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
        guard index + length <= bytes.count else { return false }
        var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for next in 1..<length { value = value << 6 | UInt32(bytes[index + next] & 0x3F) }
        guard let scalar = Unicode.Scalar(value), !isRemoved(scalar), !scalar.properties.isWhitespace else {
          return false
        }
        previousIsSpace = false
        index += length
      }
      return true
    }
  }

  /// ``line(_:)`` scalar by scalar.
  static func lineScalars(_ text: String) -> String? {
    var result = ""
    var pendingSpace = false
    for scalar in text.unicodeScalars {
      if isRemoved(scalar) { continue }
      if isWhiteSpace(scalar) {
        pendingSpace = !result.isEmpty
        continue
      }
      if pendingSpace {
        result += " "
        pendingSpace = false
      }
      result.unicodeScalars.append(scalar)
    }
    return result.isEmpty ? nil : result
  }

  /// Unicode white space (the `White_Space` property), answered without a property lookup for ASCII.
  static func isWhiteSpace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09...0x0D, 0x20: return true
    case 0x21...0x7E: return false
    default: return scalar.properties.isWhitespace
    }
  }

  /// `text` as paragraphs for a markup-multiline field: split at blank lines, each paragraph on one line.
  static func paragraphs(_ text: String) -> [String] {
    // One line (no line break of any kind): one paragraph, the line itself, without splitting.
    var text = text
    let oneLine = text.withUTF8 { bytes in
      var index = 0
      while index < bytes.count {
        let byte = bytes[index]
        if (0x0A...0x0D).contains(byte) { return false }
        // NEL (C2 85), LINE SEPARATOR and PARAGRAPH SEPARATOR (E2 80 A8/A9).
        if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0x85 { return false }
        if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] & 0xFE == 0xA8 {
          return false
        }
        index += 1
      }
      return true
    }
    if oneLine { return line(text).map { [$0] } ?? [] }
    return paragraphsSplitting(text)
  }

  /// ``paragraphs(_:)`` by splitting at every line break.
  static func paragraphsSplitting(_ text: String) -> [String] {
    var paragraphs: [String] = []
    var current = ""
    for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
      if line(String(rawLine)) == nil {
        if let paragraph = line(current) { paragraphs.append(paragraph) }
        current = ""
      } else {
        current += " " + rawLine
      }
    }
    if let paragraph = line(current) { paragraphs.append(paragraph) }
    return paragraphs
  }

  /// Whether `scalar` is dropped from OSCAL text: C0 and C1 controls other than white space, characters XML 1.0
  /// cannot carry, and bidirectional overrides and isolates (which can make text display differently from what it
  /// says).
  static func isRemoved(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D: return false
    case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: return true
    case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
    default: return false
    }
  }

  /// Whether `text` is an OSCAL token: a letter or `_`, then letters, digits, `.`, `-` or `_`.
  static func isToken(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, isLetter(first) || first == "_" else { return false }
    return text.unicodeScalars.allSatisfy(isTokenScalar)
  }

  /// Whether `scalar` is a letter (`\p{L}`).
  private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
    default: return false
    }
  }

  /// Whether `scalar` may follow the first character of a token: a letter, a number (`\p{N}`), `.`, `-` or `_`.
  private static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .decimalNumber, .letterNumber, .otherNumber: return true
    default: return isLetter(scalar) || scalar == "." || scalar == "-" || scalar == "_"
    }
  }

  /// `id` as an OSCAL token. candor's ids (a letter, then letters, digits, `.`, `_` or `-`, as every candor schema
  /// requires) are tokens already and pass unchanged; anything else is mapped deterministically: each character a
  /// token cannot hold becomes `_`, and `_` is put in front when the id does not start with a letter or `_`.
  static func token(_ id: String) -> String {
    if isToken(id) { return id }
    var result = String.UnicodeScalarView()
    for scalar in id.unicodeScalars { result.append(isTokenScalar(scalar) ? scalar : "_") }
    let token = String(result)
    if let first = token.unicodeScalars.first, isLetter(first) || first == "_" { return token }
    return "_" + token
  }

  /// `reference` as a URI reference: kept where it already is one (RFC 3986's characters, `%` only before two
  /// hexadecimal digits), otherwise every byte outside the unreserved characters, `/` and `:` is percent-encoded, so
  /// that a file name such as `SOC 2 report.pdf` becomes `SOC%202%20report.pdf`.
  static func uriReference(_ reference: String) -> String? {
    guard let trimmed = line(reference) else { return nil }
    let bytes = Array(trimmed.utf8)
    if isURIReference(bytes) { return trimmed }
    var result = ""
    for byte in bytes {
      if isUnreserved(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ":") {
        result.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        let hex = String(byte, radix: 16, uppercase: true)
        result += "%" + (hex.count == 1 ? "0" + hex : hex)
      }
    }
    return result
  }

  private static func isUnreserved(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"):
      return true
    default: return "-._~".utf8.contains(byte)
    }
  }

  private static func isURIReference(_ bytes: [UInt8]) -> Bool {
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "%") {
        guard index + 2 < bytes.count, isHex(bytes[index + 1]), isHex(bytes[index + 2]) else { return false }
        index += 3
        continue
      }
      guard isUnreserved(byte) || ":/?#[]@!$&'()*+,;=".utf8.contains(byte) else { return false }
      index += 1
    }
    return true
  }

  private static func isHex(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
      UInt8(ascii: "A")...UInt8(ascii: "F"):
      return true
    default: return false
    }
  }
}
