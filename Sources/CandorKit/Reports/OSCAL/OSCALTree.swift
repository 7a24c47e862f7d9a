/// An OSCAL object independent of its wire format: its flags, then its children in the order the schema requires.
/// ``OSCALMapping`` builds one tree per assessment; ``OSCALXMLRenderer`` and ``OSCALJSONRenderer`` write the same
/// tree as XML and as JSON, so that the two documents always carry the same content.
///
/// XML and JSON differ in naming and grouping only: a flag is an XML attribute and a JSON key; a child that may
/// repeat is one XML element per item (`prop`) and one JSON array (`props`); markup is `<p>` elements in XML and
/// Markdown in JSON.
struct OSCALAssembly: Sendable {
  /// Flags (XML attributes, JSON keys), in order.
  private(set) var flags: [(name: String, value: String)] = []
  /// Children, in the schema's order.
  private(set) var children: [OSCALChild] = []

  init() {}

  /// Adds a flag, when `value` is not nil.
  mutating func flag(_ name: String, _ value: String?) {
    if let value { flags.append((name, value)) }
  }

  /// Adds a plain-text field such as `<version>` or `<status>` (JSON: a string), when `text` is not nil.
  mutating func field(_ name: String, _ text: String?) {
    if let text { children.append(OSCALChild(xmlName: name, jsonName: name, isArray: false, values: [.text(text)])) }
  }

  /// Adds a repeatable plain-text field such as `<method>` (JSON: `methods`, an array of strings); nothing when empty.
  mutating func fields(_ xmlName: String, json jsonName: String, _ texts: [String]) {
    guard !texts.isEmpty else { return }
    children.append(OSCALChild(xmlName: xmlName, jsonName: jsonName, isArray: true, values: texts.map { .text($0) }))
  }

  /// Adds a markup-line field such as `<title>`.
  mutating func line(_ name: String, _ text: String) {
    children.append(OSCALChild(xmlName: name, jsonName: name, isArray: false, values: [.line(text)]))
  }

  /// Adds a markup-multiline field such as `<description>` or `<remarks>`, one paragraph per item; nothing when
  /// there is no paragraph.
  mutating func multiline(_ name: String, _ paragraphs: [String]) {
    guard !paragraphs.isEmpty else { return }
    children.append(OSCALChild(xmlName: name, jsonName: name, isArray: false, values: [.multiline(paragraphs)]))
  }

  /// Adds a single child assembly (JSON: an object).
  mutating func assembly(_ name: String, _ value: OSCALAssembly) {
    children.append(OSCALChild(xmlName: name, jsonName: name, isArray: false, values: [.assembly(value)]))
  }

  /// Adds repeatable child assemblies such as `<prop>` (JSON: `props`, an array of objects); nothing when empty.
  mutating func assemblies(_ xmlName: String, json jsonName: String, _ values: [OSCALAssembly]) {
    guard !values.isEmpty else { return }
    children.append(
      OSCALChild(xmlName: xmlName, jsonName: jsonName, isArray: true, values: values.map { .assembly($0) }))
  }

  /// Adds repeatable fields with flags such as `<hash algorithm="SHA-256">…</hash>` (JSON: objects whose text is
  /// under `value`); nothing when empty.
  mutating func flaggedFields(
    _ xmlName: String, json jsonName: String, _ values: [(flags: [(name: String, value: String)], text: String)]
  ) {
    guard !values.isEmpty else { return }
    children.append(
      OSCALChild(
        xmlName: xmlName, jsonName: jsonName, isArray: true,
        values: values.map { .flaggedField(flags: $0.flags, text: $0.text) }))
  }
}

/// A child of an ``OSCALAssembly``: one or more values under one name.
struct OSCALChild: Sendable {
  var xmlName: String
  var jsonName: String
  /// Whether the child may repeat: a JSON array even with one value.
  var isArray: Bool
  var values: [OSCALValue]
}

/// The value of a child.
enum OSCALValue: Sendable {
  /// A plain string.
  case text(String)
  /// Markup on one line: XML text, JSON Markdown.
  case line(String)
  /// Paragraphs of markup: XML `<p>` elements, JSON Markdown paragraphs.
  case multiline([String])
  case assembly(OSCALAssembly)
  /// A field with flags: XML attributes and text, JSON an object with the flags and `value`.
  case flaggedField(flags: [(name: String, value: String)], text: String)
}
