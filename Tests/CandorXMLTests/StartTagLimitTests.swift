import CLibXML2
import Testing

@testable import CandorXML

/// The attribute and namespace limits, checked on the bytes before libxml2 does its quadratic work (issue 14, item
/// 4: 200,000 attributes on one element took 45 s inside libxml2 2.9.14; a million namespace declarations more than
/// a minute).
// The time limit guards against a hang (the quadratic work coming back), not a speed: under the sanitizers, on a busy
// two-core machine, building and scanning the million declarations alone has taken more than a minute.
@Suite(.timeLimit(.minutes(10))) struct StartTagLimitTests {
  /// The reproduction: 200,000 attributes on one element (2 MB), refused before libxml2 sees them.
  @Test func twoHundredThousandAttributesAreRefusedAtTheElement() {
    let attributes = (0..<200_000).map { "a\($0)=\"x\"" }.joined(separator: " ")
    let found = problems("<?xml version=\"1.0\"?>\n<response xmlns=\"urn:candor:response:1\" \(attributes)/>")
    #expect(found.count == 1)
    #expect(found.first?.location == SourceLocation(file: "attack.xml", line: 2, column: 1))
    #expect(found.first?.message == "element <response> has more than 64 attributes; the limit is 64")
  }

  /// The reproduction: a million namespace declarations on one element.
  @Test func aMillionNamespaceDeclarationsAreRefused() {
    var text = "<r"
    text.reserveCapacity(30_000_000)
    for index in 0..<1_000_000 { text += " xmlns:p\(index)=\"urn:x:\(index)\"" }
    text += "/>"
    let found = problems(text)
    #expect(found.count == 1)
    #expect(found.first?.message.contains("more than 64 attributes") == true)
    let namespacesOnly = problems(text, limits: XMLLimits(maxBytes: 64 << 20, maxAttributes: 2_000_000))
    #expect(
      namespacesOnly.first?.message
        == "more than 64 namespace declarations in scope at element <r> (its own and its ancestors'); the limit is 64")
  }

  @Test func theLimitsAreInclusiveAndConfigurable() {
    let limits = XMLLimits(maxBytes: 1 << 20, maxAttributes: 3, maxNamespaces: 2)
    #expect(problems(#"<r a="1" b='2' c="3"><s xmlns:x="u" xmlns="v"/></r>"#, limits: limits).isEmpty)
    let four = problems("<r>\n  <s a=\"1\" b='2' c=\"3\" d=\"4\"/>\n</r>", limits: limits)
    #expect(four.first?.location == SourceLocation(file: "attack.xml", line: 2, column: 3))
    #expect(four.first?.message == "element <s> has more than 3 attributes; the limit is 3")
  }

  /// The attributes of the whole document are bounded too: with the elements, they (not the size) bound the tree's
  /// memory (9 million attributes in 63 MB took 2.4 GB and 12 s before this limit).
  @Test func theAttributesOfTheWholeDocumentAreBounded() {
    let limits = XMLLimits(maxBytes: 1 << 20, maxTotalAttributes: 10)
    let text = "<r>\n" + String(repeating: "<a b=\"1\" c=\"2\" d=\"3\"/>\n", count: 4) + "</r>"
    let found = problems(text, limits: limits)
    #expect(found.first?.location == SourceLocation(file: "attack.xml", line: 5, column: 1))
    #expect(
      found.first?.message == "more than 10 attributes in the document (at element <a>); the limit is 10")
    #expect(problems(text, limits: XMLLimits(maxBytes: 1 << 20, maxTotalAttributes: 12)).isEmpty)
  }

  /// Declarations add up down the tree and are released at each end tag.
  @Test func namespaceDeclarationsInScopeAddUpAndEndWithTheirElement() {
    let limits = XMLLimits(maxBytes: 1 << 20, maxNamespaces: 3)
    let siblings = #"<r xmlns="u"><a xmlns:a="1" xmlns:b="2"/><b xmlns:a="1" xmlns:b="2"></b><c/></r>"#
    #expect(problems(siblings, limits: limits).isEmpty)
    let nested = #"<r xmlns="u"><a xmlns:a="1"><b xmlns:b="2"><c xmlns:c="3"/></b></a></r>"#
    let found = problems(nested, limits: limits)
    #expect(found.first?.message.hasPrefix("more than 3 namespace declarations in scope at element <c>") == true)
    #expect(found.first?.location.column == 44)
  }

  /// Text that looks like attributes in comments, CDATA, processing instructions and values does not count.
  @Test func onlyRealAttributesCount() throws {
    let limits = XMLLimits(maxBytes: 1 << 20, maxAttributes: 2)
    let many = (0..<20).map { " a\($0)=\"1\"" }.joined()
    let text =
      "<?xml version=\"1.0\"?><?pi\(many)?><!--\(many) --><r><![CDATA[<x\(many)>]]>"
      + "<a v='>\(many.replacingOccurrences(of: "\"", with: ""))' w=\"/>\"/>text > more</r>"
    #expect(problems(text, limits: limits).isEmpty)
    _ = try parse(text, limits: limits)
  }

  /// Where the bytes stop being XML the scan stops too, and the parser reports the first real problem.
  @Test func theParserReportsWhatComesFirst() {
    let many = (0..<100).map { " a\($0)=\"1\"" }.joined()
    let doctype = problems("<!DOCTYPE r [<!ENTITY x \"y\">]>\n<r\(many)/>")
    #expect(doctype.first?.message.contains("DOCTYPE is not allowed") == true)
    let malformed = problems("<r>< a/><s\(many)/></r>")
    #expect(malformed.first?.message.contains("more than 64 attributes") == false)
    let lessThanInValue = problems("<r><a v=\"<\"/><s\(many)/></r>")
    #expect(lessThanInValue.first?.message.contains("more than 64 attributes") == false)
  }

  /// The scan against libxml2 itself: on random documents that parse, the most attributes of an element and the
  /// most namespace declarations in scope, counted on the tree, decide exactly whether the scan refuses.
  @Test func theScanAgreesWithTheParsedTree() throws {
    var state: UInt64 = 14
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(state >> 33) % bound
    }
    let unlimited = XMLLimits(maxBytes: 1 << 20, maxAttributes: 10_000, maxNamespaces: 10_000)
    for _ in 0..<300 {
      var text = "<?xml version=\"1.0\"?>\n"
      func element(_ depth: Int) {
        let name = ["a", "b", "p:c", "long-name"][next(4)]
        text += "<\(name)"
        if name.hasPrefix("p:") { text += " xmlns:p=\"urn:p\"" }
        for index in 0..<next(6) {
          text +=
            [" x\(index)=\"v\"", "\n y\(index) = 'a>b'", " xmlns:n\(index)=\"urn:\(index)\"", "\tz\(index)=''"][
              next(4)]
        }
        if depth > 3 || next(3) == 0 {
          text += next(2) == 0 ? "/>" : "></\(name)>"
          return
        }
        text += ">"
        for _ in 0..<next(4) {
          switch next(4) {
          case 0: text += "<!-- <q a=\"1\" b=\"2\"/> -->"
          case 1: text += "<![CDATA[<q a='1'>]]>"
          default: element(depth + 1)
          }
        }
        text += "</\(name)>"
      }
      element(0)
      let document = try parse(text, limits: unlimited)
      let (attributes, namespaces) = Self.maxima(document)
      let limits = XMLLimits(maxBytes: 1 << 20, maxAttributes: next(8) + 1, maxNamespaces: next(8) + 1)
      let refused = StartTagScan.firstProblem(source(text), from: 0, limits: limits) != nil
      #expect(refused == (attributes > limits.maxAttributes || namespaces > limits.maxNamespaces), "\(text)")
    }
  }

  /// The most attributes (namespace declarations included) of an element, and the most declarations in scope.
  static func maxima(_ document: ParsedDocument) -> (attributes: Int, namespaces: Int) {
    var most = (attributes: 0, namespaces: 0)
    func visit(_ node: xmlNodePtr, inScope: Int) {
      var declarations = 0
      var namespace = node.pointee.nsDef
      while let current = namespace {
        declarations += 1
        namespace = current.pointee.next
      }
      var properties = 0
      var property = node.pointee.properties
      while let current = property {
        properties += 1
        property = current.pointee.next
      }
      most.attributes = max(most.attributes, properties + declarations)
      most.namespaces = max(most.namespaces, inScope + declarations)
      var child = node.pointee.children
      while let current = child {
        if current.pointee.type == XML_ELEMENT_NODE { visit(current, inScope: inScope + declarations) }
        child = current.pointee.next
      }
    }
    visit(xmlDocGetRootElement(document.pointer)!, inScope: 0)
    return most
  }
}

/// Bytes that libxml2 would not read, refused before parsing (issue 14, item 10).
@Suite struct UnreadBytesTests {
  /// The reproduction: a valid document, a NUL and junk. libxml2 stops at the NUL, so the junk was never read.
  @Test func aNULByteIsRefusedWhereverItIs() {
    let bytes = Array("<r>\n  <a/>\n</r>\n".utf8) + [0x00] + Array("junk <<<".utf8)
    let found = problems(bytes)
    #expect(found.count == 1)
    #expect(found.first?.location == SourceLocation(file: "attack.xml", line: 4, column: 1))
    #expect(found.first?.message.hasPrefix("a NUL byte (0x00)") == true)
  }

  @Test func twoByteOrderMarksAreRefused() {
    let found = problems([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array("<r/>".utf8))
    #expect(found.first?.message.hasPrefix("two byte-order marks") == true)
    #expect(problems([0xEF, 0xBB, 0xBF] + Array("<r/>".utf8)).isEmpty)
  }
}
