import CandorXML
import Foundation

/// Everything `candor import` needs, resolved from the command line.
public struct ImportConfiguration: Sendable {
  /// The CSV or .xlsx file of answers.
  public var input: String
  /// The questionnaire file; nil for the bundled default.
  public var questionnaire: String?
  public var vendor: Vendor
  public var respondent: Respondent?
  public var submitted: CalendarDate
  /// The response file to write.
  public var output: String
  public var limits: ImportLimits
  public var xmlLimits: XMLLimits
  /// Replace an existing file at `output`.
  public var force: Bool

  public init(
    input: String, questionnaire: String? = nil, vendor: Vendor, respondent: Respondent? = nil,
    submitted: CalendarDate, output: String, limits: ImportLimits = .default, xmlLimits: XMLLimits = .default,
    force: Bool = false
  ) {
    self.input = input
    self.questionnaire = questionnaire
    self.vendor = vendor
    self.respondent = respondent
    self.submitted = submitted
    self.output = output
    self.limits = limits
    self.xmlLimits = xmlLimits
    self.force = force
  }
}

/// What an import did.
public struct ImportOutcome: Sendable {
  public var response: Response
  /// The response document written.
  public var document: String
  /// The path written.
  public var written: String
  /// The questions left unanswered, in questionnaire order.
  public var unanswered: [String]
  public var warnings: [Diagnostic]
}

/// `candor import`: a spreadsheet of answers (CSV or .xlsx) into a response document, written only when every
/// row is valid, and checked again — schema and questionnaire — before it is written.
public enum ResponseImport {
  /// The format of an answers file, told from its first bytes.
  public enum SheetFormat: String, Sendable {
    case csv
    case xlsx
  }

