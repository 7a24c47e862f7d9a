import CandorKit
import Foundation

/// Checks that every output states the same numbers: reads the key figures out of each format's text the way a
/// reader (or a script) would, and compares them with the vendor's ``VendorSummary``, which every renderer is given.
/// Returns one line per disagreement; empty when everything agrees.
public enum ReportAgreement {
  /// The key figures a vendor's report states, by label, as the summary says them.
  public static func expected(_ s: VendorSummary) -> [String: String] {
    let percent: (Double?) -> String = { $0.map(Format.percent) ?? "n/a" }
    return [
      "Rating": s.ratingText,
      "Claimed": percent(s.claimed),
      "Verified": percent(s.verified),
      "Say-do gap": percent(s.sayDoGap),
      "Transparency index": percent(s.transparency),
      "Completeness": s.completeness.text,
      "Incident data": s.incidentData.name,
      "Contradicted controls": s.incidentData == .none ? "not compared" : String(s.contradictedControls.count),
      "Gated controls": String(s.gatedControls.count),
    ]
  }

  /// The disagreements between a vendor's summary and its report.md, report.html and report.xml.
  public static func problems(_ s: VendorSummary, markdown: String, html: String, xml: String) -> [String] {
    var problems: [String] = []
    let expected = expected(s)
    let markdownFigures = figures(markdown: markdown)
    let htmlFigures = figures(html: html)
    for (label, value) in expected.sorted(by: { $0.key < $1.key }) {
      if markdownFigures[label] != value {
        problems.append("report.md \(label): \(markdownFigures[label] ?? "missing"), expected \(value)")
      }
      if htmlFigures[label] != value {
        problems.append("report.html \(label): \(htmlFigures[label] ?? "missing"), expected \(value)")
      }
    }
    if s.incidentData != .none {
      for (name, text) in [("report.md", markdown), ("report.html", html)] {
        let findings = "\(s.contradictionFindings) contradiction finding"
        if !text.contains(findings) { problems.append("\(name) does not say \"\(findings)\"") }
        if s.allegedFindings > 0, !text.contains("\(s.allegedFindings) alleged finding") {
          problems.append("\(name) does not say \"\(s.allegedFindings) alleged finding\"")
        }
      }
    } else {
      for (name, text) in [("report.md", markdown), ("report.html", html)]
      where !text.contains("the say-do comparison was not made") {
        problems.append("\(name) does not say the say-do comparison was not made")
      }
    }
    let summary = attributes(ofFirst: "summary", in: xml)
    problems += compare(s, with: summary, file: "report.xml")
    return problems
  }

  /// The disagreements between the vendors' summaries and comparison.md, comparison.html and comparison.xml.
  public static func problems(comparison vendors: [VendorSummary], markdown: String, html: String, xml: String)
    -> [String]
  {
    var problems: [String] = []
    let markdownRows = rankingRows(markdown: markdown)
    let htmlRows = rankingRows(html: html)
    for (index, s) in vendors.enumerated() {
      let percent: (Double?) -> String = { $0.map(Format.percent) ?? "n/a" }
      let expected = [
        String(index + 1), s.rating.riskText + (s.completeness.isComplete ? "" : " (incomplete)"),
        percent(s.verified), percent(s.claimed), percent(s.sayDoGap), percent(s.transparency),
        "\(s.completeness.answered)/\(s.completeness.questions)", s.incidentData.name,
        s.incidentData == .none ? "not compared" : "\(s.contradictedControls.count) (\(s.contradictionFindings))",
        String(s.gatedControls.count),
      ]
      for (name, rows) in [("comparison.md", markdownRows), ("comparison.html", htmlRows)] {
        guard index < rows.count else {
          problems.append("\(name) has no ranking row \(index + 1)")
          continue
        }
        // Every cell but the vendor's (1) and the as-of date and policy at the end.
        let row = rows[index]
        let cells = [row[0]] + Array(row.dropFirst(2).prefix(expected.count - 1))
        if cells != expected { problems.append("\(name) row \(index + 1): \(cells), expected \(expected)") }
      }
    }
    let summaries = allAttributes(of: "summary", in: xml)
    if summaries.count != vendors.count {
      problems.append("comparison.xml has \(summaries.count) summaries for \(vendors.count) vendors")
    }
    for (s, summary) in zip(vendors, summaries) {
      problems += compare(s, with: summary, file: "comparison.xml (\(s.vendor.id))")
    }
    return problems
  }

  /// The disagreements between a summary and the command line's line for the vendor.
  public static func problems(_ s: VendorSummary, line: String) -> [String] {
    var wanted = [s.ratingText, s.completeness.text, "\(s.gatedControls.count) gated control"]
    if s.incidentData == .none {
      wanted.append("not compared: no incident data")
    } else {
      wanted.append(
        "\(s.contradictedControls.count) contradicted control\(s.contradictedControls.count == 1 ? "" : "s") "
          + "(\(s.contradictionFindings) finding")
      if s.allegedFindings > 0 { wanted.append("\(s.allegedFindings) alleged") }
    }
    return wanted.filter { !line.contains($0) }.map { "the summary line lacks \"\($0)\": \(line)" }
  }

