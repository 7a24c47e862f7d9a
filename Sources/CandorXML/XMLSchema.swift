import CLibXML2

/// A compiled XSD schema. Compile once, validate many documents, from any number of tasks at once: each validation
/// has its own libxml2 validation context, and a compiled schema is only read.
public final class XMLSchema: @unchecked Sendable {
  private let schema: xmlSchemaPtr
  /// The schema document, which the compiled schema refers to and which must outlive it.
  private let document: ParsedDocument
  /// The schema file's name, for messages.
  public let name: String

  /// Compiles the XSD in `source`, which is parsed with the same hardened settings as every input.
  ///
  /// - Throws: ``XMLReadError`` when the schema does not parse or does not compile.
  public init(_ source: SourceText) throws(XMLReadError) {
    let document = try ParsedDocument.parse(source)
    let collector = ValidationCollector(source: source)
    guard let parser = xmlSchemaNewDocParserCtxt(document.pointer) else {
      throw XMLReadError(problems: [XMLProblem(location: document.rootLocation, message: "cannot compile the schema")])
    }
    defer { xmlSchemaFreeParserCtxt(parser) }
    let opaque = Unmanaged.passUnretained(collector).toOpaque()
    candor_set_schema_parser_structured_error(parser, recordValidationError, opaque)
    let compiled = withExtendedLifetime(collector) { xmlSchemaParse(parser) }
    guard let compiled, collector.problems.isEmpty else {
      if let compiled { xmlSchemaFree(compiled) }
      let problems =
        collector.problems.isEmpty
        ? [XMLProblem(location: document.rootLocation, message: "cannot compile the schema")] : collector.problems
      throw XMLReadError(problems: problems)
    }
    self.schema = compiled
    self.document = document
    self.name = source.name
  }

  deinit {
    xmlSchemaFree(schema)
  }

  /// Validates `document` and returns every problem found, in document order (none when it is valid).
  public func validate(_ document: ParsedDocument) -> [XMLProblem] {
    LibXML2Runtime.prepare()
    let collector = ValidationCollector(source: document.source)
    guard let context = xmlSchemaNewValidCtxt(schema) else {
      return [XMLProblem(location: document.rootLocation, message: "cannot start schema validation")]
    }
    defer { xmlSchemaFreeValidCtxt(context) }
    let opaque = Unmanaged.passUnretained(collector).toOpaque()
    candor_set_schema_valid_structured_error(context, recordValidationError, opaque)
    let result = withExtendedLifetime(collector) { xmlSchemaValidateDoc(context, document.pointer) }
    if result != 0 && collector.problems.isEmpty {
      return [XMLProblem(location: document.rootLocation, message: "the document is not valid against \(name)")]
    }
    return collector.finish()
  }
}

/// Collects the errors of one schema compilation or validation, located at the element (or attribute) concerned.
/// At most ``limit`` problems are kept: a document with thousands of errors gets the first ones and a note.
final class ValidationCollector {
  /// The most problems reported for one document.
  static let limit = 200

  let source: SourceText
  private(set) var problems: [XMLProblem] = []
  private var seen = Set<XMLProblem>()
  /// The locations of the precise (non-generic) messages, to drop libxml2's generic "not a valid value of the
  /// atomic type" line where a facet message already says more at the same place.
  private var preciseLocations = Set<SourceLocation>()
  private var genericLines: [Int] = []
  private var truncated = false

  init(source: SourceText) {
    self.source = source
  }

  func record(_ error: xmlError) {
    guard error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
    guard problems.count < Self.limit else {
      truncated = true
      return
    }
    let raw = error.message.map { String(cString: $0) } ?? "invalid"
    let message = Self.readable(raw)
    var location = source.location(line: Int(error.line), column: Int(error.int2))
    if let node = error.node?.assumingMemoryBound(to: xmlNode.self), node.pointee.type == XML_ELEMENT_NODE {
      let tagOffset = ParsedDocument.tagOffset(of: node)
      if let attribute = Self.attributeName(in: raw),
        let offset = source.attributeOffset(tagOffset: tagOffset, name: attribute)
      {
        location = source.location(ofOffset: offset)
      } else if node.pointee._private != nil {
        location = source.location(ofOffset: tagOffset)
      }
    }
    let problem = XMLProblem(location: location, message: message)
    guard seen.insert(problem).inserted else { return }
    if raw.contains("is not a valid value of the atomic type") {
      genericLines.append(problems.count)
    } else {
      preciseLocations.insert(location)
    }
    problems.append(problem)
  }

  /// The problems in document order, without a generic type line where a precise one was given at the same place.
  func finish() -> [XMLProblem] {
    let generic = Set(genericLines)
    var kept = problems.enumerated().filter { index, problem in
      !(generic.contains(index) && preciseLocations.contains(problem.location))
    }.sorted { ($0.element.location, $0.offset) < ($1.element.location, $1.offset) }.map(\.element)
    if truncated, let last = kept.last {
      kept.append(
        XMLProblem(
          location: last.location,
          message: "more than \(Self.limit) schema errors; the rest are not reported (fix these first)"))
    }
    return kept
  }

  /// libxml2's message without namespace URIs in braces, its trailing newline or its "Element 'x'" capital.
  static func readable(_ message: String) -> String {
    // Drop "{namespace-uri}" before names; keep braces that hold something else, such as an enumeration's set.
    var result = ""
    var rest = Substring(message)
    while let open = rest.firstIndex(of: "{") {
      result += rest[..<open]
      guard let close = rest[open...].firstIndex(of: "}") else {
        rest = rest[open...]
        break
      }
      let inside = rest[rest.index(after: open)..<close]
      if inside.contains(":") && !inside.contains("'") {
        rest = rest[rest.index(after: close)...]
      } else {
        result += rest[open...close]
        rest = rest[rest.index(after: close)...]
      }
    }
    result += rest
    return MessageText.shorteningQuoted(ParseState.tidy(result), quote: "'")
  }

  /// The attribute an error message is about, from libxml2's "attribute 'name'" phrase.
  static func attributeName(in message: String) -> String? {
    guard let range = message.firstRange(of: "attribute '") else { return nil }
    let rest = message[range.upperBound...]
    guard let end = rest.firstIndex(of: "'") else { return nil }
    let name = String(rest[..<end])
    return name.isEmpty ? nil : name
  }
}
