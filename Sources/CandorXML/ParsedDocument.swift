import CLibXML2

/// A well-formed document, parsed by libxml2 with candor's hardened settings: the libxml2 tree, held for schema
/// validation, and the means to turn it into plain Swift ``Element`` values.
///
/// Not `Sendable`: a libxml2 tree belongs to the task that parsed it.
public final class ParsedDocument {
  /// The source the document was parsed from.
  public let source: SourceText
  let pointer: xmlDocPtr

  init(source: SourceText, pointer: xmlDocPtr) {
    self.source = source
    self.pointer = pointer
  }

  deinit {
    xmlFreeDoc(pointer)
  }

  /// Parses `source` with the hardened settings: no network, no DTD, no entity substitution, no XInclude, no
  /// recovery; any DOCTYPE refused; the size, depth, element-count, attribute and namespace limits enforced (the
  /// last two on the bytes, before libxml2 sees them); only UTF-8 accepted, without NUL bytes.
  ///
  /// - Throws: ``XMLReadError`` with every problem found (file, line, column and message).
  public static func parse(_ source: SourceText, limits: XMLLimits = .default) throws(XMLReadError)
    -> ParsedDocument
  {
    LibXML2Runtime.prepare()
    let base: Int
    switch InputChecks.check(source, limits: limits) {
    case .success(let start): base = start
    case .failure(let problem): throw XMLReadError(problems: [problem])
    }
    if let problem = StartTagScan.firstProblem(source, from: base, limits: limits) {
      throw XMLReadError(problems: [problem])
    }
    guard source.bytes.count - base <= Int(Int32.max) else {
      throw XMLReadError(problems: [
        XMLProblem(location: source.location(ofOffset: 0), message: "the file is too large to parse")
      ])
    }
    let state = ParseState(source: source, base: base, limits: limits)
    let document: xmlDocPtr? = source.bytes.withUnsafeBufferPointer { buffer in
      let start = UnsafeRawPointer(buffer.baseAddress!.advanced(by: base)).assumingMemoryBound(to: CChar.self)
      guard let context = xmlCreateMemoryParserCtxt(start, Int32(buffer.count - base)) else { return nil }
      defer { xmlFreeParserCtxt(context) }
      let options =
        Int32(XML_PARSE_NONET.rawValue) | Int32(XML_PARSE_NOCDATA.rawValue) | Int32(XML_PARSE_COMPACT.rawValue)
      xmlCtxtUseOptions(context, options)
      context.pointee.sax.pointee.internalSubset = refuseDocumentType
      context.pointee.sax.pointee.externalSubset = refuseDocumentType
      context.pointee.sax.pointee.startElementNs = recordStartElement
      candor_set_parser_structured_error(context, recordParserError)
      context.pointee._private = Unmanaged.passUnretained(state).toOpaque()
      withExtendedLifetime(state) {
        _ = xmlParseDocument(context)
      }
      let document = context.pointee.myDoc
      context.pointee.myDoc = nil
      if context.pointee.wellFormed == 0 && state.problems.isEmpty {
        state.problems.append(
          XMLProblem(location: source.location(ofOffset: state.currentOffset(context)), message: "malformed XML"))
      }
      return document
    }
    guard state.problems.isEmpty, let document else {
      if let document { xmlFreeDoc(document) }
      if state.problems.isEmpty {
        state.problems.append(XMLProblem(location: source.location(ofOffset: 0), message: "not an XML document"))
      }
      throw XMLReadError(problems: state.problems)
    }
    guard xmlDocGetRootElement(document) != nil else {
      xmlFreeDoc(document)
      throw XMLReadError(problems: [
        XMLProblem(location: source.location(ofOffset: 0), message: "the document has no root element")
      ])
    }
    return ParsedDocument(source: source, pointer: document)
  }

  /// The root element's local name and namespace URI, to tell which kind of document this is.
  public var rootName: (name: String, namespace: String?) {
    let root = xmlDocGetRootElement(pointer)!
    return (String(cString: root.pointee.name), root.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) })
  }

  /// Where the root element starts.
  public var rootLocation: SourceLocation {
    source.location(ofOffset: Self.tagOffset(of: xmlDocGetRootElement(pointer)!))
  }

  /// The document as plain Swift values.
  public func root() -> Element {
    var converter = Converter(source: source)
    return converter.convert(xmlDocGetRootElement(pointer)!)
  }

  static func tagOffset(of node: xmlNodePtr) -> Int {
    guard let marker = node.pointee._private else { return 0 }
    return Int(bitPattern: marker) - 1
  }

  /// Turns libxml2 nodes into ``Element`` values with as few allocations as it can: the namespace URI of the
  /// previous element is reused when the next one points at the same declaration, text is read as ``Node`` reads it,
  /// and arrays are created at their final size.
  private struct Converter {
    let source: SourceText
    private var lastNamespace: (pointer: UnsafePointer<xmlChar>, uri: String)?

    init(source: SourceText) {
      self.source = source
    }

    /// The namespace URI of `ns`, reusing the last one's String when it is the same declaration's.
    private mutating func uri(_ ns: xmlNsPtr?) -> String? {
      guard let href = ns?.pointee.href else { return nil }
      if let lastNamespace, lastNamespace.pointer == href { return lastNamespace.uri }
      let uri = String(cString: href)
      lastNamespace = (href, uri)
      return uri
    }

    mutating func convert(_ node: xmlNodePtr) -> Element {
      var attributeCount = 0
      var property = node.pointee.properties
      while let attribute = property {
        attributeCount += 1
        property = attribute.pointee.next
      }
      var attributes: [Attribute] = []
      attributes.reserveCapacity(attributeCount)
      property = node.pointee.properties
      while let attribute = property {
        attributes.append(
          Attribute(
            name: String(cString: attribute.pointee.name),
            namespace: uri(attribute.pointee.ns),
            value: Node.concatenated(attribute.pointee.children, everyNode: true)))
        property = attribute.pointee.next
      }
      var elementCount = 0
      var child = node.pointee.children
      while let current = child {
        if current.pointee.type == XML_ELEMENT_NODE { elementCount += 1 }
        child = current.pointee.next
      }
      var children: [Element] = []
      if elementCount > 0 {
        children.reserveCapacity(elementCount)
        child = node.pointee.children
        while let current = child {
          if current.pointee.type == XML_ELEMENT_NODE { children.append(convert(current)) }
          child = current.pointee.next
        }
      }
      return Element(
        name: String(cString: node.pointee.name),
        namespace: uri(node.pointee.ns),
        attributes: attributes,
        children: children,
        text: Node.concatenated(node.pointee.children, everyNode: false),
        source: source,
        tagOffset: ParsedDocument.tagOffset(of: node))
    }
  }
}
