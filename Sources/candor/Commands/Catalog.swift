import ArgumentParser
import CandorKit

struct Catalog: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "catalog",
    abstract: "List the questionnaire's controls and each framework's coverage matrix.",
    discussion: """
      Prints the domains and controls, and for each framework the questionnaire maps to, a matrix of references \
      to the controls that cover them (a reference covers the ones below it: Art. 14 covers Art. 14(4)(e)), \
      followed by the framework's key references that no control covers. With --framework (its id in any case), \
      that framework only. Exit status 2 when the questionnaire is invalid or the framework unknown.

      \(HelpText.limits)
      """)

  @Option(help: "The questionnaire (default: the bundled aiops-governance 1.1.0).")
  var questionnaire: String?

  @Option(help: "Only this framework (eu-ai-act, nist-ai-rmf, iso-42001, nist-800-53, nis2, dora).")
  var framework: String?

  @Option(help: "Output format: md or xml (any case).")
  var format: String = "md"

  @Option(help: "A folder of Mustache templates replacing the bundled ones (catalog.md.mustache).")
  var templates: String?

  @OptionGroup(title: "Limits", visibility: .hidden) var limits: LimitOptions

  func validate() throws {
    guard ["md", "xml"].contains(format.lowercased()) else {
      throw ValidationError("--format must be md or xml, not \"\(format)\"")
    }
  }

  func run() throws {
    do {
      let text = try CatalogRun.run(
        questionnaire: questionnaire, framework: framework, xml: format.lowercased() == "xml", templates: templates,
        limits: limits.xmlLimits)
      Terminal.output(text)
    } catch {
      Terminal.report(error.diagnostics)
      throw ExitCode(2)
    }
  }
}
