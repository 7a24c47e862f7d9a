import CandorXML
import Foundation

/// Everything `candor incidents import` needs, resolved from the command line.
public struct IncidentsImportConfiguration: Sendable {
  /// Source files: feeds, JSON payloads, CSVs.
  public var sources: [String]
  /// A snapshot store (`candor incidents snapshot`), whose snapshots are read in the order they were fetched.
  public var store: String?
  /// The incidents file to write.
  public var output: String
  /// An existing incidents file to merge into (its hand-written content is kept).
  public var into: String?
  /// The vendor of the status records.
  public var vendor: String?
  /// The vendors of the organisations an independent database names.
  public var entities: EntityMap
  /// The kind to read every source as; nil to tell each from its content.
  public var kind: FeedKind?
  public var limits: FeedLimits
  /// The present moment (read by the command line, the only part that reads the clock): a time more than a day
  /// after it is an error.
  public var now: Timestamp?

  public init(
    sources: [String], store: String? = nil, output: String, into: String? = nil, vendor: String? = nil,
    entities: EntityMap = EntityMap(), kind: FeedKind? = nil, limits: FeedLimits = .default, now: Timestamp? = nil
  ) {
    self.sources = sources
    self.store = store
    self.output = output
    self.into = into
    self.vendor = vendor
    self.entities = entities
    self.kind = kind
    self.limits = limits
    self.now = now
  }
}

/// What an import made.
public struct IncidentsImportOutcome: Sendable {
  /// The incidents document.
  public var document: String
  public var incidents: [Incident]
  /// How many incidents the sources gave, how many of them were new to `--into`, and how many the file had already.
  public var imported: Int
  public var added: Int
  /// Revisions (silent edits) and removals found.
  public var revisions: Int
  public var removed: Int
  /// What was left out, and why (scheduled maintenance; AIID incidents naming no mapped organisation).
  public var notes: [String]
  public var warnings: [Diagnostic]
}

