/// Writing CSV (RFC 4180): fields separated by commas, records ended by CR LF, a field quoted when it holds a
/// comma, a quote, a line break or white space at an end, quotes inside doubled.
public enum CSVText {
  /// One record, ended by CR LF.
  public static func record(_ fields: [String]) -> String {
    fields.map(field).joined(separator: ",") + "\r\n"
  }

  /// One field, quoted when needed.
  public static func field(_ text: String) -> String {
    let needsQuotes =
      text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
      || text.first?.isWhitespace == true || text.last?.isWhitespace == true
    guard needsQuotes else { return text }
    return "\"" + text.replacing("\"", with: "\"\"") + "\""
  }

  /// `text` made inert for spreadsheet programs: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
  /// return would be taken for a formula (CSV injection), so it gets a leading apostrophe, which spreadsheets show
  /// as text.
  public static func inert(_ text: String) -> String {
    guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
    return "'" + text
  }
}
