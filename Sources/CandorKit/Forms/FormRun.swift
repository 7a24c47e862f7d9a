import CandorXML
import Foundation

/// Everything `candor template` needs, resolved from the command line.
public struct FormConfiguration: Sendable {
  /// The formats of a blank form.
  public enum Format: String, Sendable, CaseIterable {
    /// A response document with a comment before each answer.
    case xml
    /// A CSV spreadsheet with the import columns.
    case csv
  }

  /// The questionnaire file; nil for the bundled default.
  public var questionnaire: String?
  public var vendor: Vendor
  /// The submission date written into the XML form.
  public var submitted: CalendarDate
  public var format: Format
  /// The file to write; nil to return the form only (the command prints it).
  public var output: String?
  public var xmlLimits: XMLLimits
  /// Replace an existing file at `output`.
  public var force: Bool

  public init(
    questionnaire: String? = nil, vendor: Vendor, submitted: CalendarDate, format: Format, output: String? = nil,
    xmlLimits: XMLLimits = .default, force: Bool = false
  ) {
    self.questionnaire = questionnaire
    self.vendor = vendor
    self.submitted = submitted
    self.format = format
    self.output = output
    self.xmlLimits = xmlLimits
    self.force = force
  }
}

/// `candor template`: a blank response form for one vendor.
public enum FormRun {
  /// Writes the form to the configuration's output (atomically), or only returns it.
  ///
  /// - Returns: the form's text and the path written, if any.
  /// - Throws: ``InputError`` for an invalid vendor id or name, a questionnaire that does not load, or an output
  ///   that exists (without `force`).
  public static func run(_ configuration: FormConfiguration) throws(InputError) -> (form: String, written: String?) {
    try ExistingOutput.refuse([configuration.output].compactMap { $0 }, force: configuration.force)
    var problems = Diagnostics()
    if let problem = Vendor.problem(withID: configuration.vendor.id) {
      problems.error(SourceLocation(file: "--vendor", line: 0, column: 0), problem)
    }
    if let problem = Vendor.problem(withName: configuration.vendor.name) {
      problems.error(SourceLocation(file: "--vendor-name", line: 0, column: 0), problem)
    }
    try problems.throwIfErrors()
    let source = try InputFiles.questionnaire(configuration.questionnaire, maxBytes: configuration.xmlLimits.maxBytes)
    let (questionnaire, _) = try InputLoader.questionnaire(source, limits: configuration.xmlLimits)
    let form =
      switch configuration.format {
      case .xml: ResponseForm.xml(questionnaire, vendor: configuration.vendor, submitted: configuration.submitted)
      case .csv: ResponseForm.csv(questionnaire)
      }
    guard let output = configuration.output else { return (form, nil) }
    let directory = (output as NSString).deletingLastPathComponent
    try ReportFileWriter.write(
      [ReportFileWriter.File(name: (output as NSString).lastPathComponent, content: form)],
      to: directory.isEmpty ? "." : directory)
    return (form, output)
  }
}
