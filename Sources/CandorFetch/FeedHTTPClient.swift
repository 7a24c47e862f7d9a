import AsyncHTTPClient
import CandorKit
import CandorXML
import Foundation

/// Fetches a feed over HTTPS for `candor incidents snapshot`, with AsyncHTTPClient (SwiftNIO and BoringSSL, linked
/// into the binary; not Foundation's URLSession, whose libcurl and its thirty shared libraries every other command
/// would load at start): HTTPS only — plain HTTP only to a loopback address, for tests —, time-outs, a size cap that
/// cancels the transfer, redirects followed one by one and only to the same rules and the same scheme, and
/// conditional requests (If-None-Match, If-Modified-Since) from the previous fetch. No cookie, no cache, no
/// credential is used or kept (but the proxy's, when its setting holds one). A proxy named by `https_proxy` (or
/// `HTTPS_PROXY`) is used, except for hosts in `no_proxy` and loopback addresses.
public enum FeedHTTPClient {
  /// The most redirects followed before the fetch fails.
  public static let maxRedirects = 5

  /// Fetches `url`; `etag` and `lastModified` from the previous fetch make the request conditional.
  ///
  /// - Throws: ``InputError`` naming the URL (and the HTTP field where one is at fault) for a refused URL or
  ///   redirect, a time-out, a transfer over the cap, a status other than 200 or 304, or a network failure.
  public static func fetch(
    _ url: URL, etag: String? = nil, lastModified: String? = nil, limits: FetchLimits = .default,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) async throws(InputError) -> FetchedFeed {
    let location = SourceLocation(file: url.absoluteString, line: 0, column: 0)
    if let refusal = FeedFetcher.refusal(url) { throw InputError(at: location, refusal) }
    let outcome: Result<FetchedFeed, InputError>
    do {
      outcome = try await withTotalTimeout(seconds: limits.totalTimeout) {
        try await transfer(
          url, at: location, etag: etag, lastModified: lastModified, limits: limits, environment: environment)
      }
    } catch is TotalTimeout {
      throw InputError(at: location, "the fetch failed: \(tooLong(limits))")
    } catch {
      throw InputError(at: location, "the fetch failed: \(describe(error, limits: limits))")
    }
    return try outcome.get()
  }

  /// The request, its redirects and the body; a refusal is returned, a transport failure thrown.
  private static func transfer(
    _ url: URL, at location: SourceLocation, etag: String?, lastModified: String?, limits: FetchLimits,
    environment: [String: String]
  ) async throws -> Result<FetchedFeed, InputError> {
    let scheme = url.scheme?.lowercased()
    var current = url
    var redirects = 0
    while true {
      var configuration = HTTPClient.Configuration(
        redirectConfiguration: .disallow,
        timeout: HTTPClient.Configuration.Timeout(
          connect: .nanoseconds(Int64(limits.timeout * 1e9)), read: .nanoseconds(Int64(limits.timeout * 1e9))))
      configuration.proxy = proxy(for: current, environment: environment)
      let target = current
      let step: Step = try await HTTPClient.withHTTPClient(configuration: configuration) { client in
        var request = HTTPClientRequest(url: target.absoluteString)
        request.headers.add(name: "User-Agent", value: "candor/\(CandorInfo.version) (incidents snapshot)")
        // No Accept-Encoding: the body arrives as it is stored, and the size cap counts the bytes kept.
        request.headers.add(name: "Accept-Encoding", value: "identity")
        if let etag { request.headers.add(name: "If-None-Match", value: etag) }
        if let lastModified { request.headers.add(name: "If-Modified-Since", value: lastModified) }
        let response = try await client.execute(request, timeout: .nanoseconds(Int64(limits.totalTimeout * 1e9)))
        let status = Int(response.status.code)
        if (300..<400).contains(status) && status != 304 {
          return .redirect(status: status, location: response.headers.first(name: "Location"))
        }
        if let declared = response.headers.first(name: "Content-Length").flatMap(Int.init), declared > limits.maxBytes {
          return .refused("Content-Length \(declared) is more than the limit of \(limits.maxBytes) bytes")
        }
        var bytes: [UInt8] = []
        for try await buffer in response.body {
          if bytes.count + buffer.readableBytes > limits.maxBytes {
            return .refused(
              "the response is more than the limit of \(limits.maxBytes) bytes; the transfer was cancelled")
          }
          bytes.append(contentsOf: buffer.readableBytesView)
        }
        return .response(
          status: status, bytes: bytes, etag: response.headers.first(name: "ETag"),
          lastModified: response.headers.first(name: "Last-Modified"))
      }
      switch step {
      case .refused(let message):
        return .failure(InputError(at: location, message))
      case .redirect(let status, let written):
        guard let written, let next = URL(string: written, relativeTo: current)?.absoluteURL else {
          return .failure(
            InputError(
              at: location, "HTTP \(status): the redirect (Location: \(written ?? "nowhere")) was not followed"))
        }
        guard FeedFetcher.refusal(next) == nil, next.scheme?.lowercased() == scheme else {
          return .failure(
            InputError(
              at: location,
              "HTTP \(status): a redirect to \(next.absoluteString) is refused (Location: another scheme, or not https)"
            ))
        }
        redirects += 1
        if redirects > maxRedirects {
          return .failure(
            InputError(at: location, "HTTP \(status): more than \(maxRedirects) redirects; the last went to \(written)")
          )
        }
        current = next
      case .response(200, let bytes, let newETag, let newLastModified):
        return .success(FetchedFeed(status: 200, bytes: bytes, etag: newETag, lastModified: newLastModified))
      case .response(304, _, _, _):
        return .success(FetchedFeed(status: 304, bytes: [], etag: etag, lastModified: lastModified))
      case .response(let status, _, _, _):
        return .failure(InputError(at: location, "HTTP \(status); expected 200 (or 304 unchanged)"))
      }
    }
  }

