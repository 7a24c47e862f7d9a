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
  /// Replace existing `<vendor>.diff.md` and `.diff.xml` files in the output folder.
  public var force: Bool

  public init(
    old: String, new: String, outputDirectory: String? = nil, formats: Set<Format> = [.md],
    templatesDirectory: String? = nil, limits: XMLLimits = .default, force: Bool = false
  ) {
    self.old = old
    self.new = new
    self.outputDirectory = outputDirectory
    self.formats = formats
    self.templatesDirectory = templatesDirectory
    self.limits = limits
    self.force = force
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
    let templates = try templates(configuration)
    var outcome = try diff(old: configuration.old, new: configuration.new, configuration, templates: templates)
    if let directory = configuration.outputDirectory {
      outcome.written = try write(files(outcome), to: directory, force: configuration.force)
    }
    return outcome
  }

  /// What `candor diff` made of two rounds given as files, or as folders of reports.
  public struct RoundsOutcome: Sendable {
    /// One diff per vendor, in file-name order.
    public var diffs: [DiffOutcome]
    /// The files written, when an output folder was given.
    public var written: [String]
    /// Notes on the files of the folders that were skipped (a report in one round only, another kind of file).
    public var notes: [Diagnostic]
  }

  /// Runs `candor diff` on two files, or on two folders of reports (as `assess` and `compare` write them): each
  /// `<vendor>.report.xml` found in both is diffed, and the files of either folder not diffed are noted with the
  /// reason. Every diff is made before anything is written; with an output folder they are written together.
  ///
  /// - Throws: ``InputError`` with every problem of every pair, or for a file given with a folder.
  public static func runRounds(_ configuration: DiffConfiguration) throws(InputError) -> RoundsOutcome {
    let folders = [configuration.old, configuration.new].map { path -> Bool in
      var isDirectory: ObjCBool = false
      return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
    if folders == [false, false] {
      let outcome = try run(configuration)
      return RoundsOutcome(diffs: [outcome], written: outcome.written, notes: [])
    }
    guard folders == [true, true] else {
      let file = folders[0] ? configuration.new : configuration.old
      throw InputError(
        at: SourceLocation(file: file, line: 0, column: 0),
        "a file compared with a folder: give two report files (the older first), or two folders of reports")
    }
    let templates = try templates(configuration)
    let (pairs, notes) = try reportPairs(old: configuration.old, new: configuration.new)
    guard !pairs.isEmpty else {
      throw InputError(
        notes + [
          Diagnostic(
            .error, at: SourceLocation(file: configuration.new, line: 0, column: 0),
            "no <vendor>.report.xml in both \(configuration.old) and \(configuration.new) to compare")
        ])
    }
    if pairs.count > 1, configuration.outputDirectory == nil, !configuration.formats.contains(.md) {
      throw InputError(
        at: SourceLocation(file: "--format", line: 0, column: 0),
        "\(pairs.count) vendors to diff, and standard output holds one XML document: give --out DIR to write each "
          + "vendor's <vendor>.diff.xml, or --format md")
    }
    var problems = Diagnostics()
    var diffs: [DiffOutcome] = []
    for (old, new) in pairs {
      do {
        diffs.append(try diff(old: old, new: new, configuration, templates: templates))
      } catch {
        problems.append(contentsOf: error.diagnostics)
      }
    }
    try problems.throwIfErrors()
    var written: [String] = []
    if let directory = configuration.outputDirectory {
      written = try write(diffs.flatMap(files), to: directory, force: configuration.force)
    }
    return RoundsOutcome(diffs: diffs, written: written, notes: notes)
  }

  /// The reports of two rounds' folders paired by file name, and a note for each report or file not paired.
  static func reportPairs(old: String, new: String) throws(InputError) -> (
    pairs: [(old: String, new: String)], notes: [Diagnostic]
  ) {
    let rounds = [
      try InputFolders.select([old], kinds: [.report]), try InputFolders.select([new], kinds: [.report]),
    ]
    let names = rounds.map { round in
      Dictionary(round.files.map { (($0 as NSString).lastPathComponent, $0) }) { first, _ in first }
    }
    var notes = rounds.flatMap(\.skipped)
    for (index, round) in names.enumerated() {
      let other = index == 0 ? new : old
      for (name, path) in round.sorted(by: { $0.key < $1.key }) where names[1 - index][name] == nil {
        notes.append(
          Diagnostic(
            .note, at: SourceLocation(file: path, line: 0, column: 0),
            "skipped: no report of the same name in \(other), the \(index == 0 ? "newer" : "older") round"))
      }
    }
    let pairs = names[0].keys.sorted().compactMap { name in names[1][name].map { (names[0][name]!, $0) } }
    return (pairs, notes)
  }

  private static func templates(_ configuration: DiffConfiguration) throws(InputError) -> ReportTemplates {
    try configuration.templatesDirectory.map { path throws(InputError) in
      try ReportTemplates.load(directory: path)
    } ?? ReportTemplates.bundled()
  }

  /// Reads, compares and renders one pair of reports (nothing written).
  private static func diff(
    old: String, new: String, _ configuration: DiffConfiguration, templates: ReportTemplates
  ) throws(InputError) -> DiffOutcome {
    var problems = Diagnostics()
    var sources: [SourceText] = []
    for path in [old, new] {
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
    return DiffOutcome(diff: diff, markdown: markdown, xml: xml, written: [], warnings: diff.warnings)
  }

  /// Writes `files` into `directory`, refusing to replace any that exists unless `force`.
  private static func write(_ files: [ReportFileWriter.File], to directory: String, force: Bool) throws(InputError)
    -> [String]
  {
    try ExistingOutput.refuse(files.map { (directory as NSString).appendingPathComponent($0.name) }, force: force)
    return try ReportFileWriter.write(files, to: directory)
  }

  /// The files of one diff: `<vendor>.diff.md` and `<vendor>.diff.xml`, as rendered.
  private static func files(_ outcome: DiffOutcome) -> [ReportFileWriter.File] {
    var files: [ReportFileWriter.File] = []
    if let markdown = outcome.markdown {
      files.append(.init(name: "\(outcome.diff.vendor.id).diff.md", content: markdown))
    }
    if let xml = outcome.xml { files.append(.init(name: "\(outcome.diff.vendor.id).diff.xml", content: xml)) }
    return files
  }
}
