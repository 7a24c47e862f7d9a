import CandorKit
import Foundation
import Hummingbird
import Mustache

/// The portal's pages: Mustache templates (Templates/serve/, bundled into the binary) rendered with the HTML
/// content type, so that every `{{value}}` is escaped; no template uses the unescaped `{{{…}}}` form (a test
/// checks). Values are plain strings, numbers, booleans and lists built by the routes.
struct Views: Sendable {
  static let pages = [
    "layout", "signin", "rounds", "round-new", "round-links", "round", "vendor-trend", "audit", "error",
    "vendor-home", "vendor-domain", "vendor-review",
  ]
  let library: MustacheLibrary
  /// The style sheet, served at /static/candor.css.
  let styleSheet: String

  init() throws {
    var library = MustacheLibrary()
    for name in Self.pages {
      guard let text = BundledResources.text("Templates/serve/\(name).html.mustache") else {
        throw PortalError.storage("the bundled page template \(name) is missing")
      }
      try library.register("{{% CONTENT_TYPE: HTML}}" + text, named: name)
    }
    self.library = library
    styleSheet = BundledResources.text("Templates/serve/candor.css") ?? ""
  }

  /// The page `name` rendered with `model` (plus what every page needs from the request).
  func page(
    _ name: String, _ model: [String: Any], context: PortalRequestContext, status: HTTPResponse.Status = .ok
  ) -> Response {
    var model = Self.withoutEmptyText(model)
    model["csrf"] = context.csrfToken
    if model["team"] == nil, let team = context.team { model["team"] = ["email": team.email] }
    let html = library.render(model, withTemplate: name) ?? ""
    return Self.html(html, status: status)
  }

  /// `model` without its empty strings, at every depth: Mustache shows a section for an empty string, and
  /// `{{#guidance}}…{{/guidance}}` must not show an empty paragraph.
  static func withoutEmptyText(_ model: [String: Any]) -> [String: Any] {
    model.compactMapValues(withoutEmptyText)
  }

  private static func withoutEmptyText(_ value: Any) -> Any? {
    switch value {
    case let text as String: text.isEmpty ? nil : text
    case let dictionary as [String: Any]: withoutEmptyText(dictionary)
    case let list as [[String: Any]]: list.map(withoutEmptyText)
    case let list as [Any]: list.compactMap(withoutEmptyText)
    default: value
    }
  }

  static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(
      status: status, headers: [.contentType: "text/html; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
  }

  /// The error page of `error`, with its status (and Retry-After for a rate limit).
  func errorPage(_ error: PortalError, context: PortalRequestContext) -> Response {
    let titles: [HTTPResponse.Status: String] = [
      .badRequest: "That did not work", .notFound: "Not found", .gone: "Link no longer valid",
      .forbidden: "Not allowed", .conflict: "Already done", .contentTooLarge: "Too large",
      .tooManyRequests: "Too many attempts", .internalServerError: "Server error",
    ]
    var response = page(
      "error", ["title": titles[error.status] ?? "Error", "message": error.message], context: context,
      status: error.status)
    if case .tooManyRequests(let seconds) = error { response.headers[.retryAfter] = String(seconds) }
    return response
  }

  /// A file to download: never rendered by the browser, whatever its type.
  static func download(_ bytes: [UInt8], name: String, type: String = "application/octet-stream") -> Response {
    let safe = String(name.unicodeScalars.filter { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 })
    return Response(
      status: .ok,
      headers: [
        .contentType: type, .contentDisposition: "attachment; filename=\"\(safe.isEmpty ? "download" : safe)\"",
      ], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
  }
}

/// Numbers and dates as the pages show them.
enum Shown {
  /// A 0–1 score as a percentage with one decimal, or "n/a".
  static func score(_ value: Double?) -> String { value.map(Format.percent) ?? "n/a" }

  static func day(_ date: Date) -> String { date.formatted(.iso8601.year().month().day().dateSeparator(.dash)) }

  static func minute(_ date: Date) -> String {
    date.formatted(
      .iso8601.year().month().day().dateSeparator(.dash).dateTimeSeparator(.space).time(
        includingFractionalSeconds: false
      )
      .timeSeparator(.colon)) + " UTC"
  }

  /// "1 question" / "3 questions".
  static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

  /// An option's label: its value with a capital, "Not applicable" for the not-applicable option.
  static func option(_ option: AnswerOption) -> String {
    option.notApplicable ? "Not applicable" : option.value.prefix(1).uppercased() + option.value.dropFirst()
  }
}
