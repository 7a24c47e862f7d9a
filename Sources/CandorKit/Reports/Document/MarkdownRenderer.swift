/// Writes a ``ReportDocument`` as CommonMark with GitHub tables. Every text is escaped with ``MarkdownText``, so that
/// vendor text cannot open a heading, a table cell, a link, an image or HTML.
public enum MarkdownRenderer {
  public static func render(_ document: ReportDocument) -> String {
    String(decoding: bytes(document), as: UTF8.self)
  }

  /// The Markdown as UTF-8 bytes.
  public static func bytes(_ document: ReportDocument) -> [UInt8] {
    var out = Output(anchors: anchors(in: document.blocks))
    out.write("# ")
    out.escaped(document.title)
    out.write("\n\n")
    out.blocks(document.blocks)
    // One final line break.
    while out.bytes.count >= 2, out.bytes[out.bytes.count - 1] == 0x0A, out.bytes[out.bytes.count - 2] == 0x0A {
      out.bytes.removeLast()
    }
    return out.bytes
  }

  /// Each section's anchor as Markdown viewers make it from the heading (GitHub's rule: lower case, letters,
  /// digits, `-` and `_` kept, spaces to `-`, the rest dropped).
  static func anchors(in blocks: [ReportDocument.Block]) -> [String: String] {
    var anchors: [String: String] = [:]
    func visit(_ blocks: [ReportDocument.Block]) {
      for block in blocks {
        switch block {
        case .section(let section):
          anchors[section.id] = slug(section.title)
          visit(section.blocks)
        case .details(_, let inner):
          visit(inner)
        default:
          break
        }
      }
    }
    visit(blocks)
    return anchors
  }

  static func slug(_ title: String) -> String {
    var slug = ""
    for character in title.lowercased() {
      if character.isLetter || character.isNumber || character == "-" || character == "_" {
        slug.append(character)
      } else if character == " " {
        slug.append("-")
      }
    }
    return slug
  }

  private struct Output {
    var bytes: [UInt8] = []
    let anchors: [String: String]

    init(anchors: [String: String]) {
      self.anchors = anchors
      bytes.reserveCapacity(256 << 10)
    }

    mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }

    /// Escaped text that keeps the spaces at its ends (``MarkdownText/escape(_:)`` trims them: an inline run is
    /// written next to others).
    mutating func escaped(_ string: String) {
      let utf8 = string.utf8
      guard let first = utf8.first, let last = utf8.last else { return }
      let space = UInt8(ascii: " ")
      guard first == space || last == space else {
        MarkdownText.escape(string, into: &bytes)
        return
      }
      let leading = utf8.prefix { $0 == space }.count
      guard leading < utf8.count else {
        bytes.append(contentsOf: utf8)
        return
      }
      let trailing = utf8.reversed().prefix { $0 == space }.count
      bytes.append(contentsOf: repeatElement(space, count: leading))
      MarkdownText.escape(string, into: &bytes)
      bytes.append(contentsOf: repeatElement(space, count: trailing))
    }

    mutating func blocks(_ blocks: [ReportDocument.Block]) {
      for block in blocks { self.block(block) }
    }

    mutating func block(_ block: ReportDocument.Block) {
      switch block {
      case .paragraph(let inlines):
        self.inlines(inlines)
        write("\n\n")
      case .list(let ordered, let items):
        for (index, item) in items.enumerated() {
          write(ordered ? "\(index + 1). " : "- ")
          inlines(item)
          write("\n")
        }
        write("\n")
      case .table(let table):
        self.table(table)
      case .section(let section):
        write(String(repeating: "#", count: max(2, min(section.level, 6))) + " ")
        escaped(section.title)
        write("\n\n")
        blocks(section.blocks)
      case .details(let summary, let inner):
        write("**")
        inlines(summary)
        write("**\n\n")
        blocks(inner)
      case .figure(let figure):
        guard let file = figure.file else { return }
        write("![")
        escaped(figure.caption)
        write("](\(file))\n\n")
      case .callout(let tone, let inlines):
        write(tone == .warning ? "> **Warning:** " : "> **Note:** ")
        self.inlines(inlines)
        write("\n\n")
      }
    }

    mutating func table(_ table: ReportDocument.Table) {
      write("|")
      for column in table.columns {
        write(" ")
        escaped(column.title)
        write(" |")
      }
      write("\n|")
      for column in table.columns { write(column.numeric ? "---:|" : "---|") }
      write("\n")
      for row in table.rows {
        write("|")
        for cell in row {
          write(" ")
          inlines(cell)
          write(" |")
        }
        write("\n")
      }
      write("\n")
      if !table.legend.isEmpty {
        write("*")
        inlines(table.legend)
        write("*\n\n")
      }
    }

    mutating func inlines(_ inlines: [ReportDocument.Inline]) {
      for inline in inlines { self.inline(inline) }
    }

    mutating func inline(_ inline: ReportDocument.Inline) {
      switch inline {
      case .text(let string):
        escaped(string)
      case .strong(let inner):
        write("**")
        inlines(inner)
        write("**")
      case .code(let string):
        if string.isEmpty || string.contains("`") || string.contains(where: \.isNewline) {
          escaped(string)
        } else {
          write("`\(string)`")
        }
      case .link(let inner, let target):
        write("[")
        inlines(inner)
        switch target {
        case .anchor(let id): write("](#\(anchors[id] ?? MarkdownRenderer.slug(id)))")
        case .file(let name): write("](\(name))")
        }
      case .rating(let rating, let suffix, let capitalized):
        write("**\(rating.riskText(capitalized: capitalized))**")
        escaped(suffix)
      case .lineBreak:
        write("<br>")
      }
    }
  }
}
