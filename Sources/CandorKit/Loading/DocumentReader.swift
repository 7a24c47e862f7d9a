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
      throw InputError(
        at: document.rootLocation,
        "expected \(expected.withArticle) document, found \(kind.withArticle) document")
    }
    let problems = Schemas.schema(for: kind)?.validate(document) ?? []
    return ReadDocument(kind: kind, root: document.root(), schemaDiagnostics: problems.map(\.diagnostic))
  }
}

extension DocumentKind {
  /// "a questionnaire", "an incidents".
  var withArticle: String { (["a", "e", "i", "o", "u"].contains(rawValue.prefix(1)) ? "an " : "a ") + rawValue }
}
