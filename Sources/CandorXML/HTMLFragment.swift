import CLibXML2

/// Bounds on what one HTML fragment (the HTML inside a feed entry) may cost.
public struct HTMLLimits: Hashable, Sendable {
  /// The largest fragment accepted, in bytes of UTF-8. Default 1 MiB.
  public var maxBytes: Int
  /// The deepest element nesting accepted. Default 64.
  public var maxDepth: Int
  /// The most elements in one fragment. Default 50,000.
  public var maxElements: Int

  /// The default limits: 1 MiB, depth 64, 50,000 elements.
  public static let `default` = HTMLLimits(maxBytes: 1 << 20, maxDepth: 64, maxElements: 50_000)

  /// Creates limits; the depth is at most 256.
  public init(maxBytes: Int, maxDepth: Int = 64, maxElements: Int = 50_000) {
    self.maxBytes = maxBytes
    self.maxDepth = max(1, min(maxDepth, 256))
    self.maxElements = maxElements
  }
}

/// A fragment of HTML that exceeded a limit: where (a byte offset in the fragment's UTF-8) and why.
public struct HTMLFragmentError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The byte offset in the fragment at which the parser stopped.
  public var offset: Int
  public var message: String

  public var description: String { message }
}

/// An HTML fragment parsed by libxml2's HTML parser under candor's hardening, as plain Swift values: elements
/// (names in lower case) and text, with `script`, `style`, `noscript`, `template`, comments and processing
/// instructions left out.
///
/// HTML in feeds is often broken; the HTML parser repairs it as browsers do (unclosed tags, stray end tags), which
/// is not an error (and is never printed: libxml2's messages go to the process's silenced handler). What is refused: a fragment larger, deeper or with more elements than ``HTMLLimits`` allow.
/// Nothing is ever fetched (`HTML_PARSE_NONET` and the process-wide deny-all entity loader), the fragment's own
/// encoding declarations (`<meta charset>`) are ignored (it is UTF-8, from a Swift string), and no DOCTYPE is
/// defaulted.
public struct HTMLFragment: Sendable {
  /// A node of the fragment.
  public enum Node: Sendable, Hashable {
    case element(HTMLElement)
    case text(String)
  }

  /// The top-level nodes (the implied `html` and `body` wrappers removed).
  public var nodes: [Node]

  /// A fragment of `nodes` (a part of a parsed fragment, to read its text).
  public init(nodes: [Node]) {
    self.nodes = nodes
  }

