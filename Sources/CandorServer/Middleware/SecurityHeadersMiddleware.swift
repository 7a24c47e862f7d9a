import HTTPTypes
import Hummingbird
import Logging

/// The outermost middleware: turns every error into an HTML error page and puts the security headers on every
/// response, pages and errors alike.
///
/// Content-Security-Policy allows only the portal's own style sheet and images: no script, no inline style, no
/// frames, forms posting only to the portal. Responses are not cached (pages hold links and answers) and never sent
/// as a referrer (the vendor's link is in its URL).
struct SecurityHeadersMiddleware: RouterMiddleware {
  typealias Context = PortalRequestContext
  let views: Views

  static let headers: HTTPFields = [
    .contentSecurityPolicy:
      "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; "
      + "base-uri 'none'",
    .xContentTypeOptions: "nosniff",
    HTTPField.Name("X-Frame-Options")!: "DENY",
    HTTPField.Name("Referrer-Policy")!: "no-referrer",
    HTTPField.Name("Cross-Origin-Opener-Policy")!: "same-origin",
    HTTPField.Name("Cross-Origin-Resource-Policy")!: "same-origin",
    HTTPField.Name("Permissions-Policy")!: "camera=(), microphone=(), geolocation=(), payment=()",
    .cacheControl: "no-store",
  ]

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    var response: Response
    do {
      response = try await next(request, context)
    } catch let error as PortalError {
      response = views.errorPage(error, context: context)
    } catch let error as HTTPError {
      let portalError: PortalError =
        switch error.status {
        case .notFound: .notFound("There is no such page.")
        case .contentTooLarge: .tooLarge("The request is larger than this server accepts.")
        case .methodNotAllowed: .notFound("There is no such page.")
        default: .invalid(error.body ?? "The request could not be handled.")
        }
      response = views.errorPage(portalError, context: context)
    } catch {
      context.logger.error("request failed: \(String(describing: error))")
      response = views.errorPage(.storage("Something went wrong on the server; it has been logged."), context: context)
    }
    for field in Self.headers where response.headers[field.name] == nil {
      response.headers.append(field)
    }
    return response
  }
}
