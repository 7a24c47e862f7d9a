import CLibXML2

/// Writes an XML document with libxml2's text writer: text and attribute values are escaped, characters that XML
/// 1.0 cannot carry are removed, and the output is indented with two spaces, deterministically.
///
/// ```swift
/// let writer = XMLWriter()
/// writer.startElement("report", namespace: "urn:candor:report:1")
/// writer.attribute("as-of", "2026-10-01")
/// writer.element("title", text: "Nimbus Cloud")
/// writer.endElement()
/// let xml = writer.finish()
/// ```
///
/// Not `Sendable`: use one writer per document.
public final class XMLWriter {
  private let buffer: xmlBufferPtr
  private let writer: xmlTextWriterPtr
  private var finished = false
  private var openElements = 0

  /// Starts a UTF-8 document with an XML declaration.
  public init(indent: Bool = true) {
    LibXML2Runtime.prepare()
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

  /// Opens an element; with `namespace`, declares it as the default namespace on this element.
  public func startElement(_ name: String, namespace: String? = nil) {
    xmlTextWriterStartElement(writer, name)
    openElements += 1
    if let namespace { attribute("xmlns", namespace) }
  }

  /// Adds an attribute to the element just opened (before any content).
  public func attribute(_ name: String, _ value: String) {
    xmlTextWriterWriteAttribute(writer, name, Self.clean(value))
  }

  /// Adds an attribute when `value` is not nil.
  public func attribute(_ name: String, _ value: String?) {
    if let value { attribute(name, value) }
  }

  /// Writes character data, escaped.
  public func text(_ text: String) {
    xmlTextWriterWriteString(writer, Self.clean(text))
  }

  /// Writes a comment (its text must not contain "--"; such runs are broken up).
  public func comment(_ text: String) {
    var safe = Self.clean(text)
    while safe.contains("--") { safe = safe.replacing("--", with: "- -") }
    if safe.hasSuffix("-") { safe += " " }
    xmlTextWriterWriteComment(writer, safe)
  }

  /// Closes the innermost open element.
  public func endElement() {
    guard openElements > 0 else { return }
    xmlTextWriterEndElement(writer)
    openElements -= 1
  }

  /// Writes `<name attributes…>text</name>` (or an empty element when `text` is nil).
  public func element(_ name: String, attributes: KeyValuePairs<String, String?> = [:], text: String? = nil) {
    startElement(name)
    for (key, value) in attributes { attribute(key, value) }
    if let text { self.text(text) }
    endElement()
  }

  /// Closes every open element, ends the document and returns its text (ending with a newline).
  public func finish() -> String {
    if !finished {
      while openElements > 0 { endElement() }
      xmlTextWriterEndDocument(writer)
      xmlTextWriterFlush(writer)
      finished = true
    }
    guard let content = xmlBufferContent(buffer) else { return "" }
    return String(cString: content)
  }

  /// The text without characters XML 1.0 cannot carry: C0 controls other than tab, line feed and carriage
  /// return, and U+FFFE and U+FFFF. (Swift strings hold no lone surrogates.)
  public static func clean(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { !isAllowed($0) }) else { return text }
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars where isAllowed(scalar) { result.append(scalar) }
    return String(result)
  }

  static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
    default: return false
    }
  }
}
