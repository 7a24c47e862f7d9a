import CandorXML
import Foundation
import Testing

@testable import CandorKit

/// The OSCAL assessment results: valid against NIST's schemas, deterministic, with name-based UUIDs that keep their
/// objects' identity across runs and rounds.
@Suite struct OSCALTests {
  // MARK: - Validity

  @Test func workedExampleIsValidAgainstNISTsSchema() throws {
    let schema = try #require(OSCALFixtures.schema)
    let assessment = try OSCALFixtures.workedExample()
    let problems = try OSCALFixtures.validate(OSCALExport.xml(assessment), with: schema)
    #expect(problems.isEmpty, "\(problems.prefix(5))")
    #expect(try OSCALFixtures.json(OSCALExport.json(assessment))["assessment-results"] != nil)
  }

  @Test func everyExampleVendorIsValidAgainstNISTsSchema() throws {
    let schema = try #require(OSCALFixtures.schema)
    let assessments = try OSCALFixtures.examples()
    #expect(assessments.map(\.vendor.id).sorted() == ["alderglen-cloud", "meridane-cloud", "oakhollow", "stratovane"])
    for assessment in assessments {
      let problems = try OSCALFixtures.validate(OSCALExport.xml(assessment), with: schema)
      #expect(problems.isEmpty, "\(assessment.vendor.id): \(problems.prefix(5))")
      let root = try OSCALFixtures.json(OSCALExport.json(assessment))
      #expect(root.keys.sorted() == ["assessment-results"], "trestle requires one top-level key")
    }
  }

  /// The JSON schema's rules that XSD does not carry the same way: arrays are never empty, strings are never empty
  /// or padded, titles are on one line, and every UUID, token and required key is in place.
  @Test func jsonFollowsTheJSONSchemasShapeRules() throws {
    for assessment in try [OSCALFixtures.workedExample()] + OSCALFixtures.examples() {
      let root = try OSCALFixtures.json(OSCALExport.json(assessment))
      var problems: [String] = []
      OSCALFixtures.walk(root) { path, value in
        if let array = value as? [Any], array.isEmpty { problems.append("\(path): empty array") }
        if let text = value as? String {
          let key = path.split(separator: "/").last.map(String.init) ?? ""
          if ["description", "remarks", "statement"].contains(key) { return }
          if text.isEmpty || text.first!.isWhitespace || text.last!.isWhitespace || text.contains("\n") {
            problems.append("\(path): \"\(text)\"")
          }
        }
      }
      #expect(problems.isEmpty, "\(assessment.vendor.id): \(problems.prefix(5))")
      let document = try #require(root["assessment-results"] as? [String: Any])
      #expect(Set(document.keys) == ["uuid", "metadata", "import-ap", "results", "back-matter"])
      let result = try #require((document["results"] as? [[String: Any]])?.first)
      for key in ["uuid", "title", "description", "start", "reviewed-controls", "observations", "findings"] {
        #expect(result[key] != nil, "result.\(key)")
      }
    }
  }

  /// XML and JSON are written from one tree: the same objects.
  @Test func xmlAndJSONCarryTheSameObjects() throws {
    let assessment = try OSCALFixtures.workedExample()
    let xmlUUIDs = try OSCALFixtures.xmlUUIDs(OSCALExport.xml(assessment))
    var jsonUUIDs: [String] = []
    OSCALFixtures.walk(try OSCALFixtures.json(OSCALExport.json(assessment))) { path, value in
      if path.hasSuffix("/uuid"), let uuid = value as? String { jsonUUIDs.append(uuid) }
    }
    #expect(!xmlUUIDs.isEmpty)
    #expect(xmlUUIDs.sorted() == jsonUUIDs.sorted())
  }

  // MARK: - Determinism and identity

  @Test func twoRunsGiveIdenticalBytes() throws {
    let first = try OSCALFixtures.workedExample()
    let second = try OSCALFixtures.workedExample()
    #expect(OSCALExport.xml(first) == OSCALExport.xml(second))
    #expect(OSCALExport.json(first) == OSCALExport.json(second))
    for (a, b) in zip(try OSCALFixtures.examples(), try OSCALFixtures.examples()) {
      #expect(OSCALExport.xml(a) == OSCALExport.xml(b))
      #expect(OSCALExport.json(a) == OSCALExport.json(b))
    }
  }

