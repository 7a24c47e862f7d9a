#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A scan of the raw bytes, before libxml2 parses them, that counts every start tag's attributes, the attributes in
/// all and the namespace declarations in scope, and refuses a document over ``XMLLimits/maxAttributes``,
/// ``XMLLimits/maxTotalAttributes`` or ``XMLLimits/maxNamespaces``.
///
/// libxml2 2.9 checks an element's attributes for duplicates pairwise, appends each to a list it walks from the
/// start, and looks up each prefix through every declaration in scope: 200,000 attributes on one element took 45 s
/// and a million namespace declarations more than a minute, all inside `xmlParseStartTag2`, before any callback
/// could stop it. This scan is linear: each byte is looked at a bounded number of times.
///
/// The scan only has to be right about documents libxml2 would go on parsing: where the bytes stop looking like
/// XML (a `<` not followed by a name, a DOCTYPE, an unterminated value or comment), it stops and leaves the problem
/// to the parser, which stops there too (candor never parses with recovery).
enum StartTagScan {
  /// The first start tag over the limits, as a problem at its `<`; nil when there is none.
  static func firstProblem(_ source: SourceText, from start: Int, limits: XMLLimits) -> XMLProblem? {
    let found = source.bytes.withUnsafeBufferPointer { buffer in
      Scanner(buffer: buffer, limits: limits).run(from: start)
    }
    guard let (offset, message) = found else { return nil }
    return XMLProblem(location: source.location(ofOffset: offset), message: message)
  }

  private struct Scanner {
    let buffer: UnsafeBufferPointer<UInt8>
    let limits: XMLLimits

    private static let lessThan = UInt8(ascii: "<")
    private static let greaterThan = UInt8(ascii: ">")
    private static let slash = UInt8(ascii: "/")
    private static let equals = UInt8(ascii: "=")

    /// The offset of the first tag over a limit and the message, or nil.
    func run(from start: Int) -> (Int, String)? {
      guard let base = buffer.baseAddress else { return nil }
      let count = buffer.count
      // The namespace declarations of each open element, and their sum.
      var scopes: [Int] = []
      var inScope = 0
      var totalAttributes = 0
      var index = start
      while index < count {
        guard let found = memchr(base + index, Int32(Self.lessThan), count - index) else { return nil }
        let tagStart = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        index = tagStart + 1
        guard index < count else { return nil }
        switch buffer[index] {
        case UInt8(ascii: "!"):
          if matches("!--", at: index) {
            guard let end = find("-->", from: index + 3) else { return nil }
            index = end + 3
          } else if matches("![CDATA[", at: index) {
            guard let end = find("]]>", from: index + 8) else { return nil }
            index = end + 3
          } else {
            // A DOCTYPE (refused by the parser before anything after it is read) or malformed markup.
            return nil
          }
        case UInt8(ascii: "?"):
          guard let end = find("?>", from: index + 1) else { return nil }
          index = end + 2
        case Self.slash:
          if scopes.popLast().map({ inScope -= $0 }) == nil { return nil }
          guard let end = memchr(base + index, Int32(Self.greaterThan), count - index) else { return nil }
          index = base.distance(to: end.assumingMemoryBound(to: UInt8.self)) + 1
        default:
          guard Self.isNameStart(buffer[index]) else { return nil }
          let nameStart = index
          while index < count, !Self.isNameEnd(buffer[index]) { index += 1 }
          let nameEnd = index
          guard let tag = startTag(from: index) else { return nil }
          let name = { String(decoding: buffer[nameStart..<min(nameEnd, nameStart + 60)], as: UTF8.self) }
          if tag.attributes > limits.maxAttributes {
            return (
              tagStart,
              "element <\(name())> has more than \(limits.maxAttributes) attributes; the limit is "
                + "\(limits.maxAttributes)"
            )
          }
          totalAttributes += tag.attributes
          if totalAttributes > limits.maxTotalAttributes {
            return (
              tagStart,
              "more than \(limits.maxTotalAttributes) attributes in the document (at element <\(name())>); the limit "
                + "is \(limits.maxTotalAttributes)"
            )
          }
          if inScope + tag.namespaces > limits.maxNamespaces {
            return (
              tagStart,
              "more than \(limits.maxNamespaces) namespace declarations in scope at element <\(name())> (its own "
                + "and its ancestors'); the limit is \(limits.maxNamespaces)"
            )
          }
          index = tag.end
          if !tag.isEmpty {
            // libxml2 refuses nesting deeper than 256 before reading further; so does the scan.
            guard scopes.count <= 256 else { return nil }
            scopes.append(tag.namespaces)
            inScope += tag.namespaces
          }
        }
      }
      return nil
    }