  /// The format of `source`: a ZIP archive is an .xlsx workbook, anything else is read as CSV.
  ///
  /// - Throws: ``InputError`` for an Excel 97-2003 workbook, or a file named .xlsx that is not a ZIP archive.
  public static func format(of source: SourceText) throws(InputError) -> SheetFormat {
    let start = SourceLocation(file: source.name, line: 0, column: 0)
    if source.bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || source.bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
      return .xlsx
    }
    if source.bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
      throw InputError(
        at: start, "an Excel 97-2003 workbook (.xls) or another OLE file; save it as .xlsx or as CSV UTF-8")
    }
    let lower = source.name.lowercased()
    if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") {
      throw InputError(at: start, "not an .xlsx workbook: the file is not a ZIP archive")
    }
    return .csv
  }

  /// The sheet in `source`, read as CSV or .xlsx according to its content. A CSV file's delimiter (comma,
  /// semicolon or tab) is told from its header row: the one that splits it into the most column names candor knows.
  public static func sheet(_ source: SourceText, limits: ImportLimits = .default) throws(InputError) -> Sheet {
    switch try format(of: source) {
    case .csv:
      let delimiter = CSVReader.delimiter(of: source) { fields in
        fields.filter { AnswerColumn.matching($0) != nil }.count
      }
      return try CSVReader.read(source, limits: limits, delimiter: delimiter)
    case .xlsx:
      return try XLSXReader.read(source, limits: limits)
    }
  }

  /// Builds the response from `source` and checks the document it makes against response.xsd and the
  /// questionnaire; `outputName` names the document in messages.
  ///
  /// - Returns: the outcome, with the document (not yet written).
  /// - Throws: ``InputError`` with every problem of the sheet.
  public static func convert(
    _ source: SourceText, questionnaire: Questionnaire, vendor: Vendor, respondent: Respondent? = nil,
    submitted: CalendarDate, outputName: String, limits: ImportLimits = .default
  ) throws(InputError) -> ImportOutcome {
    var problems = Diagnostics()
    if let problem = Vendor.problem(withID: vendor.id) {
      problems.error(SourceLocation(file: "--vendor", line: 0, column: 0), problem)
    }
    if let problem = Vendor.problem(withName: vendor.name) {
      problems.error(SourceLocation(file: "--vendor-name", line: 0, column: 0), problem)
    }
    try problems.throwIfErrors()
    let sheet = try sheet(source, limits: limits)
    let built = try ResponseBuilder.build(
      sheet, questionnaire: questionnaire, vendor: vendor, respondent: respondent, submitted: submitted,
      limits: limits)
    let name = (source.name as NSString).lastPathComponent
    let document = ResponseWriter.document(
      built.response,
      note: "Imported by \(ReportXML.generator) from \(name): \(built.response.answers.count) answers to "
        + "\(questionnaire.id) \(questionnaire.version).")
    // The builder checked every cell; this second check of the document itself is what guarantees that the file
    // written is a valid response.
    let written = SourceText(name: outputName, bytes: Array(document.utf8))
    let read = try DocumentReader.read(written, expecting: .response)
    let (response, semantic) = ResponseReader.read(read.root)
    let checked = ResponseReader.check(response, against: questionnaire, root: read.root)
    let errors = (read.schemaDiagnostics + semantic + checked).filter { $0.severity == .error }
    if !errors.isEmpty {
      // Located at the sheet's row and column, never in the document that is not written.
      let sheetLocation = SheetLocations(document: read.root, response: built.response, sheet: source.name)
      throw InputError(
        errors.map {
          Diagnostic(
            .error, at: sheetLocation.of($0.location), "the imported response would be invalid: \($0.message)")
        })
    }
    return ImportOutcome(
      response: response, document: document, written: outputName, unanswered: built.unanswered,
      warnings: built.warnings)
  }

  /// Runs `candor import`: reads the questionnaire and the sheet, converts, and writes the response atomically.
  ///
  /// - Throws: ``InputError`` with every problem found; then nothing is written.
  public static func run(_ configuration: ImportConfiguration) throws(InputError) -> ImportOutcome {
    try ExistingOutput.refuse([configuration.output], force: configuration.force)
    let questionnaireSource = try InputFiles.questionnaire(
      configuration.questionnaire, maxBytes: configuration.xmlLimits.maxBytes)
    let (questionnaire, _) = try InputLoader.questionnaire(questionnaireSource, limits: configuration.xmlLimits)
    let source = try InputFiles.read(configuration.input, maxBytes: configuration.limits.maxFileBytes)
    let outcome = try convert(
      source, questionnaire: questionnaire, vendor: configuration.vendor, respondent: configuration.respondent,
      submitted: configuration.submitted, outputName: configuration.output, limits: configuration.limits)
    let directory = (configuration.output as NSString).deletingLastPathComponent
    let name = (configuration.output as NSString).lastPathComponent
    try ReportFileWriter.write(
      [ReportFileWriter.File(name: name, content: outcome.document)], to: directory.isEmpty ? "." : directory)
    return outcome
  }
}

/// Where each part of an imported response document came from in the sheet: a problem found in the document
/// (which is never written when it has one) is reported at the row and column it was built from.
struct SheetLocations {
  /// The line of each answer and evidence element of the document, with the sheet location it was built from.
  private let places: [(line: Int, location: SourceLocation)]
  private let sheet: String

  /// The places of `document`, written from `response` (whose answers and evidence hold their cells' locations).
  init(document: Element, response: Response, sheet: String) {
    var places: [(line: Int, location: SourceLocation)] = []
    for (element, answer) in zip(document.children(named: "answer"), response.answers) {
      places.append((element.location.line, answer.location))
      for (evidenceElement, evidence) in zip(element.children(named: "evidence"), answer.evidence) {
        places.append((evidenceElement.location.line, evidence.location))
      }
    }
    self.places = places.sorted { $0.line < $1.line }
    self.sheet = sheet
  }

  /// The sheet location of a problem at `location` in the document: the answer or evidence it is in, or the
  /// sheet as a whole.
  func of(_ location: SourceLocation) -> SourceLocation {
    places.last { $0.line <= location.line }?.location ?? SourceLocation(file: sheet, line: 0, column: 0)
  }
}
