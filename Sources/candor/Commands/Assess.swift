import ArgumentParser
import CandorKit

struct Assess: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "assess",
    abstract: "Assess vendors: scores, contradictions, transparency, rating and follow-ups, as reports.",
    discussion: """
      Writes, for each vendor, <vendor>.report.html and .report.md (for people), <vendor>.report.xml (for tools), \
      <vendor>.chart.svg and <vendor>.followups.csv (and with --format oscal, <vendor>.oscal-ar.xml and .json) into \
      --out, and prints a line per vendor. A folder among the responses is read for its response files; the other \
      files in it are skipped, each named with the reason.

      Nothing is written when any input is invalid: every problem is printed as file:line:column and the exit \
      status is 2. Exit status 1 when a vendor's rating is at or worse than --fail-on, or a vendor fails --policy; \
      standard error then names, for each such vendor, the rating or the policy requirements that failed.

      \(HelpText.limits)
      """)

  @OptionGroup var options: RunOptions

  func run() throws {
    try RunCommand.execute("assess", options, numbered: false) { (configuration, progress) throws(InputError) in
      try AssessRun.run(configuration, progress: progress)
    }
  }
}

/// One line per vendor for the terminal, in the counts' vocabulary.
enum Summary {
  /// Why a vendor makes the run exit 1, for standard error.
  static func failure(_ failure: GateFailure) -> String { "candor: \(failure)" }

  static func line(_ a: VendorSummary) -> String {
    let percent: (Double?) -> String = { $0.map(Format.percent) ?? "n/a" }
    let gated = a.gatedControls.count
    var parts = [
      "\(a.vendor.id): \(a.ratingText)",
      "claimed \(percent(a.claimed)), verified \(percent(a.verified)), say-do gap \(percent(a.sayDoGap)), "
        + "transparency \(percent(a.transparency))",
      "\(a.completeness.text)",
      a.contradictionText,
      "\(gated) gated control\(gated == 1 ? "" : "s")",
    ]
    if let verdict = a.verdict { parts.append("policy \(verdict.policyID): \(verdict.passed ? "passed" : "FAILED")") }
    return parts.joined(separator: "; ")
  }
}
