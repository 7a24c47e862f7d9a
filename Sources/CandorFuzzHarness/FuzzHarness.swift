import CandorForms
import CandorKit
import CandorXML
import Foundation

/// What the fuzz targets run on one input: candor's whole path from bytes to reports, with every error caught
/// as the command line would catch it. A crash, a hang or a sanitizer report here is a bug.
///
/// The same function replays the regression corpus in the tests.
public enum FuzzHarness {
  /// The code a fuzz target exercises.
  public enum Target: String, CaseIterable, Sendable {
    /// The hardened parser, the element tree and every schema; the root-tag look that picks files out of folders;
    /// a run manifest's reader.
    case xml
    /// A questionnaire: schema, semantic checks, coverage matrix.
    case questionnaire
    /// A response against the shipped questionnaire, assessed and rendered.
    case response
    /// An incident file, applied to an example vendor, assessed and rendered.
    case incidents
    /// A spreadsheet of answers: CSV, or .xlsx when the bytes are a ZIP archive; imported into a response.
    case csv
    /// A Statuspage Atom or RSS feed (XML, with HTML inside each entry), imported into incidents and assessed.
    case feedxml
    /// An HTML fragment, as feeds carry them: parsed, its text and links read.
    case feedhtml
    /// A JSON source (Statuspage or Google Cloud incidents.json, AIID GraphQL), imported and assessed.
    case feedjson
    /// An AI Incident Database snapshot CSV, imported and assessed.
    case aiidcsv
    /// A multipart/form-data body of `candor serve` (boundary `candor-fuzz`), and each part's parameters.
    case multipart
  }

  /// Smaller limits than the defaults, so that the fuzzer spends its time on structure, not size, and reaches every
  /// limit (attributes and namespace declarations included) with small inputs.
  static let limits = XMLLimits(
    maxBytes: 1 << 20, maxDepth: 64, maxElements: 100_000, maxAttributes: 8, maxNamespaces: 4)

  /// Small response limits, reached by small inputs.
  static let responseLimits = ResponseLimits(maxAnswers: 200, maxEvidencePerAnswer: 4, maxEvidence: 20)

  /// The spreadsheet limits with the small XML limits for every .xlsx part.
  static let importLimits: ImportLimits = {
    var limits = ImportLimits.default
    limits.xml = Self.limits
    return limits
  }()

