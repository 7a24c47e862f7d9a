import Testing

@testable import CandorXML

@Suite struct ParsingTests {
  let document = """
    <?xml version="1.0" encoding="UTF-8"?>
    <root xmlns="urn:test" a="1">
      <item id="x"   weight="2">café &amp; crème</item>
      <item
          id="y" note="id='z'" target="z">tail<![CDATA[<raw>]]></item>
      <other xmlns="urn:else"/>
    </root>
    """

  @Test func buildsAPlainTreeWithNamespacesAttributesAndText() throws {
    let root = try parse(document).root()
    #expect(root.name == "root")
    #expect(root.namespace == "urn:test")
    #expect(root.attribute("a") == "1")
    let items = root.children(named: "item")
    #expect(items.count == 2)
    #expect(items[0].text == "café & crème")
    #expect(items[1].text == "tail<raw>")
    #expect(items[1].attribute("note") == "id='z'")
    #expect(root.child(named: "other") == nil)
    #expect(root.child(named: "other", namespace: "urn:else") != nil)
  }

  @Test func locatesElementsAtTheirStartTag() throws {
    let root = try parse(document).root()
    #expect(root.location == SourceLocation(file: "test.xml", line: 2, column: 1))
    let items = root.children(named: "item")
    #expect(items[0].location == SourceLocation(file: "test.xml", line: 3, column: 3))
    #expect(items[1].location == SourceLocation(file: "test.xml", line: 4, column: 3))
  }

  @Test func locatesAttributesEvenWhenAValueLooksLikeOne() throws {
    let items = try parse(document).root().children(named: "item")
    #expect(items[0].location(ofAttribute: "weight") == SourceLocation(file: "test.xml", line: 3, column: 18))
    #expect(items[1].location(ofAttribute: "target") == SourceLocation(file: "test.xml", line: 5, column: 28))
    #expect(items[1].location(ofAttribute: "missing") == items[1].location)
  }

  @Test func countsColumnsInCharactersNotBytes() throws {
    let root = try parse("<a>\n<é/><b c=\"1\" ü=\"2\" d=\"3\"/></a>").root()
    #expect(root.children[1].location.column == 5)
    #expect(root.children[1].location(ofAttribute: "d").column == 20)
  }

  @Test func acceptsAByteOrderMark() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<a>\n  <b/>\n</a>".utf8)
    let root = try ParsedDocument.parse(SourceText(name: "bom.xml", bytes: bytes)).root()
    #expect(root.children[0].location == SourceLocation(file: "bom.xml", line: 2, column: 3))
  }

  @Test func collapsesWhiteSpaceLikeXsToken() {
    #expect(Element.collapse("  a \n\t b  ") == "a b")
    #expect(Element.collapse("\n") == "")
  }

  @Test func reportsMalformedXMLWithLineAndColumn() {
    let found = problems("<a>\n  <b>\n</a>")
    #expect(found.count >= 1)
    #expect(found[0].location.file == "attack.xml")
    #expect(found[0].location.line == 3)
    #expect(found[0].message.contains("mismatch"))
  }

  @Test func reportsAnEmptyFile() {
    #expect(problems("").first?.message == "the file is empty; expected an XML document")
  }

  @Test func reportsTheRootName() throws {
    let parsed = try parse("<x:doc xmlns:x=\"urn:x\"/>")
    #expect(parsed.rootName.name == "doc")
    #expect(parsed.rootName.namespace == "urn:x")
  }
}
