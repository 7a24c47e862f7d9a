import CandorXML
import Dispatch
import Foundation

/// Everything `candor assess` and `candor compare` need, resolved from the command line.
public struct RunConfiguration: Sendable {
  /// Response files, or folders of them (a folder gives the responses directly inside it that answer the run's
  /// questionnaire; the other files are skipped with a note each).
  public var responses: [String]
  /// The questionnaire file; nil for the bundled default.
  public var questionnaire: String?
  /// Incident files, or folders of them.
  public var incidents: [String]
  public var asOf: CalendarDate?
  public var outputDirectory: String
  public var formats: Set<ReportFormat>
  /// A folder of Mustache templates replacing the bundled ones.
  public var templatesDirectory: String?
  /// A folder holding the evidence files the responses reference.
  public var evidenceDirectory: String?
  /// Bounds on the evidence files (their size).
  public var evidenceLimits: EvidenceLimits
  /// A policy file (`assess` and `compare`).
  public var policy: String?
  public var limits: XMLLimits
  /// The most answers and pieces of evidence one response may have.
  public var responseLimits: ResponseLimits
  /// The most incidents one file may have.
  public var maxIncidents: Int
  /// Write the reports of the valid vendors even when others are invalid (the exit status still says so).
  public var keepGoing: Bool
  /// Inputs already in memory (the demo's bundled examples), used instead of reading the paths above.
  public var sources: (questionnaire: SourceText, responses: [SourceText], incidents: [SourceText])?
  /// A policy already in memory, used instead of reading `policy`.
  public var policySource: SourceText?
  /// Replace the files of an earlier run in the output folder (its `candor-run.xml` lists them).
  public var force: Bool
  /// What the run records of itself in its manifest: the command line and the time it started.
  public var record: RunRecord

  public init(
    responses: [String], questionnaire: String? = nil, incidents: [String] = [], asOf: CalendarDate? = nil,
    outputDirectory: String = "reports", formats: Set<ReportFormat> = ReportFormat.defaults,
    templatesDirectory: String? = nil, evidenceDirectory: String? = nil, evidenceLimits: EvidenceLimits = .default,
    policy: String? = nil, limits: XMLLimits = .default, responseLimits: ResponseLimits = .default,
    maxIncidents: Int = RunLimits.defaultMaxIncidents, keepGoing: Bool = false, force: Bool = false,
    record: RunRecord = RunRecord()
  ) {
    self.responses = responses
    self.questionnaire = questionnaire
    self.incidents = incidents
    self.asOf = asOf
    self.outputDirectory = outputDirectory
    self.formats = formats
    self.templatesDirectory = templatesDirectory
    self.evidenceDirectory = evidenceDirectory
    self.evidenceLimits = evidenceLimits
    self.policy = policy
    self.limits = limits
    self.responseLimits = responseLimits
    self.maxIncidents = maxIncidents
    self.keepGoing = keepGoing
    self.force = force
    self.record = record
  }
}

/// The default limit on the number of incidents in one file.
public enum RunLimits {
  public static let defaultMaxIncidents = 100_000
}

/// The outcome of a run, for the command line's summary and exit status.
public struct RunOutcome: Sendable {
  /// The vendors assessed, in input order (ranking order for a comparison).
  public var vendors: [VendorSummary]
  /// The files written, sorted.
  public var written: [String]
  /// Warnings about the inputs, and with --keep-going the errors of the vendors left out.
  public var diagnostics: [Diagnostic]
  /// Whether some vendors were left out because their input was invalid (--keep-going).
  public var incomplete: Bool
}

/// Progress of a long run: vendors done of the total.
public typealias RunProgress = @Sendable (_ done: Int, _ total: Int) -> Void