/// `candor incidents import`: public sources into a candor incidents file, written only when every source is valid,
/// and checked again — schema and semantic checks — before it is written.
public enum IncidentsImport {
  /// Converts `snapshots` (read by ``FeedReader``), merged into `existing` when given.
  ///
  /// - Throws: ``InputError`` with every problem; then nothing is written.
  public static func convert(
    _ snapshots: [FeedSnapshot], existing: (sources: [IncidentSource], incidents: [Incident])? = nil,
    vendor: String?, entities: EntityMap, limits: FeedLimits = .default, now: Timestamp? = nil,
    outputName: String
  ) throws(InputError) -> IncidentsImportOutcome {
    var diagnostics = Diagnostics()
    var notes: [String] = []
    let status = snapshots.filter { $0.kind.isStatusRecord }
    let independent = snapshots.filter { $0.kind == .aiidJSON || $0.kind == .aiidCSV }
    if !status.isEmpty && vendor == nil {
      diagnostics.error(
        SourceLocation(file: status[0].file, line: 0, column: 0),
        "a status record is one vendor's: name the vendor with --vendor ID")
    }
    if !independent.isEmpty && entities.isEmpty {
      diagnostics.error(
        SourceLocation(file: independent[0].file, line: 0, column: 0),
        "the AI Incident Database names many organisations: map the ones to import with --entity NAME=VENDOR-ID")
    }
    try diagnostics.throwIfErrors()
    for snapshot in snapshots {
      for skipped in snapshot.skipped { notes.append("\(skipped.location): left out: \(skipped.reason)") }
    }

    var sources: [IncidentSource] = []
    var lists: [(richness: Int, incidents: [Incident])] = []
    func sourceID(_ base: String) -> String {
      // An Identifier holds at most 80 characters: room is left for "-NN".
      let base = String(base.prefix(76))
      var id = base
      var number = 2
      while sources.contains(where: { $0.id == id }) {
        id = "\(base)-\(number)"
        number += 1
      }
      return id
    }

    // Status records: one history per feed, its snapshots in time order.
    if let vendor {
      var groups: [(key: String, snapshots: [FeedSnapshot])] = []
      for snapshot in status {
        let key = "\(snapshot.kind.rawValue) \(snapshot.identity)"
        if let index = groups.firstIndex(where: { $0.key == key }) {
          groups[index].snapshots.append(snapshot)
        } else {
          groups.append((key, [snapshot]))
        }
      }
      for (_, group) in groups {
        let ordered = group.enumerated().sorted { a, b in
          let (x, y) = (a.element.fetched ?? a.element.time, b.element.fetched ?? b.element.time)
          switch (x, y) {
          case (let x?, let y?): return (x, a.offset) < (y, b.offset)
          default: return a.offset < b.offset
          }
        }.map(\.element)
        let history = try FeedHistory(ordered)
        let first = ordered[0]
        let id = sourceID("\(first.kind.rawValue)-\(vendor)")
        let times = history.snapshotTimes
        let span =
          times.count == 1
          ? "one snapshot (\(times[0]))" : "\(times.count) snapshots, \(times[0]) to \(times[times.count - 1])"
        sources.append(
          IncidentSource(
            id: id, kind: first.kind.rawValue, url: first.url, licence: nil,
            note:
              "\(first.title ?? first.kind.rawValue), the vendor's own status record: \(span). Statements quote the "
              + "vendor's updates; their cause, AI involvement and root-cause marks are derived by candor's keyword "
              + "rules (derived=\"keyword\"), not findings."))
        var incidents: [Incident] = []
        for incidentHistory in history.incidents {
          do throws(InputError) {
            incidents.append(
              try IncidentDerivation.incident(
                incidentHistory, vendor: vendor, sourceRef: id, feedTitle: first.title, limits: limits, now: now))
          } catch {
            diagnostics.append(contentsOf: error.diagnostics)
          }
        }
        lists.append((first.kind.richness, incidents))
      }
    }

    // Independent records: one finding per mapped organisation.
    var reportURLs: [Int: String] = [:]
    for snapshot in snapshots where snapshot.kind == .aiidReportsCSV {
      reportURLs.merge(snapshot.reportURLs) { first, _ in first }
    }
    var skippedRecords = 0
    for snapshot in independent {
      var seen: [String: SourceLocation] = [:]
      let id = sourceID("\(snapshot.kind.rawValue)")
      sources.append(
        IncidentSource(
          id: id, kind: snapshot.kind.rawValue, url: AIIDReader.site, licence: "CC BY-SA 4.0",
          note:
            "Incident data (titles, descriptions, classifications, entities) from the AI Incident Database "
            + "(incidentdatabase.ai, Responsible AI Collaborative), licensed under CC BY-SA 4.0 "
            + "(https://creativecommons.org/licenses/by-sa/4.0/), adapted by candor into independent findings; the "
            + "adapted material is shared under the same licence. Report texts, titles and authors are not "
            + "included: reports are cited by URL only."))
      var incidents: [Incident] = []
      for record in snapshot.independent {
        if let first = seen[record.sourceID] {
          diagnostics.error(
            record.location, "duplicate incident id \"\(record.sourceID)\" (first at line \(first.line))")
          continue
        }
        seen[record.sourceID] = record.location
        let made = IncidentDerivation.incidents(
          record, kind: snapshot.kind, entities: entities, sourceRef: id, reportURLs: reportURLs)
        if made.isEmpty { skippedRecords += 1 }
        incidents += made
      }
      lists.append((snapshot.kind.richness, incidents))
    }
    if skippedRecords > 0 {
      notes.append("\(skippedRecords) AI Incident Database incident(s) name no organisation mapped with --entity")
    }
    try diagnostics.throwIfErrors()

    let imported = IncidentMerge.combine(lists)
    var allSources = sources
    var incidents = imported
    var added = imported.count
    if let existing {
      incidents = IncidentMerge.into(existing: existing.incidents, imported: imported)
      let existingIDs = Set(existing.incidents.map(\.id))
      added = imported.filter { !existingIDs.contains($0.id) }.count
      allSources = existing.sources.map { old in sources.first { $0.id == old.id } ?? old }
      allSources += sources.filter { new in !existing.sources.contains { $0.id == new.id } }
    }
    let document = IncidentsWriter.document(
      sources: allSources, incidents: incidents,
      notes: ["Written by \(ReportXML.generator) incidents import."])
    // The derivation checked every source; this check of the document itself guarantees a valid file.
    let written = SourceText(name: outputName, bytes: Array(document.utf8))
    let read = try DocumentReader.read(written, expecting: .incidents)
    let (readIncidents, semantic) = IncidentsReader.read(read.root, file: outputName)
    let errors = (read.schemaDiagnostics + semantic).filter { $0.severity == .error }
    if !errors.isEmpty {
      throw InputError(
        errors.map { Diagnostic(.error, at: $0.location, "the imported incidents would be invalid: \($0.message)") })
    }
    return IncidentsImportOutcome(
      document: document, incidents: readIncidents, imported: imported.count, added: added,
      revisions: imported.map(\.revisions.count).reduce(0, +),
      removed: imported.filter { $0.removedFromFeed != nil }.count, notes: notes, warnings: [])
  }

