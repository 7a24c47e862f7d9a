/// A calendar date without a time zone (YYYY-MM-DD), as used for as-of, submission and validity dates.
public struct CalendarDate: Hashable, Sendable, Comparable, CustomStringConvertible {
  public let year: Int
  public let month: Int
  public let day: Int

  /// Creates a date when year, month and day form a real date.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD`.
  public init?(_ text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
    else { return nil }
    self.init(year: year, month: month, day: day)
  }

  /// `YYYY-MM-DD`.
  public var description: String {
    func pad(_ value: Int, _ width: Int) -> String {
      let digits = String(value)
      return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }

  /// Days since 1970-01-01.
  public var daysSinceEpoch: Int {
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146097 + dayOfEra - 719468
  }

  /// The start of the day, 00:00:00 UTC.
  public var startOfDay: Timestamp { Timestamp(secondsSinceEpoch: Double(daysSinceEpoch) * 86_400) }

  /// The same day `months` months earlier (or later, when negative), clamped to the month's last day.
  public func adding(months: Int) -> CalendarDate {
    let total = year * 12 + (month - 1) + months
    let newYear = total / 12
    let newMonth = total % 12 + 1
    let newDay = min(day, CalendarDate.daysIn(month: newMonth, year: newYear))
    return CalendarDate(year: newYear, month: newMonth, day: newDay) ?? self
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }
}

/// An instant, from an `xs:dateTime` with a time zone, kept with the text it was written as.
public struct Timestamp: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// Seconds since 1970-01-01T00:00:00Z.
  public let secondsSinceEpoch: Double
  /// The text as written in the input (or an ISO form for computed instants).
  public let text: String

  public init(secondsSinceEpoch: Double, text: String? = nil) {
    self.secondsSinceEpoch = secondsSinceEpoch
    self.text = text ?? Timestamp.iso(secondsSinceEpoch)
  }

  /// Parses `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`; a time zone is required.
  public init?(_ text: String) {
    let characters = Array(text.utf8)
    guard characters.count >= 20, characters[10] == UInt8(ascii: "T"),
      let date = CalendarDate(String(decoding: characters[0..<10], as: UTF8.self)),
      characters[13] == UInt8(ascii: ":"), characters[16] == UInt8(ascii: ":"),
      let hour = Int(String(decoding: characters[11..<13], as: UTF8.self)),
      let minute = Int(String(decoding: characters[14..<16], as: UTF8.self)),
      let second = Int(String(decoding: characters[17..<19], as: UTF8.self)),
      hour <= 24, minute < 60, second < 60, hour < 24 || (minute == 0 && second == 0)
    else { return nil }
    var index = 19
    var fraction = 0.0
    if characters[index] == UInt8(ascii: ".") {
      index += 1
      var scale = 0.1
      while index < characters.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(characters[index]) {
        fraction += Double(characters[index] - UInt8(ascii: "0")) * scale
        scale /= 10
        index += 1
      }
    }
    guard index < characters.count else { return nil }
    var offsetSeconds = 0
    if characters[index] == UInt8(ascii: "Z"), index == characters.count - 1 {
      offsetSeconds = 0
    } else if characters[index] == UInt8(ascii: "+") || characters[index] == UInt8(ascii: "-"),
      characters.count - index == 6, characters[index + 3] == UInt8(ascii: ":"),
      let hours = Int(String(decoding: characters[(index + 1)..<(index + 3)], as: UTF8.self)),
      let minutes = Int(String(decoding: characters[(index + 4)..<(index + 6)], as: UTF8.self)),
      hours <= 14, minutes < 60
    {
      offsetSeconds = (hours * 3600 + minutes * 60) * (characters[index] == UInt8(ascii: "-") ? -1 : 1)
    } else {
      return nil
    }
    let seconds =
      Double(date.daysSinceEpoch) * 86_400 + Double(hour * 3600 + minute * 60 + second) + fraction
      - Double(offsetSeconds)
    self.init(secondsSinceEpoch: seconds, text: text)
  }

  /// The UTC calendar date of this instant.
  public var date: CalendarDate {
    let days = Int((secondsSinceEpoch / 86_400).rounded(.down))
    return CalendarDate(daysSinceEpoch: days)
  }

  /// Hours from `self` to `later`.
  public func hours(until later: Timestamp) -> Double { (later.secondsSinceEpoch - secondsSinceEpoch) / 3600 }

  /// Days from `self` to `later`.
  public func days(until later: Timestamp) -> Double { (later.secondsSinceEpoch - secondsSinceEpoch) / 86_400 }

  public var description: String { text }

  public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.secondsSinceEpoch < rhs.secondsSinceEpoch }
  public static func == (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.secondsSinceEpoch == rhs.secondsSinceEpoch }
  public func hash(into hasher: inout Hasher) { hasher.combine(secondsSinceEpoch) }

  static func iso(_ seconds: Double) -> String {
    let whole = Int(seconds.rounded(.down))
    let days = Int((Double(whole) / 86_400).rounded(.down))
    let rest = whole - days * 86_400
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(CalendarDate(daysSinceEpoch: days))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z"
  }
}

extension CalendarDate {
  /// The date `days` days after 1970-01-01.
  init(daysSinceEpoch days: Int) {
    // Howard Hinnant's civil_from_days.
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let dayOfEra = z - era * 146097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    self = CalendarDate(year: year, month: month, day: day)!
  }
}
