import Crypto
import Foundation

/// Writes a ``ReportDocument`` as one self-contained HTML page: inline CSS, inline SVG charts, no script, no font,
/// no image and no request to anything outside the file, which a Content-Security-Policy `<meta>` forbids as well.
/// Every text is escaped (``HTMLText``); links go only to the page's own anchors and to report files beside it.
/// Printed, the executive summary fills the first A4 page.
public enum HTMLRenderer {
  public static func render(_ document: ReportDocument) -> String {
    String(decoding: bytes(document), as: UTF8.self)
  }

  /// The page as UTF-8 bytes.
  public static func bytes(_ document: ReportDocument) -> [UInt8] {
    var out = Output()
    out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
    out.write("<meta http-equiv=\"Content-Security-Policy\" content=\"\(contentSecurityPolicy)\">\n")
    out.write("<meta name=\"referrer\" content=\"no-referrer\">\n")
    out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
    out.write("<meta name=\"generator\" content=\"")
    out.escaped(ReportXML.generator)
    out.write("\">\n<title>")
    out.escaped(document.title)
    out.write("</title>\n<style>")
    out.write(stylesheet)
    out.write("</style>\n</head>\n<body")
    if let rating = document.rating { out.write(" class=\"rating-\(rating.rawValue)\"") }
    out.write(">\n<header><h1>")
    out.escaped(document.title)
    out.write("</h1></header>\n<main>\n")
    out.blocks(document.blocks)
    out.write("</main>\n</body>\n</html>\n")
    return out.bytes
  }

  /// Nothing may load: no script, no font, no image, no frame, no form target; only the page's own stylesheet, named
  /// by its hash so that no other style (an injected `style` attribute or element) applies either.
  public static let contentSecurityPolicy =
    "default-src 'none'; style-src '\(styleHash)'; img-src 'none'; font-src 'none'; script-src 'none'; "
    + "connect-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'"

  /// `sha256-…` of the stylesheet, for the policy.
  static let styleHash = "sha256-" + Data(SHA256.hash(data: Data(stylesheet.utf8))).base64EncodedString()

  /// The page's whole stylesheet. Ratings have a colour and always their words; print puts the executive summary on
  /// page 1.
  static let stylesheet = """
    :root{--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--band:#f6f8fa;--low:#1a7f37;--moderate:#9a6700;\
    --high:#bc4c00;--critical:#b3261e}
    *{box-sizing:border-box}
    body{margin:0 auto;max-width:1240px;padding:0 24px 48px;font:15px/1.5 -apple-system,"Segoe UI",Helvetica,Arial,\
    sans-serif;color:var(--ink);background:#fff}
    body{border-top:8px solid var(--line)}
    body.rating-low{border-top-color:var(--low)}body.rating-moderate{border-top-color:var(--moderate)}
    body.rating-high{border-top-color:var(--high)}body.rating-critical{border-top-color:var(--critical)}
    h1{font-size:1.6em;margin:.8em 0 .3em}h2{font-size:1.3em;margin:1.6em 0 .5em;padding-bottom:.2em;\
    border-bottom:1px solid var(--line)}h3{font-size:1.1em;margin:1.3em 0 .4em}
    p,ul,ol{margin:.5em 0}li{margin:.15em 0}
    code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--band);padding:0 .25em;\
    border-radius:3px}
    .table-wrap{overflow-x:auto;margin:.6em 0}
    table{border-collapse:collapse;width:100%;font-size:.92em}
    th,td{border:1px solid var(--line);padding:.3em .5em;text-align:left;vertical-align:top}
    th{background:var(--band);font-weight:600}td.num,th.num{text-align:right}td.num,.nowrap{white-space:nowrap}
    tbody tr:nth-child(even){background:#fbfcfd}
    .legend{color:var(--muted);font-size:.88em;margin-top:.2em}
    .rating{font-weight:700;padding:0 .35em;border-radius:3px;color:#fff;white-space:nowrap}
    .rating.low{background:var(--low)}.rating.moderate{background:var(--moderate)}
    .rating.high{background:var(--high)}.rating.critical{background:var(--critical)}
    .callout{border-left:5px solid var(--moderate);background:#fff8c5;padding:.5em .8em;margin:.8em 0}
    .callout.note{border-left-color:var(--muted);background:var(--band)}
    details{border:1px solid var(--line);border-radius:4px;padding:.3em .7em;margin:.5em 0}
    details>summary{cursor:pointer;font-weight:600}
    figure{margin:.8em 0}figure svg{max-width:100%;height:auto}figcaption{color:var(--muted);font-size:.88em}
    @page{size:A4;margin:11mm 12mm}
    @media print{body{max-width:none;padding:0;font-size:9pt;line-height:1.38;border-top:none}
    h1{font-size:15pt;margin:0 0 .2em}h2{font-size:12pt;margin:.9em 0 .3em}h3{font-size:10.5pt}
    .page-end{break-after:page}table{font-size:8.5pt}th,td{padding:.15em .35em}tr,figure{break-inside:avoid}
    .table-wrap{overflow:visible}details{border:none;padding:0}
    .rating{-webkit-print-color-adjust:exact;print-color-adjust:exact}}

    """

