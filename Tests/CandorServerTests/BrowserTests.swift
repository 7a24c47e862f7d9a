import CandorKit
import Foundation
import HummingbirdTesting
import Testing

@testable import CandorServer

/// What the browser test needs: Chromium, chromedriver and selenium. Outside CI a missing tool skips the test; in
/// CI (CANDOR_CI=1, set by .ci/run, or CANDOR_REQUIRE_BROWSER=1) it fails it.
enum BrowserTools {
  static let required = ["CANDOR_CI", "CANDOR_REQUIRE_BROWSER"].contains {
    ProcessInfo.processInfo.environment[$0] == "1"
  }

  static let missing: [String] = {
    var missing: [String] = []
    if Processes.which("chromium", "chromium-browser", "google-chrome") == nil { missing.append("chromium") }
    if Processes.which("chromedriver") == nil { missing.append("chromedriver (Debian: chromium-driver)") }
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: Processes.which("python3") ?? "/usr/bin/python3")
    probe.arguments = ["-c", "import selenium"]
    probe.standardError = FileHandle.nullDevice
    if (try? probe.run()) == nil {
      missing.append("python3")
    } else {
      probe.waitUntilExit()
      if probe.terminationStatus != 0 { missing.append("selenium (pip install selenium)") }
    }
    return missing
  }()

  /// The sanitizer the suite runs under (scripts/sanitizers.sh sets CANDOR_SANITIZER), nil in a plain run.
  static let sanitizer = ProcessInfo.processInfo.environment["CANDOR_SANITIZER"].flatMap { $0.isEmpty ? nil : $0 }

  /// Whether the browser test runs: not under a sanitizer (the route, store and load tests take the same routes
  /// there; Chromium beside a sanitized suite on two cores timed out loading the first page), and otherwise when the
  /// tools are there or CI requires them.
  static var runs: Bool { sanitizer == nil && (missing.isEmpty || required) }

  /// The folder for screenshots: $CANDOR_SCREENSHOTS, or a new temporary folder.
  static func screenshotFolder() -> String {
    if let folder = ProcessInfo.processInfo.environment["CANDOR_SCREENSHOTS"], !folder.isEmpty { return folder }
    return FileManager.default.temporaryDirectory.appendingPathComponent("candor-screenshots-\(UUID().uuidString)")
      .path
  }
}

/// The portal in a real browser: headless Chromium driven by selenium through Tests/CandorServerTests/Browser/
/// walkthrough.py against a live server.
@Suite(.serialized) struct BrowserTests {
  @Test(
    .enabled(
      if: BrowserTools.runs,
      Comment(
        rawValue: BrowserTools.sanitizer.map { "skipped under the \($0) sanitizer (the plain run drives the browser)" }
          ?? "skipped: \(BrowserTools.missing.joined(separator: ", ")) missing (apt-get install chromium "
          + "chromium-driver; pip install selenium); in CI (CANDOR_CI=1) it is a failure")),
    .timeLimit(.minutes(10)))
  func aRoundWithTwoVendorsFromSignInToRating() async throws {
    try #require(
      BrowserTools.missing.isEmpty,
      "CI needs the browser test, but \(BrowserTools.missing.joined(separator: ", ")) missing")
    let test = try await TestPortal()
    defer { test.remove() }
    let shots = BrowserTools.screenshotFolder()
    let evidence = test.folder.appendingPathComponent("soc2-type2-2026.pdf")
    try Data("%PDF-1.4\n% a SOC 2 Type II report (test)\n".utf8).write(to: evidence)
    let incidents = TestPortal.package("Examples/incidents.xml")
    let script = TestPortal.package("Tests/CandorServerTests/Browser/walkthrough.py")

    let walk = try await test.application().test(.live) { client in
      let port = try #require(client.port)
      return try await Processes.run(
        Processes.which("python3") ?? "/usr/bin/python3",
        [script, "http://127.0.0.1:\(port)", TestPortal.email, TestPortal.password, shots, incidents, evidence.path],
        timeout: 480)
    }
    let screenshots = walk.stderr.split(separator: "\n").filter { $0.hasPrefix("screenshot: ") }
    print("Browser test screenshots (\(screenshots.count)) in \(shots):")
    for line in screenshots { print("  \(line.dropFirst("screenshot: ".count))") }
    #expect(walk.status == 0, "walkthrough.py failed:\n\(walk.stderr)")
    let last = try #require(walk.stdout.split(separator: "\n").last.map(String.init), "no result from walkthrough.py")
    let result = try #require(
      try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any], "not JSON: \(last)")
    let shown = try #require(result["results"] as? [String: [String: String]])
    #expect(Set(shown.keys) == ["nimbus-cloud", "oakhollow-systems"])

    // For each vendor, `candor assess` of the submitted response file gives the rating the dashboard shows.
    let participants = try await test.portal.store.participants(roundID: 1)
    for overview in participants {
      let vendor = overview.participant.vendorID
      let submission = try #require(overview.submission, "\(vendor) did not submit")
      let out = test.folder.appendingPathComponent("assess-\(vendor)").path
      let assess = try await Processes.run(
        Processes.candor.path,
        [
          "assess", test.portal.data.path("\(submission.folder)/response.xml"), "--incidents", incidents,
          "--evidence-dir", test.portal.data.path("evidence/\(overview.participant.id!)"), "--as-of",
          submission.asOf, "--format", "xml", "--out", out,
        ], timeout: 120)
      #expect(assess.status == 0 || assess.status == 1, "\(assess.stderr)")
      // The rating and verified score of the report.xml that `candor assess` wrote.
      let report = try ReportSnapshot.read(InputFiles.read("\(out)/\(vendor).report.xml"))
      #expect(report.rating.rawValue == shown[vendor]?["rating"], "candor assess: \(assess.stdout)")
      #expect(report.verified?.description == shown[vendor]?["verified"], "candor assess: \(assess.stdout)")
    }

    // The audit log shows every step of the walk.
    let entries = try await test.portal.store.auditLog()
    let actions = entries.map(\.action)
    for action in [
      "signed-in", "round-created", "vendor-invited", "link-opened", "answers-saved", "evidence-uploaded",
      "respondent-saved", "submitted",
    ] {
      #expect(actions.contains(action), "the audit log has no \(action)")
    }
    for vendor in ["nimbus-cloud", "oakhollow-systems"] {
      #expect(entries.contains { $0.action == "submitted" && $0.vendorID == vendor })
    }
  }
}
