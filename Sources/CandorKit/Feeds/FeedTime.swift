/// The time formats public feeds use, read to the second (fractions are dropped, so that an imported file read back
/// gives the same instants). Anything without a time zone, or with a zone abbreviation that names several zones, is
/// refused: a feed's times decide the disclosure figures, and a guess would be a silent error.
enum FeedTime {
  /// Reads an instant written as:
  /// - RFC 3339 / ISO 8601 with a zone: `2024-09-16T21:31:02.719Z`, `2022-07-01T13:37:44+00:00`, `…+0000`, a space
  ///   instead of `T`;
  /// - RFC 822 / 1123 (RSS): `Tue, 20 Aug 2024 17:32:00 +0000`, `… GMT`, `… PDT`;
  /// - Unix time in digits (a JSON number or string): 9 to 10 digits are seconds, 12 to 13 milliseconds.
  ///
  /// - Returns: the instant, or why the text is refused.
  static func parse(_ raw: String) -> Parsed<Timestamp> {
    let text = raw.trimmedWhitespace
    guard !text.isEmpty else { return .failure("an empty time") }
    let parsed: Parsed<Timestamp>
    // ISO dates start with a four-digit year and a dash; RFC 822 ones with a day name or the day of the month.
    let head = Array(text.unicodeScalars.prefix(5))
    if let epoch = epoch(text) {
      parsed = epoch
    } else if head.count == 5, head[0..<4].allSatisfy({ ("0"..."9").contains($0) }), head[4] == "-" {
      parsed = iso(text)
    } else {
      parsed = rfc822(text)
    }
    if case .success(let time) = parsed, !isPlausible(time) {
      return .failure("\"\(text)\" is outside the years 1900 to 9998 that candor accepts")
    }
    return parsed
  }

  /// The instants candor accepts from a feed: from 1900 to the end of 9998 (so that any zone offset or year step
  /// keeps a date that can be written).
  static func isPlausible(_ time: Timestamp) -> Bool {
    time.secondsSinceEpoch >= -2_208_988_800 && time.secondsSinceEpoch < 253_370_764_800
  }

  /// A date alone, `YYYY-MM-DD`, as the start of that day in UTC.
  static func day(_ text: String) -> Timestamp? {
    CalendarDate(text.trimmedWhitespace)?.startOfDay.flatMapPlausible
  }

