import ArgumentParser
import CandorKit

struct Compare: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Compare vendors: one report each, plus a ranking, a domain-by-vendor matrix and policy verdicts.",
    discussion: """
      Writes each vendor's reports (as assess does) and comparison.md, comparison.xml (a <comparison> of
      <report>s) and comparison.svg into --out. Vendors are ranked by verified score, then rating, then say-do
      gap. With --policy, each vendor's verdict is shown requirement by requirement.

      Nothing is written when any input is invalid (exit status 2). Exit status 1 when a vendor fails --policy or
      is rated at or worse than --fail-on.
      """)

  @OptionGroup var options: RunOptions

  func run() throws {
    let outcome: RunOutcome
    do {
      outcome = try CompareRun.run(options.configuration()).0
    } catch {
      Terminal.report(error.diagnostics)
      throw ExitCode(2)
    }
    Terminal.report(outcome.warnings)
    if !options.quiet {
      for (index, assessment) in outcome.assessments.enumerated() {
        Terminal.output("\(index + 1). " + Summary.line(assessment, verdict: outcome.verdicts[assessment.vendor.id]))
      }
      Terminal.output("Reports and comparison written to \(options.out)/ (\(outcome.written.count) files).")
    }
    if outcome.failsGate(options.failOn) { throw ExitCode(1) }
  }
}
