/// A report as a document of headings, paragraphs, tables and lists: what the human-readable formats render.
///
/// A vendor report and a comparison are each built once as a `ReportDocument` (``VendorReport``,
/// ``ComparisonReport``); ``MarkdownRenderer`` and ``HTMLRenderer`` write it out. So a report says the same thing in
/// every format: there is one place that decides what it says, and the renderers only decide how it looks. Text is
/// held as given; each renderer escapes it for its format.
public struct ReportDocument: Sendable {
  /// The document's title (the Markdown `#` heading, the HTML `<title>` and `<h1>`).
  public var title: String
  /// The rating the document is about, for the HTML page's colour band; nil for a document about several vendors.
  public var rating: Rating?
  public var blocks: [Block]

  public init(title: String, rating: Rating? = nil, blocks: [Block]) {
    self.title = title
    self.rating = rating
    self.blocks = blocks
  }
}

extension ReportDocument {
  /// A block of the document.
  public enum Block: Sendable {
    /// A paragraph of inline content.
    case paragraph([Inline])
    /// A list; `ordered` numbers its items.
    case list(ordered: Bool, items: [[Inline]])
    case table(Table)
    /// A titled part of the document, with an anchor id (a link target in both formats).
    case section(Section)
    /// Content a reader opens on demand: folded in HTML, a bold line and the content in Markdown.
    case details(summary: [Inline], blocks: [Block])
    /// A chart: a file beside the Markdown report, drawn inline in HTML.
    case figure(Figure)
    /// A highlighted remark: a warning a reader must not miss (missing data, an incomplete response).
    case callout(Tone, [Inline])
  }

  /// A titled part, `level` 2 (a main part) or 3 (a sub-part).
  public struct Section: Sendable {
    public var id: String
    public var title: String
    public var level: Int
    /// HTML: the section ends the printed page (the executive summary).
    public var pageBreakAfter: Bool
    public var blocks: [Block]

    public init(id: String, title: String, level: Int = 2, pageBreakAfter: Bool = false, blocks: [Block]) {
      self.id = id
      self.title = title
      self.level = level
      self.pageBreakAfter = pageBreakAfter
      self.blocks = blocks
    }
  }

  /// A table with a caption and a legend that says what its columns mean.
  public struct Table: Sendable {
    public struct Column: Sendable {
      public var title: String
      /// Right-aligned, never wrapped.
      public var numeric: Bool
      /// Never wrapped (HTML): a short label column.
      public var nowrap: Bool

      public init(_ title: String, numeric: Bool = false, nowrap: Bool = false) {
        self.title = title
        self.numeric = numeric
        self.nowrap = nowrap
      }

      /// The HTML class of the column's cells, if any.
      var htmlClass: String? { numeric ? "num" : nowrap ? "nowrap" : nil }
    }

    public var columns: [Column]
    public var rows: [[[Inline]]]
    /// What the columns mean, written under the table: every table has one.
    public var legend: [Inline]

    public init(columns: [Column], rows: [[[Inline]]], legend: [Inline]) {
      self.columns = columns
      self.rows = rows
      self.legend = legend
    }
  }

  /// A chart: `file` for Markdown (nil: not written), `svg` inline for HTML.
  public struct Figure: Sendable {
    public var caption: String
    public var file: String?
    public var svg: String

    public init(caption: String, file: String?, svg: String) {
      self.caption = caption
      self.file = file
      self.svg = svg
    }
  }

  /// The tone of a callout.
  public enum Tone: String, Sendable {
    case warning
    case note
  }

  /// Inline content.
  public enum Inline: Sendable {
    case text(String)
    case strong([Inline])
    /// An identifier or a value to show as code.
    case code(String)
    /// A link to an anchor of the document (`#id`) or to a file beside it; its target is never vendor text.
    case link([Inline], target: LinkTarget)
    /// A rating, written as risk in words ("critical risk", or "Critical risk" to start a sentence) and, in HTML,
    /// in the rating's colour.
    case rating(Rating, suffix: String, capitalized: Bool = false)
    case lineBreak
  }

  /// Where a link goes: candor's own anchors and file names only.
  public enum LinkTarget: Sendable {
    case anchor(String)
    case file(String)
  }
}

extension ReportDocument.Inline {
  /// Plain text.
  public static func t(_ text: String) -> Self { .text(text) }

  /// Bold text.
  public static func b(_ text: String) -> Self { .strong([.text(text)]) }
}

extension Array where Element == ReportDocument.Inline {
  /// The inline content as plain text, without markup (for tests and messages).
  public var plainText: String {
    map { inline -> String in
      switch inline {
      case .text(let text), .code(let text): text
      case .strong(let inner): inner.plainText
      case .link(let inner, _): inner.plainText
      case .rating(let rating, let suffix, let capitalized): rating.riskText(capitalized: capitalized) + suffix
      case .lineBreak: "\n"
      }
    }.joined()
  }
}
