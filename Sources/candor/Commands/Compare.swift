import ArgumentParser
import CandorKit

struct Compare: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Compare vendors: one report each, plus a ranking, a domain-by-vendor matrix and policy verdicts.",
    discussion: """
      Writes each vendor's reports (as assess does) and comparison.html, comparison.md, comparison.xml (which \
      refers to each report by SHA-256) and comparison.svg into --out. Vendors are ranked by verified score, then \
      rating, then say-do gap. With --policy, each vendor's verdict is shown requirement by requirement.

      Nothing is written when any input is invalid (exit status 2). Exit status 1 when a vendor fails --policy or \
      is rated at or worse than --fail-on; standard error then names, for each such vendor, what failed.

      \(HelpText.limits)
      """)

  @OptionGroup var options: RunOptions

  func run() throws {
    try RunCommand.execute("compare", options, numbered: true) { (configuration, progress) throws(InputError) in
      try CompareRun.run(configuration, progress: progress).0
    }
  }
}
