/// Deterministic number formatting for reports and messages (no locale, no Foundation formatters).
public enum Format {
  /// A 0–1 score as a 0–100 score with one decimal, rounded half away from zero: 0.87777 → "87.8".
  public static func percent(_ score: Double) -> String { oneDecimal(score * 100) }

  /// A value with one decimal, rounded half away from zero: 82.22 → "82.2", -0.04 → "0.0".
  public static func oneDecimal(_ value: Double) -> String { fixed(value, digits: 1) }

  /// A value with exactly `digits` decimals, rounded half away from zero.
  public static func fixed(_ value: Double, digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    // Nudge by a relative epsilon so that 0.45 * 100 = 44.99999 still rounds as the decimal it stands for.
    let scaled = value * scale
    let nudged = scaled + (scaled >= 0 ? 1 : -1) * abs(scaled) * 1e-12
    let units = Int(nudged.rounded(.toNearestOrAwayFromZero))
    let sign = units < 0 ? "-" : ""
    let magnitude = abs(units)
    guard digits > 0 else { return sign + String(magnitude) }
    let divisor = Int(scale)
    let fraction = String(magnitude % divisor)
    return sign + String(magnitude / divisor) + "." + String(repeating: "0", count: digits - fraction.count) + fraction
  }

  /// A number as short as it can be written: 30 → "30", 0.5 → "0.5", 0.68333… → "0.683".
  public static func number(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    var text = fixed(value, digits: 3)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text == "-0" ? "0" : text
  }
}
