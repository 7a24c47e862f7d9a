import Testing

@testable import CandorXML

@Suite struct CollapseTests {
  /// The original scalar-by-scalar definition of `xs:token` collapsing, kept as the reference.
  static func reference(_ text: String) -> String {
    var result = ""
    var pendingSpace = false
    for scalar in text.unicodeScalars {
      switch scalar {
      case " ", "\t", "\n", "\r":
        pendingSpace = !result.isEmpty
      default:
        if pendingSpace { result.unicodeScalars.append(" ") }
        pendingSpace = false
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  @Test func collapsesLikeTheReference() {
    let pieces = [" ", "  ", "\t", "\n", "\r\n", "a", "bc", "é", "🚀", "\u{301}", "x y", "\u{A0}", "\u{2028}", ""]
    var state: UInt64 = 1
    for _ in 0..<20_000 {
      var text = ""
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      var bits = state
      for _ in 0..<Int(bits % 7) {
        bits /= 7
        text += pieces[Int(bits % UInt64(pieces.count))]
        bits /= UInt64(pieces.count)
      }
      #expect(Element.collapse(text) == Self.reference(text), "\(Array(text.unicodeScalars))")
    }
  }

  @Test func keepsCollapsedTextAsItIs() {
    #expect(Element.collapse("already collapsed") == "already collapsed")
    #expect(Element.collapse("  two   spaces \n") == "two spaces")
    #expect(Element.collapse("   ") == "")
    #expect(Element.collapse("") == "")
  }
}
