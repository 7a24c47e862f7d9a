import CandorForms
import CandorKit
import CandorXML

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

  /// Smaller limits than the defaults, so that the fuzzer spends its time on structure, not size.
  static let limits = XMLLimits(maxBytes: 1 << 20, maxDepth: 64, maxElements: 100_000)

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
      _ = DocumentPeek.peek(bytes: Array(bytes.prefix(65_536)))
      guard let document = try? ParsedDocument.parse(source, limits: limits) else { return }
      _ = document.root()
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
      guard let (response, problems) = try? InputLoader.response(source, questionnaire: questionnaire, limits: limits),
        !problems.contains(where: { $0.severity == .error })
      else { return }
      render(Assessor.assess(response, questionnaire: questionnaire, incidents: []))
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
          submitted: CalendarDate(year: 2026, month: 10, day: 1)!, outputName: "fuzz-response.xml")
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

  static func render(_ assessment: Assessment) {
    _ = ReportXML.document(assessment)
    _ = ReportMarkdown.render(assessment, templates: templates, chartFile: "chart.svg")
    _ = ReportChart.svg(assessment)
  }
}
