import Testing

@testable import CandorXML

@Suite struct SchemaTests {
  static let xsd = """
    <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t"
               elementFormDefault="qualified">
      <xs:simpleType name="Score">
        <xs:restriction base="xs:decimal"><xs:minInclusive value="0"/><xs:maxInclusive value="1"/></xs:restriction>
      </xs:simpleType>
      <xs:element name="list">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="title" type="xs:string"/>
            <xs:element name="item" maxOccurs="unbounded">
              <xs:complexType>
                <xs:attribute name="id" type="xs:ID" use="required"/>
                <xs:attribute name="score" type="t:Score" use="required"/>
              </xs:complexType>
            </xs:element>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
    </xs:schema>
    """

  static let schema = try! XMLSchema(source(xsd, name: "list.xsd"))

  @Test func acceptsAValidDocument() throws {
    let document = try parse("<list xmlns=\"urn:t\"><title>x</title><item id=\"a\" score=\"0.5\"/></list>")
    #expect(Self.schema.validate(document).isEmpty)
  }

  @Test func reportsEveryErrorAtItsElementOrAttribute() throws {
    let document = try parse(
      """
      <list xmlns="urn:t">
        <title>t</title>
        <item id="a" score="1.5"/>
        <item id="b"
              score="x"/>
        <item score="1"/>
      </list>
      """, name: "bad.xml")
    let found = Self.schema.validate(document)
    #expect(found.count == 3, "\(found)")
    guard found.count == 3 else { return }
    #expect(found[0].location == SourceLocation(file: "bad.xml", line: 3, column: 16))
    #expect(found[0].message.contains("greater than the maximum value allowed ('1')"))
    #expect(!found[0].message.contains("urn:t"))
    #expect(found[1].location == SourceLocation(file: "bad.xml", line: 5, column: 9))
    #expect(found[2].location == SourceLocation(file: "bad.xml", line: 6, column: 3))
    #expect(found[2].message.contains("attribute 'id' is required"))
  }

  @Test func reportsAnUnexpectedElementWithWhatWasExpected() throws {
    let document = try parse("<list xmlns=\"urn:t\">\n  <item id=\"a\" score=\"1\"/>\n</list>", name: "bad.xml")
    let found = Self.schema.validate(document)
    #expect(found.count == 1)
    #expect(found.first?.location == SourceLocation(file: "bad.xml", line: 2, column: 3))
    #expect(found.first?.message == "element 'item': This element is not expected. Expected is ( title ).")
  }

  @Test func refusesASchemaThatDoesNotCompile() {
    #expect(throws: XMLReadError.self) {
      _ = try XMLSchema(source("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:bogus/></xs:schema>"))
    }
  }

  @Test func validatesConcurrentlyWithOneCompiledSchema() async throws {
    let results = await withTaskGroup(of: Int.self) { group in
      for index in 0..<32 {
        group.addTask {
          let score = index.isMultiple(of: 2) ? "0.5" : "2"
          guard
            let document = try? parse(
              "<list xmlns=\"urn:t\"><title>x</title><item id=\"a\" score=\"\(score)\"/></list>")
          else { return -1 }
          return Self.schema.validate(document).count
        }
      }
      return await group.reduce(into: [Int]()) { $0.append($1) }
    }
    #expect(results.filter { $0 == 0 }.count == 16)
    #expect(results.filter { $0 == 1 }.count == 16)
  }
}

@Suite struct SchemaMessageTests {
  @Test func namespacesAreDroppedButEnumerationSetsKept() {
    #expect(
      ValidationCollector.readable(
        "Element '{urn:candor:response:1}evidence', attribute 'kind': [facet 'enumeration'] The value 'x' is not an element of the set {'document', 'policy'}.\n"
      )
        == "element 'evidence', attribute 'kind': [facet 'enumeration'] The value 'x' is not an element of the set {'document', 'policy'}."
    )
  }
}
