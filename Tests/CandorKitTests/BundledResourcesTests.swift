import CandorXML
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

  /// A run does not validate the bundled documents again (their bytes are in the binary): this test is where they
  /// are checked against their schemas, every one of them, as a user's file would be.
  @Test func everyBundledDocumentIsValidAgainstItsSchema() throws {
    let documents = EmbeddedFiles.texts.keys.filter { $0.hasSuffix(".xml") }.sorted()
    #expect(documents.count >= 5)
    for path in documents {
      let bundled = try #require(BundledResources.source(path))
      #expect(bundled.trusted)
      let untrusted = SourceText(name: path, bytes: bundled.bytes)
      let read = try DocumentReader.read(untrusted)
      #expect(read.schemaDiagnostics.isEmpty, "\(path): \(read.schemaDiagnostics)")
    }
  }

  /// Only the bundled copy skips validation: the same bytes from a file are validated.
  @Test func onlyTrustedSourcesSkipTheSchema() throws {
    let text = #"<policy xmlns="urn:candor:policy:1" id="p" unexpected="x"/>"#
    let untrusted = try DocumentReader.read(SourceText(name: "policy.xml", bytes: Array(text.utf8)))
    #expect(!untrusted.schemaDiagnostics.isEmpty)
    let trusted = try DocumentReader.read(SourceText(name: "policy.xml", bytes: Array(text.utf8), trusted: true))
    #expect(trusted.schemaDiagnostics.isEmpty)
  }

  /// The shipped questionnaire read once (and early, by `candor assess`) is the one a run would read from its bytes.
  @Test func theShippedQuestionnaireReadOnceIsTheBundledOne() throws {
    let (once, onceWarnings, plan) = try InputLoader.shippedQuestionnaire.get()
    #expect(plan.controlIDs == once.controls.map(\.id))
    #expect(plan.coverage.count == ReportPlan(questionnaire: once).coverage.count)
    let (read, readWarnings) = try InputLoader.questionnaire(BundledResources.defaultQuestionnaire)
    #expect(once.id == read.id && once.version == read.version)
    #expect(once.controls.map(\.id) == read.controls.map(\.id))
    #expect(once.controls.flatMap(\.questions).map(\.id) == read.controls.flatMap(\.questions).map(\.id))
    #expect(onceWarnings.map(\.description) == readWarnings.map(\.description))
  }
}
