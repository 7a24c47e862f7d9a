/// Writes an ``OSCALAssembly`` tree as OSCAL JSON: the root object under its model's key
/// (`{"assessment-results": {…}}`), flags before children, repeatable children as arrays under their plural name,
/// and markup as Markdown with vendor-supplied text escaped (``MarkdownText/escape(_:)``).
enum OSCALJSONRenderer {
  /// The document whose root object is `root`, under the key `name`.
  static func document(root name: String, _ root: OSCALAssembly) -> String {
    String(decoding: bytes(root: name, root), as: UTF8.self)
  }

  /// The document as UTF-8 bytes, written straight from the tree: what ``JSONText`` writes for
  /// ``value(_:)-swift.method``'s JSON value, without building that value first.
  static func bytes(root name: String, _ root: OSCALAssembly) -> [UInt8] {
    var writer = Writer()
    writer.output.reserveCapacity(128 << 10)
    writer.beginObject()
    writer.key(name, indent: 1)
    writer.assembly(root, indent: 1)
    writer.raw("\n}\n")
    return writer.output
  }

  /// The reference rendering through a ``JSONValue`` (kept for the tests).
  static func referenceBytes(root name: String, _ root: OSCALAssembly) -> [UInt8] {
    JSONText.bytes(.object([(name, value(root))]))
  }

  /// JSONText's layout (two-space indentation, `": "`, `",\n"` between members), written as it goes.
  private struct Writer {
    var output: [UInt8] = []

    mutating func raw(_ text: StaticString) { text.withUTF8Buffer { output.append(contentsOf: $0) } }

    /// Spaces to copy indentation from, a run at a time.
    private static let spaceRun = [UInt8](repeating: 0x20, count: 128)

    mutating func spaces(_ depth: Int) {
      var count = 2 * depth
      while count > 0 {
        let run = min(count, Self.spaceRun.count)
        Self.spaceRun.withUnsafeBufferPointer { output.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<run])) }
        count -= run
      }
    }

    mutating func beginObject() { raw("{\n") }

    mutating func separator(last: Bool) { raw(last ? "\n" : ",\n") }

    mutating func key(_ key: String, indent: Int) {
      spaces(indent)
      JSONText.appendQuoted(key, to: &output)
      raw(": ")
    }

    mutating func string(_ text: String) { JSONText.appendQuoted(text, to: &output) }

    mutating func assembly(_ assembly: OSCALAssembly, indent: Int) {
      let count = assembly.flags.count + assembly.children.count
      guard count > 0 else {
        raw("{}")
        return
      }
      raw("{\n")
      var written = 0
      for flag in assembly.flags {
        key(flag.name, indent: indent + 1)
        string(flag.value)
        written += 1
        separator(last: written == count)
      }
      for child in assembly.children {
        key(child.jsonName, indent: indent + 1)
        if child.isArray {
          array(child.values, indent: indent + 1)
        } else {
          value(child.values[0], indent: indent + 1)
        }
        written += 1
        separator(last: written == count)
      }
      spaces(indent)
      output.append(UInt8(ascii: "}"))
    }

    mutating func array(_ values: [OSCALValue], indent: Int) {
      guard !values.isEmpty else {
        raw("[]")
        return
      }
      raw("[\n")
      for (index, item) in values.enumerated() {
        spaces(indent + 1)
        value(item, indent: indent + 1)
        separator(last: index == values.count - 1)
      }
      spaces(indent)
      output.append(UInt8(ascii: "]"))
    }

    mutating func value(_ value: OSCALValue, indent: Int) {
      switch value {
      case .text(let text): string(text)
      case .line(let text): string(markdown(text))
      case .multiline(let paragraphs): string(paragraphs.map(markdown).joined(separator: "\n\n"))
      case .assembly(let assembly): self.assembly(assembly, indent: indent)
      case .flaggedField(let flags, let text):
        raw("{\n")
        for flag in flags {
          key(flag.name, indent: indent + 1)
          string(flag.value)
          separator(last: false)
        }
        key("value", indent: indent + 1)
        string(text)
        separator(last: true)
        spaces(indent)
        output.append(UInt8(ascii: "}"))
      }
    }
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