  private static func epoch(_ text: String) -> Parsed<Timestamp>? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit),
      parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy(\.isASCIIDigit))
    else { return nil }
    switch whole.count {
    case 9...10: return .success(Timestamp(secondsSinceEpoch: Double(Int(whole) ?? 0)))
    case 12...13: return .success(Timestamp(secondsSinceEpoch: Double((Int(whole) ?? 0) / 1000)))
    default:
      return .failure(
        "\"\(text)\" is a number that is neither Unix seconds (9 or 10 digits) nor milliseconds (12 or 13 digits)")
    }
  }

  /// `YYYY-MM-DD(T| )hh:mm[:ss[.fraction]](Z|±hh:mm|±hhmm|±hh)`.
  private static func iso(_ text: String) -> Parsed<Timestamp> {
    let expected =
      "expected a date and time with a time zone, such as 2024-09-16T21:31:02Z or 2024-09-16T21:31:02+00:00"
    let characters = Array(text)
    guard characters.count >= 10, let date = CalendarDate(String(characters[0..<10])) else {
      return .failure("\"\(text)\" is not a date and time; \(expected)")
    }
    guard characters.count > 10 else { return .failure("\"\(text)\" is a date without a time; \(expected)") }
    guard characters[10] == "T" || characters[10] == "t" || characters[10] == " " else {
      return .failure("\"\(text)\" is not a date and time; \(expected)")
    }
    var index = 11
    var clockText = ""
    while index < characters.count, characters[index].isASCIIDigit || characters[index] == ":" {
      clockText.append(characters[index])
      index += 1
    }
    guard let clock = clock(clockText) else { return .failure("\"\(text)\" has no valid time of day; \(expected)") }
    if index < characters.count, characters[index] == "." || characters[index] == "," {
      index += 1
      let fractionStart = index
      while index < characters.count, characters[index].isASCIIDigit { index += 1 }
      guard index > fractionStart else { return .failure("\"\(text)\" has an empty fraction of a second; \(expected)") }
    }
    let zoneText = String(characters[index...])
    guard !zoneText.isEmpty else { return .failure("\"\(text)\" has no time zone; \(expected)") }
    var offset = 0
    if zoneText == "Z" || zoneText == "z" {
      offset = 0
    } else if zoneText.count == 3, let sign = zoneText.first, sign == "+" || sign == "-",
      zoneText.dropFirst().allSatisfy(\.isASCIIDigit), let hours = Int(zoneText.dropFirst()), hours <= 14
    {
      offset = hours * 3600 * (sign == "-" ? -1 : 1)
    } else if case .success(let value) = zone(zoneText), zoneText.first == "+" || zoneText.first == "-" {
      offset = value
    } else {
      return .failure("\"\(text)\" has no valid time zone (\"\(zoneText)\"); \(expected)")
    }
    return .success(instant(date, clock, offset))
  }

  /// `[Day, ]DD Mon YYYY hh:mm[:ss] zone`.
  private static func rfc822(_ text: String) -> Parsed<Timestamp> {
    var tokens = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
    if let first = tokens.first, first.count >= 3, first.allSatisfy(\.isLetter), month(first) == nil {
      tokens.removeFirst()  // the day name
    }
    let expected = "expected a time like \"Tue, 20 Aug 2024 17:32:00 +0000\" or 2024-08-20T17:32:00Z"
    guard tokens.count == 5, let day = Int(tokens[0]), let month = month(tokens[1]), let year = Int(tokens[2]) else {
      return .failure("\"\(text)\" is not a date and time; \(expected)")
    }
    guard tokens[2].count == 4 else {
      return .failure("\"\(text)\" has a two-digit year, which is ambiguous; \(expected)")
    }
    guard let clock = clock(tokens[3]) else { return .failure("\"\(text)\" has no valid time of day; \(expected)") }
    let offset: Int
    switch zone(tokens[4]) {
    case .success(let value): offset = value
    case .failure(let message): return .failure("\"\(text)\": \(message)")
    }
    guard let date = CalendarDate(year: year, month: month, day: day) else {
      return .failure("\"\(text)\" is not a real date")
    }
    return .success(instant(date, clock, offset))
  }

  static func instant(_ date: CalendarDate, _ clock: (hour: Int, minute: Int, second: Int), _ offset: Int)
    -> Timestamp
  {
    Timestamp(
      secondsSinceEpoch: Double(
        date.daysSinceEpoch * 86_400 + clock.hour * 3600 + clock.minute * 60 + clock.second
          - offset))
  }

  /// `hh:mm` or `hh:mm:ss`.
  static func clock(_ text: String) -> (hour: Int, minute: Int, second: Int)? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) }),
      let hour = Int(parts[0]), let minute = Int(parts[1]), hour < 24, minute < 60
    else { return nil }
    let second = parts.count == 3 ? Int(parts[2]) ?? 60 : 0
    guard second < 60 else { return nil }
    return (hour, minute, second)
  }

  static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

  /// The month of an English month name or its first three letters (`Aug`, `August`, `Sept`).
  static func month(_ name: String) -> Int? {
    let lower = name.lowercased().trimmingSuffix(".")
    guard lower.count >= 3, lower.allSatisfy(\.isLetter) else { return nil }
    let full = [
      "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
      "december",
    ]
    for (index, month) in full.enumerated() where month.hasPrefix(lower) { return index + 1 }
    return nil
  }

  /// Zone abbreviations that name one offset. RFC 822 defines UT, GMT, Z and the four US zones (so CST is US
  /// Central here); the others are added where no other zone shares the abbreviation.
  static let zones: [String: Int] = [
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 3600, "CET": 3600, "CEST": 7200, "EET": 7200,
    "EEST": 10800, "MSK": 10800, "EST": -18000, "EDT": -14400, "CST": -21600, "CDT": -18000, "MST": -25200,
    "MDT": -21600, "PST": -28800, "PDT": -25200, "AKST": -32400, "AKDT": -28800, "HST": -36000, "JST": 32400,
    "KST": 32400, "HKT": 28800, "SGT": 28800, "AWST": 28800, "ACST": 34200, "ACDT": 37800, "AEST": 36000,
    "AEDT": 39600, "NZST": 43200, "NZDT": 46800,
  ]

  /// The offset in seconds of a zone: an abbreviation of ``zones`` or `±hhmm` / `±hh:mm`.
  static func zone(_ text: String) -> Parsed<Int> {
    if let offset = zones[text.uppercased()] { return .success(offset) }
    let scalars = Array(text.unicodeScalars)
    if scalars.count == 5 || scalars.count == 6, scalars[0] == "+" || scalars[0] == "-" {
      let digits = scalars.dropFirst().filter { $0 != ":" }
      if digits.count == 4, digits.allSatisfy({ ("0"..."9").contains($0) }) {
        let value = digits.reduce(0) { $0 * 10 + Int($1.value - 48) }
        let (hours, minutes) = (value / 100, value % 100)
        if hours <= 14, minutes < 60 {
          return .success((hours * 3600 + minutes * 60) * (scalars[0] == "-" ? -1 : 1))
        }
      }
    }
    return .failure(
      "the time zone \"\(text)\" is unknown or ambiguous; expected UTC, GMT, an offset such as +0000, or one of "
        + zones.keys.sorted().joined(separator: ", "))
  }
}

extension Timestamp {
  /// The instant when ``FeedTime/isPlausible(_:)``, else nil.
  var flatMapPlausible: Timestamp? { FeedTime.isPlausible(self) ? self : nil }
}

/// A value read from a feed, or why it was refused.
enum Parsed<Value> {
  case success(Value)
  case failure(String)
}

extension String {
  /// The string without `suffix` at its end, once.
  func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