/// Runs an assessment of one or more vendors. Every input is checked before anything is written: each vendor is
/// read, checked, assessed and rendered in parallel, its reports staged under temporary names; when every vendor
/// is valid the reports are moved into place together, otherwise they are removed (or, with --keep-going, only
/// the valid vendors' are kept).
public enum AssessRun {
  /// Assesses every loaded response (in memory; the runs below stream instead).
  public static func assess(_ inputs: LoadedInputs, _ configuration: RunConfiguration) -> [Assessment] {
    let incidentsByVendor = Dictionary(grouping: inputs.incidents, by: \.vendor)
    let hashes = EvidenceHashes()
    return parallelMap(inputs.responses) { response in
      let evidence =
        configuration.evidenceDirectory.map {
          EvidenceVerifier.check(
            response, evidenceDirectory: $0, limits: configuration.evidenceLimits, hashes: hashes)
        } ?? []
      let manifest = inputs.manifest.filter { $0.kind != .response || $0.file == response.location.file }
      return Assessor.assess(
        response, questionnaire: inputs.questionnaire, incidents: incidentsByVendor[response.vendor.id] ?? [],
        asOf: configuration.asOf, manifest: manifest, evidenceFiles: evidence)
    }
  }

  /// The report files of one assessment in the requested formats.
  public static func reportFiles(
    _ assessment: Assessment, formats: Set<ReportFormat>, templates: ReportTemplates, policy: PolicyVerdict?
  ) -> [ReportFileWriter.File] {
    reportFiles(assessment, formats: formats, templates: templates, policy: policy, plan: nil).map {
      ReportFileWriter.File(name: $0.name, bytes: $0.bytes)
    }
  }

  /// The report files of one assessment as bytes, with the run's `plan`.
  /// With `concurrently`, the formats are rendered at the same time on the cores (for a run with fewer vendors
  /// than cores, whose vendors alone would leave cores idle).
  static func reportFiles(
    _ assessment: Assessment, formats: Set<ReportFormat>, templates: ReportTemplates, policy: PolicyVerdict?,
    plan: ReportPlan?, concurrently: Bool = false
  ) -> [(name: String, bytes: [UInt8])] {
    let stem = assessment.vendor.id
    let files = VendorReport.Files(
      chart: formats.contains(.svg) ? "\(stem).chart.svg" : nil,
      followUps: formats.contains(.csv) ? "\(stem).followups.csv" : nil)
    // One renderer per file, in the order of the files, each with the place it takes when they run at the same time.
    var renderers: [(start: RenderStart, render: @Sendable () -> (name: String, bytes: [UInt8]))] = []
    // The chart, drawn once for chart.svg and the HTML report; the report document, built once for Markdown and
    // HTML; each by whichever renderer needs it first.
    let chart = SharedValue { ReportChart.svg(assessment) }
    let document = SharedValue {
      VendorReport.document(assessment, policy: policy, files: files, plan: plan, chartSVG: chart.value)
    }
    if formats.contains(.md) {
      let markdown: @Sendable () -> (name: String, bytes: [UInt8]) = {
        let text =
          templates.isUserTemplate("report.md")
          ? ReportMarkdown.render(assessment, templates: templates, files: files, policy: policy, plan: plan)
          : nil
        return ("\(stem).report.md", text.map { Array($0.utf8) } ?? MarkdownRenderer.bytes(document.value))
      }
      renderers.append((.inOrder, markdown))
    }
    if formats.contains(.html) {
      renderers.append((.inOrder, { ("\(stem).report.html", HTMLRenderer.bytes(document.value)) }))
    }
    if formats.contains(.xml) {
      renderers.append((.inOrder, { ("\(stem).report.xml", ReportXML.bytes(assessment, policy: policy, plan: plan)) }))
    }
    if let chartFile = files.chart {
      renderers.append((.inOrder, { (chartFile, Array(chart.value.utf8)) }))
    }
    if let followUps = files.followUps {
      renderers.append((.inOrder, { (followUps, Array(FollowUpPack.csv(assessment).utf8)) }))
    }
    if formats.contains(.oscal) {
      // One OSCAL tree for both documents, built by whichever renderer needs it first (the JSON one, started
      // first); the XML one starts last, by when the tree is usually ready.
      let tree = SharedValue { OSCALMapping(assessment).document() }
      renderers.append(
        (.last, { ("\(stem).oscal-ar.xml", OSCALXMLRenderer.bytes(root: OSCALMapping.rootName, tree.value)) }))
      renderers.append(
        (.first, { ("\(stem).oscal-ar.json", OSCALJSONRenderer.bytes(root: OSCALMapping.rootName, tree.value)) }))
    }
    guard concurrently else { return renderers.map { $0.render() } }
    // The longest work first, so that the cores finish together; the results in the order of the files.
    let schedule = renderers.indices.sorted { (renderers[$0].start, $0) < (renderers[$1].start, $1) }
    let results = parallelMap(schedule) { renderers[$0].render() }
    var ordered = results
    for (position, index) in schedule.enumerated() { ordered[index] = results[position] }
    return ordered
  }