  /// Runs `candor incidents import`: reads every source (and the store), converts, and writes the file atomically.
  ///
  /// - Throws: ``InputError`` with every problem found; then nothing is written.
  public static func run(_ configuration: IncidentsImportConfiguration) throws(InputError) -> IncidentsImportOutcome {
    var diagnostics = Diagnostics()
    var snapshots: [FeedSnapshot] = []
    for path in configuration.sources {
      do throws(InputError) {
        let source = try InputFiles.read(path, maxBytes: configuration.limits.maxBytes)
        snapshots.append(try FeedReader.read(source, as: configuration.kind, limits: configuration.limits))
      } catch {
        diagnostics.append(contentsOf: error.diagnostics)
      }
    }
    if let store = configuration.store {
      do throws(InputError) {
        snapshots += try SnapshotStore(directory: store).snapshots(as: configuration.kind, limits: configuration.limits)
      } catch {
        diagnostics.append(contentsOf: error.diagnostics)
      }
    }
    var existing: (sources: [IncidentSource], incidents: [Incident])?
    if let into = configuration.into {
      do throws(InputError) {
        let source = try InputFiles.read(into, maxBytes: configuration.limits.maxBytes)
        let read = try DocumentReader.read(source, expecting: .incidents, limits: configuration.limits.xml)
        let (incidents, semantic) = IncidentsReader.read(read.root, file: into)
        let errors = (read.schemaDiagnostics + semantic).filter { $0.severity == .error }
        if errors.isEmpty {
          existing = (IncidentsReader.sources(read.root), incidents)
        } else {
          diagnostics.append(contentsOf: errors)
        }
      } catch {
        diagnostics.append(contentsOf: error.diagnostics)
      }
    }
    try diagnostics.throwIfErrors()
    if snapshots.isEmpty {
      throw InputError(
        at: SourceLocation(file: configuration.store ?? "incidents import", line: 0, column: 0),
        "no source to import: give feed files, or a --store with snapshots")
    }
    let outcome = try convert(
      snapshots, existing: existing, vendor: configuration.vendor, entities: configuration.entities,
      limits: configuration.limits, now: configuration.now, outputName: configuration.output)
    let directory = (configuration.output as NSString).deletingLastPathComponent
    let name = (configuration.output as NSString).lastPathComponent
    try ReportFileWriter.write(
      [ReportFileWriter.File(name: name, content: outcome.document)], to: directory.isEmpty ? "." : directory)
    return outcome
  }
}
