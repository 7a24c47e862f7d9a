import CandorXML
import Foundation

/// Everything `candor assess` and `candor compare` need, resolved from the command line.
public struct RunConfiguration: Sendable {
  /// Response files (folders already expanded).
  public var responses: [String]
  /// The questionnaire file; nil for the bundled default.
  public var questionnaire: String?
  public var incidents: [String]
  public var asOf: CalendarDate?
  public var outputDirectory: String
  public var formats: Set<ReportFormat>
  /// A folder of Mustache templates replacing the bundled ones.
  public var templatesDirectory: String?
  /// A folder holding the evidence files the responses reference.
  public var evidenceDirectory: String?
  /// A policy file (`assess` and `compare`).
  public var policy: String?
  public var limits: XMLLimits

  public init(
    responses: [String], questionnaire: String? = nil, incidents: [String] = [], asOf: CalendarDate? = nil,
    outputDirectory: String = "reports", formats: Set<ReportFormat> = [.md, .xml, .svg],
    templatesDirectory: String? = nil, evidenceDirectory: String? = nil, policy: String? = nil,
    limits: XMLLimits = .default
  ) {
    self.responses = responses
    self.questionnaire = questionnaire
    self.incidents = incidents
    self.asOf = asOf
    self.outputDirectory = outputDirectory
    self.formats = formats
    self.templatesDirectory = templatesDirectory
    self.evidenceDirectory = evidenceDirectory
    self.policy = policy
    self.limits = limits
  }
}

/// The outcome of a run, for the command line's summary and exit status.
public struct RunOutcome: Sendable {
  public var assessments: [Assessment]
  public var verdicts: [String: PolicyVerdict]
  /// The files written, in order.
  public var written: [String]
  public var warnings: [Diagnostic]
}

/// Runs an assessment of one or more vendors: load and check every input, assess, render every report in
/// memory, then write them all at once (nothing is written when any input is invalid).
public enum AssessRun {
  /// Loads the inputs named by `configuration`.
  public static func load(_ configuration: RunConfiguration) throws(InputError) -> LoadedInputs {
    var diagnostics = Diagnostics()
    func read(_ path: String) -> SourceText? {
      do {
        return try InputFiles.read(path, maxBytes: configuration.limits.maxBytes)
      } catch {
        diagnostics.append(contentsOf: error.diagnostics)
        return nil
      }
    }
    let questionnaire: SourceText?
    if let path = configuration.questionnaire {
      questionnaire = read(path)
    } else {
      questionnaire = BundledResources.source(BundledResources.defaultQuestionnairePath)
    }
    let responses = configuration.responses.compactMap(read)
    let incidents = configuration.incidents.compactMap(read)
    try diagnostics.throwIfErrors()
    guard let questionnaire else { throw InputError(diagnostics.all) }
    if responses.isEmpty {
      throw InputError(at: .init(file: "RESPONSE", line: 0, column: 0), "no response file to assess")
    }
    return try InputLoader.load(
      questionnaire: questionnaire, responses: responses, incidents: incidents, limits: configuration.limits)
  }

  /// Assesses every loaded response.
  public static func assess(_ inputs: LoadedInputs, _ configuration: RunConfiguration) -> [Assessment] {
    let incidentsByVendor = Dictionary(grouping: inputs.incidents, by: \.vendor)
    return parallelMap(inputs.responses) { response in
      let evidence =
        configuration.evidenceDirectory.map {
          EvidenceVerifier.check(response, evidenceDirectory: $0)
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
    let stem = assessment.vendor.id
    var files: [ReportFileWriter.File] = []
    let chartFile = formats.contains(.svg) ? "\(stem).chart.svg" : nil
    if formats.contains(.md) {
      files.append(
        .init(
          name: "\(stem).report.md",
          content: ReportMarkdown.render(assessment, templates: templates, chartFile: chartFile, policy: policy)))
    }
    if formats.contains(.xml) {
      files.append(.init(name: "\(stem).report.xml", content: ReportXML.document(assessment, policy: policy)))
    }
    if let chartFile { files.append(.init(name: chartFile, content: ReportChart.svg(assessment))) }
    return files
  }

  /// Runs `candor assess`: every vendor's reports, written together.
  public static func run(_ configuration: RunConfiguration) throws(InputError) -> RunOutcome {
    let templates =
      try configuration.templatesDirectory.map { path throws(InputError) in
        try ReportTemplates.load(directory: path)
      } ?? ReportTemplates.bundled()
    let policy = try configuration.policy.map { path throws(InputError) in
      try PolicyLoader.load(path, limits: configuration.limits)
    }
    let inputs = try load(configuration)
    if let policy, let path = configuration.policy {
      let problems = PolicyLoader.check(policy, against: inputs.questionnaire, file: path)
      if !problems.isEmpty { throw InputError(problems) }
    }
    let assessments = assess(inputs, configuration)
    var verdicts: [String: PolicyVerdict] = [:]
    var files: [ReportFileWriter.File] = []
    for assessment in assessments {
      let verdict = policy.map { PolicyEvaluator.evaluate($0, assessment) }
      verdicts[assessment.vendor.id] = verdict
      files += reportFiles(assessment, formats: configuration.formats, templates: templates, policy: verdict)
    }
    let written = try ReportFileWriter.write(files, to: configuration.outputDirectory)
    return RunOutcome(assessments: assessments, verdicts: verdicts, written: written, warnings: inputs.warnings)
  }
}
