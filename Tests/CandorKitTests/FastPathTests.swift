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

  @Test func markdownEscapingMatchesTheScalarByScalarRules() {
    let samples =
      Self.strings(count: 50_000, seed: 3) + [
        "HTTP:", "Www.example", "ftp:x", "87.8", "1. first", "12) x", "- item", "SOC 2 Type II, section 4.2", "a  b",
      ]
    for text in samples {
      #expect(MarkdownText.escape(text) == MarkdownText.escapeScalars(text), "\(Array(text.unicodeScalars))")
    }
    for text in samples {
      #expect(MarkdownText.neutraliseLineStart(text) == MarkdownText.neutraliseLineStartCharacters(text))
    }
    // The renderers' byte path writes exactly the bytes of the reference, whatever precedes it in the buffer.
    for text in samples {
      var bytes: [UInt8] = Array("| ".utf8)
      MarkdownText.escape(text, into: &bytes)
      #expect(bytes.dropFirst(2).elementsEqual(MarkdownText.escapeScalars(text).utf8), "\(Array(text.unicodeScalars))")
    }
    #expect(MarkdownText.escape("see HTTP://x.test") == "see HTTP\\://x.test")
    #expect(MarkdownText.escape("Www.x.test, ftp:y") == "Www\\.x.test, ftp\\:y")
    #expect(MarkdownText.escape("ratio 3:1, v1.2") == "ratio 3:1, v1.2")
    #expect(MarkdownText.escape("Zoë at 09:30") == "Zoë at 09:30")
    #expect(MarkdownText.isPlainASCII("SOC 2 Type II, section 4.2"))
    #expect(MarkdownText.isPlainASCII("87.8"))
    #expect(!MarkdownText.isPlainASCII("see https://example.com"))
    #expect(!MarkdownText.isPlainASCII("WWW.example.com"))
    #expect(!MarkdownText.isPlainASCII("a|b"))
    #expect(!MarkdownText.isPlainASCII(" padded"))
    #expect(!MarkdownText.isPlainASCII(""))
  }

  @Test func oscalParagraphsMatchTheSplittingRules() {
    for text in Self.strings(count: 50_000, seed: 6) + ["a\u{B}b", "a\u{C}b", "x\u{85}y", "one\u{2029}two", "  "] {
      #expect(OSCALText.paragraphs(text) == OSCALText.paragraphsSplitting(text), "\(Array(text.unicodeScalars))")
    }
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

/// The original String-based number formatting, kept as the reference.
enum ReferenceFormat {
  static func fixed(_ value: Double, digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = value * scale
    let nudged = scaled + (scaled >= 0 ? 1 : -1) * abs(scaled) * 1e-12
    let units = Int(nudged.rounded(.toNearestOrAwayFromZero))
    let sign = units < 0 ? "-" : ""
    let magnitude = abs(units)
    guard digits > 0 else { return sign + String(magnitude) }
    let divisor = Int(scale)
    let fraction = String(magnitude % divisor)
    return sign + String(magnitude / divisor) + "." + String(repeating: "0", count: digits - fraction.count) + fraction
  }

  static func number(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    var text = fixed(value, digits: 3)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text == "-0" ? "0" : text
  }
}

@Suite struct FormatTests {
  static let values: [Double] = {
    var values: [Double] = [
      0, -0.0, 0.5, -0.5, 0.45, 0.05, -0.04, -0.0004, 0.0005, 0.68333, 1, 10, 100, 87.75, 99.95, 99.949999, 1e14,
      -1e14, 123_456.789, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 0.875, 0.0001, -7, 1e15 - 1, 999_999_999.9995,
    ]
    var state: UInt64 = 9
    for _ in 0..<20_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let unit = Double(state >> 11) * 0x1.0p-53
      let scale = [1.0, 100, 0.01, 1000, 1e9][Int(state % 5)]
      values.append((unit - 0.3) * scale)
      values.append((unit * 2000).rounded() / 2000)
    }
    return values
  }()

  @Test func fixedMatchesTheStringBasedFormatting() {
    for value in Self.values {
      for digits in 0...3 {
        #expect(
          Format.fixed(value, digits: digits) == ReferenceFormat.fixed(value, digits: digits), "\(value) \(digits)")
      }
    }
  }

  @Test func numberMatchesTheStringBasedFormatting() {
    for value in Self.values {
      #expect(Format.number(value) == ReferenceFormat.number(value), "\(value)")
    }
  }
}

