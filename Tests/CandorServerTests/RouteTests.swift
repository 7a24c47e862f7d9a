import CandorKit
import CandorXML
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CandorServer
@testable import CandorStore

/// The portal's routes, driven through HummingbirdTesting's router framework (no socket).
@Suite struct RouteTests {
  /// Runs `body` against a new portal's application, then removes its data folder.
  func withPortal(
    limits: ServerLimits = .default, _ body: @Sendable (TestPortal, WebSession) async throws -> Void
  ) async throws {
    let test = try await TestPortal(limits: limits)
    defer { test.remove() }
    try await test.application().test(.router) { client in try await body(test, WebSession(client)) }
  }

  // MARK: - Team

  @Test func pagesCarryTheSecurityHeadersErrorsToo() async throws {
    try await withPortal { _, browser in
      for path in ["/signin", "/no-such-page", "/v/not-a-token"] {
        let page = try await browser.get(path)
        let policy = try #require(page.headers[.contentSecurityPolicy])
        #expect(policy.contains("default-src 'none'"))
        #expect(!policy.contains("unsafe-inline"))
        #expect(page.headers[.xContentTypeOptions] == "nosniff")
        #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
        #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
        #expect(page.headers[.cacheControl] == "no-store")
        #expect(page.headers[.contentType] == "text/html; charset=utf-8")
      }
      #expect(try await browser.get("/no-such-page").status == .notFound)
    }
  }

  @Test func headIsAnsweredLikeGetWithoutTheBody() async throws {
    let test = try await TestPortal()
    defer { test.remove() }
    try await test.application().test(.router) { client in
      let page = try await client.execute(uri: "/signin", method: .head)
      let full = try await client.execute(uri: "/signin", method: .get)
      #expect(page.status == .ok)
      #expect(page.body.readableBytes == 0)
      #expect(page.headers[.contentLength] == String(full.body.readableBytes))
      #expect(page.headers[.contentSecurityPolicy] != nil)
      #expect(try await client.execute(uri: "/no-such-page", method: .head).status == .notFound)
    }
  }

  @Test func signInChecksThePasswordAndSetsAStrictHttpOnlySession() async throws {
    try await withPortal { test, browser in
      #expect(try await browser.get("/rounds").location == "/signin")
      try await browser.get("/signin")
      let wrong = try await browser.post("/signin", [("email", TestPortal.email), ("password", "wrong password!!")])
      #expect(wrong.status == .unauthorized)
      #expect(wrong.body.contains("The e-mail address or the password is wrong."))
      let unknown = try await browser.post("/signin", [("email", "nobody@example.com"), ("password", "whatever12345")])
      #expect(unknown.status == .unauthorized)
      let right = try await browser.post("/signin", [("email", TestPortal.email), ("password", TestPortal.password)])
      #expect(right.status == .seeOther)
      let cookie = try #require(right.headers[fields: .setCookie].first { $0.value.hasPrefix("candor_session=") })
      #expect(cookie.value.contains("HttpOnly"))
      #expect(cookie.value.contains("SameSite=Strict"))
      #expect(try await browser.get("/rounds").status == .ok)
      let actions = try await test.portal.store.auditLog().map(\.action)
      #expect(actions.filter { $0 == "sign-in-failed" }.count == 2)
      #expect(actions.contains("signed-in"))
      try await browser.post("/signout", [])
      #expect(try await browser.get("/rounds").location == "/signin")
    }
  }