  @Test func everyUUIDIsAVersion5UUIDAndEveryReferenceResolves() throws {
    for assessment in try [OSCALFixtures.workedExample()] + OSCALFixtures.examples() {
      let index = try OSCALFixtures.Index(OSCALExport.json(assessment))
      #expect(!index.defined.isEmpty)
      for uuid in index.defined + index.referenced {
        #expect(OSCALFixtures.isVersion5(uuid), "\(uuid) is not a lower-case version-5 UUID")
      }
      #expect(Set(index.defined).count == index.defined.count, "\(assessment.vendor.id): a UUID is defined twice")
      let unresolved = Set(index.referenced).subtracting(index.defined)
      #expect(unresolved.isEmpty, "\(assessment.vendor.id): \(unresolved.sorted())")
    }
  }

  @Test func nameBasedUUIDsFollowRFC9562() {
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
    #expect(
      NameBasedUUID.v5(namespace: "6ba7b810-9dad-11d1-80b4-00c04fd430c8", name: "python.org")
        == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
    #expect(
      NameBasedUUID.v5(namespace: NameBasedUUID.urlNamespace, name: "urn:candor:oscal") == NameBasedUUID.candorNamespace
    )
    // Python: uuid.uuid5(uuid.UUID("9b491e6e-4aff-5f95-b9da-785b901fb347"), "finding/mini-aiops/nimbus-cloud/PRV-01")
    #expect(NameBasedUUID.candor("finding/mini-aiops/nimbus-cloud/PRV-01") == "f0dab305-60b2-582b-931c-e945a2b6cdc6")
  }

  /// One changed answer changes that question's observation, its control's finding, the risk whose text states the
  /// control's claimed score, the result's overall numbers and the response's hash — and nothing else.
  @Test func oneChangedAnswerChangesOnlyWhatDependsOnIt() throws {
    let before = try OSCALFixtures.Index(OSCALExport.json(OSCALFixtures.workedExample()))
    let (changedResponse, _) = Fixtures.defective(
      "reference/response-nimbus.xml", replacing: "<answer question=\"PRV-01.2\" number=\"10\"/>",
      with: "<answer question=\"PRV-01.2\" number=\"3\"/>")
    let after = try OSCALFixtures.Index(OSCALExport.json(OSCALFixtures.workedExample(response: changedResponse)))

    #expect(before.documentUUID == after.documentUUID)
    #expect(before.resultUUID == after.resultUUID)
    #expect(before.defined == after.defined, "the same objects, under the same UUIDs")
    #expect(OSCALFixtures.same(before.metadata, after.metadata), "metadata depends on no answer")

    // The document and the result contain everything; compare the objects within them.
    let changed = Set(
      before.objects.keys.filter { !OSCALFixtures.same(before.objects[$0], after.objects[$0]) }
    ).subtracting([before.documentUUID, before.resultUUID])
    let names = OSCALNames(try OSCALFixtures.workedExample())
    let expected: Set<String> = [
      names.answerObservation("PRV-01.2"), names.finding(control: "PRV-01"),
      names.contradictionRisk(control: "PRV-01", incident: "NIM-2026-11", behaviour: "autonomous-destructive-action"),
      names.responseResource,
    ]
    #expect(changed == expected, "changed: \(changed.sorted()), expected: \(expected.sorted())")
    #expect(before.resultProperty("claimed") == "87.8")
    #expect(after.resultProperty("claimed") == "94.4")
    #expect(before.resultProperty("verified") == after.resultProperty("verified"))
  }

  /// Another round (a later as-of date) keeps every object's UUID except the result's, which names the round.
  @Test func aSecondRoundRefersToTheSameObjects() throws {
    let first = try OSCALFixtures.Index(OSCALExport.json(OSCALFixtures.workedExample()))
    let second = try OSCALFixtures.Index(
      OSCALExport.json(OSCALFixtures.workedExample(asOf: CalendarDate("2026-12-01"))))
    #expect(first.documentUUID == second.documentUUID)
    #expect(first.resultUUID != second.resultUUID)
    #expect(Set(first.defined).subtracting([first.resultUUID]) == Set(second.defined).subtracting([second.resultUUID]))
  }

  // MARK: - Content

  @Test func findingStatesFollowTheGateThresholdAndContradictions() throws {
    let index = try OSCALFixtures.Index(OSCALExport.json(OSCALFixtures.workedExample()))
    #expect(index.findingStates["PRV-01"] == "not-satisfied")
    #expect(index.findingStates["PRV-02"] == "not-satisfied")
    #expect(index.findingStates["TRN-01"] == "not-satisfied")
    #expect(index.findingStates["TRN-02"] == "satisfied")
    #expect(index.findingStates.count == 4)
  }

  @Test func resultPropertiesMatchTheReport() throws {
    let assessment = try OSCALFixtures.workedExample()
    let index = try OSCALFixtures.Index(OSCALExport.json(assessment))
    #expect(index.resultProperty("claimed") == "87.8")
    #expect(index.resultProperty("verified") == "5.6")
    #expect(index.resultProperty("say-do-gap") == "82.2")
    #expect(index.resultProperty("rating") == "critical")
    #expect(index.resultProperty("transparency") == "14.2")
    let report = try ParsedDocument.parse(
      SourceText(name: "report.xml", bytes: Array(ReportXML.document(assessment).utf8)))
    let summary = try #require(report.root().child(named: "summary"))
    for name in ["claimed", "verified", "say-do-gap", "rating", "transparency"] {
      #expect(index.resultProperty(name) == summary.attribute(name), "\(name)")
    }
    #expect(index.propertyNamespaces == [OSCALExport.propertyNamespace])
  }

  @Test func observationsRisksAndFindingsOfTheWorkedExample() throws {
    let assessment = try OSCALFixtures.workedExample()
    let root = try OSCALFixtures.json(OSCALExport.json(assessment))
    let document = try #require(root["assessment-results"] as? [String: Any])
    let result = try #require((document["results"] as? [[String: Any]])?.first)
    let observations = try #require(result["observations"] as? [[String: Any]])
    // Six answers (INTERVIEW), one incident finding and one disclosure record (EXAMINE).
    #expect(
      observations.map { ($0["methods"] as? [String])?.first } == Array(repeating: "INTERVIEW", count: 6) + [
        "EXAMINE", "EXAMINE",
      ])
    #expect(observations.prefix(6).allSatisfy { ($0["types"] as? [String]) == ["control-objective"] })
    #expect(observations.suffix(2).allSatisfy { ($0["types"] as? [String]) == ["discovery"] })
    let first = observations[0]
    let evidence = try #require((first["relevant-evidence"] as? [[String: Any]])?.first)
    #expect(evidence["href"] as? String == "agent-guardrails-whitepaper.pdf")
    // Three contradictions and the gates that fired, all open.
    let risks = try #require(result["risks"] as? [[String: Any]])
    #expect(risks.count == assessment.contradictions.count + assessment.gates.count)
    #expect(risks.allSatisfy { $0["status"] as? String == "open" && !(($0["statement"] as? String) ?? "").isEmpty })
    // import-ap points at the questionnaire in the back matter, with its SHA-256.
    let href = try #require((document["import-ap"] as? [String: Any])?["href"] as? String)
    let resources = try #require((document["back-matter"] as? [String: Any])?["resources"] as? [[String: Any]])
    let questionnaire = try #require(resources.first { "#" + ($0["uuid"] as? String ?? "") == href })
    let hash = try #require(
      ((questionnaire["rlinks"] as? [[String: Any]])?.first?["hashes"] as? [[String: Any]])?.first)
    #expect(hash["algorithm"] as? String == "SHA-256")
    #expect(hash["value"] as? String == assessment.manifest.first { $0.kind == .questionnaire }?.sha256)
    let reviewed = try #require(
      ((result["reviewed-controls"] as? [String: Any])?["control-selections"] as? [[String: Any]])?.first)
    #expect(
      (reviewed["include-controls"] as? [[String: Any]])?.compactMap { $0["control-id"] as? String }
        == ["PRV-01", "PRV-02", "TRN-01", "TRN-02"])
  }

  /// The worked example's documents, pinned. Regenerate with `CANDOR_UPDATE_GOLDEN=1 swift test --filter OSCAL`
  /// after a deliberate change, and review the diff.
  @Test func workedExampleMatchesTheGoldenFiles() throws {
    let assessment = try OSCALFixtures.workedExample()
    for (name, content) in [
      ("golden/nimbus-cloud.oscal-ar.xml", OSCALExport.xml(assessment)),
      ("golden/nimbus-cloud.oscal-ar.json", OSCALExport.json(assessment)),
    ] {
      if ProcessInfo.processInfo.environment["CANDOR_UPDATE_GOLDEN"] == "1" {
        try content.write(to: Fixtures.root.appendingPathComponent(name), atomically: true, encoding: .utf8)
      }
      let golden = Fixtures.text(name).split(separator: "\n", omittingEmptySubsequences: false)
      let lines = content.split(separator: "\n", omittingEmptySubsequences: false)
      let matches = golden == lines
      let line =
        zip(golden, lines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(golden.count, lines.count)
      #expect(matches, "\(name) differs from the export from line \(line + 1) on")
    }
  }

  @Test func reportFilesIncludeBothOSCALDocuments() throws {
    let assessment = try OSCALFixtures.workedExample()
    let files = AssessRun.reportFiles(assessment, formats: [.oscal], templates: ReportTemplates.bundled(), policy: nil)
    #expect(files.map(\.name) == ["nimbus-cloud.oscal-ar.xml", "nimbus-cloud.oscal-ar.json"])
    #expect(files.first?.content == OSCALExport.xml(assessment))
  }

  /// Rendered at the same time (one vendor on several cores, the OSCAL tree shared by both documents), the files
  /// are the same, in the same order, as rendered one after the other.
  @Test func reportFilesRenderedConcurrentlyAreTheSameInTheSameOrder() throws {
    for assessment in try ReportTests.examples() + [OSCALFixtures.workedExample()] {
      for formats: Set<ReportFormat> in [[.md, .xml, .svg, .oscal], [.oscal], [.oscal, .md], [.xml]] {
        let sequential = AssessRun.reportFiles(
          assessment, formats: formats, templates: .bundled(), policy: nil, plan: nil, concurrently: false)
        let concurrent = AssessRun.reportFiles(
          assessment, formats: formats, templates: .bundled(), policy: nil, plan: nil, concurrently: true)
        #expect(concurrent.map(\.name) == sequential.map(\.name))
        #expect(concurrent.map(\.bytes) == sequential.map(\.bytes))
      }
    }
    let names = AssessRun.reportFiles(
      try OSCALFixtures.workedExample(), formats: [.md, .xml, .svg, .oscal], templates: .bundled(), policy: nil,
      plan: nil, concurrently: true
    ).map(\.name)
    #expect(
      names == [
        "nimbus-cloud.report.md", "nimbus-cloud.report.xml", "nimbus-cloud.chart.svg", "nimbus-cloud.oscal-ar.xml",
        "nimbus-cloud.oscal-ar.json",
      ])
  }

  // MARK: - Text

  @Test func hostileVendorTextStaysText() throws {
    let schema = try #require(OSCALFixtures.schema)
    let (response, _) = Fixtures.defective(
      "reference/response-nimbus.xml", replacing: "<comment>Destructive actions need a second approver.</comment>",
      with:
        "<comment># Heading\n\n**bold** [link](https://evil.example) &lt;img src=x&gt; ]]&gt; \"quoted\"\n- item\u{202E}</comment>"
    )
    let assessment = try OSCALFixtures.workedExample(response: response)
    #expect(try OSCALFixtures.validate(OSCALExport.xml(assessment), with: schema).isEmpty)
    let index = try OSCALFixtures.Index(OSCALExport.json(assessment))
    let remarks = try #require(
      index.objects[OSCALNames(assessment).answerObservation("PRV-01.1")]?["remarks"] as? String)
    #expect(
      remarks.hasPrefix(
        "The vendor's comment: \\# Heading\n\n\\*\\*bold\\*\\* \\[link\\](https\\://evil.example) \\<img"))
    #expect(!remarks.contains("\u{202E}"))
  }

  @Test func idsBecomeTokens() {
    #expect(OSCALText.token("PRV-01") == "PRV-01")
    #expect(OSCALText.token("eu-ai-act") == "eu-ai-act")
    #expect(OSCALText.token("1st control") == "_1st_control")
    #expect(OSCALText.token("a/b") == "a_b")
    #expect(OSCALText.isToken("Ärzte.2"))
    #expect(!OSCALText.isToken("-x"))
    #expect(!OSCALText.isToken(""))
    let questionnaire = BundledResources.source(BundledResources.defaultQuestionnairePath)
    let controls = questionnaire.flatMap { try? InputLoader.questionnaire($0).0.controls } ?? []
    #expect(!controls.isEmpty)
    #expect(controls.allSatisfy { OSCALText.isToken($0.id) })
  }

  @Test func textBecomesOSCALStrings() {
    #expect(OSCALText.line("  two\n lines\t\u{0}here ") == "two lines here")
    #expect(OSCALText.line(" \n ") == nil)
    #expect(OSCALText.paragraphs("one\nline\n\n  \ntwo") == ["one line", "two"])
    #expect(OSCALText.uriReference("soc2-type2-2026.pdf") == "soc2-type2-2026.pdf")
    #expect(OSCALText.uriReference("https://example.org/a?b=c#d") == "https://example.org/a?b=c#d")
    #expect(OSCALText.uriReference("SOC 2 report (2026).pdf") == "SOC%202%20report%20%282026%29.pdf")
    #expect(OSCALText.uriReference("50% done.pdf") == "50%25%20done.pdf")
    #expect(JSONText.quoted("a\"b\\c\n\u{1}\u{2028}é") == "\"a\\\"b\\\\c\\n\\u0001\\u2028é\"")
  }
}

