import ArgumentParser
import CandorKit

struct Diff: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Show what changed for a vendor between two rounds of assessment.",
    discussion: """
      Compares two report.xml files of the same vendor and the same questionnaire version (as 'candor assess' \
      writes them), the older round first. Both are read with the hardened parser and validated against \
      report.xsd. Two folders of reports (two rounds' --out folders) are compared vendor by vendor: each \
      <vendor>.report.xml in both is diffed, and the files of either folder not diffed are named with the reason.

      The diff shows: the claimed and verified scores, the say-do gap and the transparency index, old, new and \
      the change; the rating; the controls that improved or regressed (verified score or status), and those \
      whose claim alone changed; gates that fired or cleared; contradictions that are new, resolved or changed \
      in confidence; follow-up questions answered (asked after the old round, gone after the new one) and new.

      Without --out the Markdown is printed on standard output (the XML with --format xml alone). With --out, \
      <vendor>.diff.md and <vendor>.diff.xml (a <diff> element, urn:candor:report:1) are written atomically; \
      existing ones are replaced only with --force.

      Exit status: 0 done; 2 invalid input or usage: a report that does not parse or validate, or two reports \
      of different vendors or different questionnaires (id or version); nothing is written.

      \(HelpText.limits)
      """)

  @Argument(
    help: "The report of the older round (<vendor>.report.xml), or the folder of its reports.",
    completion: .file(extensions: ["xml"]))
  var old: String

  @Argument(
    help: "The report of the newer round, or the folder of its reports.", completion: .file(extensions: ["xml"]))
  var new: String

  @Option(help: "The folder to write <vendor>.diff.md and <vendor>.diff.xml to (default: print the Markdown).")
  var out: String?

  @Flag(help: "Replace <vendor>.diff.md and .diff.xml when they exist in --out.")
  var force = false

  @Option(help: "Formats, comma-separated: md, xml.")
  var format: String = "md,xml"

  @Option(help: "A folder of Mustache templates replacing the bundled ones (diff.md.mustache).")
  var templates: String?

  @OptionGroup(title: "Limits", visibility: .hidden) var limits: LimitOptions

  func validate() throws {
    guard DiffConfiguration.Format.parseList(format) != nil else {
      throw ValidationError("--format must be a comma-separated list of md and xml, not \"\(format)\"")
    }
  }

  func run() throws {
    let formats = DiffConfiguration.Format.parseList(format) ?? [.md, .xml]
    let configuration = DiffConfiguration(
      old: old, new: new, outputDirectory: out, formats: formats, templatesDirectory: templates,
      limits: limits.xmlLimits, force: force)
    let outcome: DiffRun.RoundsOutcome
    do {
      outcome = try DiffRun.runRounds(configuration)
    } catch {
      Terminal.report(error.diagnostics)
      throw ExitCode(2)
    }
    Terminal.report(outcome.notes + outcome.diffs.flatMap(\.warnings))
    if out != nil {
      Terminal.output("Diff written: \(outcome.written.joined(separator: ", ")).")
      return
    }
    for (index, diff) in outcome.diffs.enumerated() {
      if let markdown = diff.markdown {
        Terminal.write((index > 0 ? "\n" : "") + markdown)
      } else if let xml = diff.xml {
        Terminal.write(xml)
      }
    }
  }
}