  @Test func aPostWithoutTheFormsTokenIsRefused() async throws {
    try await withPortal { _, browser in
      try await browser.get("/signin")
      let missing = try await browser.post(
        "/signin", [("email", TestPortal.email), ("password", TestPortal.password)], csrf: "")
      #expect(missing.status == .forbidden)
      let forged = try await browser.post(
        "/signin", [("email", TestPortal.email), ("password", TestPortal.password)],
        csrf: String(repeating: "A", count: 43))
      #expect(forged.status == .forbidden)
      // The token of another browser does not fit this browser's cookie.
      let other = browser.another()
      try await other.get("/signin")
      let borrowed = try await browser.post(
        "/signin", [("email", TestPortal.email), ("password", TestPortal.password)], csrf: other.csrf)
      #expect(borrowed.status == .forbidden)
      // A form sent from another site is refused even with a valid token.
      browser.headers[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
      let crossSite = try await browser.post(
        "/signin", [("email", TestPortal.email), ("password", TestPortal.password)])
      #expect(crossSite.status == .forbidden)
    }
  }

  @Test func signInIsRateLimitedPerAddress() async throws {
    var limits = ServerLimits.default
    limits.signInAttempts = 3
    try await withPortal(limits: limits) { _, browser in
      try await browser.get("/signin")
      for _ in 0..<3 {
        let page = try await browser.post("/signin", [("email", TestPortal.email), ("password", "not the password")])
        #expect(page.status == .unauthorized)
      }
      let blocked = try await browser.post("/signin", [("email", TestPortal.email), ("password", TestPortal.password)])
      #expect(blocked.status == .tooManyRequests)
      #expect(blocked.headers[.retryAfter] != nil)
    }
  }

  @Test func aRoundNeedsValidInputsAndNamesEachProblem() async throws {
    try await withPortal { test, browser in
      try await browser.signIn()
      try await browser.get("/rounds/new")
      let page = try await browser.postMultipart(
        "/rounds", [("name", ""), ("due", "2026-13-40"), ("vendors", "Acme\nacme, Acme again\n<b>")],
        files: [("incidents", "bad.xml", Array("<!DOCTYPE x><incidents/>".utf8))])
      #expect(page.status == .badRequest)
      #expect(page.body.contains("Give the round a name"))
      #expect(page.body.contains("is not a date"))
      #expect(page.body.contains("the vendor id &quot;acme&quot; is on line 1 already"))
      #expect(page.body.contains("&lt;b&gt;"))
      #expect(!page.body.contains("<b>"))
      // A file that does not load is named with its line and column, and nothing is created.
      let files = try await browser.postMultipart(
        "/rounds", [("name", "R"), ("due", "2026-12-31"), ("vendors", "Acme")],
        files: [("incidents", "bad.xml", Array("<!DOCTYPE x><incidents/>".utf8))])
      #expect(files.status == .badRequest)
      #expect(files.body.contains("bad.xml:1:"))
      #expect(try await test.portal.store.rounds().isEmpty)
    }
  }

  // MARK: - A round, end to end

  @Test func aVendorAnswersUploadsEvidenceAndSubmits() async throws {
    try await withPortal { test, browser in
      try await browser.signIn()
      let incidents = try Array(Data(contentsOf: URL(fileURLWithPath: TestPortal.package("Examples/incidents.xml"))))
      let (round, links) = try await browser.createRound(
        vendors: "nimbus-cloud, Nimbus <Cloud>\nOakhollow Systems", asOf: "2026-10-01",
        incidents: [("incidents.xml", incidents)])
      #expect(links.count == 2)
      let dashboard = try await browser.get(round)
      #expect(dashboard.body.contains("Nimbus &lt;Cloud&gt;"))
      #expect(dashboard.body.contains(">Invited<"))
      // Only the hash of a token is stored.
      let token = String(try #require(links["nimbus-cloud"]).dropFirst(3))
      let stored = try await test.portal.store.lookUpLink(tokenHash: Secrets.sha256(token), at: test.clock.now)
      guard case .valid(let access) = stored else {
        Issue.record("the link is not stored")
        return
      }
      #expect(access.invitation.tokenHash != token)

      let vendor = browser.another()
      let link = try #require(links["nimbus-cloud"])
      let home = try await vendor.get(link)
      #expect(home.status == .ok)
      let total = try test.portal.questionnaires.questionnaire(nil).questions.count
      #expect(home.body.contains("Answered 0 of \(total) questions"))
      let domainPage = try await vendor.get("\(link)/domains/IDP")
      #expect(domainPage.body.contains("IDP-01.1"))
      // An invalid answer: nothing is saved and the problem is named.
      let invalid = try await vendor.postMultipart(
        "\(link)/domains/IDP", [("q.IDP-01.1.value", "maybe"), ("q.IDP-01.3.value", "150"), ("go", "save")])
      #expect(invalid.status == .unprocessableContent)
      #expect(invalid.body.contains("&quot;maybe&quot; is not an option of question IDP-01.1"))
      #expect(invalid.body.contains("150 percent is above the largest answer allowed, 100"))
      #expect(try await test.portal.store.draft(participantID: access.participant.id!).isEmpty)
      // A valid save with evidence.
      let saved = try await vendor.postMultipart(
        "\(link)/domains/IDP",
        [
          ("q.IDP-01.1.value", "yes"), ("q.IDP-01.1.version", "0"), ("q.IDP-01.1.kind", "audit-report"),
          ("q.IDP-01.1.origin", "independent"), ("q.IDP-01.1.description", "SOC 2 <script>alert(1)</script>"),
          ("q.IDP-01.3.value", "85"), ("q.IDP-01.3.version", "0"), ("go", "save"),
        ], files: [("q.IDP-01.1.file", "soc2 report.pdf", Array("%PDF-1.4 report".utf8))])
      #expect(saved.status == .seeOther)
      #expect(saved.location == "\(link)/domains/IDP?saved=1")
      let after = try await vendor.get("\(link)/domains/IDP?saved=1")
      #expect(after.body.contains("Your answers are saved."))
      #expect(after.body.contains("soc2 report.pdf"))
      #expect(after.body.contains("SOC 2 &lt;script&gt;alert(1)&lt;/script&gt;"))
      #expect(!after.body.contains("<script>"))
      let evidence = try await test.portal.store.evidence(participantID: access.participant.id!)
      let file = try #require(evidence.first)
      #expect(file.storedName.hasSuffix(".pdf") && !file.storedName.contains("soc2"))
      #expect(file.sha256 == Digest.sha256(Array("%PDF-1.4 report".utf8)))
      let download = try await vendor.get("\(link)/evidence/\(file.id!)")
      #expect(download.headers[.contentType] == "application/octet-stream")
      #expect(download.headers[.contentDisposition]?.hasPrefix("attachment") == true)
      #expect(download.bytes == Array("%PDF-1.4 report".utf8))
      // A file type that a browser could run is refused.
      let html = try await vendor.postMultipart(
        "\(link)/domains/IDP", [("q.IDP-01.2.value", "yes"), ("go", "save")],
        files: [("q.IDP-01.2.file", "page.html", Array("<script>".utf8))])
      #expect(html.status == .unprocessableContent)
      #expect(html.body.contains("Files of this type are not accepted"))

      // The review lists what is open; submitting needs the confirmation.
      let review = try await vendor.get("\(link)/review")
      #expect(review.body.contains("Not answered yet: \(total - 2) questions"))
      let unconfirmed = try await vendor.post(
        "\(link)/review", [("respondent-name", "Alex Doe"), ("go", "submit")])
      #expect(unconfirmed.status == .unprocessableContent)
      let submitted = try await vendor.post(
        "\(link)/review", [("respondent-name", "Alex Doe"), ("confirm", "yes"), ("go", "submit")])
      #expect(submitted.status == .seeOther)
      let thanks = try await vendor.get(link)
      #expect(thanks.body.contains("your answers are submitted"))

      // What was submitted: valid against response.xsd and the questionnaire, with the evidence's SHA-256.
      let response = try await vendor.get("\(link)/response.xml")
      #expect(response.headers[.contentDisposition]?.contains("response.xml") == true)
      let (loaded, problems) = try InputLoader.response(
        SourceText(name: "response.xml", bytes: response.bytes),
        questionnaire: try test.portal.questionnaire(access.round))
      #expect(problems.filter { $0.severity == .error }.isEmpty, "\(problems)")
      #expect(loaded.vendor == Vendor(id: "nimbus-cloud", name: "Nimbus <Cloud>"))
      #expect(loaded.respondent?.name == "Alex Doe")
      #expect(loaded.answer(to: "IDP-01.1")?.evidence.first?.sha256 == file.sha256)
      #expect(loaded.answer(to: "IDP-01.1")?.evidence.first?.reference == file.storedName)

      // The answers are read-only now.
      let late = try await vendor.postMultipart("\(link)/domains/IDP", [("q.IDP-01.1.value", "no"), ("go", "save")])
      #expect(late.status == .conflict)
      let readOnly = try await vendor.get("\(link)/domains/IDP")
      #expect(!readOnly.body.contains("name=\"q.IDP-01.1.value\""))

      // The dashboard shows the assessment's rating: the same as AssessRun of the same file and inputs.
      let submission = try #require(try await test.portal.store.submission(participantID: access.participant.id!))
      let shown = try await browser.get(round)
      #expect(shown.body.contains("data-rating=\"\(submission.rating)\""))
      let outcome = try AssessRun.run(
        RunConfiguration(
          responses: [test.portal.data.path("\(submission.folder)/response.xml")],
          incidents: [TestPortal.package("Examples/incidents.xml")], asOf: CalendarDate("2026-10-01"),
          outputDirectory: test.folder.appendingPathComponent("check").path, formats: [.xml],
          evidenceDirectory: test.portal.data.path("evidence/\(access.participant.id!)")))
      #expect(outcome.vendors.first?.rating.rawValue == submission.rating)
      #expect(shown.body.contains(">\(Shown.score(outcome.vendors.first?.verified))<"))
      // The team downloads the reports.
      let reportXML = try await browser.get("\(round)/vendors/\(access.participant.id!)/files/nimbus-cloud.report.xml")
      #expect(reportXML.status == .ok)
      #expect(reportXML.body.contains("urn:candor:report:1"))
      let reportHTML = try await browser.get(
        "\(round)/vendors/\(access.participant.id!)/files/nimbus-cloud.report.html")
      #expect(reportHTML.status == .ok)
      #expect(reportHTML.headers[.contentType] == "text/html; charset=utf-8")
      #expect(reportHTML.headers[.contentSecurityPolicy]?.hasSuffix("; sandbox") == true)
      #expect(reportHTML.headers[.contentDisposition] == nil)
      #expect(reportHTML.body.contains("Nimbus &lt;Cloud&gt;"))
      let traversal = try await browser.get("\(round)/vendors/\(access.participant.id!)/files/..%2F..%2Fcandor.sqlite")
      #expect(traversal.status == .notFound)

      // Every step is in the audit log.
      let actions = Set(try await test.portal.store.auditLog(roundID: 1).map(\.action))
      for action in [
        "round-created", "vendor-invited", "link-opened", "answers-saved", "evidence-uploaded", "submitted",
      ] {
        #expect(actions.contains(action), "\(action)")
      }
      let audit = try await browser.get("/audit")
      #expect(audit.body.contains("evidence-uploaded"))
    }
  }

  // MARK: - One link, one vendor

  @Test func aLinkReachesOnlyItsOwnVendor() async throws {
    try await withPortal { test, browser in
      try await browser.signIn()
      let (_, links) = try await browser.createRound(vendors: "Alpha\nBravo")
      let alpha = try #require(links["alpha"])
      let bravo = try #require(links["bravo"])
      let bravoBrowser = browser.another()
      try await bravoBrowser.get("\(bravo)/domains/IDP")
      try await bravoBrowser.postMultipart(
        "\(bravo)/domains/IDP", [("q.IDP-01.1.value", "no"), ("q.IDP-01.1.version", "0"), ("go", "save")],
        files: [("q.IDP-01.1.file", "bravo.pdf", Array("bravo's secret".utf8))])
      let participants = try await test.portal.store.participants(roundID: 1)
      let alphaID = try #require(participants.first { $0.participant.vendorID == "alpha" }?.participant.id)
      let bravoID = try #require(participants.first { $0.participant.vendorID == "bravo" }?.participant.id)
      let bravoFile = try #require(try await test.portal.store.evidence(participantID: bravoID).first)

      let alphaBrowser = browser.another()
      try await alphaBrowser.get("\(alpha)/domains/IDP")
      // Alpha's valid link cannot read Bravo's evidence…
      let read = try await alphaBrowser.get("\(alpha)/evidence/\(bravoFile.id!)")
      #expect(read.status == .notFound)
      #expect(!read.body.contains("bravo's secret"))
      // …nor remove it…
      let remove = try await alphaBrowser.postMultipart(
        "\(alpha)/domains/IDP", [("remove", String(bravoFile.id!)), ("go", "save")])
      #expect(remove.status == .notFound)
      #expect(try await test.portal.store.evidence(participantID: bravoID).count == 1)
      // …and what it saves lands in its own draft only, whatever the form names.
      try await alphaBrowser.postMultipart(
        "\(alpha)/domains/IDP",
        [("q.IDP-01.1.value", "yes"), ("q.IDP-01.1.version", "0"), ("participant", String(bravoID)), ("go", "save")])
      #expect(try await test.portal.store.draft(participantID: bravoID)["IDP-01.1"]?.value == "no")
      #expect(try await test.portal.store.draft(participantID: alphaID)["IDP-01.1"]?.value == "yes")
      // Alpha's pages never show Bravo's answers or files.
      let page = try await alphaBrowser.get("\(alpha)/domains/IDP")
      #expect(!page.body.contains("bravo.pdf"))
      // A token that differs from Bravo's in its last character is unknown.
      var guessed = bravo
      guessed.removeLast()
      guessed += bravo.hasSuffix("A") ? "B" : "A"
      #expect(try await alphaBrowser.get(guessed).status == .notFound)
      // The team's file routes check that the vendor belongs to the round.
      let (_, otherLinks) = try await browser.createRound(name: "Round two", vendors: "Charlie")
      #expect(otherLinks.count == 1)
      #expect(try await browser.get("/rounds/2/vendors/\(bravoID)/files/response.xml").status == .notFound)
    }
  }

  @Test func revokedAndExpiredLinksAreRefusedAndBadLinksRateLimited() async throws {
    var limits = ServerLimits.default
    limits.badLinkAttempts = 5
    try await withPortal(limits: limits) { test, browser in
      try await browser.signIn()
      let (round, links) = try await browser.createRound(vendors: "Alpha", due: "2026-10-01")
      let alpha = try #require(links["alpha"])
      #expect(try await browser.get(alpha).status == .ok)
      try await browser.get(round)
      try await browser.post("\(round)/vendors/1/revoke", [])
      #expect(try await browser.get(alpha).status == .gone)
      let reissued = try await browser.post("\(round)/vendors/1/link", [])
      let fresh = try #require(
        WebSession.firstMatch(of: #"value="http://[^/"]+(/v/[A-Za-z0-9_-]{43})""#, in: reissued.body))
      #expect(try await browser.get(fresh).status == .ok)
      #expect(try await browser.get(alpha).status == .gone)
      // After the due date the vendor is overdue; the link expires 30 days after it.
      test.clock.advance(days: 20)
      #expect(try await browser.get(round).body.contains(">Overdue<"))
      test.clock.advance(days: 40)
      #expect(try await browser.get(fresh).status == .gone)
      let actions = try await test.portal.store.auditLog().map(\.action)
      #expect(actions.contains("link-revoked") && actions.contains("link-issued"))
    }
  }

  @Test func unknownLinksAreRateLimitedPerAddress() async throws {
    var limits = ServerLimits.default
    limits.badLinkAttempts = 5
    try await withPortal(limits: limits) { _, browser in
      try await browser.signIn()
      let (_, links) = try await browser.createRound(vendors: "Alpha")
      let alpha = try #require(links["alpha"])
      // Working links never count.
      for _ in 0..<10 { #expect(try await browser.get(alpha).status == .ok) }
      for _ in 0..<5 { #expect(try await browser.get("/v/\(String(repeating: "x", count: 43))").status == .notFound) }
      let blocked = try await browser.get("/v/\(String(repeating: "y", count: 43))")
      #expect(blocked.status == .tooManyRequests)
      #expect(blocked.headers[.retryAfter] != nil)
      // Once an address is blocked, even a working link waits.
      #expect(try await browser.get(alpha).status == .tooManyRequests)
    }
  }

  @Test func bodiesOverTheirCapAreRefused() async throws {
    var limits = ServerLimits.default
    limits.maxFormBytes = 2048
    limits.maxEvidenceBytes = 4096
    try await withPortal(limits: limits) { _, browser in
      try await browser.get("/signin")
      let big = try await browser.post("/signin", [("email", String(repeating: "a", count: 5000))])
      #expect(big.status == .contentTooLarge)
      try await browser.signIn()
      let (_, links) = try await browser.createRound(vendors: "Alpha")
      let alpha = try #require(links["alpha"])
      let vendor = browser.another()
      try await vendor.get("\(alpha)/domains/IDP")
      let upload = try await vendor.postMultipart(
        "\(alpha)/domains/IDP", [("go", "save")],
        files: [("q.IDP-01.1.file", "big.pdf", Array(repeating: 65, count: 8000))])
      #expect(upload.status == .contentTooLarge)
    }
  }

  // MARK: - Drafts

  @Test func twoWindowsSavingTheSameAnswerLoseNothingSilently() async throws {
    try await withPortal { test, browser in
      try await browser.signIn()
      let (_, links) = try await browser.createRound(vendors: "Alpha")
      let alpha = try #require(links["alpha"])
      let first = browser.another()
      let second = browser.another()
      try await first.get("\(alpha)/domains/IDP")
      try await second.get("\(alpha)/domains/IDP")
      // Both pages showed version 0 of IDP-01.1; the first save wins, the second is reported, not applied.
      let one = try await first.postMultipart(
        "\(alpha)/domains/IDP",
        [
          ("q.IDP-01.1.value", "yes"), ("q.IDP-01.1.version", "0"), ("q.IDP-01.2.value", "no"),
          ("q.IDP-01.2.version", "0"), ("go", "save"),
        ])
      #expect(one.location?.hasSuffix("saved=1") == true)
      let two = try await second.postMultipart(
        "\(alpha)/domains/IDP",
        [
          ("q.IDP-01.1.value", "partial"), ("q.IDP-01.1.version", "0"), ("q.IDP-01.3.value", "40"),
          ("q.IDP-01.3.version", "0"), ("go", "save"),
        ])
      #expect(two.location?.hasSuffix("saved=conflict") == true)
      let draft = try await test.portal.store.draft(participantID: 1)
      #expect(draft["IDP-01.1"]?.value == "yes")
      #expect(draft["IDP-01.2"]?.value == "no")  // the second window did not erase it
      #expect(draft["IDP-01.3"]?.value == "40")  // nor lose its own other answer
    }
  }

  @Test func notApplicableNeedsAReason() async throws {
    try await withPortal { test, browser in
      try await browser.signIn()
      let (_, links) = try await browser.createRound(vendors: "Alpha")
      let alpha = try #require(links["alpha"])
      let questionnaire = try test.portal.questionnaires.questionnaire(nil)
      let (domain, question) = try #require(
        questionnaire.domains.lazy.compactMap { domain in
          domain.controls.flatMap(\.questions).first { $0.options.contains(where: \.notApplicable) }.map {
            (domain, $0)
          }
        }.first)
      let na = try #require(question.options.first { $0.notApplicable }).value
      let vendor = browser.another()
      try await vendor.get("\(alpha)/domains/\(domain.id)")
      let refused = try await vendor.postMultipart(
        "\(alpha)/domains/\(domain.id)", [("q.\(question.id).value", na), ("go", "save")])
      #expect(refused.status == .unprocessableContent)
      #expect(refused.body.contains("why the question does not apply"))
      let accepted = try await vendor.postMultipart(
        "\(alpha)/domains/\(domain.id)",
        [
          ("q.\(question.id).value", na), ("q.\(question.id).comment", "We run no agents in that region."),
          ("go", "save"),
        ])
      #expect(accepted.status == .seeOther)
    }
  }

  @Test func aSubmissionThatFailsLeavesTheDraftAsItWas() async throws {
    try await withPortal { test, browser in
      try await browser.signIn()
      let incidents = try Array(Data(contentsOf: URL(fileURLWithPath: TestPortal.package("Examples/incidents.xml"))))
      let (_, links) = try await browser.createRound(vendors: "Alpha", incidents: [("incidents.xml", incidents)])
      let alpha = try #require(links["alpha"])
      let vendor = browser.another()
      try await vendor.get("\(alpha)/domains/IDP")
      try await vendor.postMultipart(
        "\(alpha)/domains/IDP", [("q.IDP-01.1.value", "yes"), ("go", "save")],
        files: [("q.IDP-01.1.file", "../../../etc/passwd.pdf", Array("%PDF".utf8))])
      // The upload's name is shown, never used as a path.
      let stored = try #require(try await test.portal.store.evidence(participantID: 1).first)
      #expect(stored.originalName == "../../../etc/passwd.pdf")
      #expect(FileManager.default.fileExists(atPath: test.portal.data.path("evidence/1/\(stored.storedName)")))
      // The round's incident file disappears from the data folder: the assessment fails midway.
      let (_, files) = try #require(try await test.portal.store.round(id: 1))
      let incidentPath = test.portal.data.path(files[0].file)
      try FileManager.default.moveItem(atPath: incidentPath, toPath: incidentPath + ".away")
      try await vendor.get("\(alpha)/review")
      let failed = try await vendor.post("\(alpha)/review", [("confirm", "yes"), ("go", "submit")])
      #expect(failed.status == .internalServerError)
      // Nothing is recorded, no submission folder is left, and the draft can still be changed.
      #expect(try await test.portal.store.submission(participantID: 1) == nil)
      let folders = try FileManager.default.contentsOfDirectory(atPath: test.portal.data.path("submissions"))
      #expect(folders.isEmpty, "\(folders)")
      let edit = try await vendor.postMultipart(
        "\(alpha)/domains/IDP", [("q.IDP-01.1.value", "partial"), ("q.IDP-01.1.version", "1"), ("go", "save")])
      #expect(edit.status == .seeOther)
      // Once the file is back, the submission goes through, once.
      try FileManager.default.moveItem(atPath: incidentPath + ".away", toPath: incidentPath)
      try await vendor.get("\(alpha)/review")
      let done = try await vendor.post("\(alpha)/review", [("confirm", "yes"), ("go", "submit")])
      #expect(done.status == .seeOther)
      #expect(try await test.portal.store.submission(participantID: 1) != nil)
      let again = try await vendor.post("\(alpha)/review", [("confirm", "yes"), ("go", "submit")])
      #expect(again.status == .conflict)
    }
  }

  // MARK: - Export and trend

  @Test func theExportHoldsEveryResponseAndReport() async throws {
    try await withPortal { test, browser in
      try await browser.signIn()
      let (round, links) = try await browser.createRound(vendors: "Alpha")
      let alpha = try #require(links["alpha"])
      let vendor = browser.another()
      try await vendor.get("\(alpha)/review")
      try await vendor.post("\(alpha)/review", [("confirm", "yes"), ("go", "submit")])
      let zip = try await browser.get("\(round)/export.zip")
      #expect(zip.status == .ok)
      #expect(zip.headers[.contentType] == "application/zip")
      let text = String(decoding: zip.bytes, as: UTF8.self)
      for name in [
        "round-1/alpha/response.xml", "round-1/alpha/reports/alpha.report.xml",
        "round-1/alpha/reports/alpha.oscal-ar.json",
      ] {
        #expect(text.contains(name), "\(name)")
      }
      #expect(try await test.portal.store.auditLog().contains { $0.action == "round-exported" })
    }
  }

  @Test func theTrendComparesAVendorsRounds() async throws {
    try await withPortal { test, browser in
      try await browser.signIn()
      for (index, answer) in ["no", "yes"].enumerated() {
        let (_, links) = try await browser.createRound(name: "Round \(index + 1)", vendors: "Alpha")
        let alpha = try #require(links["alpha"])
        let vendor = browser.another()
        try await vendor.get("\(alpha)/domains/IDP")
        try await vendor.postMultipart("\(alpha)/domains/IDP", [("q.IDP-01.1.value", answer), ("go", "save")])
        try await vendor.get("\(alpha)/review")
        try await vendor.post("\(alpha)/review", [("confirm", "yes"), ("go", "submit")])
        test.clock.advance(days: 1)
      }
      let trend = try await browser.get("/vendors/alpha")
      #expect(trend.status == .ok)
      #expect(trend.body.contains("<svg"))
      #expect(trend.body.contains("What changed from Round 1 to Round 2"))
      #expect(trend.body.contains("IDP-01"))
      #expect(try await browser.get("/vendors/nobody").status == .notFound)
    }
  }

  // MARK: - Templates

  @Test func noTemplateWritesUnescapedValues() throws {
    for name in Views.pages {
      let text = try #require(BundledResources.text("Templates/serve/\(name).html.mustache"))
      #expect(!text.contains("{{{"), "\(name) uses {{{…}}}")
      #expect(!text.contains("{{&"), "\(name) uses {{&…}}")
      #expect(!text.contains("<script"), "\(name) has a script")
      #expect(!text.contains("style=\""), "\(name) has an inline style (the CSP refuses it)")
    }
  }
}
