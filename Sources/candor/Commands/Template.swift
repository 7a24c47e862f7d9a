import ArgumentParser
import CandorKit

struct Template: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "template",
    abstract: "Write a blank response form for a vendor to fill in, as XML or CSV.",
    discussion: """
      The form lists every question of the questionnaire with its options (or its unit and range), whether \
      evidence is required or recommended, and which evidence the buyer expects.

      --format xml (the default) writes a response document for the vendor: an XML comment before each \
      <answer question="…"/> says what to fill in. The blank form is valid; an answer left without a value \
      counts as unanswered, and 'candor validate' warns about each one so that open questions are easy to find. \
      Set <submitted> (default: today, or --submitted) to the date the response is sent back.

      --format csv writes a spreadsheet for 'candor import', one row per question, with these columns (the first \
      five tell the vendor what to answer; import ignores Control, Question, Allowed Answers and Evidence \
      Expected):
        Question ID           the question's id; keep it as it is
        Control               the control the question belongs to
        Question              the question and its guidance
        Allowed Answers       the options, or the unit and range, or free text
        Evidence Expected     required, recommended or none, and which
        Answer                an option (any case; Yes, No, NA, N/A too),
                              a number (a percentage as 95% or 0.95), or
                              text
        Owner                 vendor, customer, shared or third-party
                              (empty: the control's owner)
        Comment               free text
        Evidence Reference    the evidence's file name or document reference
        Evidence Kind         document, policy, attestation, certification,
                              audit-report, test-report, log-sample,
                              configuration, contract, demonstration, other
        Evidence Origin       vendor (self-attested) or independent
        Evidence SHA-256      optional: 64 hexadecimal digits
        Valid Until           optional: YYYY-MM-DD
        Evidence Description  optional: what the evidence is

      A row with an empty Question ID and only evidence columns adds another piece of evidence to the row above. \
      Columns of your own may be added (import ignores them, with a warning). The file is UTF-8 with a byte-order \
      mark and CR LF line ends; open it in a spreadsheet program, fill it in, and save it as CSV (commas, \
      semicolons or tabs) or .xlsx.

      Without --out the form is printed on standard output; with --out it is written atomically, and an existing \
      file there (a response already filled in, say) is replaced only with --force.

      Exit status: 0 written; 2 invalid input or usage (an invalid vendor id, a questionnaire that does not load; \
      nothing written).

      \(HelpText.limits)
      """)

  @Option(help: "The questionnaire (default: the bundled aiops-governance 1.1.0).")
  var questionnaire: String?

  @OptionGroup var vendorOptions: VendorOptions

  @Option(help: "The form: a response document, or a spreadsheet for 'candor import'.")
  var format: FormConfiguration.Format = .xml

  @Option(help: "The file to write (default: standard output).")
  var out: String?

  @Flag(help: "Replace the file --out names when it exists (a filled-in response, say).")
  var force = false

  @OptionGroup(title: "Limits", visibility: .hidden) var limits: LimitOptions

  func run() throws {
    let configuration = FormConfiguration(
      questionnaire: questionnaire, vendor: vendorOptions.resolvedVendor, submitted: vendorOptions.submissionDate,
      format: format, output: out, xmlLimits: limits.xmlLimits, force: force)
    let result: (form: String, written: String?)
    do {
      result = try FormRun.run(configuration)
    } catch {
      Terminal.report(error.diagnostics)
      throw ExitCode(2)
    }
    if let written = result.written {
      Terminal.error("Wrote the \(format.rawValue) form for \(vendorOptions.vendor) to \(written).")
    } else {
      Terminal.write(result.form)
    }
  }
}