  /// A folder of evidence files, made once per process, that fuzzed responses reference: a file, a file in a
  /// folder, a link to the folder, a link out of it and a named pipe.
  static let evidenceFolder: String? = {
    var template = Array((NSTemporaryDirectory() + "/candor-fuzz-evidence-XXXXXX").utf8CString)
    guard
      let folder = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }).map({ String(cString: $0) })
    else { return nil }
    _ = FileManager.default.createFile(atPath: folder + "/a.pdf", contents: Data("evidence".utf8))
    try? FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: folder + "/sub/b.pdf", contents: Data("more evidence".utf8))
    symlink("sub", folder + "/link")
    symlink("/etc", folder + "/out")
    mkfifo(folder + "/pipe.pdf", 0o644)
    return folder
  }()

  static let questionnaire: Questionnaire = {
    let source = BundledResources.defaultQuestionnaire
    return try! InputLoader.questionnaire(source).0
  }()

  static let exampleResponse: Response = {
    let source = BundledResources.source("Examples/response-stratovane.xml")!
    return try! InputLoader.response(source, questionnaire: questionnaire).0
  }()

  static let templates = ReportTemplates.bundled()

  /// Runs `target` on `bytes`.
  public static func run(_ target: Target, _ bytes: [UInt8]) {
    let source = SourceText(name: "fuzz-input.xml", bytes: bytes)
    switch target {
    case .xml:
      checkLink(bytes)
      _ = DocumentPeek.peek(bytes: Array(bytes.prefix(65_536)))
      guard let document = try? ParsedDocument.parse(source, limits: limits) else { return }
      let root = document.root()
      checkRootName(bytes, root: root)
      checkAttributeLimit(root)
      for kind in DocumentKind.allCases { _ = Schemas.schema(for: kind)?.validate(document) }
      if let run = try? DocumentReader.read(source, expecting: .run, limits: limits), run.schemaDiagnostics.isEmpty {
        _ = RunManifest(run.root).bytes()
        _ = FileReferences.ofRunManifest(run.root)
      }
    case .questionnaire:
      guard let (loaded, _) = try? InputLoader.questionnaire(source, limits: limits) else { return }
      _ = CoverageMatrix(questionnaire: loaded, catalog: InputLoader.bundledCatalog)
      render(Assessor.assess(exampleResponse, questionnaire: loaded, incidents: []))
    case .response:
      guard
        let (response, problems) = try? InputLoader.response(
          source, questionnaire: questionnaire, limits: limits, content: responseLimits),
        !problems.contains(where: { $0.severity == .error })
      else { return }
      let evidence =
        evidenceFolder.map {
          EvidenceVerifier.check(response, evidenceDirectory: $0, limits: EvidenceLimits(maxFileBytes: 1 << 16))
        } ?? []
      precondition(!evidence.contains { $0.actualSHA256 != nil && $0.reference.contains("out/") })
      render(Assessor.assess(response, questionnaire: questionnaire, incidents: [], evidenceFiles: evidence))
    case .incidents:
      guard
        let (incidents, problems) = try? InputLoader.incidents(source, questionnaire: questionnaire, limits: limits),
        !problems.contains(where: { $0.severity == .error })
      else { return }
      // Make every incident the example vendor's, so that contradictions and disclosure are exercised.
      let retargeted = incidents.map { incident -> Incident in
        var copy = incident
        copy.vendor = exampleResponse.vendor.id
        return copy
      }
      render(Assessor.assess(exampleResponse, questionnaire: questionnaire, incidents: retargeted))
    case .multipart:
      guard let parts = try? MultipartReader.parts(bytes, boundary: "candor-fuzz") else { return }
      for part in parts {
        _ = part.name
        _ = part.fileName
        _ = HeaderParameters.value("boundary", in: part.headers["content-type"] ?? "")
      }
    case .csv:
      let sheet = SourceText(name: "fuzz-input.csv", bytes: bytes)
      guard
        let outcome = try? ResponseImport.convert(
          sheet, questionnaire: questionnaire, vendor: Vendor(id: "fuzz", name: "Fuzz"),
          submitted: CalendarDate(year: 2026, month: 10, day: 1)!, outputName: "fuzz-response.xml",
          limits: importLimits)
      else { return }
      render(Assessor.assess(outcome.response, questionnaire: questionnaire, incidents: []))
    case .feedxml:
      importFeed(SourceText(name: "fuzz-feed.xml", bytes: bytes), as: nil)
    case .feedhtml:
      guard let html = String(validating: bytes, as: UTF8.self),
        let fragment = try? HTMLFragment.parse(html, limits: HTMLLimits(maxBytes: 256 << 10, maxDepth: 64))
      else { return }
      _ = fragment.text
      _ = fragment.links
    case .feedjson:
      importFeed(SourceText(name: "fuzz-feed.json", bytes: bytes), as: nil)
    case .aiidcsv:
      importFeed(SourceText(name: "fuzz-aiid.csv", bytes: bytes), as: .aiidCSV)
    }
  }

  /// The moment the feed targets take as now (a time more than a day after it is an error).
  static let now = Timestamp("2026-09-01T00:00:00Z")!

  /// Reads `source` as a feed of `kind` (nil: told from the content), imports it for the example vendor and
  /// assesses the vendor with the incidents.
  static func importFeed(_ source: SourceText, as kind: FeedKind?) {
    let limits = FeedLimits(
      maxBytes: 1 << 20, maxIncidents: 1_000, maxUpdates: 1_000, maxStatementCharacters: 2_000,
      html: HTMLLimits(maxBytes: 64 << 10, maxDepth: 32, maxElements: 5_000),
      json: JSONLimits(maxDepth: 32, maxValues: 100_000), xml: limits)
    guard let snapshot = try? FeedReader.read(source, as: kind, limits: limits) else { return }
    let vendor = exampleResponse.vendor.id
    let entities = EntityMap([("fuzz", vendor), ("acme", vendor), ("youtube", vendor), ("uber", vendor)])
    guard
      let outcome = try? IncidentsImport.convert(
        [snapshot, snapshot], vendor: vendor, entities: entities, limits: limits, now: now,
        outputName: "fuzz-incidents.xml")
    else { return }
    render(Assessor.assess(exampleResponse, questionnaire: questionnaire, incidents: outcome.incidents))
  }

  /// The look at a file's root start tag that picks files out of input folders (``DocumentPeek``) agrees with the
  /// parser: a document that parses, whole within the 64 KiB the look reads, has the root element the look finds.
  static func checkRootName(_ bytes: [UInt8], root: Element) {
    guard bytes.count <= 65_536, let peek = DocumentPeek.peek(bytes: bytes) else { return }
    precondition(peek.rootName == root.name, "the look at the root start tag disagrees with the parser")
  }

  /// No element of a document that parsed has more attributes than the limit (the scan before parsing saw them).
  static func checkAttributeLimit(_ element: Element) {
    precondition(element.attributes.count <= limits.maxAttributes, "an element over the attribute limit parsed")
    for child in element.children { checkAttributeLimit(child) }
  }

  /// A link made from any text has no control character and no scheme but http or https.
  static func checkLink(_ bytes: [UInt8]) {
    guard let href = SafeLink.href(String(decoding: bytes.prefix(4_096), as: UTF8.self)) else { return }
    precondition(!href.unicodeScalars.contains { $0.value < 0x21 || $0.value == 0x7F }, "a link with a control")
    if let colon = href.firstIndex(of: ":"), !href[..<colon].contains(where: { "/?#".contains($0) }) {
      precondition(["http", "https"].contains(href[..<colon].lowercased()), "a link with another scheme")
    }
  }

  static func render(_ assessment: Assessment) {
    _ = ReportXML.document(assessment)
    _ = ReportMarkdown.render(assessment, templates: templates, chartFile: "chart.svg")
    _ = ReportChart.svg(assessment)
  }
}
