import CandorXML
import Foundation

/// Everything `candor diff` needs, resolved from the command line.
public struct DiffConfiguration: Sendable {
  /// The formats a diff is written in.
  public enum Format: String, Sendable, CaseIterable, Comparable {
    case md
    case xml

    /// Parses a comma-separated list such as "md,xml".
    public static func parseList(_ text: String) -> Set<Format>? {
      var formats = Set<Format>()
      for item in text.split(separator: ",") {
        guard let format = Format(rawValue: String(item).trimmedWhitespace.lowercased()) else { return nil }
        formats.insert(format)
      }
      return formats.isEmpty ? nil : formats
    }

    public static func < (lhs: Format, rhs: Format) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  /// The report of the older round.
  public var old: String
  /// The report of the newer round.
  public var new: String
  /// The folder to write `<vendor>.diff.md` and `<vendor>.diff.xml` to; nil to return the text only.
  public var outputDirectory: String?
  public var formats: Set<Format>
  /// A folder of Mustache templates replacing the bundled ones (`diff.md.mustache`).
  public var templatesDirectory: String?
  public var limits: XMLLimits

  public init(
    old: String, new: String, outputDirectory: String? = nil, formats: Set<Format> = [.md],
    templatesDirectory: String? = nil, limits: XMLLimits = .default
  ) {
    self.old = old
    self.new = new
    self.outputDirectory = outputDirectory
    self.formats = formats
    self.templatesDirectory = templatesDirectory
    self.limits = limits
  }
}

/// What `candor diff` made.
public struct DiffOutcome: Sendable {
  public var diff: RoundDiff
  /// The Markdown, when requested.
  public var markdown: String?
  /// The XML, when requested.
  public var xml: String?
  /// The files written, when an output folder was given.
  public var written: [String]
  public var warnings: [Diagnostic]
}

/// `candor diff`: two rounds of one vendor's assessment compared.
public enum DiffRun {
  /// Compares two report sources.
  ///
  /// - Throws: ``InputError`` with every problem of both reports, or when they cannot be compared.
  public static func compare(old: SourceText, new: SourceText, limits: XMLLimits = .default) throws(InputError)
    -> RoundDiff
  {
    var problems = Diagnostics()
    var snapshots: [ReportSnapshot] = []
    for source in [old, new] {
      do {
        snapshots.append(try ReportSnapshot.read(source, limits: limits))
      } catch {
        problems.append(contentsOf: error.diagnostics)
      }
    }
    try problems.throwIfErrors()
    // The vendor id names the output files: a report that did not come from candor could hold a path.
    for snapshot in snapshots {
      if let problem = Vendor.problem(withID: snapshot.vendor.id) { problems.error(snapshot.vendorLocation, problem) }
    }
    try problems.throwIfErrors()
    return try RoundDiff.compare(snapshots[0], snapshots[1])
  }

  /// Runs `candor diff`: reads both reports, compares them, renders the formats requested and, with an output
  /// folder, writes `<vendor>.diff.md` and `<vendor>.diff.xml` atomically.
  public static func run(_ configuration: DiffConfiguration) throws(InputError) -> DiffOutcome {
    let templates =
      try configuration.templatesDirectory.map { path throws(InputError) in
        try ReportTemplates.load(directory: path)
      } ?? ReportTemplates.bundled()
    var problems = Diagnostics()
    var sources: [SourceText] = []
    for path in [configuration.old, configuration.new] {
      do {
        sources.append(try InputFiles.read(path, maxBytes: configuration.limits.maxBytes))
      } catch {
        problems.append(contentsOf: error.diagnostics)
      }
    }
    try problems.throwIfErrors()
    let diff = try compare(old: sources[0], new: sources[1], limits: configuration.limits)
    let markdown = configuration.formats.contains(.md) ? DiffReport.markdown(diff, templates: templates) : nil
    let xml = configuration.formats.contains(.xml) ? DiffReport.xml(diff) : nil
    var written: [String] = []
    if let directory = configuration.outputDirectory {
      var files: [ReportFileWriter.File] = []
      if let markdown { files.append(.init(name: "\(diff.vendor.id).diff.md", content: markdown)) }
      if let xml { files.append(.init(name: "\(diff.vendor.id).diff.xml", content: xml)) }
      written = try ReportFileWriter.write(files, to: directory)
    }
    return DiffOutcome(diff: diff, markdown: markdown, xml: xml, written: written, warnings: diff.warnings)
  }
}