/// Loading the worked example and the example vendors, validating, and indexing OSCAL documents.
enum OSCALFixtures {
  static let schema: XMLSchema? = try? XMLSchema(
    SourceText(
      name: "oscal_assessment-results_schema.xsd",
      bytes: Array(Fixtures.text("oscal/oscal_assessment-results_schema.xsd").utf8)))

  /// DESIGN.md's worked example (as of 2026-10-01), or a variant with another response or as-of date.
  static func workedExample(
    response: SourceText = Fixtures.nimbusResponse, asOf: CalendarDate? = CalendarDate("2026-10-01")
  )
    throws -> Assessment
  {
    let inputs = try InputLoader.load(
      questionnaire: Fixtures.miniQuestionnaire, responses: [response], incidents: [Fixtures.nimbusIncidents])
    return Assessor.assess(
      inputs.responses[0], questionnaire: inputs.questionnaire, incidents: inputs.incidents, asOf: asOf,
      manifest: inputs.manifest)
  }

  /// The four example vendors of Examples/, against the bundled questionnaire, as `candor demo` runs them.
  static func examples() throws -> [Assessment] { try ReportTests.examples() }

  /// The schema problems of an XML document (none when it is valid).
  static func validate(_ xml: String, with schema: XMLSchema) throws -> [XMLProblem] {
    schema.validate(try ParsedDocument.parse(SourceText(name: "oscal-ar.xml", bytes: Array(xml.utf8))))
  }

