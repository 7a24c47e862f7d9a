import ArgumentParser
import CandorKit
import CandorXML

struct Import: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Turn a spreadsheet of answers (CSV or .xlsx) into a vendor response.",
    discussion: """
      Reads a CSV file (RFC 4180, UTF-8 with or without a byte-order mark, CR LF or LF; fields separated by \
      commas, semicolons or tabs, told from the header row) or the first worksheet of an .xlsx workbook, told \
      apart by content, and writes a response document (urn:candor:response:1) to --out. Start from 'candor \
      template --format csv'.

      The first row is the header; headers match case-insensitively, in any order. Columns:
        Question ID           required: the question's id
        Answer                required: an option, in any case (Yes, No,
                              NA and N/A too); a number within the
                              question's range (a percentage as 95%, 95 %
                              or 0.95); or text
        Owner                 vendor, customer, shared or third-party, or
                              the CAIQ's CSP-owned, CSC-owned, Shared CSP
                              and CSC, 3rd-party outsourced (empty: the
                              control's owner)
        Comment               free text, at most 20,000 characters
        Evidence Reference    the evidence's file name or document reference
        Evidence Kind         document, policy, attestation, certification,
                              audit-report, test-report, log-sample,
                              configuration, contract, demonstration, other
        Evidence Origin       vendor or independent
        Evidence SHA-256      64 hexadecimal digits
        Valid Until           YYYY-MM-DD (or a date cell in an .xlsx)
        Evidence Description  what the evidence is
        Control, Question, Allowed Answers, Evidence Expected: informational

      Other columns are ignored, with one warning naming them all; so is a column without a header, with a \
      warning of its own. A missing required header is an error naming the column. Evidence needs Evidence Reference, Kind and Origin together. A row with an empty \
      Question ID and only evidence columns adds evidence to the answer above; a row with only a Question ID \
      leaves the question unanswered; a question on two rows is an error. A number between 0 and 1 answering a \
      percentage is read as a fraction (0.95 is 95), with a warning.

      Every bad cell is reported as 'file:row:column: error: message' with what was expected, all at once (a \
      problem that repeats down a column once, with the other rows), and nothing is written unless every row is \
      valid. The response is checked against response.xsd and the questionnaire before it is written, \
      atomically; an existing file at --out is replaced only with --force.

      Limits: files of at most --max-bytes (16 MiB); at most --max-rows (10,000) rows below the header and 64 \
      columns. In an .xlsx, each XML part may expand to at most 16 MiB and all parts read to at most 32 MiB, \
      checked against the ZIP directory before extracting and again while extracting (a ZIP bomb is refused); a \
      DOCTYPE in any part is refused, and each part is held to --max-depth, --max-attributes, --max-namespaces, \
      and to 500,000 elements and attributes (or --max-elements and --max-total-attributes when lower); these \
      also hold for the questionnaire. Two archive entries with one name, two cells with one reference, rows out \
      of order and a number of more than 24 digits are errors.

      Exit status: 0 written; 2 invalid input or usage (nothing written).

      \(HelpText.limits)
      """)

  @Argument(help: "The CSV or .xlsx file of answers.", completion: .file(extensions: ["csv", "xlsx"]))
  var file: String

  @Option(help: "The questionnaire (default: the bundled aiops-governance 1.1.0).")
  var questionnaire: String?

  @OptionGroup var vendorOptions: VendorOptions

  @Option(help: "The response file to write.")
  var out: String

  @Flag(help: "Replace the file --out names when it exists.")
  var force = false

  @OptionGroup(title: "Limits", visibility: .hidden) var limits: ImportLimitOptions

  func run() throws {
    let configuration = ImportConfiguration(
      input: file, questionnaire: questionnaire, vendor: vendorOptions.resolvedVendor,
      submitted: vendorOptions.submissionDate, output: out, limits: limits.importLimits,
      xmlLimits: limits.xml.limits(maxBytes: XMLLimits.default.maxBytes), force: force)
    let outcome: ImportOutcome
    do {
      outcome = try ResponseImport.run(configuration)
    } catch {
      Terminal.report(error.diagnostics)
      throw ExitCode(2)
    }
    Terminal.report(outcome.warnings)
    let answered = outcome.response.answers.filter { $0.value != .none }.count
    var line = "Wrote \(outcome.written): \(answered) answer\(answered == 1 ? "" : "s") for \(vendorOptions.vendor)"
    if !outcome.unanswered.isEmpty {
      let count = outcome.unanswered.count
      let shown = outcome.unanswered.prefix(10).joined(separator: ", ")
      line += "; \(count) question\(count == 1 ? "" : "s") unanswered: \(shown)" + (count > 10 ? ", …" : ".")
    } else {
      line += "."
    }
    Terminal.output(line)
  }
}

/// The limits of `import`: the size of the answers file (--max-bytes, as every command calls it) and its rows.
struct ImportLimitOptions: ParsableArguments {
  @Option(help: "The largest answers file accepted, in bytes.")
  var maxBytes: Int = ImportLimits.default.maxFileBytes

  @Option(help: "The most rows accepted below the header.")
  var maxRows: Int = ImportLimits.default.maxRows

  @OptionGroup var xml: XMLStructureOptions

  func validate() throws {
    guard maxBytes > 0 else { throw ValidationError("--max-bytes must be positive") }
    guard maxRows > 0 else { throw ValidationError("--max-rows must be positive") }
  }

  var importLimits: ImportLimits {
    var limits = ImportLimits.default
    limits.maxFileBytes = maxBytes
    limits.maxRows = maxRows
    limits.xml = xml.limits(maxBytes: limits.maxPartBytes)
    return limits
  }
}