  /// When a report renderer starts among the others when they run at the same time.
  private enum RenderStart: Int, Comparable {
    case first, inOrder, last

    static func < (left: RenderStart, right: RenderStart) -> Bool { left.rawValue < right.rawValue }
  }

  /// Runs `candor assess`.
  public static func run(_ configuration: RunConfiguration, progress: RunProgress? = nil) throws(InputError)
    -> RunOutcome
  {
    let (output, folder, context) = try VendorPipeline.open(configuration, command: "assess")
    let result = VendorPipeline.run(context, output: output, progress: progress)
    return try result.finish(output: output, folder: folder, keepGoing: configuration.keepGoing, extra: nil)
  }
}

/// What every vendor of a run shares: the questionnaire, the incidents indexed by vendor, the templates and the
/// policy, each read and checked once.
struct RunContext: Sendable {
  let configuration: RunConfiguration
  let questionnaire: Questionnaire
  let questionnaireEntry: InputManifestEntry
  let incidentEntries: [InputManifestEntry]
  let incidentsByVendor: IncidentsByVendor
  let templates: ReportTemplates
  /// What every vendor's report shares, worked out once.
  let plan: ReportPlan
  /// The questionnaire's questions by id, for checking each response.
  let questionIndex: [String: (question: Question, control: Control)]
  let policy: Policy?
  /// The inputs every vendor shares, for the run manifest: questionnaire, incident files, policy, templates.
  let sharedInputs: [RunManifest.Input]
  let warnings: [Diagnostic]
  /// The responses to read: in memory (the demo) or by path.
  let responses: [ResponseInput]
  /// The evidence files hashed so far, shared by every vendor.
  let evidenceHashes = EvidenceHashes()

  enum ResponseInput: Sendable {
    case path(String)
    case source(SourceText)

    var name: String {
      switch self {
      case .path(let path): path
      case .source(let source): source.name
      }
    }
  }

