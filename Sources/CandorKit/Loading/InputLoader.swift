import CandorXML
import Dispatch

/// One input file of a run, for the report's manifest.
public struct InputManifestEntry: Sendable, Hashable {
  /// The file's name as given (for bundled files, `<bundled>/path`).
  public var file: String
  public var kind: DocumentKind
  /// The SHA-256 of the file's bytes, lower-case hex.
  public var sha256: String
}

/// Everything an assessment needs, read, validated and cross-checked.
public struct LoadedInputs: Sendable {
  public var questionnaire: Questionnaire
  public var responses: [Response]
  public var incidents: [Incident]
  /// The questionnaire, then the responses, then the incident files, as given.
  public var manifest: [InputManifestEntry]
  /// Warnings found while loading (errors are thrown).
  public var warnings: [Diagnostic]
}

/// Loads a questionnaire, responses and incident files: parse, schema, semantics and cross-checks, with every
/// problem of every file reported at once. Files are parsed in parallel.
public enum InputLoader {
  /// The bundled framework reference data.
  public static let bundledCatalog: FrameworkCatalog = {
    let frameworks = BundledResources.paths(under: "Questionnaires/frameworks").compactMap { path -> Framework? in
      guard let source = BundledResources.source(path) else { return nil }
      return try? DocumentReader.read(source, expecting: .frameworks, limits: .default) {
        root, _ throws(InputError) in FrameworkReader.read(root).0
      }
    }
    return FrameworkCatalog(frameworks: frameworks)
  }()

  /// The shipped questionnaire, read once with the default limits (what a run without `--questionnaire` reads), its
  /// warnings, and the report plan every run on it makes.
  static let shippedQuestionnaire: Result<(Questionnaire, [Diagnostic], ReportPlan), InputError> = Result {
    () throws(InputError) in
    let (shipped, warnings) = try InputLoader.questionnaire(BundledResources.defaultQuestionnaire, limits: .default)
    return (shipped, warnings, ReportPlan(questionnaire: shipped))
  }

  /// Starts reading the shipped questionnaire (with the framework catalog it is checked against, and its report
  /// plan) on another core, for a command that will most likely need it: `candor assess` calls it before its
  /// arguments are parsed, which takes as long (a few milliseconds each). A run that needs it waits for it; one that
  /// does not has spent a core's idle time.
  public static func prepareShippedQuestionnaire() {
    DispatchQueue.global(qos: .userInitiated).async { _ = shippedQuestionnaire }
  }

  /// Reads a questionnaire.
  ///
  /// - Throws: ``InputError`` with every error (and the warnings) found.
  public static func questionnaire(
    _ source: SourceText, catalog: FrameworkCatalog? = bundledCatalog, limits: XMLLimits = .default
  ) throws(InputError) -> (Questionnaire, [Diagnostic]) {
    let (questionnaire, schemaDiagnostics, semantic) = try DocumentReader.read(
      source, expecting: .questionnaire, limits: limits
    ) { root, schemaDiagnostics throws(InputError) in
      let (questionnaire, semantic) = QuestionnaireReader.read(root, catalog: catalog)
      return (questionnaire, schemaDiagnostics, semantic)
    }
    var diagnostics = Diagnostics()
    diagnostics.append(contentsOf: schemaDiagnostics + semantic)
    try diagnostics.throwIfErrors()
    return (questionnaire, diagnostics.sorted)
  }

  /// Reads one response and checks it against `questionnaire`: every problem as a diagnostic (errors and warnings).
  ///
  /// - Throws: ``InputError`` when the response cannot be parsed at all, or has more answers or evidence than
  ///   `content` allows.
  public static func response(
    _ source: SourceText, questionnaire: Questionnaire, limits: XMLLimits = .default,
    content: ResponseLimits = .default
  ) throws(InputError) -> (Response, [Diagnostic]) {
    try response(
      source, questionnaire: questionnaire, index: questionnaire.questionIndex(), limits: limits, content: content)
  }

  /// ``response(_:questionnaire:limits:content:)`` with the questionnaire's question index worked out once.
  static func response(
    _ source: SourceText, questionnaire: Questionnaire, index: [String: (question: Question, control: Control)],
    limits: XMLLimits, content: ResponseLimits
  ) throws(InputError) -> (Response, [Diagnostic]) {
    try DocumentReader.read(source, expecting: .response, limits: limits) {
      root, schemaDiagnostics throws(InputError) in
      try content.check(root)
      let (response, semantic) = ResponseReader.read(root)
      let cross = ResponseReader.check(response, against: questionnaire, root: root, index: index)
      return (response, schemaDiagnostics + semantic + cross)
    }
  }

