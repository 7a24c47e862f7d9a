import CandorXML

/// Writes an ``OSCALAssembly`` tree as OSCAL XML (namespace `http://csrc.nist.gov/ns/oscal/1.0`) with CandorXML's
/// writer, which escapes every text and attribute value.
enum OSCALXMLRenderer {
  static let namespace = "http://csrc.nist.gov/ns/oscal/1.0"

  /// The document whose root element is `root`.
  static func document(root name: String, _ root: OSCALAssembly) -> String {
    let writer = XMLWriter()
    write(root, name: name, namespace: namespace, to: writer)
    return writer.finish()
  }

  private static func write(_ assembly: OSCALAssembly, name: String, namespace: String? = nil, to writer: XMLWriter) {
    writer.startElement(name, namespace: namespace)
    for flag in assembly.flags { writer.attribute(flag.name, flag.value) }
    for child in assembly.children {
      for value in child.values { write(value, name: child.xmlName, to: writer) }
    }
    writer.endElement()
  }

  private static func write(_ value: OSCALValue, name: String, to writer: XMLWriter) {
    switch value {
    case .text(let text), .line(let text):
      writer.startElement(name)
      writer.text(text)
      writer.endElement()
    case .multiline(let paragraphs):
      writer.startElement(name)
      for paragraph in paragraphs {
        writer.startElement("p")
        writer.text(paragraph)
        writer.endElement()
      }
      writer.endElement()
    case .assembly(let assembly):
      write(assembly, name: name, to: writer)
    case .flaggedField(let flags, let text):
      writer.startElement(name)
      for flag in flags { writer.attribute(flag.name, flag.value) }
      writer.text(text)
      writer.endElement()
    }
  }
}
