import CLibXML2

/// What the loaders read of an element: its name, attributes, children, own text and where it is written. Both
/// ``Element`` (a Swift value) and ``Node`` (a view of the parsed tree) provide it, so that a loader written once
/// reads either.
public protocol ReadableElement {
  /// The local name.
  var name: String { get }
  /// The namespace URI, or nil for an element in no namespace.
  var namespace: String? { get }
  /// The element's own character data (text and CDATA children, concatenated).
  var text: String { get }
  /// Where the start tag begins.
  var location: SourceLocation { get }
  /// The value of the unprefixed attribute `name`, if present.
  func attribute(_ name: String) -> String?
  /// The children called `name` in the element's own namespace (or in `namespace`, when given).
  func children(named name: String, namespace: String?) -> [Self]
  /// The first child called `name` in the element's own namespace (or in `namespace`, when given).
  func child(named name: String, namespace: String?) -> Self?
  /// Where the attribute `name` is written (at its name); the start tag when it is absent.
  func location(ofAttribute name: String) -> SourceLocation
}

extension ReadableElement {
  /// The children called `name` in the element's own namespace.
  public func children(named name: String) -> [Self] { children(named: name, namespace: nil) }

  /// The first child called `name` in the element's own namespace.
  public func child(named name: String) -> Self? { child(named: name, namespace: nil) }

  /// The element's own text with runs of white space collapsed to one space and trimmed, as `xs:token` reads it.
  public var collapsedText: String { Element.collapse(text) }

  /// The text of the child called `name`, collapsed; nil when there is no such child.
  public func childText(_ name: String) -> String? {
    // A closure, not the key path `\.collapsedText`: this generic extension is not specialized for the loaders in
    // other modules, and there a key path is made at run time on every call (a millisecond per questionnaire).
    guard let child = child(named: name) else { return nil }
    return child.collapsedText
  }
}

extension Element: ReadableElement {}

/// A view of an element of a parsed document, read straight from libxml2's tree: no value is copied until it is
/// asked for. Valid only inside ``ParsedDocument/withRoot(_:)``, which keeps the tree alive; never keep one.
public struct Node: ReadableElement {
  let pointer: xmlNodePtr
  unowned(unsafe) let source: SourceText

  init(_ pointer: xmlNodePtr, source: SourceText) {
    self.pointer = pointer
    self.source = source
  }

  public var name: String { String(cString: pointer.pointee.name) }

  public var namespace: String? { pointer.pointee.ns?.pointee.href.map { String(cString: $0) } }

  public var text: String { Node.concatenated(pointer.pointee.children, everyNode: false) }

  public var location: SourceLocation { source.location(ofOffset: ParsedDocument.tagOffset(of: pointer)) }

  public func location(ofAttribute name: String) -> SourceLocation {
    let tagOffset = ParsedDocument.tagOffset(of: pointer)
    guard let offset = source.attributeOffset(tagOffset: tagOffset, name: name) else { return location }
    return source.location(ofOffset: offset)
  }

  public func attribute(_ name: String) -> String? {
    name.withCString { wanted -> String? in
      var property = pointer.pointee.properties
      while let attribute = property {
        if attribute.pointee.ns == nil, Node.equal(attribute.pointee.name, wanted) {
          return Node.concatenated(attribute.pointee.children, everyNode: true)
        }
        property = attribute.pointee.next
      }
      return nil
    }
  }

  public func children(named name: String, namespace: String?) -> [Node] {
    var result: [Node] = []
    forEachChild(named: name, namespace: namespace) {
      result.append($0)
      return true
    }
    return result
  }

  public func child(named name: String, namespace: String?) -> Node? {
    var found: Node?
    forEachChild(named: name, namespace: namespace) {
      found = $0
      return false
    }
    return found
  }

  /// Calls `body` with each child element called `name` in the element's own namespace (or in `namespace`), in
  /// document order, while it returns true.
  private func forEachChild(named name: String, namespace: String?, _ body: (Node) -> Bool) {
    let ownNamespace = pointer.pointee.ns?.pointee.href
    name.withCString { wanted in
      var child = pointer.pointee.children
      while let current = child {
        child = current.pointee.next
        guard current.pointee.type == XML_ELEMENT_NODE, Node.equal(current.pointee.name, wanted) else { continue }
        let href = current.pointee.ns?.pointee.href
        let matches: Bool
        if let namespace {
          matches = href.map { String(cString: $0) == namespace } ?? false
        } else if let ownNamespace, let href {
          matches = href == ownNamespace || xmlStrEqual(href, ownNamespace) != 0
        } else {
          matches = href == nil && ownNamespace == nil
        }
        if matches, !body(Node(current, source: source)) { return }
      }
    }
  }

  private static func equal(_ name: UnsafePointer<xmlChar>?, _ wanted: UnsafePointer<CChar>) -> Bool {
    guard let name else { return false }
    return xmlStrEqual(name, UnsafeRawPointer(wanted).assumingMemoryBound(to: xmlChar.self)) != 0
  }

  /// The concatenated content of the nodes from `first` on: of every node (an attribute's value), or of the text
  /// and CDATA nodes (an element's own text).
  static func concatenated(_ first: xmlNodePtr?, everyNode: Bool) -> String {
    var only: UnsafeMutablePointer<xmlChar>?
    var gathered: [UInt8] = []
    var count = 0
    var node = first
    while let current = node {
      if everyNode || current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE,
        let content = current.pointee.content
      {
        count += 1
        if count == 1 {
          only = content
        } else {
          if count == 2, let only {
            gathered.append(contentsOf: UnsafeBufferPointer(start: only, count: Int(xmlStrlen(only))))
          }
          gathered.append(contentsOf: UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
        }
      }
      node = current.pointee.next
    }
    switch count {
    case 0: return ""
    case 1: return String(cString: only!)
    default: return String(decoding: gathered, as: UTF8.self)
    }
  }
}

extension ParsedDocument {
  /// Calls `body` with a view of the root element; the tree lives until `body` returns.
  public func withRoot<R, Failure: Error>(_ body: (Node) throws(Failure) -> R) throws(Failure) -> R {
    defer { withExtendedLifetime(self) {} }
    return try body(Node(xmlDocGetRootElement(pointer)!, source: source))
  }
}
