import ArgumentParser
import CandorKit

struct Demo: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Assess and compare the bundled example vendors.",
    discussion: """
      The examples are four fictional vendors answering the bundled questionnaire (a candid one with independent \
      evidence, one whose claims are contradicted by a fictional incident modelled on a real pattern, one that \
      shifts responsibility to its customers, one with gaps and expired evidence) and an incident file with real \
      public incidents and fictional ones, each marked. They are compared with the example policy \
      Examples/policy-production.xml (agents allowed on production). The reports are written to --out; start with \
      comparison.html (or comparison.md). The demo exits 0 whatever the policy verdicts; assess and compare exit 1 \
      when a vendor fails. The demo replaces the files of an earlier demo in --out; those of another run (its \
      candor-run.xml says which) only with --force.
      """)

  @Option(help: "The folder to write the reports to.")
  var out: String = "candor-demo"

  @Option(help: "Report formats, comma-separated: \(ReportFormat.names).")
  var format: String = ReportFormat.allCases.filter(ReportFormat.defaults.contains).map(\.rawValue).joined(
    separator: ",")

  @Flag(help: "Replace the files of an earlier run (not a demo's) in --out.")
  var force = false

  func run() throws {
    let formats: Set<ReportFormat>
    switch ReportFormat.parseList(format) {
    case .success(let parsed): formats = parsed
    case .failure(let error):
      Terminal.report(error.diagnostics)
      throw ExitCode(2)
    }
    do {
      let (outcome, _) = try CandorKit.Demo.run(
        outputDirectory: out, formats: formats, force: force, record: RunClock.record("demo"))
      for (index, vendor) in outcome.vendors.enumerated() {
        Terminal.output("\(index + 1). " + Summary.line(vendor))
      }
      Terminal.output("")
      let start =
        formats.contains(.html) ? "comparison.html" : formats.contains(.md) ? "comparison.md" : "comparison.xml"
      Terminal.output("Wrote \(outcome.written.count) files to \(out)/. Start with \(out)/\(start);")
      Terminal.output(
        "each vendor has <vendor>.report.html and .md (for people), .report.xml (for tools) and .followups.csv "
          + "(to send the vendor).")
    } catch {
      Terminal.report(error.diagnostics)
      throw ExitCode(2)
    }
  }
}
