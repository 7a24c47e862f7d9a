import Testing

@testable import CandorKit

/// The fast paths of text functions give what their full (reference) paths give.
@Suite struct FastPathTests {
  /// Random strings from pieces that exercise every rule: specials, controls, line breaks, white space at the ends,
  /// autolinks, list markers, combining characters, bidirectional controls and characters canonically equivalent to
  /// ASCII ones.
  static func strings(count: Int, seed: UInt64) -> [String] {
    let pieces = [
      "a", "Zoë", " ", "  ", "\t", "\n", "\r\n", "\r", "-", "+", "=", "1", "42", "1234567890", ".", ")", ":", "http",
      "https", "ftp", "www", "WwW", "*", "_", "`", "|", "#", "\\", "[", "]", "<", ">", "!", "~", "$", "@",
      "\u{301}", "\u{202E}", "\u{200F}", "\u{2028}", "\u{2029}", "\u{85}", "\u{7F}", "\u{0}", "\u{1B}", "\u{A0}",
      "\u{1FEF}", "\u{212A}", "\u{37E}", "\u{600}", "🚀", "👩‍💻", "—", "≤", "\u{FFFE}", "é",
    ]
    var state = seed
    var result: [String] = []
    for _ in 0..<count {
      var text = ""
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      var bits = state >> 8
      let length = Int(bits % 6)
      bits /= 6
      for _ in 0..<length {
        text += pieces[Int(bits % UInt64(pieces.count))]
        bits /= UInt64(pieces.count)
        if bits == 0 {
          state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
          bits = state >> 8
        }
      }
      result.append(text)
    }
    return result
  }

  @Test func markdownEscapingMatchesTheCharacterByCharacterRules() {
    for text in Self.strings(count: 50_000, seed: 3) {
      #expect(MarkdownText.escape(text) == MarkdownText.escapeCharacters(text), "\(Array(text.unicodeScalars))")
    }
    #expect(MarkdownText.isUnchangedByEscaping("SOC 2 Type II, section 4.2"))
    #expect(MarkdownText.isUnchangedByEscaping("87.8"))
    #expect(!MarkdownText.isUnchangedByEscaping("see https://example.com"))
  }

  @Test func oscalLinesMatchTheScalarByScalarRules() {
    for text in Self.strings(count: 50_000, seed: 5) {
      #expect(OSCALText.line(text) == OSCALText.lineScalars(text), "\(Array(text.unicodeScalars))")
    }
    #expect(OSCALText.isLine("SOC 2 Type II, section 4.2"))
    #expect(!OSCALText.isLine("two  spaces"))
  }

  /// The original scalar-by-scalar JSON string quoting, kept as the reference.
  static func referenceQuoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case "\u{08}": result += "\\b"
      case "\u{0C}": result += "\\f"
      default:
        if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
          let hex = String(scalar.value, radix: 16)
          result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }

  @Test func jsonQuotingMatchesTheScalarByScalarRules() {
    for text in Self.strings(count: 50_000, seed: 7) + ["\u{8}\u{C}\u{1F}\"\\", "\u{E2}\u{80}"] {
      #expect(JSONText.quoted(text) == Self.referenceQuoted(text), "\(Array(text.unicodeScalars))")
    }
  }
}
