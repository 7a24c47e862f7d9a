import CandorXML
import Testing

@Suite struct HTMLFragmentTests {
  @Test func statuspageUpdateParagraphs() throws {
    let html =
      "<p> <small>Aug <var data-var='date'>20</var>, <var data-var='time'>17:32</var> UTC</small><br> "
      + "<strong>Update</strong> - We are observing gradual recovery. </p>"
    let fragment = try HTMLFragment.parse(html)
    #expect(fragment.text == "Aug 20, 17:32 UTC\nUpdate - We are observing gradual recovery.")
    guard case .element(let paragraph)? = fragment.nodes.first else {
      Issue.record("expected a paragraph")
      return
    }
    #expect(paragraph.name == "p")
    #expect(paragraph.children.contains { if case .element(let e) = $0 { e.name == "small" } else { false } })
  }

  @Test func scriptsStylesAndCommentsAreLeftOut() throws {
    let fragment = try HTMLFragment.parse(
      "<p>Before<script>alert(document.cookie)</script><style>p{}</style><!-- hidden -->After</p><noscript>x</noscript>"
    )
    #expect(fragment.text == "BeforeAfter")
  }

  @Test func brokenHTMLIsRepairedNotRefused() throws {
    let fragment = try HTMLFragment.parse("<p>one <b>two <i>three</p></div></span> four &amp; &lt;five&gt; &nbsp;six")
    #expect(fragment.text == "one two three\nfour & <five> six")
  }

  @Test func linksAreListed() throws {
    let fragment = try HTMLFragment.parse("See <a href=\"https://example.test/rca\">the <b>report</b></a>.")
    #expect(fragment.links.map(\.href) == ["https://example.test/rca"])
    #expect(fragment.links.map(\.text) == ["the report"])
  }

  @Test func limitsAreEnforced() {
    func message(_ html: String, _ limits: HTMLLimits) -> String? {
      do {
        _ = try HTMLFragment.parse(html, limits: limits)
        return nil
      } catch {
        return error.message
      }
    }
    let deep = String(repeating: "<div>", count: 70)
    #expect(message(deep, .default) == "HTML elements nested more than 64 levels deep; the limit is 64")
    #expect(
      message(String(repeating: "<b></b>", count: 20), HTMLLimits(maxBytes: 1 << 20, maxElements: 10))
        == "more than 10 HTML elements; the limit is 10")
    #expect(
      message(String(repeating: "x", count: 100), HTMLLimits(maxBytes: 10))
        == "the HTML is 100 bytes, more than the limit of 10 bytes")
  }

  @Test func nothingIsFetchedAndDeclaredEncodingsAreIgnored() throws {
    // A meta charset naming another encoding must not change how the UTF-8 text is read; an external DTD and
    // entities are never loaded.
    let fragment = try HTMLFragment.parse(
      "<!DOCTYPE html SYSTEM \"http://attacker.test/x.dtd\"><meta charset=\"ISO-8859-1\"><p>caf\u{E9} &ent;</p>"
        + "<img src=\"http://attacker.test/pixel\">")
    #expect(fragment.text == "café &ent;")
  }
}
