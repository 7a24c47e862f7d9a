/// Deterministic number formatting for reports and messages (no locale, no Foundation formatters).
public enum Format {
  /// A 0–1 score as a 0–100 score with one decimal, rounded half away from zero: 0.87777 → "87.8".
  public static func percent(_ score: Double) -> String { oneDecimal(score * 100) }

  /// Items in prose: "A", "A and B", "A, B and C".
  public static func list(_ items: [String]) -> String {
    switch items.count {
    case 0: ""
    case 1: items[0]
    default: items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }
  }

  /// At most `limit` items, comma-separated, then how many were left out: "A, B, C and 4 more".
  public static func firstOf(_ items: [String], atMost limit: Int) -> String {
    items.prefix(limit).joined(separator: ", ") + (items.count > limit ? " and \(items.count - limit) more" : "")
  }

  /// A value with one decimal, rounded half away from zero: 82.22 → "82.2", -0.04 → "0.0".
  public static func oneDecimal(_ value: Double) -> String { fixed(value, digits: 1) }

  /// A value with exactly `digits` decimals, rounded half away from zero.
  public static func fixed(_ value: Double, digits: Int) -> String {
    text(fixedUnits(value, digits: digits), digits: digits, trimZeros: false)
  }

  /// A number as short as it can be written: 30 → "30", 0.5 → "0.5", 0.68333… → "0.683".
  public static func number(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return text(Int(value), digits: 0, trimZeros: false) }
    return text(fixedUnits(value, digits: 3), digits: 3, trimZeros: true)
  }

  /// `value` in units of 10^-digits, rounded half away from zero.
  private static func fixedUnits(_ value: Double, digits: Int) -> Int {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    // Nudge by a relative epsilon so that 0.45 * 100 = 44.99999 still rounds as the decimal it stands for.
    let scaled = value * scale
    let nudged = scaled + (scaled >= 0 ? 1 : -1) * abs(scaled) * 1e-12
    return Int(nudged.rounded(.toNearestOrAwayFromZero))
  }

  /// `units` (in units of 10^-digits) written with `digits` decimals; with `trimZeros`, without trailing zeros
  /// (and without the point when nothing follows it), and "-0" written "0". Built in a stack buffer, as one string.
  private static func text(_ units: Int, digits: Int, trimZeros: Bool) -> String {
    let magnitude = abs(units)
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
      // Written backwards from the end of the buffer.
      var end = buffer.count
      var start = end
      var rest = magnitude
      var written = 0
      repeat {
        start -= 1
        buffer[start] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
        written += 1
        if written == digits {
          start -= 1
          buffer[start] = UInt8(ascii: ".")
        }
      } while rest > 0 || written <= digits
      if digits > 0 && trimZeros {
        while buffer[end - 1] == UInt8(ascii: "0") { end -= 1 }
        if buffer[end - 1] == UInt8(ascii: ".") { end -= 1 }
      }
      let isZero = end - start == 1 && buffer[start] == UInt8(ascii: "0")
      if units < 0 && !(trimZeros && isZero) {
        start -= 1
        buffer[start] = UInt8(ascii: "-")
      }
      return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
    }
  }
}