    /// A start tag's attributes after its name: their number, the namespace declarations among them, where the tag
    /// ends and whether it is an empty-element tag; nil when it is never closed.
    private func startTag(from start: Int) -> (attributes: Int, namespaces: Int, end: Int, isEmpty: Bool)? {
      let count = buffer.count
      var index = start
      var attributes = 0
      var namespaces = 0
      while true {
        while index < count, Self.isSpace(buffer[index]) { index += 1 }
        guard index < count else { return nil }
        switch buffer[index] {
        case Self.greaterThan:
          return (attributes, namespaces, index + 1, false)
        case Self.slash where index + 1 < count && buffer[index + 1] == Self.greaterThan:
          return (attributes, namespaces, index + 2, true)
        case Self.lessThan:
          return nil
        default:
          break
        }
        let nameStart = index
        while index < count, !Self.isNameEnd(buffer[index]), buffer[index] != Self.equals { index += 1 }
        if index == nameStart { index += 1 }  // a stray character: the parser refuses it; keep going
        let isNamespace =
          matches("xmlns", at: nameStart) && (nameStart + 5 == index || buffer[nameStart + 5] == UInt8(ascii: ":"))
        while index < count, Self.isSpace(buffer[index]) { index += 1 }
        guard index < count, buffer[index] == Self.equals else { continue }
        index += 1
        while index < count, Self.isSpace(buffer[index]) { index += 1 }
        guard index < count, buffer[index] == UInt8(ascii: "\"") || buffer[index] == UInt8(ascii: "'") else {
          continue
        }
        guard let base = buffer.baseAddress,
          let found = memchr(base + index + 1, Int32(buffer[index]), count - index - 1)
        else { return nil }
        let close = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        // A `<` in a value is an error the parser stops at.
        if memchr(base + index + 1, Int32(Self.lessThan), close - index - 1) != nil { return nil }
        index = close + 1
        attributes += 1
        if isNamespace { namespaces += 1 }
        if attributes > limits.maxAttributes || namespaces > limits.maxNamespaces {
          return (attributes, namespaces, index, true)
        }
      }
    }

    /// Whether the ASCII `pattern` is written at `offset`.
    private func matches(_ pattern: StaticString, at offset: Int) -> Bool {
      let length = pattern.utf8CodeUnitCount
      guard offset + length <= buffer.count else { return false }
      for position in 0..<length where buffer[offset + position] != pattern.utf8Start[position] { return false }
      return true
    }

    /// The offset of the next occurrence of the ASCII `pattern` at or after `start`.
    private func find(_ pattern: StaticString, from start: Int) -> Int? {
      guard let base = buffer.baseAddress else { return nil }
      let first = Int32(pattern.utf8Start[0])
      var index = start
      while index < buffer.count, let found = memchr(base + index, first, buffer.count - index) {
        let offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        if matches(pattern, at: offset) { return offset }
        index = offset + 1
      }
      return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
      byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func isNameEnd(_ byte: UInt8) -> Bool {
      isSpace(byte) || byte == greaterThan || byte == slash
    }

    /// Whether `byte` can start an XML name: an ASCII letter, `_`, `:`, or the lead byte of a non-ASCII character.
    private static func isNameStart(_ byte: UInt8) -> Bool {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"),
        UInt8(ascii: ":"), 0xC0...0xFF:
        return true
      default:
        return false
      }
    }
  }
}
