import Hummingbird
import HummingbirdAuth
import NIOCore

/// The team member a session belongs to.
public struct TeamSession: Codable, Sendable, Hashable {
  public var userID: Int64
  public var email: String
}

/// Per-request state of the portal: the team session (hummingbird-auth's SessionMiddleware fills it), the
/// client's address, the CSRF token of the pages, and the submitted form once ``FormMiddleware`` has read it.
public struct PortalRequestContext: SessionRequestContext, RequestContext {
  public var coreContext: CoreRequestContextStorage
  public let sessions: SessionContext<TeamSession>
  /// The peer's IP address (the reverse proxy's, unless the configuration trusts X-Forwarded-For).
  let peerAddress: String?
  /// The client address rate limits and the audit log use.
  var clientAddress: String = "unknown"
  /// The token the pages' forms carry (bound to the browser's CSRF cookie).
  var csrfToken: String = ""
  /// A CSRF cookie to set on the response (the browser had none).
  var newCSRFCookie: String?
  /// The form of a POST request, read and checked.
  var form = SubmittedForm()

  public init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    sessions = .init()
    peerAddress = source.channel.remoteAddress?.ipAddress
  }

  /// The signed-in team member (``TeamOnlyMiddleware`` guarantees one on the team's pages).
  var team: TeamSession? { sessions.session }
}
