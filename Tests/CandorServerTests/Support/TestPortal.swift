import CandorKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CandorServer

/// A portal in a new temporary data folder, with one team member, and the application built as `candor serve`
/// builds it.
struct TestPortal: Sendable {
  static let email = "ciso@example.com"
  static let password = "correct horse battery staple"

  let portal: Portal
  let folder: URL
  let clock: TestClock

  init(limits: ServerLimits = .default, port: Int = 0) async throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("candor-serve-\(UUID().uuidString)")
    let clock = TestClock()
    self.clock = clock
    portal = try Portal(
      configuration: ServerConfiguration(
        dataDirectory: folder.path, host: "127.0.0.1", port: port, limits: limits, passwordCost: 4),
      now: { clock.now })
    try await portal.setTeamMember(email: Self.email, password: Self.password)
  }

  func application() throws -> some ApplicationProtocol { try buildApplication(portal: portal) }

  func remove() { try? FileManager.default.removeItem(at: folder) }

  /// A path in the repository.
  static func package(_ path: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent(path).path
  }
}

/// A clock the tests move (links expire, rounds fall due).
final class TestClock: @unchecked Sendable {
  private let lock = NSLock()
  private var current = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21
  var now: Date { lock.withLock { current } }
  func advance(days: Double) { lock.withLock { current += days * 86_400 } }
}

/// A browser for the router tests: it keeps cookies, reads the CSRF token of the last page, and sends forms.
final class WebSession: @unchecked Sendable {
  /// Sends one request: the path, method, headers and body; returns the status, headers and body.
  typealias Transport =
    @Sendable (String, HTTPRequest.Method, HTTPFields, ByteBuffer?) async throws -> (
      HTTPResponse.Status, HTTPFields, [UInt8]
    )
  let send: Transport
  private let lock = NSLock()
  private var cookies: [String: String] = [:]
  private(set) var csrf: String?
  /// Extra headers sent with every request (such as Sec-Fetch-Site).
  var headers: HTTPFields = [:]

  /// A browser over HummingbirdTesting's client.
  init(_ client: any TestClientProtocol) {
    send = { uri, method, headers, body in
      let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
      return (response.status, response.headers, Array(response.body.readableBytesView))
    }
  }

  init(transport: @escaping Transport) { send = transport }

  /// Another browser (no cookies) on the same server.
  func another() -> WebSession { WebSession(transport: send) }

  struct Page: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: String
    var bytes: [UInt8]
    var location: String? { headers[.location] }
  }

  @discardableResult
  func get(_ path: String) async throws -> Page {
    try await send(path, method: .get, body: nil, contentType: nil)
  }

  /// Posts an urlencoded form; the CSRF token of the last page is added unless `csrf` is given.
  @discardableResult
  func post(_ path: String, _ fields: [(String, String)], csrf: String? = nil) async throws -> Page {
    let all = [("csrf", csrf ?? self.csrf ?? "")] + fields
    let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
    return try await send(
      path, method: .post, body: ByteBuffer(string: body), contentType: "application/x-www-form-urlencoded")
  }

  /// Posts a multipart form with files (field, file name, bytes).
  @discardableResult
  func postMultipart(_ path: String, _ fields: [(String, String)], files: [(String, String, [UInt8])] = [])
    async throws -> Page
  {
    let boundary = "candor-test-\(UUID().uuidString)"
    var body = ByteBuffer()
    for (name, value) in [("csrf", csrf ?? "")] + fields {
      body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }
    for (name, fileName, bytes) in files {
      body.writeString(
        "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(fileName)\"\r\n"
          + "Content-Type: application/octet-stream\r\n\r\n")
      body.writeBytes(bytes)
      body.writeString("\r\n")
    }
    body.writeString("--\(boundary)--\r\n")
    return try await send(path, method: .post, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
  }

  func send(_ path: String, method: HTTPRequest.Method, body: ByteBuffer?, contentType: String?) async throws -> Page {
    var headers = self.headers
    let cookieHeader = lock.withLock { cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
    if !cookieHeader.isEmpty { headers[.cookie] = cookieHeader }
    if let contentType { headers[.contentType] = contentType }
    let (status, responseHeaders, bytes) = try await send(path, method, headers, body)
    let text = String(decoding: bytes, as: UTF8.self)
    lock.withLock {
      for field in responseHeaders where field.name == .setCookie {
        let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
        guard pair.count == 2 else { continue }
        if field.value.contains("Max-Age=0") || field.value.contains("Expires=Thu, 01 Jan 1970") {
          cookies[String(pair[0])] = nil
        } else {
          cookies[String(pair[0])] = String(pair[1])
        }
      }
      if let token = Self.firstMatch(of: #"name="csrf" value="([^"]+)""#, in: text) { csrf = token }
    }
    return Page(status: status, headers: responseHeaders, body: text, bytes: bytes)
  }

  func cookie(_ name: String) -> String? { lock.withLock { cookies[name] } }
  func forget(_ name: String) { lock.withLock { cookies[name] = nil } }

  static func encode(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
  }

  static func firstMatch(of pattern: String, in text: String) -> String? {
    guard let expression = try? NSRegularExpression(pattern: pattern),
      let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
      let range = Range(match.range(at: 1), in: text)
    else { return nil }
    return String(text[range])
  }

  static func allMatches(of pattern: String, in text: String) -> [[String]] {
    guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
    return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
      (1..<match.numberOfRanges).compactMap { Range(match.range(at: $0), in: text).map { String(text[$0]) } }
    }
  }
}

extension WebSession {
  /// Signs the test portal's team member in.
  func signIn() async throws {
    try await get("/signin")
    let page = try await post("/signin", [("email", TestPortal.email), ("password", TestPortal.password)])
    #expect(page.status == .seeOther)
    #expect(page.location == "/rounds")
  }

  /// Creates a round of `vendors` (lines of the form) on the bundled questionnaire, with incident files; returns
  /// the round's path and each vendor's link path (/v/<token>), by vendor id.
  func createRound(
    name: String = "Round one", vendors: String, due: String = "2026-12-31", asOf: String = "",
    incidents: [(String, [UInt8])] = []
  ) async throws -> (round: String, links: [String: String]) {
    try await get("/rounds/new")
    let page = try await postMultipart(
      "/rounds", [("name", name), ("due", due), ("as-of", asOf), ("vendors", vendors)],
      files: incidents.map { ("incidents", $0.0, $0.1) })
    #expect(page.status == .ok, "\(page.body)")
    var links: [String: String] = [:]
    for match in Self.allMatches(
      of: #"value="http://[^/"]+(/v/[A-Za-z0-9_-]{43})" data-vendor="([a-z0-9-]+)""#, in: page.body)
    {
      links[match[1]] = match[0]
    }
    let round = Self.firstMatch(of: #"href="(/rounds/[0-9]+)""#, in: page.body) ?? ""
    return (round, links)
  }
}
