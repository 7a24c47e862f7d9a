import Hummingbird

/// Answers HEAD as GET without the body (RFC 9110 §9.3.2), with the GET's headers and length: uptime monitors and
/// `curl -I` ask for it, and the router knows routes by GET only.
///
/// It wraps the router rather than being a router middleware, because the router picks a route by method before
/// its middleware runs.
struct HeadResponder<Inner: HTTPResponder>: HTTPResponder {
  let inner: Inner

  func respond(to request: Request, context: Inner.Context) async throws -> Response {
    guard request.method == .head else { return try await inner.respond(to: request, context: context) }
    var head = request.head
    head.method = .get
    var response = try await inner.respond(to: Request(head: head, body: request.body), context: context)
    let length = response.headers[.contentLength] ?? response.body.contentLength.map { String($0) }
    response.body = ResponseBody()  // sets Content-Length to 0: the GET's length goes back after it
    response.headers[.contentLength] = length
    return response
  }
}
