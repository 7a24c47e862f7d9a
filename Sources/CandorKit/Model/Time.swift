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
    var text = text
    // Ten ASCII digits and dashes, as every valid input has them: read directly from the bytes.
    let direct = text.withUTF8 { bytes -> (Int, Int, Int)? in
      guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
      guard let year = Self.digits(bytes, 0, 4), let month = Self.digits(bytes, 5, 2),
        let day = Self.digits(bytes, 8, 2)
      else { return nil }
      return (year, month, day)
    }
    if let (year, month, day) = direct {
      self.init(year: year, month: month, day: day)
    } else {
      self.init(parsing: text)
    }
  }

  /// The value of `count` ASCII digits at `start`, or nil when one of them is not a digit.
  static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
    var value = 0
    for index in start..<start + count {
      let byte = bytes[index]
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
    }
    return value
  }

  /// The general parse, for text that is not ten ASCII digits and dashes.
  private init?(parsing text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
    else { return nil }
    self.init(year: year, month: month, day: day)
  }

  /// `YYYY-MM-DD`.
  public var description: String {
    // Year 1 to 9999, month and day: always ten ASCII bytes.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { buffer in
      func put(_ value: Int, at start: Int, width: Int) {
        var rest = value
        for index in stride(from: start + width - 1, through: start, by: -1) {
          buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
          rest /= 10
        }
      }
      put(year, at: 0, width: 4)
      buffer[4] = UInt8(ascii: "-")
      put(month, at: 5, width: 2)
      buffer[7] = UInt8(ascii: "-")
      put(day, at: 8, width: 2)
      return String(decoding: buffer, as: UTF8.self)
    }
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
  /// The text as written, when it is not the canonical `YYYY-MM-DDThh:mm:ssZ` form of the instant (which is
  /// written again when asked for: most inputs are in it, and a run may hold a million timestamps). Behind a
  /// pointer, so that a timestamp takes 16 bytes and an optional one no more.
  private let written: Written?

  private final class Written: Sendable {
    let text: String
    init(_ text: String) { self.text = text }
  }

  /// The text as written in the input (or the canonical ISO form for computed instants).
  public var text: String { written?.text ?? Timestamp.iso(secondsSinceEpoch) }

  public init(secondsSinceEpoch: Double, text: String? = nil) {
    self.secondsSinceEpoch = secondsSinceEpoch
    written = text.map(Written.init)
  }

  /// Parses `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`; a time zone is required.
  public init?(_ text: String) {
    let characters = Array(text.utf8)
    // Whether every field is written with ASCII digits (then, with a Z and no fraction, the text is canonical).
    var digitsOnly = true
    /// The number written in `range`: directly when it is ASCII digits, otherwise as `Int(String)` reads it.
    func number(_ range: Range<Int>) -> Int? {
      if let value = characters.withUnsafeBufferPointer({ CalendarDate.digits($0, range.lowerBound, range.count) }) {
        return value
      }
      digitsOnly = false
      return Int(String(decoding: characters[range], as: UTF8.self))
    }
    guard characters.count >= 20, characters[10] == UInt8(ascii: "T"),
      let date = CalendarDate(String(decoding: characters[0..<10], as: UTF8.self)),
      characters[13] == UInt8(ascii: ":"), characters[16] == UInt8(ascii: ":"),
      let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
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
      let hours = number((index + 1)..<(index + 3)), let minutes = number((index + 4)..<(index + 6)),
      hours <= 14, minutes < 60
    {
      offsetSeconds = (hours * 3600 + minutes * 60) * (characters[index] == UInt8(ascii: "-") ? -1 : 1)
    } else {
      return nil
    }
    let seconds =
      Double(date.daysSinceEpoch) * 86_400 + Double(hour * 3600 + minute * 60 + second) + fraction
      - Double(offsetSeconds)
    // Canonical: twenty bytes, UTC, no fraction, hour below 24, every field ASCII digits (so the date was read as
    // ten digits and dashes and prints back the same). Then the text is not kept: `iso` writes it back exactly.
    let canonical =
      characters.count == 20 && characters[19] == UInt8(ascii: "Z") && hour < 24 && digitsOnly
      && characters.withUnsafeBufferPointer {
        CalendarDate.digits($0, 0, 4) != nil && CalendarDate.digits($0, 5, 2) != nil
          && CalendarDate.digits($0, 8, 2) != nil
      }
    self.init(secondsSinceEpoch: seconds, text: canonical ? nil : text)
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