  private struct Output {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(256 << 10) }

    mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }

    mutating func escaped(_ string: String) { HTMLText.escape(string, into: &bytes) }

    mutating func blocks(_ blocks: [ReportDocument.Block]) {
      for block in blocks { self.block(block) }
    }

    mutating func block(_ block: ReportDocument.Block) {
      switch block {
      case .paragraph(let inlines):
        write("<p>")
        self.inlines(inlines)
        write("</p>\n")
      case .list(let ordered, let items):
        write(ordered ? "<ol>\n" : "<ul>\n")
        for item in items {
          write("<li>")
          inlines(item)
          write("</li>\n")
        }
        write(ordered ? "</ol>\n" : "</ul>\n")
      case .table(let table):
        self.table(table)
      case .section(let section):
        let level = max(2, min(section.level, 6))
        write("<section id=\"")
        escaped(section.id)
        write(section.pageBreakAfter ? "\" class=\"page-end\">\n" : "\">\n")
        write("<h\(level)>")
        escaped(section.title)
        write("</h\(level)>\n")
        blocks(section.blocks)
        write("</section>\n")
      case .details(let summary, let inner):
        write("<details>\n<summary>")
        inlines(summary)
        write("</summary>\n")
        blocks(inner)
        write("</details>\n")
      case .figure(let figure):
        write("<figure>\n")
        write(HTMLRenderer.inlineSVG(figure.svg))
        write("<figcaption>")
        escaped(figure.caption)
        write("</figcaption>\n</figure>\n")
      case .callout(let tone, let inlines):
        write("<p class=\"callout \(tone.rawValue)\"><strong>\(tone == .warning ? "Warning" : "Note"):</strong> ")
        self.inlines(inlines)
        write("</p>\n")
      }
    }

    mutating func table(_ table: ReportDocument.Table) {
      write("<div class=\"table-wrap\"><table>\n<thead><tr>")
      for column in table.columns {
        write(column.htmlClass.map { "<th scope=\"col\" class=\"\($0)\">" } ?? "<th scope=\"col\">")
        escaped(column.title)
        write("</th>")
      }
      write("</tr></thead>\n<tbody>\n")
      // Each column's opening tag, made once per table.
      let openings = table.columns.map { column in column.htmlClass.map { "<td class=\"\($0)\">" } ?? "<td>" }
      for row in table.rows {
        write("<tr>")
        for (index, cell) in row.enumerated() {
          write(index < openings.count ? openings[index] : "<td>")
          inlines(cell)
          write("</td>")
        }
        write("</tr>\n")
      }
      write("</tbody>\n</table></div>\n")
      if !table.legend.isEmpty {
        write("<p class=\"legend\">")
        inlines(table.legend)
        write("</p>\n")
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
        write("<strong>")
        inlines(inner)
        write("</strong>")
      case .code(let string):
        write("<code>")
        escaped(string)
        write("</code>")
      case .link(let inner, let target):
        write("<a href=\"")
        switch target {
        case .anchor(let id):
          write("#")
          escaped(id)
        case .file(let name):
          escaped(name)
        }
        write("\">")
        inlines(inner)
        write("</a>")
      case .rating(let rating, let suffix, let capitalized):
        write("<span class=\"rating \(rating.rawValue)\">\(rating.riskText(capitalized: capitalized))</span>")
        escaped(suffix)
      case .lineBreak:
        write("<br>")
      }
    }
  }

  /// An SVG document as an element of the page: without its XML declaration.
  static func inlineSVG(_ svg: String) -> String {
    guard svg.hasPrefix("<?xml"), let newline = svg.firstIndex(of: "\n") else { return svg }
    return String(svg[svg.index(after: newline)...])
  }
}

