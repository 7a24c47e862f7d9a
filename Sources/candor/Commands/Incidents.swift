import ArgumentParser
import CandorFetch
import CandorKit
import Foundation

struct Incidents: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "incidents",
    abstract: "Observed incidents from the public record: status pages, cloud status feeds, the AI Incident Database.",
    subcommands: [IncidentsImportCommand.self, IncidentsSnapshotCommand.self])
}

struct IncidentsImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Turn status-page feeds, cloud status feeds and AI Incident Database records into an incidents file.",
    discussion: """
      Reads each SOURCE, tells its kind from its content (or takes --from), and writes a candor incidents file \
      (urn:candor:incidents:1) to --out. Kinds:
        statuspage-atom     Atlassian Statuspage history.atom
        statuspage-rss      Atlassian Statuspage history.rss
        statuspage-json     Statuspage /api/v2/incidents.json
        google-cloud-json   Google Cloud incidents.json
        aiid-graphql        AI Incident Database incidents (GraphQL JSON)
        aiid-csv            AI Incident Database snapshot CSV (incidents.csv, a classifications CSV;
                            a reports.csv given with it supplies report URLs)

      A status record is one vendor's: name it with --vendor. The AI Incident Database names many organisations: \
      map those to import with --entity NAME=VENDOR-ID (its entity id or name, any case), or --entities FILE (one \
      NAME=VENDOR-ID a line, # for comments).

      Several files of one feed are snapshots of it, taken in the order of the feed's own updated time; --store DIR \
      reads every snapshot 'candor incidents snapshot' stored, in the order fetched. An update whose text changed \
      between snapshots becomes a <revision> with both texts and the times seen; a root cause added later dates \
      root-cause-published from the first snapshot that shows it.

      Each update becomes a <statement>; its cause, AI involvement and root-cause mark are derived by keyword \
      rules and labelled derived="keyword" with the matched words (docs/incidents.md lists the rules). --into FILE \
      merges into an existing incidents file and keeps what was written by hand (findings, statements without an \
      update id, detected). Importing the same sources again gives the same file.

      Every problem is reported as 'file:line:column: error: message' (JSON errors name the field), all at once, \
      and nothing is written unless every source is valid; the file is checked against incidents.xsd before it \
      is written, atomically.

      Exit status: 0 written; 2 invalid input or usage (nothing written).

      \(HelpText.limits)
      """)

  @Argument(help: "Source files (feeds, JSON payloads, CSVs).", completion: .file())
  var sources: [String] = []

  @Option(help: "A snapshot store written by 'candor incidents snapshot'.")
  var store: String?

  @Option(help: "The incidents file to write.")
  var out: String

  @Option(help: "An existing incidents file to merge into.")
  var into: String?

  @Option(help: "The vendor id the status records belong to.")
  var vendor: String?

  @Option(
    name: .customLong("entity"), help: "NAME=VENDOR-ID: an organisation the AI Incident Database names (repeatable).")
  var entity: [String] = []

  @Option(help: "A file of NAME=VENDOR-ID lines.")
  var entities: String?

  @Option(name: .customLong("from"), help: "The kind of every source (default: told from the content).")
  var from: FeedKind?

  @OptionGroup(title: "Limits", visibility: .hidden) var limits: FeedLimitOptions

  func validate() throws {
    guard !sources.isEmpty || store != nil else { throw ValidationError("give source files or --store DIR") }
    if let vendor, let problem = Vendor.problem(withID: vendor) { throw ValidationError("--vendor: \(problem)") }
    for pair in entity where EntityMap.pair(pair) == nil {
      throw ValidationError("--entity \(pair): expected NAME=VENDOR-ID with a valid vendor id")
    }
  }

  func run() throws {
    let limits = self.limits.feedLimits
    let outcome: IncidentsImportOutcome
    do {
      var pairs = entity.compactMap(EntityMap.pair)
      if let entities { pairs += try EntityMap.pairs(inFile: entities) }
      outcome = try IncidentsImport.run(
        IncidentsImportConfiguration(
          sources: sources, store: store, output: out, into: into, vendor: vendor, entities: EntityMap(pairs),
          kind: from, limits: limits, now: Timestamp(secondsSinceEpoch: Date().timeIntervalSince1970.rounded(.down))))
    } catch {
      Terminal.report(error.diagnostics)
      throw ExitCode(2)
    }
    for note in outcome.notes { Terminal.error("note: \(note)") }
    Terminal.output(
      "Wrote \(out): \(outcome.incidents.count) incident\(outcome.incidents.count == 1 ? "" : "s") "
        + "(\(outcome.imported) imported, \(outcome.added) new); \(outcome.revisions) revision"
        + "\(outcome.revisions == 1 ? "" : "s"), \(outcome.removed) removed from the feed.")
  }
}

