import CandorXML
import Foundation
import Testing

@testable import CandorKit

@Suite struct RunManifestUnitTests {
  let manifest = RunManifest(
    command: "compare", time: Timestamp(secondsSinceEpoch: 1_767_225_600.75),
    arguments: ["compare", "Examples/", "--out", "a & b <reports>"],
    inputs: [
      RunManifest.Input(
        role: "questionnaire", file: "<bundled>/Questionnaires/q.xml", sha256: String(repeating: "a", count: 64)),
      RunManifest.Input(role: "response", file: "Examples/r.xml", sha256: String(repeating: "b", count: 64)),
    ],
    outputs: [
      ReportFileReference(name: "z.report.md", mediaType: "text/markdown", sha256: String(repeating: "c", count: 64)),
      ReportFileReference(
        name: "a.report.xml", mediaType: "application/xml", sha256: String(repeating: "d", count: 64)),
    ],
    complete: false)

  @Test func theManifestIsValidAgainstItsSchemaAndReadsBack() throws {
    let source = SourceText(name: "candor-run.xml", bytes: manifest.bytes())
    let document = try DocumentReader.read(source, expecting: .run)
    #expect(document.schemaDiagnostics.isEmpty, "\(document.schemaDiagnostics)")
    let read = RunManifest(document.root)
    var expected = manifest
    expected.time = Timestamp(secondsSinceEpoch: 1_767_225_600)
    expected.outputs.sort { $0.name < $1.name }
    #expect(read.command == expected.command && read.generator == ReportXML.generator)
    #expect(read.time?.secondsSinceEpoch == expected.time?.secondsSinceEpoch)
    #expect(read.arguments == expected.arguments && read.inputs == expected.inputs)
    #expect(read.outputs == expected.outputs && read.complete == false)
    let text = String(decoding: manifest.bytes(), as: UTF8.self)
    #expect(text.contains(#"time="2026-01-01T00:00:00Z" complete="false">"#), "\(text)")
    #expect(FileReferences.ofRunManifest(document.root).map(\.name) == ["a.report.xml", "z.report.md"])
  }

  @Test func aManifestWithAPathAsAnOutputNameIsInvalid() throws {
    var bad = manifest
    bad.outputs = [
      ReportFileReference(name: "../etc/passwd", mediaType: "text/plain", sha256: String(repeating: "e", count: 64))
    ]
    let document = try DocumentReader.read(SourceText(name: "candor-run.xml", bytes: bad.bytes()), expecting: .run)
    #expect(!document.schemaDiagnostics.isEmpty)
  }

  @Test(arguments: [
    (
      #"<?xml version="1.0"?><!-- a > b --><response xmlns="urn:candor:response:1" questionnaire="q" questionnaire-version='1.0.0'>"#,
      "response", "urn:candor:response:1", "1.0.0"
    ),
    (#"<c:incidents xmlns:c="urn:candor:incidents:1"/>"#, "incidents", "urn:candor:incidents:1", nil),
    // A processing instruction ends at "?>", not at a ">" inside it (found by the xml fuzz target).
    (
      #"<?note a --> <policy xmlns="urn:candor:policy:1"> ?><response xmlns="urn:candor:response:1">"#,
      "response", "urn:candor:response:1", nil
    ),
    ("<run\txmlns = \"urn:candor:run:1\"\n command=\"assess\">", "run", "urn:candor:run:1", nil),
  ])
  func theRootTagIsPeekedWithoutParsing(text: String, name: String, namespace: String, version: String?) throws {
    let peek = try #require(DocumentPeek.peek(bytes: Array(text.utf8)))
    #expect(peek.rootName == name && peek.namespace == namespace)
    #expect(peek.attributes["questionnaire-version"] == version)
    #expect(peek.kind != nil)
  }

  @Test(arguments: ["", "no markup", "<", "<!-- never closed", "<a b", "<a b=>", "<a b=\"unterminated>"])
  func aStartThatIsNotATagPeeksNothing(text: String) {
    let peek = DocumentPeek.peek(bytes: Array(text.utf8))
    #expect(peek == nil || peek?.kind == nil)
  }
}
