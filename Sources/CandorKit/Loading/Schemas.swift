import CandorXML

/// The compiled schemas of every document kind, compiled once per process from the bundled XSDs and shared by
/// every validation.
public enum Schemas {
  private static let compiled: [DocumentKind: XMLSchema] = {
    var schemas: [DocumentKind: XMLSchema] = [:]
    for kind in DocumentKind.allCases {
      guard let source = BundledResources.source(kind.schemaPath) else { continue }
      do {
        schemas[kind] = try XMLSchema(source)
      } catch {
        // A bundled schema that does not compile is a build defect, caught by the tests.
        preconditionFailure("bundled schema \(kind.schemaPath) does not compile: \(error)")
      }
    }
    return schemas
  }()

  /// The compiled schema of `kind`.
  public static func schema(for kind: DocumentKind) -> XMLSchema? { compiled[kind] }
}
