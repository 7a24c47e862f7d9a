import Foundation
import Hummingbird

/// Counts failures per client address in fixed windows (failed sign-ins, unknown or dead links).
actor FailureCounter {
  private var windows: [String: (start: Date, count: Int)] = [:]
  let limit: Int
  let window: TimeInterval

  init(limit: Int, window: TimeInterval) {
    self.limit = limit
    self.window = window
  }

  /// The seconds until `key` may try again, or nil when it may now.
  func blocked(_ key: String, now: Date) -> Int? {
    guard let entry = windows[key], now.timeIntervalSince(entry.start) < window, entry.count >= limit else {
      return nil
    }
    return Int((window - now.timeIntervalSince(entry.start)).rounded(.up))
  }

  func recordFailure(_ key: String, now: Date) {
    if let entry = windows[key], now.timeIntervalSince(entry.start) < window {
      windows[key] = (entry.start, entry.count + 1)
    } else {
      windows[key] = (now, 1)
    }
    if windows.count > 100_000 { windows = windows.filter { now.timeIntervalSince($0.value.start) < window } }
  }
}

/// Refuses requests from an address that failed too often in the window (429 with Retry-After), and counts the
/// responses with one of `failures` as failures. Placed on the sign-in form and on the vendors' links, so that
/// neither passwords nor link tokens can be guessed at speed; successful requests are never limited (50 vendors
/// behind one office address still get through).
struct RateLimitMiddleware: RouterMiddleware {
  typealias Context = PortalRequestContext
  let counter: FailureCounter
  let failures: Set<HTTPResponse.Status>
  /// Which requests count (by default, all that reach the middleware).
  var applies: @Sendable (Request) -> Bool = { _ in true }

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    guard applies(request) else { return try await next(request, context) }
    let key = context.clientAddress
    if let seconds = await counter.blocked(key, now: Date()) {
      throw PortalError.tooManyRequests(retryAfter: seconds)
    }
    do {
      let response = try await next(request, context)
      if failures.contains(response.status) { await counter.recordFailure(key, now: Date()) }
      return response
    } catch let error as PortalError {
      if failures.contains(error.status) { await counter.recordFailure(key, now: Date()) }
      throw error
    }
  }
}