  /// Reads one incident file, checking behaviours against `questionnaire`.
  ///
  /// - Throws: ``InputError`` when the file cannot be parsed at all or has too many incidents.
  public static func incidents(
    _ source: SourceText, questionnaire: Questionnaire?, limits: XMLLimits = .default,
    maxIncidents: Int = RunLimits.defaultMaxIncidents, descriptions: Bool = true
  ) throws(InputError) -> ([Incident], [Diagnostic]) {
    try DocumentReader.read(source, expecting: .incidents, limits: limits) {
      root, schemaDiagnostics throws(InputError) in
      let elements = root.children(named: "incident")
      if elements.count > maxIncidents {
        throw InputError(
          at: elements[maxIncidents].location,
          "more than \(maxIncidents) incidents; the limit is \(maxIncidents) (see --max-incidents)")
      }
      let (items, semantic) = IncidentsReader.read(
        root, file: source.name, questionnaire: questionnaire, descriptions: descriptions)
      return (items, schemaDiagnostics + semantic)
    }
  }

  /// Reads the questionnaire, the responses and the incident files; checks each response against the
  /// questionnaire and each finding's behaviours against its vocabulary.
  ///
  /// - Throws: ``InputError`` with every error (and warning) of every file, when any file has an error.
  public static func load(
    questionnaire questionnaireSource: SourceText, responses: [SourceText], incidents: [SourceText],
    catalog: FrameworkCatalog? = bundledCatalog, limits: XMLLimits = .default
  ) throws(InputError) -> LoadedInputs {
    let (questionnaire, questionnaireWarnings) = try self.questionnaire(
      questionnaireSource, catalog: catalog, limits: limits)
    let loadedResponses = parallelMap(responses) { source in
      Result { () throws(InputError) in try response(source, questionnaire: questionnaire, limits: limits) }
    }
    let loadedIncidents = parallelMap(incidents) { source in
      Result { () throws(InputError) in try self.incidents(source, questionnaire: questionnaire, limits: limits) }
    }
    var diagnostics = Diagnostics()
    diagnostics.append(contentsOf: questionnaireWarnings)
    var loaded: [Response] = []
    for result in loadedResponses {
      switch result {
      case .success(let (response, found)):
        loaded.append(response)
        diagnostics.append(contentsOf: found)
      case .failure(let error): diagnostics.append(contentsOf: error.diagnostics)
      }
    }
    var allIncidents: [Incident] = []
    for result in loadedIncidents {
      switch result {
      case .success(let (items, found)):
        allIncidents += items
        diagnostics.append(contentsOf: found)
      case .failure(let error): diagnostics.append(contentsOf: error.diagnostics)
      }
    }
    checkVendors(loaded, into: &diagnostics)
    checkIncidentIDs(allIncidents, count: allIncidents.count, into: &diagnostics)
    try diagnostics.throwIfErrors()
    let manifest =
      [
        InputManifestEntry(
          file: questionnaireSource.name, kind: .questionnaire, sha256: Digest.sha256(questionnaireSource.bytes))
      ]
      + responses.map { InputManifestEntry(file: $0.name, kind: .response, sha256: Digest.sha256($0.bytes)) }
      + incidents.map { InputManifestEntry(file: $0.name, kind: .incidents, sha256: Digest.sha256($0.bytes)) }
    return LoadedInputs(
      questionnaire: questionnaire, responses: loaded, incidents: allIncidents, manifest: manifest,
      warnings: diagnostics.sorted)
  }

  /// Two responses for one vendor would make reports ambiguous.
  static func checkVendors(_ responses: [Response], into diagnostics: inout Diagnostics) {
    var vendors: [String: SourceLocation] = [:]
    for response in responses where !response.vendor.id.isEmpty {
      if let first = vendors[response.vendor.id] {
        diagnostics.error(
          response.location, "a second response for vendor \"\(response.vendor.id)\" (the first is \(first.file))")
      } else {
        vendors[response.vendor.id] = response.location
      }
    }
  }

  /// One incident id in two files would make reports ambiguous.
  static func checkIncidentIDs(
    _ incidents: some Sequence<Incident>, count: Int = 0, into diagnostics: inout Diagnostics
  ) {
    // The file each id is first used in, sized for `count` ids up front: a run may read 100,000 incidents, and a
    // table that grows holds its old and new storage at once, at the end of loading where memory peaks.
    var firstFile: [String: String] = [:]
    firstFile.reserveCapacity(count)
    for incident in incidents where !incident.id.isEmpty {
      if let first = firstFile[incident.id] {
        if first != incident.location.file {
          diagnostics.error(incident.location, "incident id \"\(incident.id)\" is also used in \(first)")
        }
      } else {
        firstFile[incident.id] = incident.location.file
      }
    }
  }
}

/// Maps `items` with `transform` on every core, keeping the order.
func parallelMap<T, R: Sendable>(_ items: [T], _ transform: (T) -> R) -> [R] {
  guard items.count > 1 else { return items.map(transform) }
  return withoutActuallyEscaping(transform) { transform in
    let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
    results.initialize(repeating: nil)
    defer {
      results.deinitialize()
      results.deallocate()
    }
    items.withUnsafeBufferPointer { input in
      nonisolated(unsafe) let output = results
      nonisolated(unsafe) let work = transform
      nonisolated(unsafe) let input = input
      DispatchQueue.concurrentPerform(iterations: input.count) { index in
        output[index] = work(input[index])
      }
    }
    return results.map { $0! }
  }
}
