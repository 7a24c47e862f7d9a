import CandorXML

/// Draws the charts: a vendor's claimed and verified score per domain (`chart.svg`), and the comparison's claimed,
/// verified and transparency per vendor (`comparison.svg`). Every chart states the rating in words and colour and
/// the transparency index; no label is cut short (long ones wrap), and the picture is sized to what it holds.
public enum ReportChart {
  /// A group of bars: its label (wrapped when long) and one value per legend entry.
  public struct Series: Sendable {
    public var label: String
    /// A second line under the label, in the rating's colour when `rating` is set ("critical risk").
    public var rating: Rating?
    public var values: [Double?]

    public init(label: String, rating: Rating? = nil, values: [Double?]) {
      self.label = label
      self.rating = rating
      self.values = values
    }
  }

  /// The colours of the ratings (with their words beside them, never alone).
  static func colour(_ rating: Rating) -> String {
    switch rating {
    case .low: "#1a7f37"
    case .moderate: "#9a6700"
    case .high: "#bc4c00"
    case .critical: "#b3261e"
    }
  }

  /// The chart of `assessment`: a headline with the rating and the key figures, then claimed and verified per domain.
  public static func svg(_ assessment: Assessment) -> String {
    let a = assessment
    let percent: (Double?) -> String = { $0.map(Format.percent) ?? "n/a" }
    let rows = a.domains.map {
      Series(label: "\($0.domain.id) \($0.domain.title)", values: [$0.claimed, $0.verified])
    }
    let figures =
      "verified \(percent(a.verified)) · claimed \(percent(a.claimed)) · say-do gap \(percent(a.sayDoGap)) · "
      + "transparency index \(percent(a.transparency.value))"
    return svg(
      title: "\(a.vendor.name): claimed vs verified per domain (as of \(a.asOf))",
      headline: (a.rating, a.rating.riskText + VendorReport.ratingSuffix(a), figures),
      legend: ["claimed", "verified"], rows: rows)
  }

  /// A bar chart with `legend.count` bars per row; values in [0, 1] are drawn on a 0–100 axis. `headline` is a line
  /// under the title: a rating (its words in its colour) and figures after it.
  public static func svg(
    title: String, headline: (rating: Rating, text: String, figures: String)? = nil, legend: [String],
    rows: [Series]
  ) -> String {
    let colours = ["#9db4d0", "#1f4e79", "#7a9a3a"]
    let characterWidth = 6.6
    let lineHeight = 14
    let labelCharacters = 34
    let wrapped = rows.map { wrap(clean($0.label), width: labelCharacters) }
    let longest = wrapped.flatMap { $0 }.map(\.count).max() ?? 10
    let labelWidth = max(120, Int((Double(longest) * characterWidth).rounded(.up)) + 16)
    let plotWidth = 400
    let barHeight = 12
    let width = labelWidth + plotWidth + 60
    let titleLines = wrap(clean(title), width: Int(Double(width - 20) / 7.7))
    var top = 14 + titleLines.count * 18
    if headline != nil { top += 20 }
    let legendY = top + 6
    top = legendY + 24
    // Each row is as tall as its label or its bars, whichever is taller.
    let heights = zip(rows, wrapped).map { row, lines in
      max((lines.count + (row.rating == nil ? 0 : 1)) * lineHeight, legend.count * barHeight) + 12
    }
    let plotHeight = heights.reduce(0, +)
    let height = top + plotHeight + 30
    let writer = XMLWriter()
    writer.startElement("svg", namespace: "http://www.w3.org/2000/svg")
    writer.attribute("width", String(width))
    writer.attribute("height", String(height))
    writer.attribute("viewBox", "0 0 \(width) \(height)")
    writer.attribute("font-family", "Helvetica, Arial, sans-serif")
    writer.attribute("font-size", "12")
    writer.attribute("role", "img")
    writer.element("title", text: clean(title))
    writer.element("rect", attributes: ["width": String(width), "height": String(height), "fill": "#ffffff"])
    for (index, line) in titleLines.enumerated() {
      writer.element(
        "text", attributes: ["x": "10", "y": String(20 + index * 18), "font-size": "14", "font-weight": "bold"],
        text: line)
    }
    if let headline {
      let y = 14 + titleLines.count * 18 + 12
      writer.startElement("text")
      writer.attribute("x", "10")
      writer.attribute("y", String(y))
      writer.startElement("tspan")
      writer.attribute("font-weight", "bold")
      writer.attribute("fill", colour(headline.rating))
      writer.text(clean(headline.text))
      writer.endElement()
      writer.startElement("tspan")
      writer.attribute("fill", "#333333")
      writer.text(" · " + clean(headline.figures))
      writer.endElement()
      writer.endElement()
    }
    for (index, name) in legend.enumerated() {
      let x = labelWidth + index * 110
      writer.element(
        "rect",
        attributes: [
          "x": String(x), "y": String(legendY), "width": "12", "height": "12", "fill": colours[index % colours.count],
        ])
      writer.element("text", attributes: ["x": String(x + 16), "y": String(legendY + 10)], text: clean(name))
    }
    for tick in stride(from: 0, through: 100, by: 20) {
      let x = labelWidth + tick * plotWidth / 100
      writer.element(
        "line",
        attributes: [
          "x1": String(x), "y1": String(top - 4), "x2": String(x), "y2": String(top + plotHeight),
          "stroke": "#dddddd",
        ])
      writer.element(
        "text", attributes: ["x": String(x), "y": String(top + plotHeight + 16), "text-anchor": "middle"],
        text: String(tick))
    }
    var y = top
    for (row, series) in rows.enumerated() {
      let lines = wrapped[row]
      for (index, line) in lines.enumerated() {
        writer.element(
          "text",
          attributes: ["x": String(labelWidth - 8), "y": String(y + 11 + index * lineHeight), "text-anchor": "end"],
          text: line)
      }
      if let rating = series.rating {
        writer.element(
          "text",
          attributes: [
            "x": String(labelWidth - 8), "y": String(y + 11 + lines.count * lineHeight), "text-anchor": "end",
            "font-weight": "bold", "fill": colour(rating),
          ],
          text: rating.riskText)
      }
      for (index, value) in series.values.enumerated() {
        let barY = y + index * barHeight
        let length = max(Int(((value ?? 0) * Double(plotWidth)).rounded()), 0)
        writer.element(
          "rect",
          attributes: [
            "x": String(labelWidth), "y": String(barY), "width": String(length), "height": String(barHeight - 2),
            "fill": colours[index % colours.count],
          ])
        writer.element(
          "text",
          attributes: ["x": String(labelWidth + length + 4), "y": String(barY + barHeight - 3), "font-size": "10"],
          text: value.map(Format.percent) ?? "n/a")
      }
      y += heights[row]
    }
    return writer.finish()
  }

  /// `text` split into lines of at most `width` characters at spaces (a word longer than a line gets a line of its
  /// own, whole: nothing is cut).
  static func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
      if current.isEmpty {
        current = String(word)
      } else if current.count + 1 + word.count <= width {
        current += " " + word
      } else {
        lines.append(current)
        current = String(word)
      }
    }
    if !current.isEmpty || lines.isEmpty { lines.append(current) }
    return lines
  }

  /// Text for a chart: bidirectional overrides and control characters removed, line breaks as spaces.
  static func clean(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      if scalar == "\n" || scalar == "\r" || scalar == "\t" {
        out.append(" ")
      } else if !SafeText.isControl(scalar) && !SafeText.isBidiControl(scalar) {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
