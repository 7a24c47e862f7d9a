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
final class ValidationCollector {
  let source: SourceText
  private(set) var problems: [XMLProblem] = []
  /// For each problem: whether it is libxml2's generic "not a valid value of the atomic type" line, which repeats
  /// a more precise facet message at the same place.
  private var isGenericTypeLine: [Bool] = []

  init(source: SourceText) {
    self.source = source
  }

  func record(_ error: xmlError) {
    guard error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
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
    guard !problems.contains(problem) else { return }
    problems.append(problem)
    isGenericTypeLine.append(raw.contains("is not a valid value of the atomic type"))
  }

  /// The problems in document order, without a generic type line where a precise one was given at the same place.
  func finish() -> [XMLProblem] {
    var kept: [XMLProblem] = []
    for (index, problem) in problems.enumerated() {
      if isGenericTypeLine[index], problems.contains(where: { $0.location == problem.location && $0 != problem }) {
        continue
      }
      kept.append(problem)
    }
    return kept.enumerated().sorted { ($0.element.location, $0.offset) < ($1.element.location, $1.offset) }
      .map(\.element)
  }

  /// libxml2's message without namespace URIs in braces, its trailing newline or its "Element 'x'" capital.
  static func readable(_ message: String) -> String {
    var result = ""
    var inBraces = false
    for character in message {
      if character == "{" {
        inBraces = true
      } else if character == "}" && inBraces {
        inBraces = false
      } else if !inBraces {
        result.append(character)
      }
    }
    return ParseState.tidy(result)
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
