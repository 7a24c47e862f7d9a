import CLibXML2
import Testing

@testable import CandorXML

/// libxml2's own text writer, driven the way candor's writer used to drive it: the reference that `XMLWriter`
/// must match byte for byte.
private final class LibXML2TextWriter {
  private let buffer: xmlBufferPtr
  private let writer: xmlTextWriterPtr
  private var openElements = 0

  init(indent: Bool) {
    buffer = xmlBufferCreate()
    writer = xmlNewTextWriterMemory(buffer, 0)
    if indent {
      xmlTextWriterSetIndent(writer, 1)
      _ = "  ".withCString {
        xmlTextWriterSetIndentString(writer, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self))
      }
    }
    xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil)
  }

  deinit {
    xmlFreeTextWriter(writer)
    xmlBufferFree(buffer)
  }

  func startElement(_ name: String, namespace: String?) {
    xmlTextWriterStartElement(writer, name)
    openElements += 1
    if let namespace { attribute("xmlns", namespace) }
  }

  func attribute(_ name: String, _ value: String) {
    xmlTextWriterWriteAttribute(writer, name, XMLWriter.clean(value))
  }

  func text(_ text: String) {
    xmlTextWriterWriteString(writer, XMLWriter.clean(text))
  }

  func comment(_ text: String) {
    var safe = XMLWriter.clean(text)
    while safe.contains("--") { safe = safe.replacing("--", with: "- -") }
    if safe.hasSuffix("-") { safe += " " }
    xmlTextWriterWriteComment(writer, safe)
  }

  func endElement() {
    guard openElements > 0 else { return }
    xmlTextWriterEndElement(writer)
    openElements -= 1
  }

  func finish() -> String {
    while openElements > 0 { endElement() }
    xmlTextWriterEndDocument(writer)
    xmlTextWriterFlush(writer)
    guard let content = xmlBufferContent(buffer) else { return "" }
    return String(cString: content)
  }
}

@Suite struct WriterEquivalenceTests {
  /// Values that exercise every escape and every removed character, next to ordinary and non-ASCII text.
  static let values = [
    "", "plain", "A \"quoted\" <value> & 'more'", "tab\there", "line\nfeed", "carriage\rreturn", "crlf\r\n",
    "bell\u{7} nul\u{0} esc\u{1B}", "non-characters \u{FFFE}\u{FFFF} kept \u{FFFD}\u{FFFC}", "≤ 30 band", "Zoë — déjà",
    "emoji 🚀 and 𝄞", "]]> -- <!-- -->", "ends with dash -", "&amp; already", "\u{EF}\u{BF}", "   spaces   ",
    "\u{D7FF}\u{E000}", "x\u{7F}y",
  ]

  /// The same random calls on both writers.
  static func compare(seed: UInt64, indent: Bool) -> (String, String) {
    var state = seed
    func next(_ bound: Int) -> Int {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return Int((z ^ (z >> 31)) % UInt64(bound))
    }
    let candor = XMLWriter(indent: indent)
    let reference = LibXML2TextWriter(indent: indent)
    var depth = 0
    let names = ["a", "report", "b-c", "x:y", "question"]
    candor.startElement("root", namespace: "urn:candor:report:1")
    reference.startElement("root", namespace: "urn:candor:report:1")
    depth += 1
    for _ in 0..<next(60) + 1 {
      let value = values[next(values.count)]
      switch next(7) {
      case 0, 1:
        let name = names[next(names.count)]
        candor.startElement(name)
        reference.startElement(name, namespace: nil)
        depth += 1
      case 2, 3:
        let name = names[next(names.count)]
        candor.attribute(name, value)
        reference.attribute(name, value)
      case 4:
        candor.text(value)
        reference.text(value)
      case 5:
        candor.comment(value)
        reference.comment(value)
      default:
        if depth > 1 {
          candor.endElement()
          reference.endElement()
          depth -= 1
        }
      }
    }
    return (candor.finish(), reference.finish())
  }

  @Test(arguments: [true, false]) func writesWhatLibxml2sTextWriterWrites(indent: Bool) {
    for seed in UInt64(0)..<2_000 {
      let (candor, reference) = Self.compare(seed: seed, indent: indent)
      #expect(candor == reference, "seed \(seed)")
      if candor != reference { break }
    }
  }

  /// Long values built from ordinary text and every special character at every position, so that the writer's
  /// word-at-a-time scan meets a special byte in each of the eight places of a word and in the tail.
  static let longValues: [String] = {
    let pieces = [
      "abcdefg", "0123", " ", "\"", "&", "<", ">", "\t", "\n", "\r", "\u{1}", "\u{FFFE}", "\u{FFFF}", "é", "€", "🚀",
      "\u{EF}", "'", "?", "=", "\u{FFFD}",
    ]
    var state: UInt64 = 42
    var values: [String] = []
    for length in 0..<400 {
      var value = ""
      for _ in 0..<(length % 40) {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        value += pieces[Int(state >> 33) % pieces.count]
      }
      values.append(value)
    }
    for special in ["\"", "&", "<", ">", "\n", "\u{1}", "\u{FFFF}"] {
      for position in 0..<17 { values.append(String(repeating: "x", count: position) + special + "yyyyyyyyyy") }
    }
    return values
  }()

  @Test func writesEveryValueLikeLibxml2() {
    for value in Self.values + Self.longValues {
      let candor = XMLWriter()
      let reference = LibXML2TextWriter(indent: true)
      for writer in [candor] {
        writer.startElement("r")
        writer.attribute("v", value)
        writer.element("t", text: value)
        writer.comment(value)
        writer.element("e", text: "")
      }
      reference.startElement("r", namespace: nil)
      reference.attribute("v", value)
      reference.startElement("t", namespace: nil)
      reference.text(value)
      reference.endElement()
      reference.comment(value)
      reference.startElement("e", namespace: nil)
      reference.text("")
      reference.endElement()
      #expect(candor.finish() == reference.finish(), "\(value.unicodeScalars.map { String($0.value, radix: 16) })")
    }
  }
}