  static func compare(_ s: VendorSummary, with summary: [String: String], file: String) -> [String] {
    let percent: (Double?) -> String? = { $0.map(Format.percent) }
    let expected: [String: String?] = [
      "rating": s.rating.rawValue, "verified": percent(s.verified), "claimed": percent(s.claimed),
      "say-do-gap": percent(s.sayDoGap), "transparency": percent(s.transparency),
      "contradicted-controls": String(s.contradictedControls.count),
      "contradiction-findings": String(s.contradictionFindings), "alleged-findings": String(s.allegedFindings),
      "gated-controls": String(s.gatedControls.count), "answered": String(s.completeness.answered),
      "questions": String(s.completeness.questions), "complete": String(s.completeness.isComplete),
      "incident-data": s.incidentData.name, "follow-ups": String(s.followUps),
    ]
    return expected.sorted { $0.key < $1.key }.compactMap { name, value in
      summary[name] == value ? nil : "\(file) \(name)=\(summary[name] ?? "absent"), expected \(value ?? "absent")"
    }
  }

  // MARK: - Reading the formats

  /// The key-figure rows of a Markdown report: `| Label | value | meaning |`, the value without emphasis.
  public static func figures(markdown: String) -> [String: String] {
    var figures: [String: String] = [:]
    for line in markdown.split(separator: "\n") where line.hasPrefix("| ") {
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard cells.count >= 4, figures[cells[1]] == nil else { continue }
      figures[cells[1]] = cells[2].replacingOccurrences(of: "**", with: "")
    }
    return figures
  }

  /// The key-figure rows of an HTML report: a label cell then a value cell, the value as text.
  public static func figures(html: String) -> [String: String] {
    var figures: [String: String] = [:]
    for row in html.components(separatedBy: "<tr>").dropFirst() {
      let cells = cellTexts(row)
      guard cells.count >= 3, figures[cells[0]] == nil else { continue }
      figures[cells[0]] = cells[1]
    }
    return figures
  }

  /// The ranking rows of comparison.md, as cell texts.
  public static func rankingRows(markdown: String) -> [[String]] {
    guard let start = markdown.range(of: "## Ranking") else { return [] }
    return markdown[start.upperBound...].split(separator: "\n").drop { !$0.hasPrefix("| ") }.prefix {
      $0.hasPrefix("|")
    }
    .dropFirst(2)
    .map { line in
      line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map {
        $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "**", with: "")
      }
    }
  }

  /// The ranking rows of comparison.html, as cell texts.
  public static func rankingRows(html: String) -> [[String]] {
    guard let start = html.range(of: "<section id=\"ranking\">"),
      let end = html.range(of: "</tbody>", range: start.upperBound..<html.endIndex)
    else { return [] }
    return html[start.upperBound..<end.lowerBound].components(separatedBy: "<tr>").dropFirst(2).map(cellTexts)
  }

  /// The texts of the `<td>` cells of a row, tags removed and character references decoded.
  static func cellTexts(_ row: String) -> [String] {
    row.components(separatedBy: "<td").dropFirst().map { cell in
      var text = cell
      if let close = text.firstIndex(of: ">") { text = String(text[text.index(after: close)...]) }
      if let end = text.range(of: "</td>") { text = String(text[..<end.lowerBound]) }
      text = text.replacingOccurrences(of: "<br>", with: "\n")
      text = text.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
      return decode(text).trimmingCharacters(in: .whitespaces)
    }
  }

  static func decode(_ text: String) -> String {
    text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
      .replacingOccurrences(of: "&amp;", with: "&")
  }

  /// The attributes of the first `<name …>` element in an XML text.
  public static func attributes(ofFirst name: String, in xml: String) -> [String: String] {
    allAttributes(of: name, in: xml).first ?? [:]
  }

  /// The attributes of every `<name …>` element in an XML text, in order.
  public static func allAttributes(of name: String, in xml: String) -> [[String: String]] {
    xml.components(separatedBy: "<\(name) ").dropFirst().map { rest in
      let tag = rest.prefix { $0 != ">" }
      var attributes: [String: String] = [:]
      let pattern = try! NSRegularExpression(pattern: "([a-z-]+)=\"([^\"]*)\"")
      let text = String(tag)
      for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        let key = String(text[Range(match.range(at: 1), in: text)!])
        let value = String(text[Range(match.range(at: 2), in: text)!])
        attributes[key] = decode(value)
      }
      return attributes
    }
  }
}
