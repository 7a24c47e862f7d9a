import CandorXML

/// `candor demo`: the bundled example vendors and incidents, assessed and compared.
public enum Demo {
  /// The bundled example responses and incident files.
  public static func sources() -> (questionnaire: SourceText, responses: [SourceText], incidents: [SourceText]) {
    let examples = BundledResources.paths(under: "Examples").filter { !$0.dropFirst("Examples/".count).contains("/") }
    let responses = examples.filter { $0.hasPrefix("Examples/response-") }.compactMap(BundledResources.source)
    let incidents = examples.filter { $0.hasPrefix("Examples/incidents") }.compactMap(BundledResources.source)
    return (BundledResources.defaultQuestionnaire, responses, incidents)
  }

  /// The example policy the demo applies.
  public static let policyPath = "Examples/policy-production.xml"

  /// Assesses and compares the examples into `outputDirectory`, with the example policy. An earlier demo's files
  /// there are replaced; another run's only with `force`.
  public static func run(
    outputDirectory: String, formats: Set<ReportFormat> = ReportFormat.defaults, force: Bool = false,
    record: RunRecord = RunRecord(command: "demo")
  ) throws(InputError) -> (RunOutcome, Comparison) {
    var record = record
    record.command = "demo"
    var configuration = RunConfiguration(
      responses: [], outputDirectory: outputDirectory, formats: formats, force: force, record: record)
    configuration.sources = sources()
    configuration.policySource = BundledResources.source(policyPath)
    return try CompareRun.run(configuration)
  }
}
