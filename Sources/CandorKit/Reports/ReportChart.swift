import CandorXML

/// Draws `chart.svg`: claimed and verified scores per domain as paired horizontal bars on a 0–100 scale.
public enum ReportChart {
  /// A chart of bars, one group per row, each group with its labelled values.
  public struct Series: Sendable {
    public var label: String
    public var values: [Double?]
  }

  /// The chart of `assessment`.
  public static func svg(_ assessment: Assessment) -> String {
    let rows = assessment.domains.map {
      Series(label: "\($0.domain.id) \($0.domain.title)", values: [$0.claimed, $0.verified])
    }
    return svg(
      title: "\(assessment.vendor.name): claimed vs verified per domain (as of \(assessment.asOf))",
      legend: ["claimed", "verified"], rows: rows)
  }

  /// A bar chart with `legend.count` bars per row; values in [0, 1] are drawn on a 0–100 axis.
  public static func svg(title: String, legend: [String], rows: [Series]) -> String {
    let colours = ["#9db4d0", "#1f4e79", "#c0504d"]
    let labelWidth = 340
    let plotWidth = 400
    let barHeight = 12
    let groupHeight = legend.count * barHeight + 14
    let top = 56
    let height = top + rows.count * groupHeight + 36
    let width = labelWidth + plotWidth + 70
    let writer = XMLWriter()
    writer.startElement("svg", namespace: "http://www.w3.org/2000/svg")
    writer.attribute("width", String(width))
    writer.attribute("height", String(height))
    writer.attribute("viewBox", "0 0 \(width) \(height)")
    writer.attribute("font-family", "Helvetica, Arial, sans-serif")
    writer.attribute("font-size", "12")
    writer.attribute("role", "img")
    writer.element("title", text: title)
    writer.element("rect", attributes: ["width": String(width), "height": String(height), "fill": "#ffffff"])
    writer.element("text", attributes: ["x": "10", "y": "20", "font-size": "14", "font-weight": "bold"], text: title)
    for (index, name) in legend.enumerated() {
      let x = labelWidth + index * 110
      writer.element(
        "rect",
        attributes: ["x": String(x), "y": "30", "width": "12", "height": "12", "fill": colours[index % colours.count]])
      writer.element("text", attributes: ["x": String(x + 16), "y": "40"], text: name)
    }
    for tick in stride(from: 0, through: 100, by: 20) {
      let x = labelWidth + tick * plotWidth / 100
      writer.element(
        "line",
        attributes: [
          "x1": String(x), "y1": String(top - 4), "x2": String(x), "y2": String(height - 28), "stroke": "#dddddd",
        ])
      writer.element(
        "text", attributes: ["x": String(x), "y": String(height - 12), "text-anchor": "middle"], text: String(tick))
    }
    for (row, series) in rows.enumerated() {
      let y = top + row * groupHeight
      let label = series.label.count > 44 ? String(series.label.prefix(43)) + "…" : series.label
      writer.element(
        "text", attributes: ["x": String(labelWidth - 8), "y": String(y + barHeight + 2), "text-anchor": "end"],
        text: label)
      for (index, value) in series.values.enumerated() {
        let barY = y + index * barHeight
        let length = Int(((value ?? 0) * Double(plotWidth)).rounded())
        writer.element(
          "rect",
          attributes: [
            "x": String(labelWidth), "y": String(barY), "width": String(max(length, 0)),
            "height": String(barHeight - 2),
            "fill": colours[index % colours.count],
          ])
        writer.element(
          "text",
          attributes: [
            "x": String(labelWidth + max(length, 0) + 4), "y": String(barY + barHeight - 3), "font-size": "10",
          ],
          text: value.map(Format.percent) ?? "n/a")
      }
    }
    return writer.finish()
  }
}
