import CandorXML
import Foundation

/// A folder of one feed's snapshots over time, so that silent edits are seen: each fetch's content is stored once
/// under its SHA-256 (`objects/<sha256>`), and `snapshots.tsv` lists every fetch — when, the HTTP status, the
/// content's SHA-256 and size, and the ETag and Last-Modified the server gave (for the next conditional request).
///
/// ```
/// # candor snapshot store 1
/// vendor	github
/// feed	https://www.githubstatus.com/history.atom
/// fetch	2026-08-22T03:45:00Z	200	<sha256>	97186	"etag"	Sat, 22 Aug 2026 03:43:56 GMT
/// fetch	2026-08-22T09:45:00Z	304	<sha256>	97186	"etag"	-
/// ```
///
/// Files are written to a temporary name and renamed, so the store is never left half-written.
public struct SnapshotStore: Sendable {
  public let directory: String

  /// One fetch.
  public struct Fetch: Sendable, Hashable {
    public var at: Timestamp
    public var status: Int
    public var sha256: String
    public var bytes: Int
    public var etag: String?
    public var lastModified: String?
  }

  /// The store's manifest.
  public struct Manifest: Sendable {
    public var vendor: String
    public var feed: String
    public var fetches: [Fetch]
  }

  public init(directory: String) {
    self.directory = directory
  }

  var manifestPath: String { (directory as NSString).appendingPathComponent("snapshots.tsv") }

  func objectPath(_ sha256: String) -> String {
    ((directory as NSString).appendingPathComponent("objects") as NSString).appendingPathComponent(sha256)
  }

  /// The manifest, or nil when the folder has none yet.
  ///
  /// - Throws: ``InputError`` at the line and column of anything it does not understand.
  public func manifest() throws(InputError) -> Manifest? {
    guard FileManager.default.fileExists(atPath: manifestPath) else { return nil }
    let source = try InputFiles.read(manifestPath, maxBytes: 64 << 20)
    guard let text = String(validating: source.bytes, as: UTF8.self) else {
      throw InputError(at: SourceLocation(file: manifestPath, line: 1, column: 1), "the manifest is not UTF-8")
    }
    var vendor: String?
    var feed: String?
    var fetches: [Fetch] = []
    var diagnostics = Diagnostics()
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let number = index + 1
      func at(_ column: Int) -> SourceLocation { SourceLocation(file: manifestPath, line: number, column: column) }
      if line.isEmpty || line.hasPrefix("#") { continue }
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      switch fields[0] {
      case "vendor" where fields.count == 2: vendor = fields[1]
      case "feed" where fields.count == 2: feed = fields[1]
      case "fetch" where fields.count == 7:
        guard let time = Timestamp(fields[1]) else {
          diagnostics.error(at(7), "expected the fetch time as 2026-08-22T03:45:00Z, found \"\(fields[1])\"")
          continue
        }
        guard let status = Int(fields[2]), status == 200 || status == 304 else {
          diagnostics.error(at(8 + fields[1].count), "expected the HTTP status 200 or 304, found \"\(fields[2])\"")
          continue
        }
        guard fields[3].count == 64, fields[3].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
          diagnostics.error(at(9 + fields[1].count + fields[2].count), "expected a SHA-256 in lower-case hex")
          continue
        }
        fetches.append(
          Fetch(
            at: time, status: status, sha256: fields[3], bytes: Int(fields[4]) ?? 0,
            etag: fields[5] == "-" ? nil : fields[5], lastModified: fields[6] == "-" ? nil : fields[6]))
      default:
        diagnostics.error(at(1), "expected a line 'vendor', 'feed' or 'fetch' with its tab-separated fields")
      }
    }
    try diagnostics.throwIfErrors()
    guard let vendor, let feed else {
      throw InputError(
        at: SourceLocation(file: manifestPath, line: 1, column: 1), "the manifest names no vendor or no feed")
    }
    return Manifest(vendor: vendor, feed: feed, fetches: fetches)
  }

  /// Every fetch's content read as a snapshot, in the order fetched; each snapshot's `fetched` is the fetch time
  /// (a 304 is the previous content seen again at that time).
  ///
  /// - Throws: ``InputError`` for a missing or altered object (its SHA-256 is checked) or content that does not read.
  public func snapshots(as kind: FeedKind? = nil, limits: FeedLimits = .default) throws(InputError) -> [FeedSnapshot] {
    guard let manifest = try manifest() else {
      throw InputError(
        at: SourceLocation(file: directory, line: 0, column: 0), "not a snapshot store: no snapshots.tsv in it")
    }
    var cache: [String: FeedSnapshot] = [:]
    var result: [FeedSnapshot] = []
    for fetch in manifest.fetches.sorted(by: { $0.at < $1.at }) {
      if var cached = cache[fetch.sha256] {
        cached.fetched = fetch.at
        result.append(cached)
        continue
      }
      let path = objectPath(fetch.sha256)
      let source = try InputFiles.read(path, maxBytes: limits.maxBytes)
      guard Digest.sha256(source.bytes) == fetch.sha256 else {
        throw InputError(
          at: SourceLocation(file: path, line: 0, column: 0),
          "the stored snapshot's SHA-256 is not \(fetch.sha256): the store was altered")
      }
      var snapshot = try FeedReader.read(source, as: kind, limits: limits)
      snapshot.fetched = fetch.at
      cache[fetch.sha256] = snapshot
      result.append(snapshot)
    }
    return result
  }

  /// Records a fetch: `content` (for a 200) is checked to read as a status record first, then stored under its
  /// SHA-256; the manifest is rewritten with the new line. Nothing is written when anything fails.
  ///
  /// - Throws: ``InputError`` when the store belongs to another vendor or feed, the content does not read, or a
  ///   file cannot be written.
  @discardableResult
  public func record(
    _ fetched: FetchedFeed, at time: Timestamp, vendor: String, feed: String, name: String,
    limits: FeedLimits = .default
  ) throws(InputError) -> Fetch {
    let existing = try manifest()
    let location = SourceLocation(file: directory, line: 0, column: 0)
    if let existing, existing.vendor != vendor || existing.feed != feed {
      throw InputError(
        at: location,
        "this store holds \(existing.feed) for vendor \(existing.vendor), not \(feed) for \(vendor); use another --store"
      )
    }
    let fetch: Fetch
    if fetched.status == 304 {
      guard let previous = existing?.fetches.last else {
        throw InputError(at: location, "HTTP 304 (unchanged) but the store has no earlier snapshot")
      }
      fetch = Fetch(
        at: time, status: 304, sha256: previous.sha256, bytes: previous.bytes, etag: fetched.etag ?? previous.etag,
        lastModified: fetched.lastModified ?? previous.lastModified)
    } else {
      let snapshot = try FeedReader.read(SourceText(name: name, bytes: fetched.bytes), limits: limits)
      guard snapshot.kind.isStatusRecord else {
        throw InputError(
          at: SourceLocation(file: name, line: 0, column: 0),
          "a snapshot store keeps a vendor's status record (a Statuspage or Google Cloud feed), not \(snapshot.kind.rawValue)"
        )
      }
      let sha256 = Digest.sha256(fetched.bytes)
      fetch = Fetch(
        at: time, status: 200, sha256: sha256, bytes: fetched.bytes.count, etag: fetched.etag,
        lastModified: fetched.lastModified)
      let objects = (directory as NSString).appendingPathComponent("objects")
      if !FileManager.default.fileExists(atPath: objectPath(sha256)) {
        try ReportFileWriter.write([ReportFileWriter.File(name: sha256, bytes: fetched.bytes)], to: objects)
      }
    }
    var lines = ["# candor snapshot store 1", "vendor\t\(clean(vendor))", "feed\t\(clean(feed))"]
    for each in (existing?.fetches ?? []) + [fetch] {
      lines.append(
        [
          "fetch", each.at.text, String(each.status), each.sha256, String(each.bytes), clean(each.etag ?? "-"),
          clean(each.lastModified ?? "-"),
        ].joined(separator: "\t"))
    }
    try ReportFileWriter.write(
      [ReportFileWriter.File(name: "snapshots.tsv", content: lines.joined(separator: "\n") + "\n")], to: directory)
    return fetch
  }

  /// A field value without tabs or line breaks.
  private func clean(_ value: String) -> String {
    let cleaned = String(value.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    return cleaned.isEmpty ? "-" : cleaned
  }
}