@Suite struct DateTextTests {
  /// The original split-based parse, kept as the reference.
  static func referenceDate(_ text: String) -> CalendarDate? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
    else { return nil }
    return CalendarDate(year: year, month: month, day: day)
  }

  @Test func datesParseAndPrintLikeTheReference() {
    var texts = [
      "2026-10-01", "2026-02-29", "2024-02-29", "0001-01-01", "9999-12-31", "0000-01-01", "2026-13-01", "2026-00-10",
      "+202-01-01", "2026-+1-05", "2026-1-005", "2026/10/01", "2026-10-1", "20261001", "", "2026-10-01T", "２０２６-10-01",
      "2026-10-0a", "2026--0-01",
    ]
    var state: UInt64 = 4
    for _ in 0..<5_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let bytes = (0..<10).map { index -> UInt8 in
        let pick = Int((state >> UInt64(index * 5)) % 14)
        return Array("0123456789-+/ ".utf8)[pick]
      }
      texts.append(String(decoding: bytes, as: UTF8.self))
    }
    for year in [1, 999, 2026, 9999] {
      for month in 1...12 { texts.append(CalendarDate(year: year, month: month, day: 1)!.description) }
    }
    for text in texts {
      let parsed = CalendarDate(text)
      #expect(parsed == Self.referenceDate(text), "\(text)")
      if let parsed { #expect(parsed.description == text || Self.referenceDate(text) != nil) }
    }
    #expect(CalendarDate(year: 7, month: 3, day: 9)!.description == "0007-03-09")
    #expect(Timestamp("2026-11-12T03:10:00Z")?.secondsSinceEpoch == 1_794_453_000)
    #expect(Timestamp("2026-11-12T05:10:00+02:00")?.secondsSinceEpoch == 1_794_453_000)
    #expect(
      Timestamp("2026-11-12T+5:10:00Z")?.secondsSinceEpoch == Timestamp("2026-11-12T05:10:00Z")?.secondsSinceEpoch)
  }

  @Test func timestampsGiveBackTheTextAsWritten() {
    var texts = [
      "2026-11-12T03:10:00Z", "2026-11-12T05:10:00+02:00", "2026-11-12T24:00:00Z", "2026-11-12T03:10:00.5Z",
      "2026-11-12T+3:10:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1969-12-31T23:59:59Z",
      "2024-02-29T12:00:00-00:00",
    ]
    var state: UInt64 = 12
    for _ in 0..<5_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let seconds = Int(state >> 30 % (1 << 34)) - (1 << 33)
      texts.append(Timestamp(secondsSinceEpoch: Double(seconds)).text)
    }
    for text in texts {
      guard let parsed = Timestamp(text) else {
        Issue.record("\(text) does not parse")
        continue
      }
      #expect(parsed.text == text)
      #expect(parsed.description == text)
    }
  }
}

@Suite struct OSCALJSONWritingTests {
  @Test func writingStraightFromTheTreeGivesTheReferenceBytes() throws {
    let mini = try Fixtures.loadMini()
    let examplesFolder = Fixtures.packageRoot.appendingPathComponent("Examples")
    let examples = try InputLoader.load(
      questionnaire: InputFiles.read(
        Fixtures.packageRoot.appendingPathComponent("Questionnaires/aiops-governance.xml").path, maxBytes: 1 << 26),
      responses: ["alderglen-cloud", "meridane-cloud", "oakhollow", "stratovane"].map {
        try InputFiles.read(examplesFolder.appendingPathComponent("response-\($0).xml").path, maxBytes: 1 << 26)
      },
      incidents: [InputFiles.read(examplesFolder.appendingPathComponent("incidents.xml").path, maxBytes: 1 << 26)])
    let assessments =
      AssessRun.assess(mini, RunConfiguration(responses: [], asOf: CalendarDate("2026-10-01")))
      + AssessRun.assess(examples, RunConfiguration(responses: []))
    #expect(assessments.count == 5)
    for assessment in assessments {
      let tree = OSCALMapping(assessment).document()
      #expect(
        OSCALJSONRenderer.bytes(root: OSCALMapping.rootName, tree)
          == OSCALJSONRenderer.referenceBytes(root: OSCALMapping.rootName, tree), "\(assessment.vendor.id)")
    }
  }
}