  /// Parses `html`.
  ///
  /// - Throws: ``HTMLFragmentError`` when the fragment exceeds `limits`.
  public static func parse(_ html: String, limits: HTMLLimits = .default) throws(HTMLFragmentError) -> HTMLFragment {
    let bytes = Array(html.utf8)
    guard bytes.count <= limits.maxBytes else {
      throw HTMLFragmentError(
        offset: 0, message: "the HTML is \(bytes.count) bytes, more than the limit of \(limits.maxBytes) bytes")
    }
    guard !bytes.isEmpty else { return HTMLFragment(nodes: []) }
    guard bytes.count <= Int(Int32.max) else {
      throw HTMLFragmentError(offset: 0, message: "the HTML is too large to parse")
    }
    LibXML2Runtime.prepare()
    let state = HTMLParseState(limits: limits)
    let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
      let start = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
      guard let context = htmlCreateMemoryParserCtxt(start, Int32(buffer.count)) else { return nil }
      defer { htmlFreeParserCtxt(context) }
      let options =
        Int32(HTML_PARSE_NONET.rawValue) | Int32(HTML_PARSE_NODEFDTD.rawValue) | Int32(HTML_PARSE_COMPACT.rawValue)
        | Int32(HTML_PARSE_IGNORE_ENC.rawValue)
      htmlCtxtUseOptions(context, options)
      // The bytes are UTF-8 (they come from a Swift string): say so, or the parser reads them as Latin-1.
      if let utf8 = xmlFindCharEncodingHandler("UTF-8") { xmlSwitchToEncoding(context, utf8) }
      context.pointee.sax.pointee.startElement = recordHTMLStartElement
      context.pointee.sax.pointee.internalSubset = nil
      context.pointee.sax.pointee.externalSubset = nil
      context.pointee._private = Unmanaged.passUnretained(state).toOpaque()
      withExtendedLifetime(state) {
        _ = htmlParseDocument(context)
      }
      let document = context.pointee.myDoc
      context.pointee.myDoc = nil
      return document
    }
    defer { if let document { xmlFreeDoc(document) } }
    if let refusal = state.refusal { throw refusal }
    guard let document else { return HTMLFragment(nodes: []) }
    var converter = HTMLConverter()
    let nodes = converter.nodes(from: document.pointee.children)
    return HTMLFragment(nodes: nodes)
  }

  /// The visible text: block elements (`p`, `div`, `li`, headings, table rows…) and `br` break lines; runs of
  /// white space within a line become one space; empty lines are dropped.
  public var text: String {
    var lines: [String] = []
    var current = ""
    func breakLine() {
      let line = Self.collapse(current)
      if !line.isEmpty { lines.append(line) }
      current = ""
    }
    func walk(_ nodes: [Node]) {
      for node in nodes {
        switch node {
        case .text(let text): current += text
        case .element(let element):
          if element.name == "br" {
            breakLine()
            continue
          }
          let block = Self.blockElements.contains(element.name)
          if block { breakLine() }
          walk(element.children)
          if block { breakLine() }
        }
      }
    }
    walk(nodes)
    breakLine()
    return lines.joined(separator: "\n")
  }

  /// The links (`a` elements with an `href`), in document order: the target as written and the link's text.
  public var links: [(href: String, text: String)] {
    var result: [(href: String, text: String)] = []
    func walk(_ nodes: [Node]) {
      for case .element(let element) in nodes {
        if element.name == "a", let href = element.attribute("href") {
          result.append((href, HTMLFragment(nodes: element.children).text))
        }
        walk(element.children)
      }
    }
    walk(nodes)
    return result
  }

  /// Elements that start and end a line of text.
  static let blockElements: Set<String> = [
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote",
    "pre", "section", "article", "header", "footer", "hr", "address", "figure", "figcaption",
  ]

  /// Runs of white space (including non-breaking spaces) become one space; the ends are trimmed.
  static func collapse(_ text: String) -> String {
    var result = ""
    var pendingSpace = false
    for scalar in text.unicodeScalars {
      if scalar.properties.isWhitespace {
        pendingSpace = !result.isEmpty
      } else {
        if pendingSpace { result.unicodeScalars.append(" ") }
        pendingSpace = false
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}

/// An element of an ``HTMLFragment``.
public struct HTMLElement: Sendable, Hashable {
  /// The name, in lower case.
  public var name: String
  /// The attributes in document order (names in lower case).
  public var attributes: [Attribute]
  public var children: [HTMLFragment.Node]

  /// The value of attribute `name` (lower case), if present.
  public func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }

  /// The element's visible text.
  public var text: String { HTMLFragment(nodes: children).text }
}

/// What one HTML parse collects, reached from libxml2's callbacks through the context's `_private` field.
final class HTMLParseState {
  let limits: HTMLLimits
  var elementCount = 0
  var refusal: HTMLFragmentError?

  init(limits: HTMLLimits) {
    self.limits = limits
  }

  static func from(_ userData: UnsafeMutableRawPointer?) -> (xmlParserCtxtPtr, HTMLParseState)? {
    guard let userData else { return nil }
    let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
    guard let pointer = context.pointee._private else { return nil }
    return (context, Unmanaged<HTMLParseState>.fromOpaque(pointer).takeUnretainedValue())
  }

  func refuse(_ context: xmlParserCtxtPtr, _ message: String) {
    guard refusal == nil else { return }
    let consumed = Int(xmlByteConsumed(context))
    refusal = HTMLFragmentError(offset: max(0, consumed), message: message)
    xmlStopParser(context)
  }
}

/// Wraps the HTML parser's start-element handler to enforce the element-count and depth limits.
private func recordHTMLStartElement(
  _ userData: UnsafeMutableRawPointer?, _ name: UnsafePointer<xmlChar>?,
  _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
) {
  guard let (context, state) = HTMLParseState.from(userData), state.refusal == nil else { return }
  state.elementCount += 1
  if state.elementCount > state.limits.maxElements {
    state.refuse(
      context, "more than \(state.limits.maxElements) HTML elements; the limit is \(state.limits.maxElements)")
    return
  }
  if Int(context.pointee.nameNr) > state.limits.maxDepth {
    state.refuse(
      context,
      "HTML elements nested more than \(state.limits.maxDepth) levels deep; the limit is \(state.limits.maxDepth)")
    return
  }
  candor_default_html_start_element()(userData, name, attributes)
}

/// Turns the parsed HTML tree into ``HTMLFragment/Node`` values. The tree is no deeper than the depth limit (the
/// parser was stopped otherwise), so the recursion is bounded.
private struct HTMLConverter {
  static let dropped: Set<String> = ["script", "style", "noscript", "template", "head", "title", "iframe", "object"]
  static let transparent: Set<String> = ["html", "body"]

  mutating func nodes(from first: xmlNodePtr?) -> [HTMLFragment.Node] {
    var result: [HTMLFragment.Node] = []
    var node = first
    while let current = node {
      node = current.pointee.next
      switch current.pointee.type {
      case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
        if let content = current.pointee.content { result.append(.text(String(cString: content))) }
      case XML_ELEMENT_NODE:
        let name = String(cString: current.pointee.name).lowercased()
        if Self.dropped.contains(name) { continue }
        let children = nodes(from: current.pointee.children)
        if Self.transparent.contains(name) {
          result += children
          continue
        }
        var attributes: [Attribute] = []
        var property = current.pointee.properties
        while let attribute = property {
          attributes.append(
            Attribute(
              name: String(cString: attribute.pointee.name).lowercased(), namespace: nil,
              value: Node.concatenated(attribute.pointee.children, everyNode: true)))
          property = attribute.pointee.next
        }
        result.append(.element(HTMLElement(name: name, attributes: attributes, children: children)))
      default:
        continue
      }
    }
    return result
  }
}
