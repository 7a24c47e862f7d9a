import AsyncHTTPClient
import CandorKit
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import CandorServer

/// 50 vendors saving drafts at the same time against a live server on loopback, each on a connection of its own
/// (AsyncHTTPClient, up to 50 connections, redirects not followed); afterwards every answer is in the register.
/// Bounded: 50 vendors, two pages each, each request within 2 minutes, the whole test within the time limit.
@Suite(.serialized) struct LoadTests {
  static let vendors = 50

  // A guard against a hang, not a speed: 4 s in a debug build here, but under the sanitizers on a busy two-core
  // machine, with the rest of the suite running beside it, it has taken 17 minutes.
  @Test(.timeLimit(.minutes(25)))
  func fiftyVendorsSaveDraftsAtOnce() async throws {
    let test = try await TestPortal()
    defer { test.remove() }
    let team = TeamSession(userID: 1, email: TestPortal.email)
    let request = RoundRequest(
      name: "Load", dueDate: CalendarDate("2026-12-31")!, asOf: nil, linksValidUntil: CalendarDate("2027-01-31")!,
      vendors: (1...Self.vendors).map { Vendor(id: "vendor-\($0)", name: "Vendor \($0)") }, questionnaire: nil,
      policy: nil, incidents: [])
    let (_, links) = try await test.portal.createRound(request, team: team)
    let questionnaire = try test.portal.questionnaires.questionnaire(nil)
    // Two parts of the questionnaire, every question answered.
    let domains = Array(questionnaire.domains.prefix(2))
    let answers = domains.map { domain in
      domain.controls.flatMap(\.questions).map { question -> (String, String) in
        switch question.kind {
        case .choice(let options): ("q.\(question.id).value", options[0].value)
        case .number: ("q.\(question.id).value", "5")
        case .freeText: ("q.\(question.id).value", "Answered under load.")
        }
      }
    }
    let perVendor = answers.reduce(0) { $0 + $1.count }
    let started = Date()
    let failures = try await test.application().test(.live) { client in
      let port = try #require(client.port)
      let http = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: HTTPClient.Configuration(
          redirectConfiguration: .disallow,
          connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: Self.vendors)))
      let transport: WebSession.Transport = { uri, method, headers, body in
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(uri)")
        request.method = method == .post ? .POST : .GET
        for field in headers { request.headers.add(name: field.name.rawName, value: field.value) }
        if let body { request.body = .bytes(body) }
        let response = try await http.execute(request, timeout: .seconds(120))
        var fields = HTTPFields()
        for (name, value) in response.headers {
          if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return (HTTPResponse.Status(code: Int(response.status.code)), fields, Array(bytes.readableBytesView))
      }
      do {
        let failures = try await Self.saveDrafts(links: links, domains: domains, answers: answers, transport: transport)
        try await http.shutdown()
        return failures
      } catch {
        try? await http.shutdown()
        throw error
      }
    }
    let seconds = Date().timeIntervalSince(started)
    print(
      "Load test: \(Self.vendors) vendors × \(domains.count) pages, \(perVendor) answers each, in \(Int(seconds)) s")
    #expect(failures.isEmpty, "\(failures.prefix(10))")
    // Every answer of every vendor is in the register, in its own draft.
    let participants = try await test.portal.store.participants(roundID: 1)
    #expect(participants.count == Self.vendors)
    for overview in participants {
      #expect(overview.answered == perVendor, "\(overview.participant.vendorID): \(overview.answered) of \(perVendor)")
    }
    let saves = try await test.portal.store.auditLog(limit: 10_000).filter { $0.action == "answers-saved" }
    #expect(saves.count == Self.vendors * domains.count)
  }

  /// Every vendor at once: opens each page, saves its answers; returns what went wrong.
  static func saveDrafts(
    links: [IssuedLink], domains: [Domain], answers: [[(String, String)]], transport: @escaping WebSession.Transport
  ) async throws -> [String] {
    try await withThrowingTaskGroup(of: [String].self) { group in
      for link in links {
        group.addTask {
          let browser = WebSession(transport: transport)
          let base = "/v/\(link.token)"
          var failures: [String] = []
          for (domain, fields) in zip(domains, answers) {
            let page = try await browser.get("\(base)/domains/\(domain.id)")
            if page.status != .ok { failures.append("\(link.vendor.id) GET \(domain.id): \(page.status)") }
            let saved = try await browser.postMultipart("\(base)/domains/\(domain.id)", fields + [("go", "save")])
            if saved.status != .seeOther || saved.location?.hasSuffix("saved=1") != true {
              failures.append("\(link.vendor.id) POST \(domain.id): \(saved.status)")
            }
          }
          return failures
        }
      }
      var all: [String] = []
      for try await failures in group { all += failures }
      return all
    }
  }
}
