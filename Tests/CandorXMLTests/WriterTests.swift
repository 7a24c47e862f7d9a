import Testing

@testable import CandorXML

@Suite struct WriterTests {
  @Test func escapesTextAndAttributes() throws {
    let writer = XMLWriter()
    writer.startElement("report", namespace: "urn:candor:report:1")
    writer.attribute("name", "A \"quoted\" <value> & 'more'")
    writer.element("comment", text: "</comment><injected/> & ]]>")
    writer.endElement()
    let xml = writer.finish()
    let root = try parse(xml).root()
    #expect(root.attribute("name") == "A \"quoted\" <value> & 'more'")
    #expect(root.children.count == 1)
    #expect(root.children[0].text == "</comment><injected/> & ]]>")
  }

  @Test func stripsCharactersXMLCannotCarry() throws {
    let writer = XMLWriter()
    writer.element("t", attributes: ["a": "x\u{0}y\u{1B}z"], text: "bell\u{7} ok\u{FFFE}\tend")
    let root = try parse(writer.finish()).root()
    #expect(root.attribute("a") == "xyz")
    #expect(root.text == "bell ok\tend")
  }

  @Test func indentsDeterministically() {
    func write() -> String {
      let writer = XMLWriter()
      writer.startElement("a")
      writer.element("b", attributes: ["x": "1", "y": nil])
      writer.element("c", text: "text")
      return writer.finish()
    }
    let first = write()
    #expect(first == write())
    #expect(first == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>\n  <b x=\"1\"/>\n  <c>text</c>\n</a>\n")
  }

  /// The bytes handed on in place are the bytes returned, past the reserved capacity and after a second finish.
  @Test func handsOnTheSameBytesWithoutACopy() {
    func write(_ writer: XMLWriter) {
      writer.startElement("a", namespace: "urn:x")
      for index in 0..<200 { writer.element("b", attributes: ["n": String(index)], text: "é & <\(index)>") }
    }
    let copied = XMLWriter(capacity: 64)
    write(copied)
    let expected = copied.finishBytes()
    let inPlace = XMLWriter(capacity: 64)
    write(inPlace)
    #expect(inPlace.withFinishedBytes { Array($0) } == expected)
    #expect(inPlace.withFinishedBytes { Array($0) } == expected)
    #expect(inPlace.finishBytes() == expected)
    #expect(expected.count > 64 && expected.last == UInt8(ascii: "\n"))
  }

  @Test func keepsCommentsWellFormed() throws {
    let writer = XMLWriter()
    writer.startElement("a")
    writer.comment("a -- b -")
    _ = try parse(writer.finish())
  }
}
