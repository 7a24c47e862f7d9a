import Testing

@testable import CandorKit

/// The bundled schemas and templates are compiled and parsed when first used: these tests use them all.
@Suite struct BundledResourcesTests {
  @Test(arguments: DocumentKind.allCases) func everyBundledSchemaCompiles(kind: DocumentKind) {
    #expect(Schemas.schema(for: kind) != nil)
  }

  @Test func everyBundledTemplateParses() throws {
    var texts: [String: String] = [:]
    for name in ReportTemplates.bundledNames {
      texts[name] = BundledResources.text("Templates/\(name).mustache")
    }
    #expect(Set(texts.keys) == ["diff.md", "catalog.md"])
    _ = try ReportTemplates(texts: texts, origin: "<bundled>/Templates", userNames: [])
  }
}
