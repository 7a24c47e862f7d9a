import CandorXML

/// A document that parsed: its kind, its element tree, and the schema problems found (possibly none).
public struct ReadDocument: Sendable {
  public var kind: DocumentKind
  public var root: Element
  /// Schema problems, as error diagnostics; the tree is still there for the semantic checks.
  public var schemaDiagnostics: [Diagnostic]
}

/// The first stage of every input: hardened parse, kind detection from the root element, XSD validation.
public enum DocumentReader {
  /// Parses `source`, tells its kind and validates it against the kind's schema.
  ///
  /// - Parameters:
  ///   - expected: the kind the caller needs; another kind is an error that says which was found.
  /// - Throws: ``InputError`` when the document is not well-formed, is refused by the safety rules, or is of an
  ///   unknown or unexpected kind.
  public static func read(_ source: SourceText, expecting expected: DocumentKind? = nil, limits: XMLLimits = .default)
    throws(InputError) -> ReadDocument
  {
    let (document, kind, problems) = try parseAndValidate(source, expecting: expected, limits: limits)
    return ReadDocument(kind: kind, root: document.root(), schemaDiagnostics: problems)
  }

  /// Parses and validates `source` like ``read(_:expecting:limits:)``, then reads it with `body` straight from
  /// the parsed tree (no ``Element`` values are made): `body` gets the root and the schema problems.
  static func read<R>(
    _ source: SourceText, expecting expected: DocumentKind, limits: XMLLimits,
    _ body: (Node, [Diagnostic]) throws(InputError) -> R
  ) throws(InputError) -> R {
    let (document, _, problems) = try parseAndValidate(source, expecting: expected, limits: limits)
    return try document.withRoot { root throws(InputError) in try body(root, problems) }
  }

  /// Parses and validates `source` whatever its kind, then reads it with `body` straight from the parsed tree: `body`
  /// gets the kind, the root and the schema problems.
  static func read<R>(
    _ source: SourceText, limits: XMLLimits, _ body: (DocumentKind, Node, [Diagnostic]) throws(InputError) -> R
  ) throws(InputError) -> R {
    let (document, kind, problems) = try parseAndValidate(source, expecting: nil, limits: limits)
    return try document.withRoot { root throws(InputError) in try body(kind, root, problems) }
  }

  private static func parseAndValidate(_ source: SourceText, expecting expected: DocumentKind?, limits: XMLLimits)
    throws(InputError) -> (ParsedDocument, DocumentKind, [Diagnostic])
  {
    let document: ParsedDocument
    do {
      document = try ParsedDocument.parse(source, limits: limits)
    } catch {
      throw InputError(error.problems.map(\.diagnostic))
    }
    let (name, namespace) = document.rootName
    guard let kind = DocumentKind.detect(name: name, namespace: namespace) else {
      let known = DocumentKind.allCases.map { "<\($0.rootElement) xmlns=\"\($0.namespace)\">" }
      throw InputError(
        at: document.rootLocation,
        "unknown document: root element <\(name)> in namespace \(namespace.map { "\"\($0)\"" } ?? "none"); "
          + "expected one of \(known.joined(separator: ", "))")
    }
    if let expected, expected != kind {
      // Among the inputs of a run, say where the file goes instead.
      let hint = [.response, .incidents].contains(expected) ? kind.optionHint.map { "; \($0)" } ?? "" : ""
      throw InputError(
        at: document.rootLocation,
        "expected \(expected.withArticle) document, found \(kind.withArticle) document\(hint)")
    }
    // A bundled document is not validated again: BundledResourcesTests validates every one.
    let problems = source.trusted ? [] : Schemas.schema(for: kind)?.validate(document) ?? []
    return (document, kind, problems.map(\.diagnostic))
  }
}

extension DocumentKind {
  /// "a questionnaire", "an incidents".
  var withArticle: String { (["a", "e", "i", "o", "u"].contains(rawValue.prefix(1)) ? "an " : "a ") + rawValue }

  /// Where `assess` and `compare` take a document of this kind, for a file given in the wrong place.
  var optionHint: String? {
    switch self {
    case .incidents: "pass it with --incidents"
    case .policy: "pass it with --policy"
    case .questionnaire: "pass it with --questionnaire"
    case .response: "responses are the command's arguments, not an option's"
    default: nil
    }
  }
}