  init(_ configuration: RunConfiguration) throws(InputError) {
    self.configuration = configuration
    var diagnostics = Diagnostics()
    let templates: ReportTemplates
    do {
      templates =
        try configuration.templatesDirectory.map { path throws(InputError) in
          try ReportTemplates.load(directory: path)
        } ?? ReportTemplates.bundled()
    } catch {
      diagnostics.append(contentsOf: error.diagnostics)
      templates = ReportTemplates.bundled()
    }
    self.templates = templates
    // Parse a user's report template on another core while the inputs load (the bundled one is compiled in).
    if configuration.formats.contains(.md), templates.isUserTemplate("report.md") {
      templates.prepare(["report.md"])
    }
    var policy: Policy?
    do {
      if let source = configuration.policySource {
        policy = try PolicyLoader.read(source, limits: configuration.limits)
      } else if let path = configuration.policy {
        policy = try PolicyLoader.load(path, limits: configuration.limits)
      }
    } catch {
      diagnostics.append(contentsOf: error.diagnostics)
    }
    let questionnaireSource: SourceText?
    if let sources = configuration.sources {
      questionnaireSource = sources.questionnaire
    } else {
      do {
        questionnaireSource = try InputFiles.questionnaire(
          configuration.questionnaire, maxBytes: configuration.limits.maxBytes)
      } catch {
        diagnostics.append(contentsOf: error.diagnostics)
        questionnaireSource = nil
      }
    }
    if let folder = configuration.evidenceDirectory {
      var isDirectory: ObjCBool = false
      if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue {
        diagnostics.error(
          SourceLocation(file: folder, line: 0, column: 0), "the evidence folder (--evidence-dir) is not a folder")
      }
    }
    var questionnaire: Questionnaire?
    var shippedPlan: ReportPlan?
    if let questionnaireSource {
      do {
        let warnings: [Diagnostic]
        if configuration.sources == nil && configuration.questionnaire == nil && configuration.limits == .default {
          (questionnaire, warnings, shippedPlan) = try InputLoader.shippedQuestionnaire.get()
        } else {
          (questionnaire, warnings) = try InputLoader.questionnaire(questionnaireSource, limits: configuration.limits)
        }
        diagnostics.append(contentsOf: warnings)
      } catch {
        diagnostics.append(contentsOf: error.diagnostics)
      }
    }
    // Incident files are read where they are loaded, one per task, so that their bytes are not all held at once.
    let incidentInputs: [ResponseInput]
    if let sources = configuration.sources {
      incidentInputs = sources.incidents.map { .source($0) }
      responses = sources.responses.map { .source($0) }
    } else {
      // Folders give their responses (to this run's questionnaire) and incident files; the rest is skipped, each
      // file with a note saying why.
      let answering = questionnaire.map { InputFolders.QuestionnaireID(id: $0.id, version: $0.version) }
      var selected = (responses: InputFolders.Selection(), incidents: InputFolders.Selection())
      do {
        selected.responses = try InputFolders.select(
          configuration.responses, kinds: [.response], questionnaire: answering)
        selected.incidents = try InputFolders.select(configuration.incidents, kinds: [.incidents])
      } catch {
        diagnostics.append(contentsOf: error.diagnostics)
      }
      diagnostics.append(contentsOf: selected.responses.skipped + selected.incidents.skipped)
      incidentInputs = selected.incidents.files.map { .path($0) }
      responses = selected.responses.files.map { .path($0) }
    }
    if responses.isEmpty {
      diagnostics.error(
        SourceLocation(file: "RESPONSE", line: 0, column: 0),
        configuration.responses.isEmpty
          ? "no response file to assess"
          : "no response file to assess in \(Format.list(configuration.responses)) (see the files skipped above)")
    }
    if incidentInputs.isEmpty {
      diagnostics.warning(
        SourceLocation(file: "--incidents", line: 0, column: 0),
        "no incident data: the say-do comparison was not made, and every report says so; give the incidents "
          + "observed for these vendors with --incidents FILE")
    }
    /// One incident file: its manifest entry when it could be read, its incidents when it loaded, its problems.
    struct LoadedFile: Sendable {
      var entry: InputManifestEntry?
      var incidents: [Incident] = []
      var diagnostics: [Diagnostic] = []
    }
    let loaded = parallelMap(incidentInputs) { input -> LoadedFile in
      let source: SourceText
      switch input {
      case .source(let text): source = text
      case .path(let path):
        do throws(InputError) {
          source = try InputFiles.read(path, maxBytes: configuration.limits.maxBytes)
        } catch {
          return LoadedFile(entry: nil, diagnostics: error.diagnostics)
        }
      }
      var file = LoadedFile(
        entry: InputManifestEntry(file: source.name, kind: .incidents, sha256: Digest.sha256(source.bytes)))
      // Without a valid questionnaire the files are only read (to report those that cannot be).
      guard let questionnaire else { return file }
      do throws(InputError) {
        (file.incidents, file.diagnostics) = try InputLoader.incidents(
          source, questionnaire: questionnaire, limits: configuration.limits, maxIncidents: configuration.maxIncidents,
          descriptions: false)
      } catch {
        file.diagnostics = error.diagnostics
      }
      return file
    }
    for file in loaded { diagnostics.append(contentsOf: file.diagnostics) }
    if let questionnaire {
      InputLoader.checkIncidentIDs(
        loaded.lazy.flatMap { $0.incidents }, count: loaded.reduce(0) { $0 + $1.incidents.count }, into: &diagnostics)
      if let policy {
        let file = configuration.policySource?.name ?? configuration.policy ?? "policy"
        diagnostics.append(contentsOf: PolicyLoader.check(policy, against: questionnaire, file: file))
      }
    }
    try diagnostics.throwIfErrors()
    guard let questionnaire, let questionnaireSource else { throw InputError(diagnostics.sorted) }
    self.questionnaire = questionnaire
    self.plan = shippedPlan ?? ReportPlan(questionnaire: questionnaire)
    self.questionIndex = questionnaire.questionIndex()
    self.policy = policy
    var shared: [RunManifest.Input] = []
    if let source = configuration.policySource {
      shared.append(RunManifest.Input(role: "policy", file: source.name, sha256: Digest.sha256(source.bytes)))
    } else if let path = configuration.policy {
      shared += RunManifest.Input.file(path, role: "policy")
    }
    if let directory = configuration.templatesDirectory {
      for name in ReportTemplates.names where templates.isUserTemplate(name) {
        shared += RunManifest.Input.file(
          (directory as NSString).appendingPathComponent("\(name).mustache"), role: "template")
      }
    }
    questionnaireEntry = InputManifestEntry(
      file: questionnaireSource.name, kind: .questionnaire, sha256: Digest.sha256(questionnaireSource.bytes))
    incidentEntries = loaded.compactMap { $0.entry }
    sharedInputs =
      [RunManifest.Input(questionnaireEntry)] + incidentEntries.map(RunManifest.Input.init) + shared
    incidentsByVendor = IncidentsByVendor(files: loaded.map(\.incidents))
    warnings = diagnostics.sorted
  }
}

