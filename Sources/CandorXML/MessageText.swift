/// Messages that quote a value from the input keep it short: a value quoted whole (a 20,000-character attribute, a
/// spreadsheet cell) would bury the rest of the message.
public enum MessageText {
  /// `message` with every value between two `quote` characters longer than `limit` characters cut to its first
  /// `limit` characters, an ellipsis and its length, as `"abc…" (20000 characters)`.
  public static func shorteningQuoted(_ message: String, quote: Character, limit: Int = 80) -> String {
    guard message.count > limit else { return message }
    var result = ""
    var rest = Substring(message)
    while let open = rest.firstIndex(of: quote) {
      let afterOpen = rest.index(after: open)
      guard let close = rest[afterOpen...].firstIndex(of: quote) else { break }
      result += rest[...open]
      let value = rest[afterOpen..<close]
      if value.count > limit {
        result += value.prefix(limit)
        result += "…\(quote) (\(value.count) characters)"
      } else {
        result += value
        result.append(quote)
      }
      rest = rest[rest.index(after: close)...]
    }
    return result + rest
  }
}
