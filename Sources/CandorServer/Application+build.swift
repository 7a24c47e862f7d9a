import CandorStore
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging

/// Builds the portal's application: the data folder and its register are opened (and migrated), the routes and
/// middleware set up. `candor serve` runs what this returns; the tests build the same application.
///
/// - Parameters:
///   - configuration: the data folder, address, port and limits.
///   - onServerRunning: called with the port once the server listens (the command prints the address).
/// - Throws: when the data folder or its database cannot be opened.
public func buildApplication(
  configuration: ServerConfiguration, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
  try buildApplication(portal: try Portal(configuration: configuration), onServerRunning: onServerRunning)
}

/// Runs the portal until SIGINT or SIGTERM (`candor serve`).
///
/// - Parameter onServerRunning: called with the port once the server listens.
public func runServer(
  configuration: ServerConfiguration, onServerRunning: @escaping @Sendable (Int) async -> Void
) async throws {
  try await buildApplication(configuration: configuration, onServerRunning: onServerRunning).runService()
}

/// ``buildApplication(configuration:onServerRunning:)`` with a portal made by the caller (the tests' clock).
func buildApplication(portal: Portal, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws
  -> Application<HeadResponder<RouterResponder<PortalRequestContext>>>
{
  let configuration = portal.configuration
  var logger = Logger(label: "candor")
  logger.logLevel = .info
  let views = try Views()
  let sessions = MemoryPersistDriver()
  let router = Router(context: PortalRequestContext.self)
  router.add(middleware: SecurityHeadersMiddleware(views: views))
  router.add(
    middleware: FormMiddleware(
      key: portal.csrfKey, secureCookies: configuration.behindTLS, limits: configuration.limits,
      trustForwardedFor: configuration.trustForwardedFor))
  router.add(
    middleware: SessionMiddleware(
      storage: sessions,
      configuration: SessionMiddlewareConfiguration(
        sessionCookieParameters: SessionCookieParameters(
          name: "candor_session", path: "/", secure: configuration.behindTLS, sameSite: .strict),
        defaultSessionExpiration: .seconds(configuration.limits.sessionSeconds))))
  router.get("static/candor.css") { _, _ in
    Response(
      status: .ok, headers: [.contentType: "text/css; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: views.styleSheet)))
  }
  let window = TimeInterval(configuration.limits.rateWindowSeconds)
  let team = TeamRoutes(portal: portal, views: views)
  team.addSignIn(
    to: router.group().add(
      middleware: RateLimitMiddleware(
        counter: FailureCounter(limit: configuration.limits.signInAttempts, window: window),
        failures: [.unauthorized], applies: { $0.method == .post })))
  team.add(to: router.group().add(middleware: TeamOnlyMiddleware()))
  VendorRoutes(portal: portal, views: views).add(
    to: router.group("v").add(
      middleware: RateLimitMiddleware(
        counter: FailureCounter(limit: configuration.limits.badLinkAttempts, window: window),
        failures: [.notFound, .gone])))
  return Application(
    responder: HeadResponder(inner: router.buildResponder()),
    configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
    services: [sessions],
    onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
    logger: logger)
}

/// The team's first member: created with a random password when the register has no member yet.
///
/// - Returns: the e-mail address and the password to print once, or nil when the team has members already.
public func createFirstTeamMember(configuration: ServerConfiguration, email: String = "admin@localhost") async throws
  -> (email: String, password: String)?
{
  let portal = try Portal(configuration: configuration)
  guard try await portal.store.userCount() == 0 else { return nil }
  let password = ServerSetup.randomPassword()
  try await portal.setTeamMember(email: email, password: password)
  return (email, password)
}

/// Helpers for setting the portal up from the command line.
public enum ServerSetup {
  /// A random password of 20 characters (120 bits).
  public static func randomPassword() -> String { Secrets.token(bytes: 15) }
}

/// Creates a team member, or sets a new password for an existing one (`candor serve --create-admin`).
///
/// - Returns: whether the member was created (false: the password was replaced).
/// - Throws: for an address that is not one or a password shorter than 12 characters.
@discardableResult
public func setTeamMember(configuration: ServerConfiguration, email: String, password: String) async throws -> Bool {
  let portal = try Portal(configuration: configuration)
  return try await portal.setTeamMember(email: email, password: password)
}
