/// An attribute of an element, as written (without the namespace declarations).
public struct Attribute: Hashable, Sendable {
  /// The local name.
  public var name: String
  /// The namespace URI of a prefixed attribute; nil for the usual unprefixed ones.
  public var namespace: String?
  /// The value, after XML's attribute-value normalisation.
  public var value: String
}

/// An element of a parsed document: a plain Swift value, independent of libxml2, that the loaders navigate.
///
/// Every element knows where its start tag begins, and can locate any of its attributes, so that a problem found
/// by a loader is reported at the exact line and column.
public struct Element: Sendable {
  /// The local name.
  public let name: String
  /// The namespace URI, or nil for an element in no namespace.
  public let namespace: String?
  /// The attributes in document order.
  public let attributes: [Attribute]
  /// The child elements in document order.
  public let children: [Element]
  /// The element's own character data (text and CDATA children, concatenated), without the text of descendants.
  public let text: String
  /// The source the element was parsed from.
  let source: SourceText
  /// The byte offset of the `<` of the start tag.
  let tagOffset: Int

  init(
    name: String, namespace: String?, attributes: [Attribute], children: [Element], text: String,
    source: SourceText, tagOffset: Int
  ) {
    self.name = name
    self.namespace = namespace
    self.attributes = attributes
    self.children = children
    self.text = text
    self.source = source
    self.tagOffset = tagOffset
  }

  /// Where the start tag begins.
  public var location: SourceLocation { source.location(ofOffset: tagOffset) }

  /// The value of the unprefixed attribute `name`, if present.
  public func attribute(_ name: String) -> String? {
    attributes.first { $0.name == name && $0.namespace == nil }?.value
  }

  /// The children called `name` in the element's own namespace (or in `namespace`, when given).
  public func children(named name: String, namespace: String? = nil) -> [Element] {
    let wanted = namespace ?? self.namespace
    return children.filter { $0.name == name && $0.namespace == wanted }
  }

  /// The first child called `name` in the element's own namespace (or in `namespace`, when given).
  public func child(named name: String, namespace: String? = nil) -> Element? {
    let wanted = namespace ?? self.namespace
    return children.first { $0.name == name && $0.namespace == wanted }
  }

  /// The element's own text with runs of white space collapsed to one space and trimmed, as `xs:token` reads it.
  public var collapsedText: String { Self.collapse(text) }

  /// The text of the child called `name`, collapsed; nil when there is no such child.
  public func childText(_ name: String) -> String? {
    child(named: name).map(\.collapsedText)
  }

  /// Where the attribute `name` is written in the start tag (at its name); the start tag when it is absent.
  public func location(ofAttribute name: String) -> SourceLocation {
    guard let offset = source.attributeOffset(tagOffset: tagOffset, name: name) else { return location }
    return source.location(ofOffset: offset)
  }

  /// Collapses white space like `xs:token`: runs of space, tab, CR and LF become one space; ends are trimmed.
  public static func collapse(_ text: String) -> String {
    var text = text
    return text.withUTF8 { bytes -> String? in
      // Most values are already collapsed: then the string itself is the answer, without a copy.
      var previousIsSpace = true
      var clean = true
      for byte in bytes {
        switch byte {
        case 0x20:
          if previousIsSpace { clean = false }
          previousIsSpace = true
        case 0x09, 0x0A, 0x0D:
          clean = false
        default:
          previousIsSpace = false
        }
        if !clean { break }
      }
      if clean && !previousIsSpace || bytes.isEmpty { return nil }
      var result: [UInt8] = []
      result.reserveCapacity(bytes.count)
      var pendingSpace = false
      for byte in bytes {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D:
          pendingSpace = !result.isEmpty
        default:
          if pendingSpace { result.append(0x20) }
          pendingSpace = false
          result.append(byte)
        }
      }
      return String(decoding: result, as: UTF8.self)
    } ?? text
  }
}
