import CandorXML
import Foundation

/// What one fetch of a feed returned.
public struct FetchedFeed: Sendable {
  /// 200 with new content, or 304 when the server says the content is unchanged.
  public var status: Int
  public var bytes: [UInt8]
  public var etag: String?
  public var lastModified: String?

  public init(status: Int, bytes: [UInt8], etag: String?, lastModified: String?) {
    self.status = status
    self.bytes = bytes
    self.etag = etag
    self.lastModified = lastModified
  }
}

/// Bounds and rules of a fetch.
public struct FetchLimits: Sendable, Hashable {
  /// The most bytes accepted; the transfer is cancelled past it. Default 64 MiB.
  public var maxBytes: Int
  /// Seconds without data before the request fails. Default 30.
  public var timeout: Double
  /// Seconds the whole transfer may take. Default 120.
  public var totalTimeout: Double

  public static let `default` = FetchLimits(maxBytes: 64 << 20, timeout: 30, totalTimeout: 120)

  public init(maxBytes: Int, timeout: Double, totalTimeout: Double) {
    self.maxBytes = maxBytes
    self.timeout = timeout
    self.totalTimeout = totalTimeout
  }
}

/// The rules of a fetch: which URLs may be fetched (HTTPS only — plain HTTP only to a loopback address, 127.0.0.0/8,
/// ::1 or localhost, for tests), applied to the URL asked for and to every redirect. The transfer itself is
/// `CandorFetch`'s `FeedHTTPClient` (it brings SwiftNIO, which CandorKit and the fuzz harness do without).
public enum FeedFetcher {
  /// Fetches a URL, conditionally on the previous fetch's ETag and Last-Modified, within limits.
  public typealias Transfer =
    @Sendable (_ url: URL, _ etag: String?, _ lastModified: String?, _ limits: FetchLimits) async throws(InputError) ->
    FetchedFeed

  /// Why `url` may not be fetched, or nil when it may.
  public static func refusal(_ url: URL) -> String? {
    guard let scheme = url.scheme?.lowercased() else { return "not a URL with a scheme; expected https://…" }
    guard scheme == "https" || scheme == "http" else { return "the scheme \(scheme) is refused; expected https" }
    guard let host = url.host, !host.isEmpty else { return "the URL has no host" }
    if scheme == "https" { return nil }
    return isLoopback(host) ? nil : "plain http is refused (only https, or http to a loopback address for tests)"
  }

  /// Whether `host` is a loopback address or `localhost`.
  public static func isLoopback(_ host: String) -> Bool {
    let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
    if bare == "localhost" || bare == "::1" { return true }
    let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { Int($0).map { (0...255).contains($0) } ?? false }
  }
}
