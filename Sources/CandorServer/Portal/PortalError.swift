import Hummingbird

/// What went wrong with a request, with the HTTP status it is answered with and a message for people.
enum PortalError: Error, Sendable, Equatable {
  /// Input that cannot be used; the message names the field.
  case invalid(String)
  /// No such page, round, vendor or link.
  case notFound(String)
  /// A link that was revoked or has expired.
  case gone(String)
  /// The request is not allowed (a CSRF token that does not match, a page for the team only).
  case forbidden(String)
  /// The answers were submitted already, or a concurrent change won.
  case conflict(String)
  /// A body over its cap.
  case tooLarge(String)
  /// Too many attempts from one address.
  case tooManyRequests(retryAfter: Int)
  /// The data folder or the register failed.
  case storage(String)

  var status: HTTPResponse.Status {
    switch self {
    case .invalid: .badRequest
    case .notFound: .notFound
    case .gone: .gone
    case .forbidden: .forbidden
    case .conflict: .conflict
    case .tooLarge: .contentTooLarge
    case .tooManyRequests: .tooManyRequests
    case .storage: .internalServerError
    }
  }

  var message: String {
    switch self {
    case .invalid(let message), .notFound(let message), .gone(let message), .forbidden(let message),
      .conflict(let message), .tooLarge(let message), .storage(let message):
      message
    case .tooManyRequests(let seconds):
      "Too many attempts from your address. Try again in \(max(1, seconds / 60)) minute\(seconds >= 120 ? "s" : "")."
    }
  }
}

extension PortalError: CustomStringConvertible {
  var description: String { message }
}