/// A run's incidents by vendor, each vendor's handed out once: when a vendor is taken, its incidents are released
/// from the index (their texts, statements and findings; the index keeps a small placeholder), so that a run does
/// not hold every incident to its end (at 10,000 vendors they are most of its memory). The incidents stay in the
/// lists their files were read into, indexed by position, instead of being copied into one list per vendor: the
/// copy would hold a second array of every incident at the end of loading, where the run's memory peaks. A second
/// response for the same vendor gets none; the run refuses such a pair anyway (``VendorPipeline/Results``), and
/// with --keep-going drops both.
final class IncidentsByVendor: @unchecked Sendable {
  private let lock = NSLock()
  /// Each file's incidents, in file order; a taken incident is replaced by ``released``.
  private var files: [[Incident]]
  /// Where each vendor's incidents are, in file order.
  private var places: [String: [Place]] = [:]

  private struct Place {
    var file: Int
    var index: Int
  }

  /// What a taken incident leaves in its file's list: nothing that holds memory.
  private static let released = Incident(
    id: "", vendor: "", severity: .low, fictional: false, title: "", description: nil,
    timeline: Timeline(started: Timestamp(secondsSinceEpoch: 0)), statements: [], findings: [],
    location: SourceLocation(file: "", line: 0, column: 0), file: "")

  init(files: [[Incident]]) {
    self.files = files
    for (file, incidents) in files.enumerated() {
      for (index, incident) in incidents.enumerated() {
        places[incident.vendor, default: []].append(Place(file: file, index: index))
      }
    }
  }

  /// The incidents of `vendor`, in file order, released from the index.
  func take(_ vendor: String) -> [Incident] {
    lock.lock()
    defer { lock.unlock() }
    guard let places = places.removeValue(forKey: vendor) else { return [] }
    return places.map { place in
      defer { files[place.file][place.index] = Self.released }
      return files[place.file][place.index]
    }
  }
}

/// Reads, checks, assesses and renders each vendor, in parallel, staging its reports.
enum VendorPipeline {
  /// One vendor's result.
  struct VendorResult: Sendable {
    var summary: VendorSummary?
    var diagnostics: [Diagnostic]
    /// The report files staged for the vendor (final names).
    var files: [String]
    /// The vendor's inputs for the run manifest: its response and the evidence files checked.
    var inputs: [RunManifest.Input] = []
  }

  struct Results: Sendable {
    var vendors: [VendorResult]
    var context: RunContext