  static func json(_ text: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  /// Every `uuid` attribute of an XML document, in document order.
  static func xmlUUIDs(_ xml: String) throws -> [String] {
    var uuids: [String] = []
    func visit(_ element: Element) {
      if let uuid = element.attribute("uuid") { uuids.append(uuid) }
      element.children.forEach(visit)
    }
    visit(try ParsedDocument.parse(SourceText(name: "oscal-ar.xml", bytes: Array(xml.utf8))).root())
    return uuids
  }

  /// Calls `body` with every value of a JSON document and its path, in document order (keys sorted).
  static func walk(_ value: Any, path: String = "", _ body: (String, Any) -> Void) {
    body(path, value)
    if let object = value as? [String: Any] {
      for key in object.keys.sorted() { walk(object[key]!, path: path + "/" + key, body) }
    } else if let array = value as? [Any] {
      for (index, item) in array.enumerated() { walk(item, path: path + "/\(index)", body) }
    }
  }

  /// Whether two JSON values are equal.
  static func same(_ a: Any?, _ b: Any?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (let a as NSObject, let b as NSObject): return a.isEqual(b)
    default: return false
    }
  }

  /// Whether `uuid` is a lower-case RFC 9562 UUID of version 5 (version nibble 5, variant bits 10).
  static func isVersion5(_ uuid: String) -> Bool {
    let characters = Array(uuid)
    guard characters.count == 36, uuid == uuid.lowercased() else { return false }
    for (index, character) in characters.enumerated() {
      if [8, 13, 18, 23].contains(index) {
        guard character == "-" else { return false }
      } else if !character.isHexDigit {
        return false
      }
    }
    return characters[14] == "5" && "89ab".contains(characters[19])
  }

