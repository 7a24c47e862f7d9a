import Foundation
import Testing

/// `candor incidents import` and `candor incidents snapshot`, run as a user would; snapshots are fetched from a
/// server on 127.0.0.1 (Tests/Fixtures/http/feed_server.py), never from the internet.
@Suite(.timeLimit(.minutes(3))) struct IncidentsCommandTests {
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("candor-incidents-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func importsEachRealFixtureIntoAValidFile() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("github.xml").path
    let atom = CandorProcess.fixture("feeds/githubstatus_history_2026-08-22_becbfc21.atom")
    let json = CandorProcess.fixture("feeds/githubstatus_api_v2_incidents_2024-09_excerpt_from_slok-stactus.json")
    let result = try CandorProcess.run(["incidents", "import", atom, json, "--vendor", "github", "--out", out])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout == "Wrote \(out): 27 incidents (27 imported, 27 new); 0 revisions, 0 removed from the feed.\n")
    let validate = try CandorProcess.run(["validate", out])
    #expect(validate.status == 0, "\(validate.stderr)")
    // Again into itself: the same bytes.
    let before = try Data(contentsOf: URL(fileURLWithPath: out))
    let again = try CandorProcess.run([
      "incidents", "import", atom, json, "--vendor", "github", "--into", out, "--out", out,
    ])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == before)

    let aiidOut = directory.appendingPathComponent("aiid.xml").path
    let aiid = try CandorProcess.run([
      "incidents", "import", CandorProcess.fixture("feeds/aiid_graphql_incidents_sample.json"),
      CandorProcess.fixture("feeds/aiid_sample-incident-classifications.csv"), "--entity", "uber=uber",
      "--entity", "YouTube=youtube", "--out", aiidOut,
    ])
    #expect(aiid.status == 0, "\(aiid.stderr)")
    #expect(aiid.stderr.contains("note: 2 AI Incident Database incident(s) name no organisation mapped with --entity"))
    #expect(try CandorProcess.run(["validate", aiidOut]).status == 0)

    let gcpOut = directory.appendingPathComponent("gcp.xml").path
    let gcp = try CandorProcess.run([
      "incidents", "import", CandorProcess.fixture("feeds/gcp_status_incidents_2022-07.json"), "--vendor",
      "google-cloud", "--out", gcpOut,
    ])
    #expect(gcp.status == 0, "\(gcp.stderr)")
    #expect(try CandorProcess.run(["validate", gcpOut]).status == 0)
  }

  @Test func anInvalidSourceWritesNothing() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let bad = directory.appendingPathComponent("bad.json")
    try Data(
      "{\"page\": {\"id\": \"p\"}, \"incidents\": [{\"id\": \"a\", \"name\": \"A\", \"started_at\": \"soon\"}]}".utf8
    )
    .write(to: bad)
    let out = directory.appendingPathComponent("out.xml")
    let result = try CandorProcess.run([
      "incidents", "import", CandorProcess.fixture("feeds/githubstatus_history_2026-08-22_becbfc21.atom"), bad.path,
      "--vendor", "github", "--out", out.path,
    ])
    #expect(result.status == 2)
    #expect(
      result.stderr.hasPrefix("\(bad.path):1:76: error: incidents[0].started_at: \"soon\" is not a date and time"))
    #expect(!FileManager.default.fileExists(atPath: out.path))
    let usage = try CandorProcess.run(["incidents", "import", "--out", out.path])
    #expect(usage.status == 2)
    #expect(usage.stderr.contains("give source files or --store DIR"))
  }

  /// Runs the loopback feed server over `folder` for the length of `body`.
  static func withServer<R>(
    serving folder: URL, tls: (certificate: String, key: String)? = nil, _ body: (Int) throws -> R
  ) throws -> R {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      ["python3", CandorProcess.fixture("http/feed_server.py"), folder.path]
      + (tls.map { [$0.certificate, $0.key] } ?? [])
    let output = Pipe()
    let input = Pipe()
    process.standardOutput = output
    process.standardInput = input
    try process.run()
    defer {
      try? input.fileHandleForWriting.close()
      process.waitUntilExit()
    }
    var line = Data()
    while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
      line.append(byte)
    }
    let port = try #require(Int(String(decoding: line, as: UTF8.self)), "the feed server did not start")
    return try body(port)
  }

  /// `date` as `YYYY-MM-DDThh:mm:ssZ`, to the second.
  static func iso(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }

  static func feed(resolvedText: String, entryUpdated: String, feedUpdated: String) -> String {
    func escape(_ text: String) -> String {
      text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;")
    }
    // Made up, in Statuspage's shape.
    let html =
      "<p> <small>Nov <var data-var='date'>2</var>, <var data-var='time'>11:00</var> UTC</small><br> "
      + "<strong>Resolved</strong> - \(resolvedText) </p> <p> <small>Nov <var data-var='date'>2</var>, "
      + "<var data-var='time'>09:00</var> UTC</small><br> <strong>Investigating</strong> - We are investigating. </p>"
    return """
      <?xml version="1.0" encoding="UTF-8"?>
      <feed xml:lang="en-US" xmlns="http://www.w3.org/2005/Atom">
        <id>tag:status.example.test,2005:/history</id>
        <link rel="alternate" type="text/html" href="https://status.example.test"/>
        <title>Example Status - Incident History</title>
        <updated>\(feedUpdated)</updated>
        <entry>
          <id>tag:status.example.test,2005:Incident/1</id>
          <published>2026-11-02T11:00:00Z</published>
          <updated>\(entryUpdated)</updated>
          <link rel="alternate" type="text/html" href="https://status.example.test/incidents/snap1"/>
          <title>Volumes deleted</title>
          <content type="html">\(escape(html))</content>
        </entry>
      </feed>
      """
  }

  @Test func snapshotsOverLoopbackShowASilentEdit() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let served = directory.appendingPathComponent("served")
    try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
    let feedFile = served.appendingPathComponent("history.atom")
    let store = directory.appendingPathComponent("store").path
    try Data(
      Self.feed(
        resolvedText: "This incident has been resolved.", entryUpdated: "2026-11-02T11:00:00Z",
        feedUpdated: "2026-11-02T12:00:00Z"
      ).utf8
    ).write(to: feedFile)
    var editTime = ""
    try Self.withServer(serving: served) { port in
      let url = "http://127.0.0.1:\(port)/history.atom"
      let first = try CandorProcess.run(["incidents", "snapshot", url, "--vendor", "acme", "--store", store])
      #expect(first.status == 0, "\(first.stderr)")
      #expect(first.stdout.hasPrefix("Stored a new snapshot of \(url)"))
      // Unchanged: the conditional request gets a 304.
      let second = try CandorProcess.run(["incidents", "snapshot", url, "--vendor", "acme", "--store", store])
      #expect(second.status == 0, "\(second.stderr)")
      #expect(second.stdout == "Unchanged since the last snapshot (HTTP 304); the store has 2 fetches.\n")
      // The vendor rewrites its Resolved update to add a root cause, after the second snapshot: the entry's
      // <updated> moves to that moment.
      Thread.sleep(forTimeInterval: 1.1)
      editTime = Self.iso(Date())
      try Data(
        Self.feed(
          resolvedText: "This incident has been resolved. The deletion was caused by an automated clean-up job.",
          entryUpdated: editTime, feedUpdated: editTime
        ).utf8
      ).write(to: feedFile)
      let third = try CandorProcess.run(["incidents", "snapshot", url, "--vendor", "acme", "--store", store])
      #expect(third.status == 0, "\(third.stderr)")
      #expect(third.stdout.hasSuffix("the store has 3 fetches.\n"))
      // A redirect within the rules (same scheme, loopback) is followed; the content is the feed's.
      let movedStore = directory.appendingPathComponent("moved-store").path
      let moved = try CandorProcess.run(
        ["incidents", "snapshot", "http://127.0.0.1:\(port)/moved", "--vendor", "acme", "--store", movedStore])
      #expect(moved.status == 0, "\(moved.stderr)")
      #expect(moved.stdout.hasPrefix("Stored a new snapshot of http://127.0.0.1:\(port)/moved"))

      // What a fetch may not do leaves the store as it was.
      let manifest = try Data(contentsOf: URL(fileURLWithPath: store).appendingPathComponent("snapshots.tsv"))
      let refusals: [([String], String)] = [
        (["http://127.0.0.1:\(port)/redirect-to-file"], "a redirect to file:///etc/passwd is refused"),
        (
          ["http://127.0.0.1:\(port)/redirect-to-remote"],
          "a redirect to http://example.invalid/history.atom is refused"
        ),
        (["http://127.0.0.1:\(port)/big", "--max-bytes", "100000"], "more than the limit of 100000 bytes"),
        (["http://127.0.0.1:\(port)/loop"], "more than 5 redirects"),
        (["http://127.0.0.1:\(port)/slow", "--total-timeout", "1"], "took more than 1 second (see --total-timeout)"),
        (
          ["http://127.0.0.1:\(port)/slow", "--timeout", "1"], "the fetch failed: no data for 1 second (see --timeout)"
        ),
        (["http://127.0.0.1:\(port)/missing.atom"], "HTTP 404; expected 200"),
        (["http://example.invalid/history.atom"], "plain http is refused"),
        (["ftp://127.0.0.1/history.atom"], "the scheme ftp is refused"),
      ]
      for (arguments, message) in refusals {
        let result = try CandorProcess.run(
          ["incidents", "snapshot"] + arguments + ["--vendor", "acme", "--store", store])
        #expect(result.status == 2, "\(arguments)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
      }
      #expect(try Data(contentsOf: URL(fileURLWithPath: store).appendingPathComponent("snapshots.tsv")) == manifest)
      // Another vendor's store is refused.
      let other = try CandorProcess.run(["incidents", "snapshot", url, "--vendor", "other", "--store", store])
      #expect(other.status == 2)
      #expect(other.stderr.contains("this store holds \(url) for vendor acme"))
    }

    // Over HTTPS the server's certificate is verified: a self-signed one is refused, and nothing is stored.
    let http = CandorProcess.fixture("http")
    try Self.withServer(
      serving: served, tls: (certificate: http + "/self-signed.crt", key: http + "/self-signed.key")
    ) { port in
      let tlsStore = directory.appendingPathComponent("tls-store").path
      let refused = try CandorProcess.run(
        [
          "incidents", "snapshot", "https://127.0.0.1:\(port)/history.atom", "--vendor", "acme", "--store", tlsStore,
          // AsyncHTTPClient retries a failed connection until the connect time-out, then reports the last error.
          "--timeout", "2",
        ])
      #expect(refused.status == 2)
      #expect(refused.stderr.contains("the server's certificate is not trusted"), "\(refused.stderr)")
      #expect(!FileManager.default.fileExists(atPath: tlsStore + "/snapshots.tsv"))
    }

    let out = directory.appendingPathComponent("acme-incidents.xml").path
    let imported = try CandorProcess.run(["incidents", "import", "--store", store, "--vendor", "acme", "--out", out])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stdout.contains("1 revision"))
    let text = try String(contentsOfFile: out, encoding: .utf8)
    // Dated by the entry's updated time in the snapshot that first showed the root cause, not by the stamp.
    #expect(text.contains("root-cause-published=\"\(editTime)\""))
    #expect(
      text.contains("<revision update=\"2026-11-02T11:00:00Z#1\" at=\"2026-11-02T11:00:00Z\" adds-root-cause=\"true\">")
    )
    #expect(text.contains("<before first-seen=\"2026-11-02T11:00:00Z\""))
    #expect(text.contains("ai-involvement-matched=\"automated\""))

    // Assessed with a response of the vendor: the measured figures are in report.xml.
    let response = directory.appendingPathComponent("acme.xml").path
    #expect(try CandorProcess.run(["template", "--vendor", "acme", "--out", response]).status == 0)
    let reports = directory.appendingPathComponent("reports").path
    let assess = try CandorProcess.run([
      "assess", response, "--incidents", out, "--as-of", "2026-11-30", "--out", reports, "--format", "xml,md",
    ])
    #expect(assess.status == 0, "\(assess.stderr)")
    let report = try String(contentsOfFile: reports + "/acme.report.xml", encoding: .utf8)
    #expect(
      report.contains("<figures hours-to-first-statement=\"0.0\" updates=\"2\" median-update-gap-minutes=\"120.0\""))
    #expect(report.contains("edited-statements=\"1\" removed-statements=\"0\" root-cause-edits=\"1\""))
    #expect(report.contains("kind=\"silent-edit\" kinds=\"silent-edit\" incidents=\"sp-acme-snap1\""))
    let markdown = try String(contentsOfFile: reports + "/acme.report.md", encoding: .utf8)
    #expect(markdown.contains("1 rewritten (root cause added)"))
  }
}