    /// The input-order summaries of the valid vendors.
    var summaries: [VendorSummary] { vendors.compactMap(\.summary) }

    /// Every problem, sorted; plus a duplicate-vendor check in input order.
    var diagnostics: [Diagnostic] {
      var all = Diagnostics()
      all.append(contentsOf: context.warnings)
      for vendor in vendors { all.append(contentsOf: vendor.diagnostics) }
      for problem in duplicateVendorProblems { all.append(contentsOf: [problem]) }
      return all.sorted
    }

    var duplicateVendorProblems: [Diagnostic] {
      var seen: [String: String] = [:]
      var problems: [Diagnostic] = []
      for (index, vendor) in vendors.enumerated() {
        guard let summary = vendor.summary else { continue }
        let file = context.responses[index].name
        if let first = seen[summary.vendor.id] {
          problems.append(
            Diagnostic(
              .error, at: SourceLocation(file: file, line: 1, column: 1),
              "a second response for vendor \"\(summary.vendor.id)\" (the first is \(first))"))
        } else {
          seen[summary.vendor.id] = file
        }
      }
      return problems
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Moves the staged reports into place, or removes them when an input was invalid (unless `keepGoing`, which
    /// keeps the valid vendors' reports and marks the outcome incomplete); `extra` stages the run's other files and
    /// returns them. The run's manifest is written with the reports, replacing an earlier run's (``RunFolder``).
    func finish(
      output: StagedOutput, folder: RunFolder, keepGoing: Bool,
      extra: ((StagedOutput, [VendorSummary]) throws(InputError) -> [ReportFileReference])?
    )
      throws(InputError) -> RunOutcome
    {
      let diagnostics = self.diagnostics
      let failed = diagnostics.contains { $0.severity == .error }
      if failed && !keepGoing {
        output.discard()
        throw InputError(diagnostics)
      }
      var summaries = self.summaries
      if failed {
        // Keep going: drop every vendor that has an error, and a duplicated vendor altogether.
        let duplicated = Set(
          duplicateVendorProblems.compactMap { problem in
            summaries.first { problem.message.contains("\"\($0.vendor.id)\"") }?.vendor.id
          })
        let dropped = vendors.filter { vendor in
          vendor.summary == nil || duplicated.contains(vendor.summary!.vendor.id)
        }
        output.discard(names: Set(dropped.flatMap(\.files)))
        summaries.removeAll { duplicated.contains($0.vendor.id) }
        if summaries.isEmpty {
          output.discard()
          throw InputError(diagnostics)
        }
      }
      var outputs = summaries.flatMap(\.files)
      do {
        outputs += try extra?(output, summaries) ?? []
        try folder.checkReplacements(outputs.map(\.name))
      } catch {
        output.discard()
        throw error
      }
      let configuration = context.configuration
      var inputs = context.sharedInputs + vendors.flatMap(\.inputs)
      var seen = Set<RunManifest.Input>()
      inputs.removeAll { !seen.insert($0).inserted }
      let manifest = RunManifest(
        command: configuration.record.command ?? folder.command, time: configuration.record.time,
        arguments: configuration.record.arguments, inputs: inputs, outputs: outputs, complete: !failed)
      let written = try folder.commit(output, manifest: manifest)
      return RunOutcome(vendors: summaries, written: written, diagnostics: diagnostics, incomplete: failed)
    }
  }

  /// Locks the run's output folder, then looks at what is in it and reads the inputs: only the run that holds the
  /// folder does either. On a failure the folder is released (and removed when this run created it).
  static func open(_ configuration: RunConfiguration, command: String) throws(InputError)
    -> (output: StagedOutput, folder: RunFolder, context: RunContext)
  {
    let output = try StagedOutput(directory: configuration.outputDirectory)
    do {
      return (output, try RunFolder(configuration, command: command), try RunContext(configuration))
    } catch {
      output.discard()
      throw error
    }
  }

  static func run(_ context: RunContext, output: StagedOutput, progress: RunProgress?) -> Results {
    let total = context.responses.count
    let counter = ProgressCounter(total: total, progress: progress)
    let vendors = parallelMap(context.responses) { input -> VendorResult in
      defer { counter.advance() }
      return process(input, context: context, output: output)
    }
    // Every vendor's incidents are released by now (``IncidentsByVendor``), in small pieces spread over the heap:
    // give their pages back before the run's own files are built (comparison.xml of 10,000 vendors is 21 MB), so
    // that those do not come on top of memory nothing uses any more.
    FreedMemory.giveBack()
    return Results(vendors: vendors, context: context)
  }

  static func process(_ input: RunContext.ResponseInput, context: RunContext, output: StagedOutput) -> VendorResult {
    let configuration = context.configuration
    do {
      let source: SourceText
      switch input {
      case .path(let path): source = try InputFiles.read(path, maxBytes: configuration.limits.maxBytes)
      case .source(let text): source = text
      }
      let (response, problems) = try InputLoader.response(
        source, questionnaire: context.questionnaire, index: context.questionIndex, limits: configuration.limits,
        content: configuration.responseLimits)
      if problems.contains(where: { $0.severity == .error }) {
        return VendorResult(summary: nil, diagnostics: problems, files: [])
      }
      let evidence =
        configuration.evidenceDirectory.map {
          EvidenceVerifier.check(
            response, evidenceDirectory: $0, limits: configuration.evidenceLimits, hashes: context.evidenceHashes)
        } ?? []
      let manifest =
        [context.questionnaireEntry]
        + [InputManifestEntry(file: source.name, kind: .response, sha256: Digest.sha256(source.bytes))]
        + context.incidentEntries
      let assessment = Assessor.assess(
        response, questionnaire: context.questionnaire, incidents: context.incidentsByVendor.take(response.vendor.id),
        asOf: configuration.asOf, manifest: manifest, evidenceFiles: evidence)
      let verdict = context.policy.map { PolicyEvaluator.evaluate($0, assessment) }
      var names: [String] = []
      var summary = VendorSummary(assessment, verdict: verdict)
      for file in AssessRun.reportFiles(
        assessment, formats: configuration.formats, templates: context.templates, policy: verdict, plan: context.plan,
        concurrently: context.responses.count < ProcessInfo.processInfo.activeProcessorCount)
      {
        try output.stage(file.name, bytes: file.bytes)
        names.append(file.name)
        summary.files.append(
          ReportFileReference(
            name: file.name, mediaType: ReportFileReference.mediaType(of: file.name),
            sha256: Digest.sha256(file.bytes)))
      }
      let inputs =
        [RunManifest.Input(role: "response", file: source.name, sha256: manifest[1].sha256)]
        + evidence.compactMap { check in
          check.actualSHA256.map { digest in
            RunManifest.Input(
              role: "evidence",
              file: ((configuration.evidenceDirectory ?? "") as NSString).appendingPathComponent(check.reference),
              sha256: digest)
          }
        }
      return VendorResult(summary: summary, diagnostics: problems, files: names, inputs: inputs)
    } catch {
      return VendorResult(summary: nil, diagnostics: error.diagnostics, files: [])
    }
  }
}

/// Memory the run freed, given back to the system.
enum FreedMemory {
  /// Returns the free pages of the C library's heap to the system: glibc's `malloc_trim`, looked up at run time
  /// (Swift's Glibc module leaves out malloc.h); nothing where there is no such function.
  static func giveBack() {
    #if os(Linux)
      typealias Trim = @convention(c) (Int) -> Int32
      if let trim = dlsym(nil, "malloc_trim") { _ = unsafeBitCast(trim, to: Trim.self)(0) }
    #endif
  }
}

/// Counts vendors done and reports progress at most every 1 % (and at the end).
final class ProgressCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var done = 0
  private let total: Int
  private let progress: RunProgress?
  private let step: Int

  init(total: Int, progress: RunProgress?) {
    self.total = total
    self.progress = progress
    step = max(1, total / 100)
  }

  func advance() {
    guard let progress else { return }
    lock.lock()
    done += 1
    let current = done
    lock.unlock()
    if current % step == 0 || current == total { progress(current, total) }
  }
}
