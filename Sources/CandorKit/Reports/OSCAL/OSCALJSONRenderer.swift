/// Writes an ``OSCALAssembly`` tree as OSCAL JSON: the root object under its model's key
/// (`{"assessment-results": {…}}`), flags before children, repeatable children as arrays under their plural name,
/// and markup as Markdown with vendor-supplied text escaped (``MarkdownText/escape(_:)``).
enum OSCALJSONRenderer {
  /// The document whose root object is `root`, under the key `name`.
  static func document(root name: String, _ root: OSCALAssembly) -> String {
    JSONText.write(.object([(name, value(root))]))
  }

  static func value(_ assembly: OSCALAssembly) -> JSONValue {
    var members: [(key: String, value: JSONValue)] = assembly.flags.map { ($0.name, .string($0.value)) }
    for child in assembly.children {
      let values = child.values.map(value)
      members.append((child.jsonName, child.isArray ? .array(values) : values[0]))
    }
    return .object(members)
  }

  private static func value(_ value: OSCALValue) -> JSONValue {
    switch value {
    case .text(let text): .string(text)
    case .line(let text): .string(markdown(text))
    case .multiline(let paragraphs): .string(paragraphs.map(markdown).joined(separator: "\n\n"))
    case .assembly(let assembly): self.value(assembly)
    case .flaggedField(let flags, let text):
      .object(flags.map { ($0.name, .string($0.value)) } + [("value", .string(text))])
    }
  }

  /// One line or paragraph as Markdown that shows the text as written: nothing in it opens Markdown structure.
  static func markdown(_ text: String) -> String { MarkdownText.escape(text) }
}
