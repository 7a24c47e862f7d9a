import ArgumentParser
import CandorKit
import CandorXML
import Foundation

/// The options `assess` and `compare` share.
struct RunOptions: ParsableArguments {
  @Argument(help: "Vendor response files, or folders of them.", completion: .file(extensions: ["xml"]))
  var responses: [String]

  @Option(help: "The questionnaire (default: the bundled aiops-governance 1.1.0).")
  var questionnaire: String?

  @Option(parsing: .upToNextOption, help: "Incident files, or folders of them (one or more).")
  var incidents: [String] = []

  @Option(help: "Assess as of this date, YYYY-MM-DD (default: each response's submission date).")
  var asOf: String?

  @Option(help: "The folder to write reports to.")
  var out: String = "reports"

  @Option(help: "Report formats, comma-separated: \(ReportFormat.names).")
  var format: String = ReportFormat.allCases.filter(ReportFormat.defaults.contains).map(\.rawValue).joined(
    separator: ",")

  @Option(help: "A folder of Mustache templates replacing the bundled ones (report.md.mustache, …).")
  var templates: String?

  @Option(help: "A folder with the evidence files the responses reference: each is hashed and checked.")
  var evidenceDir: String?

  @Option(help: "A policy file: every vendor must meet its requirements (exit 1 otherwise).")
  var policy: String?

  @Option(help: "Exit 1 when a vendor's rating is this or worse.")
  var failOn: Rating?

  @Flag(help: "Write the reports of the valid vendors even when others are invalid (exit status 2 all the same).")
  var keepGoing = false

  @Flag(help: "Print nothing but errors (no summary, no progress).")
  var quiet = false

  @Flag(help: "Replace the files of an earlier run in --out (its candor-run.xml lists them).")
  var force = false

  @OptionGroup(title: "Limits", visibility: .hidden) var limits: RunLimitOptions

  func validate() throws {
    if let asOf, CalendarDate(asOf) == nil {
      throw ValidationError("--as-of must be a date as YYYY-MM-DD, not \"\(asOf)\"")
    }
    if case .failure(let error) = ReportFormat.parseList(format) {
      throw ValidationError(error.diagnostics.map(\.message).joined(separator: "; "))
    }
  }

  /// The configuration of a run of `command`.
  func configuration(_ command: String) -> RunConfiguration {
    RunConfiguration(
      responses: responses,
      questionnaire: questionnaire,
      incidents: incidents,
      asOf: asOf.flatMap(CalendarDate.init),
      outputDirectory: out,
      formats: (try? ReportFormat.parseList(format).get()) ?? ReportFormat.defaults,
      templatesDirectory: templates,
      evidenceDirectory: evidenceDir,
      evidenceLimits: EvidenceLimits(maxFileBytes: limits.maxEvidenceBytes),
      policy: policy,
      limits: limits.xml.xmlLimits,
      responseLimits: ResponseLimits(
        maxAnswers: limits.maxAnswers, maxEvidencePerAnswer: limits.maxEvidencePerAnswer,
        maxEvidence: limits.maxEvidence),
      maxIncidents: limits.maxIncidents,
      keepGoing: keepGoing,
      force: force,
      record: RunClock.record(command))
  }
}

/// The limits of `assess` and `compare`: the XML limits of every command, how many answers, pieces of evidence and
/// incidents, and how large an evidence file.
struct RunLimitOptions: ParsableArguments {
  @Option(help: "The most answers one response may have.")
  var maxAnswers: Int = ResponseLimits.default.maxAnswers

  @Option(help: "The most pieces of evidence one answer may have.")
  var maxEvidencePerAnswer: Int = ResponseLimits.default.maxEvidencePerAnswer

  @Option(help: "The most pieces of evidence one response may have.")
  var maxEvidence: Int = ResponseLimits.default.maxEvidence

  @Option(help: "The largest evidence file hashed (with --evidence-dir), in bytes; a larger one is refused unread.")
  var maxEvidenceBytes: Int = EvidenceLimits.default.maxFileBytes

  @Option(help: "The most incidents one incident file may have.")
  var maxIncidents: Int = RunLimits.defaultMaxIncidents

  @OptionGroup var xml: LimitOptions

  func validate() throws {
    guard maxAnswers > 0, maxIncidents > 0, maxEvidencePerAnswer > 0, maxEvidence > 0, maxEvidenceBytes > 0 else {
      throw ValidationError(
        "--max-answers, --max-incidents, --max-evidence-per-answer, --max-evidence and --max-evidence-bytes must be "
          + "positive")
    }
  }
}

/// Runs `assess` or `compare` with the shared reporting: progress, summary lines, exit status.
enum RunCommand {
  static func execute(
    _ command: String, _ options: RunOptions, numbered: Bool,
    _ body: (RunConfiguration, RunProgress?) throws(InputError) -> RunOutcome
  ) throws {
    let progress = options.quiet ? nil : Progress.onStandardError()
    let outcome: RunOutcome
    do {
      outcome = try body(options.configuration(command), progress?.report)
      progress?.finish()
    } catch {
      progress?.finish()
      Terminal.report(error.diagnostics)
      throw ExitCode(2)
    }
    // --quiet: the problems, without the notes on files skipped.
    Terminal.report(options.quiet ? outcome.diagnostics.filter { $0.severity != .note } : outcome.diagnostics)
    if !options.quiet {
      for (index, vendor) in outcome.vendors.enumerated() {
        Terminal.output((numbered ? "\(index + 1). " : "") + Summary.line(vendor))
      }
      Terminal.output(
        "Reports written to \(options.out)/ (\(outcome.written.count) files, listed with their SHA-256 in "
          + "\((options.out as NSString).appendingPathComponent(RunManifest.fileName))).")
    }
    if outcome.incomplete {
      Terminal.error("Some vendors were left out because their input is invalid (see above).")
      throw ExitCode(2)
    }
    // Exit status 1 always says why, even with --quiet: one line per failing vendor.
    let failures = outcome.gateFailures(failOn: options.failOn)
    if !failures.isEmpty {
      for failure in failures { Terminal.error(Summary.failure(failure)) }
      throw ExitCode(1)
    }
  }
}
