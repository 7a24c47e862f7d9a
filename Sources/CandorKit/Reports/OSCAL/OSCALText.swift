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
    default: return SafeText.isBidiControl(scalar)
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

  /// `reference` as an `href`: its OSCAL line (white space collapsed) made a URI reference, when ``SafeLink``
  /// allows it as a link (a relative reference or an http(s) URL); nil otherwise.
  static func uriReference(_ reference: String) -> String? {
    line(reference).flatMap(SafeLink.href)
  }
}
