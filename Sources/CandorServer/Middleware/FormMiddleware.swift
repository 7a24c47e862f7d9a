import Foundation
import HTTPTypes
import Hummingbird

/// CSRF protection and form reading for every request.
///
/// Each browser gets a random cookie (`candor_csrf`: HttpOnly, SameSite=Strict, Secure behind TLS); the pages'
/// forms carry its HMAC under the data folder's secret key (a signed double-submit token). A POST is refused unless
/// its body, capped per route before it is read, is a form whose `csrf` field equals that HMAC (compared in
/// constant time), and unless the browser says the request comes from the portal itself (`Sec-Fetch-Site`,
/// `Origin`). The form is then in ``PortalRequestContext/form`` for the handlers.
struct FormMiddleware: RouterMiddleware {
  typealias Context = PortalRequestContext
  static let cookieName = "candor_csrf"
  let key: CSRFKey
  let secureCookies: Bool
  let limits: ServerLimits
  let trustForwardedFor: Bool

  /// The body cap of a POST to `path`.
  func cap(for path: String) -> (bytes: Int, what: String) {
    if path.contains("/domains/") { return (limits.maxEvidenceBytes, "a page of answers with its evidence files") }
    if path == "/rounds" { return (limits.maxRoundInputBytes, "a round's files") }
    return (limits.maxFormBytes, "a form")
  }

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    var context = context
    context.clientAddress = clientAddress(request, peer: context.peerAddress)
    let cookie = request.cookies[Self.cookieName]?.value
    let browserToken: String
    if let cookie, cookie.utf8.count == 43 {
      browserToken = cookie
    } else {
      browserToken = Secrets.token()
      context.newCSRFCookie = browserToken
    }
    context.csrfToken = key.token(for: browserToken)
    if request.method == .post {
      try checkOrigin(request)
      let (bytes, what) = cap(for: request.uri.path)
      if let length = request.headers[.contentLength].flatMap(Int.init), length > bytes {
        throw PortalError.tooLarge(
          "\(what.prefix(1).uppercased() + what.dropFirst()) is limited to \(Self.size(bytes)).")
      }
      let body: ByteBuffer
      do {
        body = try await request.body.collect(upTo: bytes)
      } catch let error as HTTPError where error.status == .contentTooLarge {
        throw PortalError.tooLarge(
          "\(what.prefix(1).uppercased() + what.dropFirst()) is limited to \(Self.size(bytes)).")
      }
      let form = try SubmittedForm.read(contentType: request.headers[.contentType], body: body)
      guard cookie != nil, let sent = form.fields["csrf"], Secrets.constantTimeEqual(sent, context.csrfToken) else {
        throw PortalError.forbidden(
          "The form has expired or did not come from this portal. Go back, reload the page and send it again.")
      }
      context.form = form
    }
    var response = try await next(request, context)
    if let fresh = context.newCSRFCookie {
      response.setCookie(
        Cookie(name: Self.cookieName, value: fresh, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict)
      )
    }
    return response
  }

  /// Refuses a POST that the browser says comes from another site.
  func checkOrigin(_ request: Request) throws {
    if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin", site != "none" {
      throw PortalError.forbidden("The form was sent from another site; it is refused.")
    }
    if let origin = request.headers[.origin], origin != "null", let authority = request.head.authority,
      let host = origin.split(separator: "://", maxSplits: 1).last, host != authority[...]
    {
      throw PortalError.forbidden("The form was sent from another site (\(origin)); it is refused.")
    }
  }

  /// The client's address: the peer's, or with a trusted proxy the last address of X-Forwarded-For.
  func clientAddress(_ request: Request, peer: String?) -> String {
    if trustForwardedFor, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!],
      let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
    {
      return last
    }
    return peer ?? "unknown"
  }

  static func size(_ bytes: Int) -> String {
    bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : bytes >= 1 << 10 ? "\(bytes >> 10) KiB" : "\(bytes) bytes"
  }
}

/// Lets only a signed-in team member through; others are sent to the sign-in page (or refused, for a POST).
struct TeamOnlyMiddleware: RouterMiddleware {
  typealias Context = PortalRequestContext

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    guard context.team != nil else {
      if request.method == .get { return .redirect(to: "/signin", type: .normal) }
      throw PortalError.forbidden("Sign in first.")
    }
    return try await next(request, context)
  }
}
