import Foundation
import Testing

@testable import CandorFetch
@testable import CandorKit

/// The rules a fetch applies before any byte is sent: which URLs, and which proxy.
@Suite struct FeedHTTPClientTests {
  @Test func onlyHTTPSOrLoopbackHTTPIsFetched() throws {
    let allowed = ["https://status.example.com/history.atom", "http://127.0.0.1:8080/a", "http://localhost/a"]
    for text in allowed { #expect(FeedFetcher.refusal(try #require(URL(string: text))) == nil, "\(text)") }
    let refused = [
      ("http://status.example.com/history.atom", "plain http is refused"),
      ("file:///etc/passwd", "the scheme file is refused"),
      ("ftp://127.0.0.1/a", "the scheme ftp is refused"),
      ("http://127.0.0.1.example.com/a", "plain http is refused"),
    ]
    for (text, message) in refused {
      #expect(FeedFetcher.refusal(try #require(URL(string: text)))?.contains(message) == true, "\(text)")
    }
  }

  @Test func theProxyOfTheEnvironmentIsUsedExceptForNoProxyHostsAndLoopback() throws {
    let feed = try #require(URL(string: "https://status.example.com/history.atom"))
    let proxy = FeedHTTPClient.proxy(for: feed, environment: ["https_proxy": "http://proxy.corp:3128"])
    #expect(proxy?.host == "proxy.corp")
    #expect(proxy?.port == 3128)
    // A user and password in the setting become the proxy's Basic authorization.
    let authorized = FeedHTTPClient.proxy(
      for: feed, environment: ["https_proxy": "http://ops%40corp:s3cret@proxy.corp:3128"])
    #expect(authorized?.authorization == .basic(username: "ops@corp", password: "s3cret"))
    #expect(proxy?.authorization == nil)
    // Upper case, and without a scheme.
    #expect(FeedHTTPClient.proxy(for: feed, environment: ["HTTPS_PROXY": "proxy.corp:8080"])?.port == 8080)
    // no_proxy: the host, a parent domain (with or without a leading dot), or everything.
    for exception in ["status.example.com", "example.com", ".example.com", "other.org, example.com", "*"] {
      #expect(
        FeedHTTPClient.proxy(for: feed, environment: ["https_proxy": "proxy.corp:3128", "no_proxy": exception]) == nil,
        "\(exception)")
    }
    #expect(
      FeedHTTPClient.proxy(for: feed, environment: ["https_proxy": "proxy.corp:3128", "no_proxy": "ample.com"]) != nil)
    // Never for loopback (the tests' plain http), nor without a setting.
    let local = try #require(URL(string: "http://127.0.0.1:8080/history.atom"))
    #expect(FeedHTTPClient.proxy(for: local, environment: ["https_proxy": "proxy.corp:3128"]) == nil)
    #expect(FeedHTTPClient.proxy(for: feed, environment: [:]) == nil)
  }
}