struct IncidentsSnapshotCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "snapshot",
    abstract: "Fetch a status feed and keep it in a store of snapshots, so that silent edits are seen.",
    discussion: """
      Fetches FEED (an https URL; a file path is read instead) and stores the content under its SHA-256 in \
      --store, with the fetch time, the ETag and the Last-Modified the server gave. The next fetch is conditional \
      (If-None-Match, If-Modified-Since): an unchanged feed is recorded as seen again (HTTP 304). Run it on a \
      schedule, then 'candor incidents import --store DIR' reads every snapshot in time order.

      Only https is fetched (plain http only to a loopback address, for tests); a redirect is followed only under \
      the same rule and to the same scheme, at most 5 times; the transfer is cancelled past --max-bytes and fails \
      after --timeout seconds without data or --total-timeout seconds in all. A proxy named by https_proxy is used, \
      except for the hosts no_proxy lists. The content must read as a status feed before anything is stored; the store \
      is written by renaming complete files.

      Exit status: 0 stored (or unchanged); 2 invalid input, usage or a failed fetch (nothing stored).

      \(HelpText.limits)
      """)

  @Argument(help: "The feed's https URL, or a file.")
  var feed: String

  @Option(help: "The vendor id the feed belongs to.")
  var vendor: String

  @Option(help: "The store folder (created if needed).")
  var store: String

  @OptionGroup(title: "Limits", visibility: .hidden) var limits: FetchLimitOptions

  func validate() throws {
    if let problem = Vendor.problem(withID: vendor) { throw ValidationError("--vendor: \(problem)") }
  }

  func run() async throws {
    let outcome: FeedSnapshotRun.Outcome
    do {
      var feedLimits = FeedLimits.default
      feedLimits.maxBytes = limits.maxBytes
      outcome = try await FeedSnapshotRun.run(
        feed: feed, vendor: vendor, store: store,
        at: Timestamp(secondsSinceEpoch: Date().timeIntervalSince1970.rounded(.down)), limits: feedLimits,
        fetchLimits: FetchLimits(maxBytes: limits.maxBytes, timeout: limits.timeout, totalTimeout: limits.totalTimeout),
        transfer: { url, etag, lastModified, limits throws(InputError) in
          try await FeedHTTPClient.fetch(url, etag: etag, lastModified: lastModified, limits: limits)
        })
    } catch {
      Terminal.report(error.diagnostics)
      throw ExitCode(2)
    }
    Terminal.output(
      outcome.changed
        ? "Stored a new snapshot of \(feed) (\(outcome.fetch.bytes) bytes, SHA-256 \(outcome.fetch.sha256.prefix(12))…); "
          + "the store has \(outcome.snapshots) fetches."
        : "Unchanged since the last snapshot (HTTP \(outcome.fetch.status)); the store has \(outcome.snapshots) fetches."
    )
  }
}

/// The limits of `incidents import`: the size of a source and what one may hold.
struct FeedLimitOptions: ParsableArguments {
  @Option(help: "The largest source file accepted, in bytes.")
  var maxBytes: Int = FeedLimits.default.maxBytes

  @Option(help: "The most incidents one source may hold.")
  var maxIncidents: Int = FeedLimits.default.maxIncidents

  @Option(help: "The most updates one incident may have.")
  var maxUpdates: Int = FeedLimits.default.maxUpdates

  @Option(help: "The longest statement text kept, in characters (longer ones are cut and marked truncated).")
  var maxStatementCharacters: Int = FeedLimits.default.maxStatementCharacters

  func validate() throws {
    guard maxBytes > 0, maxIncidents > 0, maxUpdates > 0 else {
      throw ValidationError("--max-bytes, --max-incidents and --max-updates must be positive")
    }
    guard maxStatementCharacters >= 100, maxStatementCharacters <= 20_000 else {
      throw ValidationError("--max-statement-characters must be between 100 and 20000")
    }
  }

  var feedLimits: FeedLimits {
    var limits = FeedLimits.default
    limits.maxBytes = maxBytes
    limits.maxIncidents = maxIncidents
    limits.maxUpdates = maxUpdates
    limits.maxStatementCharacters = maxStatementCharacters
    limits.xml.maxBytes = maxBytes
    return limits
  }
}

/// The limits of `incidents snapshot`: the size of a response and how long a fetch may take.
struct FetchLimitOptions: ParsableArguments {
  @Option(help: "The largest response accepted, in bytes.")
  var maxBytes: Int = FetchLimits.default.maxBytes

  @Option(help: "Seconds without data before the fetch fails.")
  var timeout: Double = FetchLimits.default.timeout

  @Option(help: "Seconds the whole fetch may take.")
  var totalTimeout: Double = FetchLimits.default.totalTimeout

  func validate() throws {
    guard maxBytes > 0, timeout > 0, totalTimeout > 0 else {
      throw ValidationError("--max-bytes, --timeout and --total-timeout must be positive")
    }
  }
}
