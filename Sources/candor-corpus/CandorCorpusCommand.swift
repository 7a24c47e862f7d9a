import ArgumentParser
import CandorCorpus
import CandorKit
import CandorXML

/// `candor-corpus`: writes a deterministic synthetic corpus of vendor responses and incidents for benchmarks.
@main
struct CandorCorpusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "candor-corpus",
    abstract: "Write a deterministic synthetic corpus: vendor responses and incident files, from a seed.",
    discussion: """
      Writes OUT/responses/response-vendor-NNNNN.xml (one per vendor, valid against the questionnaire) and
      OUT/incidents/incidents-KKK.xml (at most 1,000 incidents each). The same seed always gives the same bytes.
      The vendors and incidents are invented; every incident is marked fictional.
      """)

  @Option(help: "How many vendor responses to write.")
  var vendors: Int

  @Option(help: "How many incidents to write, spread over the vendors.")
  var incidents: Int = 0

  @Option(help: "The seed (an unsigned 64-bit integer).")
  var seed: UInt64 = 1

  @Option(help: "The folder to write into (created if needed).")
  var out: String

  @Option(help: "The questionnaire the responses answer (default: the bundled aiops-governance 1.1.0).")
  var questionnaire: String?

  func validate() throws {
    guard vendors >= 0, incidents >= 0 else { throw ValidationError("--vendors and --incidents must not be negative") }
  }

  func run() throws {
    let source: SourceText
    do {
      source =
        try questionnaire.map { path throws(InputError) in try InputFiles.read(path) }
        ?? BundledResources.source(BundledResources.defaultQuestionnairePath)!
    } catch {
      throw ValidationError(error.description)
    }
    let loaded: Questionnaire
    do {
      loaded = try InputLoader.questionnaire(source).0
    } catch {
      throw ValidationError("the questionnaire is invalid:\n\(error.description)")
    }
    let generator = CorpusGenerator(questionnaire: loaded, seed: seed)
    let written = try CorpusWriter.write(generator, vendors: vendors, incidents: incidents, to: out)
    print("Wrote \(written.count) files to \(out)/ (\(vendors) responses, \(incidents) incidents, seed \(seed)).")
  }
}
