import CandorXML
import Foundation

/// The compiled schemas of every document kind, each compiled once per process from the bundled XSDs when first
/// needed (a run compiles only the schemas of the kinds it reads) and shared by every validation.
public enum Schemas {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var compiled: [DocumentKind: XMLSchema] = [:]

  /// The compiled schema of `kind`.
  public static func schema(for kind: DocumentKind) -> XMLSchema? {
    lock.lock()
    defer { lock.unlock() }
    if let schema = compiled[kind] { return schema }
    guard let source = BundledResources.source(kind.schemaPath) else { return nil }
    let schema: XMLSchema
    do {
      schema = try XMLSchema(source)
    } catch {
      // A bundled schema that does not compile is a build defect, caught by the tests.
      preconditionFailure("bundled schema \(kind.schemaPath) does not compile: \(error)")
    }
    // Kinds that share a schema file share the compiled schema.
    for other in DocumentKind.allCases where other.schemaPath == kind.schemaPath { compiled[other] = schema }
    return schema
  }
}