  /// What one request of a fetch came to.
  private enum Step: Sendable {
    case response(status: Int, bytes: [UInt8], etag: String?, lastModified: String?)
    case redirect(status: Int, location: String?)
    case refused(String)
  }

  /// The proxy `https_proxy` (or `HTTPS_PROXY`) names for an https URL, unless `no_proxy` lists its host; never
  /// for a loopback address.
  static func proxy(for url: URL, environment: [String: String]) -> HTTPClient.Configuration.Proxy? {
    guard url.scheme?.lowercased() == "https", let host = url.host?.lowercased(), !FeedFetcher.isLoopback(host)
    else { return nil }
    let setting = environment["https_proxy"] ?? environment["HTTPS_PROXY"] ?? ""
    guard !setting.isEmpty else { return nil }
    let exceptions = (environment["no_proxy"] ?? environment["NO_PROXY"] ?? "").split(separator: ",").map {
      $0.trimmingCharacters(in: .whitespaces).lowercased()
    }
    for exception in exceptions where !exception.isEmpty {
      if exception == "*" { return nil }
      let suffix = exception.hasPrefix(".") ? String(exception.dropFirst()) : exception
      if host == suffix || host.hasSuffix("." + suffix) { return nil }
    }
    let proxyURL = URL(string: setting.contains("://") ? setting : "http://" + setting)
    guard let proxyURL, let proxyHost = proxyURL.host, !proxyHost.isEmpty else { return nil }
    // A user and password in the setting (http://user:password@proxy:3128) become Basic proxy authorization.
    let authorization = proxyURL.user.map { user in
      HTTPClient.Authorization.basic(
        username: user.removingPercentEncoding ?? user,
        password: proxyURL.password.map { $0.removingPercentEncoding ?? $0 } ?? "")
    }
    return .server(host: proxyHost, port: proxyURL.port ?? 80, authorization: authorization)
  }

  /// A transport failure in words, without NIO's type names where a plainer one exists.
  private static func describe(_ error: any Error, limits: FetchLimits) -> String {
    if let error = error as? HTTPClientError {
      switch error {
      case .readTimeout, .connectTimeout:
        return "no data for \(seconds(limits.timeout)) (see --timeout)"
      case .deadlineExceeded:
        return tooLong(limits)
      default:
        break
      }
    }
    let text = String(describing: error)
    // NIOSSL's handshake errors carry BoringSSL's reason code in their text.
    if text.contains("CERTIFICATE_VERIFY_FAILED") {
      return "the server's certificate is not trusted (it does not verify against the system's certificate "
        + "authorities for this host name: CERTIFICATE_VERIFY_FAILED); nothing was fetched"
    }
    return text
  }

  /// The whole fetch went past `--total-timeout` (by the task group's clock or the client's deadline).
  private static func tooLong(_ limits: FetchLimits) -> String {
    "it took more than \(seconds(limits.totalTimeout)) (see --total-timeout)"
  }

  private static func seconds(_ value: Double) -> String {
    let text = value == value.rounded() ? String(Int(value)) : String(value)
    return "\(text) second\(value == 1 ? "" : "s")"
  }

  /// Thrown when the whole fetch took longer than allowed.
  private struct TotalTimeout: Error {}

  /// Runs `body`, cancelling it after `seconds`.
  private static func withTotalTimeout<T: Sendable>(
    seconds: Double, _ body: @escaping @Sendable () async throws -> T
  ) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
      group.addTask { try await body() }
      group.addTask {
        try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
        throw TotalTimeout()
      }
      defer { group.cancelAll() }
      guard let first = try await group.next() else { throw TotalTimeout() }
      return first
    }
  }
}