  /// An OSCAL JSON document's objects by UUID, the UUIDs it references, and a few values tests look at.
  struct Index {
    var documentUUID = ""
    var resultUUID = ""
    var metadata: Any?
    /// Every object that has a `uuid`, by its UUID (nested objects with their own UUID also appear inside their
    /// parent, so a change deep down shows in both).
    var objects: [String: [String: Any]] = [:]
    /// Every UUID defined (`uuid`), in document order.
    var defined: [String] = []
    /// Every UUID referenced (`…-uuid`, `party-uuids`, `member-of-organizations`, `href="#…"`).
    var referenced: [String] = []
    var resultProperties: [String: String] = [:]
    var propertyNamespaces: Set<String> = []
    var findingStates: [String: String] = [:]

    init(_ text: String) throws {
      let root = try OSCALFixtures.json(text)
      let document = try #require(root["assessment-results"] as? [String: Any])
      documentUUID = document["uuid"] as? String ?? ""
      metadata = document["metadata"]
      let result = try #require((document["results"] as? [[String: Any]])?.first)
      resultUUID = result["uuid"] as? String ?? ""
      for prop in result["props"] as? [[String: Any]] ?? [] {
        if let name = prop["name"] as? String, let value = prop["value"] as? String { resultProperties[name] = value }
      }
      for finding in result["findings"] as? [[String: Any]] ?? [] {
        let target = finding["target"] as? [String: Any]
        if let id = target?["target-id"] as? String,
          let state = (target?["status"] as? [String: Any])?["state"] as? String
        {
          findingStates[id] = state
        }
      }
      var defined: [String] = []
      var referenced: [String] = []
      var objects: [String: [String: Any]] = [:]
      var namespaces = Set<String>()
      OSCALFixtures.walk(root) { path, value in
        let key = path.split(separator: "/").last.map(String.init) ?? ""
        if let object = value as? [String: Any], let uuid = object["uuid"] as? String { objects[uuid] = object }
        if key == "ns", let ns = value as? String { namespaces.insert(ns) }
        guard let text = value as? String else { return }
        if key == "uuid" {
          defined.append(text)
        } else if key.hasSuffix("-uuid") || path.contains("/party-uuids/") || path.contains("/member-of-organizations/")
        {
          referenced.append(text)
        } else if key == "href", text.hasPrefix("#") {
          referenced.append(String(text.dropFirst()))
        }
      }
      self.defined = defined
      self.referenced = referenced
      self.objects = objects
      propertyNamespaces = namespaces
    }

    func resultProperty(_ name: String) -> String? { resultProperties[name] }
  }
}
