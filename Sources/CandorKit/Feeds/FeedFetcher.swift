import CandorXML
import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// What one fetch of a feed returned.
public struct FetchedFeed: Sendable {
  /// 200 with new content, or 304 when the server says the content is unchanged.
  public var status: Int
  public var bytes: [UInt8]
  public var etag: String?
  public var lastModified: String?
}

/// Bounds and rules of a fetch.
public struct FetchLimits: Sendable, Hashable {
  /// The most bytes accepted (after decompression); the transfer is cancelled past it. Default 64 MiB.
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

/// Fetches a feed over HTTPS with Foundation's URLSession (libcurl on Linux): HTTPS only — plain HTTP only to a
/// loopback address (127.0.0.0/8, ::1, localhost), for tests —, time-outs, a size cap that cancels the transfer,
/// redirects followed only to the same rule (never to another scheme), and conditional requests (If-None-Match,
/// If-Modified-Since) from the previous fetch. No cookie, no cache, no credential is used or kept.
public enum FeedFetcher {
  /// Why `url` may not be fetched, or nil when it may.
  public static func refusal(_ url: URL) -> String? {
    guard let scheme = url.scheme?.lowercased() else { return "not a URL with a scheme; expected https://…" }
    guard let host = url.host, !host.isEmpty else { return "the URL has no host" }
    if scheme == "https" { return nil }
    if scheme == "http" {
      return isLoopback(host) ? nil : "plain http is refused (only https, or http to a loopback address for tests)"
    }
    return "the scheme \(scheme) is refused; expected https"
  }

  /// Whether `host` is a loopback address or `localhost`.
  static func isLoopback(_ host: String) -> Bool {
    let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
    if bare == "localhost" || bare == "::1" { return true }
    let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { Int($0).map { (0...255).contains($0) } ?? false }
  }

  /// Fetches `url`; `etag` and `lastModified` from the previous fetch make the request conditional.
  ///
  /// - Throws: ``InputError`` naming the URL (and the HTTP field where one is at fault) for a refused URL or
  ///   redirect, a time-out, a transfer over the cap, a status other than 200 or 304, or a network failure.
  public static func fetch(
    _ url: URL, etag: String? = nil, lastModified: String? = nil, limits: FetchLimits = .default
  ) throws(InputError) -> FetchedFeed {
    let location = SourceLocation(file: url.absoluteString, line: 0, column: 0)
    if let refusal = refusal(url) { throw InputError(at: location, refusal) }
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = limits.timeout
    configuration.timeoutIntervalForResource = limits.totalTimeout
    configuration.httpCookieAcceptPolicy = .never
    configuration.httpShouldSetCookies = false
    configuration.urlCache = nil
    configuration.requestCachePolicy = .reloadIgnoringLocalAndRemoteCacheData
    let delegate = FetchDelegate(maxBytes: limits.maxBytes)
    let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    defer { session.finishTasksAndInvalidate() }
    var request = URLRequest(url: url)
    request.setValue("candor/\(CandorInfo.version) (incidents snapshot)", forHTTPHeaderField: "User-Agent")
    if let etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
    if let lastModified { request.setValue(lastModified, forHTTPHeaderField: "If-Modified-Since") }
    let task = session.dataTask(with: request)
    task.resume()
    delegate.done.wait()
    let result = delegate.result()
    if let refused = result.refusal { throw InputError(at: location, refused) }
    if let error = result.error {
      throw InputError(at: location, "the fetch failed: \(error.localizedDescription)")
    }
    guard let response = result.response else { throw InputError(at: location, "the server sent no response") }
    switch response.statusCode {
    case 200:
      return FetchedFeed(
        status: 200, bytes: result.bytes, etag: response.value(forHTTPHeaderField: "ETag"),
        lastModified: response.value(forHTTPHeaderField: "Last-Modified"))
    case 304:
      return FetchedFeed(status: 304, bytes: [], etag: etag, lastModified: lastModified)
    case 300..<400:
      let target = response.value(forHTTPHeaderField: "Location") ?? "nowhere"
      throw InputError(at: location, "HTTP \(response.statusCode): the redirect (Location: \(target)) was not followed")
    default:
      throw InputError(at: location, "HTTP \(response.statusCode); expected 200 (or 304 unchanged)")
    }
  }
}

/// Collects one transfer: refuses redirects that leave the rules, cancels past the size cap.
private final class FetchDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
  struct Result {
    var response: HTTPURLResponse?
    var bytes: [UInt8]
    var error: Error?
    var refusal: String?
  }

  let maxBytes: Int
  let done = DispatchSemaphore(value: 0)
  private let lock = NSLock()
  private var state = Result(response: nil, bytes: [], error: nil, refusal: nil)

  init(maxBytes: Int) {
    self.maxBytes = maxBytes
  }

  func result() -> Result {
    lock.lock()
    defer { lock.unlock() }
    return state
  }

  func urlSession(
    _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
  ) {
    // The Location header as the server wrote it (Foundation may have rewritten the request's URL), and the request
    // Foundation would send: both must keep to the rules and to the original scheme.
    let written = response.value(forHTTPHeaderField: "Location").flatMap { URL(string: $0, relativeTo: response.url) }
    let original = task.originalRequest?.url?.scheme?.lowercased()
    let targets = [written, request.url].compactMap { $0 }
    let allowed =
      !targets.isEmpty
      && targets.allSatisfy { FeedFetcher.refusal($0) == nil && $0.scheme?.lowercased() == original }
    if allowed {
      completionHandler(request)
    } else {
      let target = written?.absoluteString ?? request.url?.absoluteString ?? "an unknown place"
      lock.lock()
      state.refusal =
        "HTTP \(response.statusCode): a redirect to \(target) is refused (Location: another scheme, or not https)"
      lock.unlock()
      completionHandler(nil)
    }
  }

  func urlSession(
    _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
  ) {
    lock.lock()
    state.response = response as? HTTPURLResponse
    let declared = response.expectedContentLength
    lock.unlock()
    if declared > Int64(maxBytes) {
      lock.lock()
      state.refusal = "Content-Length \(declared) is more than the limit of \(maxBytes) bytes"
      lock.unlock()
      completionHandler(.cancel)
      return
    }
    completionHandler(.allow)
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
    lock.lock()
    let over = state.bytes.count + data.count > maxBytes
    if over {
      state.refusal = "the response is more than the limit of \(maxBytes) bytes; the transfer was cancelled"
    } else {
      state.bytes.append(contentsOf: data)
    }
    lock.unlock()
    if over { dataTask.cancel() }
  }

  func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
    lock.lock()
    if state.refusal == nil { state.error = error }
    lock.unlock()
    done.signal()
  }
}