/// `candor incidents snapshot`: fetches a feed (or reads a file) and records it in a snapshot store.
public enum FeedSnapshotRun {
  /// What a snapshot run did.
  public struct Outcome: Sendable {
    public var fetch: SnapshotStore.Fetch
    /// Whether the content differs from the previous snapshot's.
    public var changed: Bool
    public var snapshots: Int
  }

  /// Fetches `feed` (an https URL, with `transfer`, which applies ``FeedFetcher/refusal(_:)``; or a file path) at
  /// `time` and records it in `store` for `vendor`; a URL is fetched conditionally on the previous fetch's ETag and
  /// Last-Modified.
  ///
  /// - Throws: ``InputError``; then the store is unchanged.
  public static func run(
    feed: String, vendor: String, store: String, at time: Timestamp, limits: FeedLimits = .default,
    fetchLimits: FetchLimits = .default, transfer: FeedFetcher.Transfer
  ) async throws(InputError) -> Outcome {
    if let problem = Vendor.problem(withID: vendor) {
      throw InputError(at: SourceLocation(file: "--vendor", line: 0, column: 0), problem)
    }
    let snapshotStore = SnapshotStore(directory: store)
    let previous = try snapshotStore.manifest()?.fetches.last
    let fetched: FetchedFeed
    if feed.contains("://") {
      guard let url = URL(string: feed) else {
        throw InputError(at: SourceLocation(file: feed, line: 0, column: 0), "not a valid URL")
      }
      fetched = try await transfer(url, previous?.etag, previous?.lastModified, fetchLimits)
    } else {
      let source = try InputFiles.read(feed, maxBytes: limits.maxBytes)
      fetched = FetchedFeed(status: 200, bytes: source.bytes, etag: nil, lastModified: nil)
    }
    let fetch = try snapshotStore.record(fetched, at: time, vendor: vendor, feed: feed, name: feed, limits: limits)
    let count = try snapshotStore.manifest()?.fetches.count ?? 1
    return Outcome(fetch: fetch, changed: fetch.sha256 != previous?.sha256, snapshots: count)
  }
}