/// Escaping of untrusted text for HTML text and attribute values: `& < > " '` as character references, line breaks
/// as `<br>`, bidirectional overrides and C0/C1 control characters removed (they can make text display differently
/// from what it says, or break the document).
public enum HTMLText {
  /// `text` escaped.
  public static func escape(_ text: String) -> String {
    var out: [UInt8] = []
    escape(text, into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends `text`, escaped, to `out` as UTF-8.
  ///
  /// Works on the UTF-8 bytes: a Swift string is valid UTF-8, so every character to drop or replace is found by its
  /// encoding (C1 controls are `C2 80`–`C2 9F`; the bidirectional marks `D8 9C`, `E2 80 8E`–`8F`, `E2 80 AA`–`AE`
  /// and `E2 81 A6`–`A9`; the line and paragraph separators `E2 80 A8`–`A9`), and runs of plain bytes are copied whole.
  public static func escape(_ text: String, into out: inout [UInt8]) {
    var text = text
    text.withUTF8 { escape($0, into: &out) }
  }

  static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    var index = 0
    var plainStart = 0
    let count = bytes.count
    func flush(_ end: Int) {
      if end > plainStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainStart..<end])) }
    }
    while index < count {
      let byte = bytes[index]
      var replacement: StaticString?
      var length = 1
      switch byte {
      case UInt8(ascii: "&"): replacement = "&amp;"
      case UInt8(ascii: "<"): replacement = "&lt;"
      case UInt8(ascii: ">"): replacement = "&gt;"
      case UInt8(ascii: "\""): replacement = "&quot;"
      case UInt8(ascii: "'"): replacement = "&#39;"
      case UInt8(ascii: "\n"): replacement = "<br>"
      case UInt8(ascii: "\r"):
        replacement = "<br>"
        if index + 1 < count, bytes[index + 1] == UInt8(ascii: "\n") { length = 2 }
      case UInt8(ascii: "\t"): replacement = " "
      case 0x00..<0x20, 0x7F: replacement = ""
      case 0xC2 where index + 1 < count && (0x80...0x9F).contains(bytes[index + 1]):
        (replacement, length) = ("", 2)
      case 0xD8 where index + 1 < count && bytes[index + 1] == 0x9C:
        (replacement, length) = ("", 2)
      case 0xE2 where index + 2 < count && bytes[index + 1] == 0x80:
        switch bytes[index + 2] {
        case 0x8E, 0x8F, 0xAA...0xAE: (replacement, length) = ("", 3)
        case 0xA8, 0xA9: (replacement, length) = ("<br>", 3)
        default: break
        }
      case 0xE2 where index + 2 < count && bytes[index + 1] == 0x81 && (0xA6...0xA9).contains(bytes[index + 2]):
        (replacement, length) = ("", 3)
      default:
        break
      }
      if let replacement {
        flush(index)
        out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
        index += length
        plainStart = index
      } else {
        index += 1
      }
    }
    flush(count)
  }
}
