import CandorKit
import Foundation

/// The clock, read only here at the edge: today's date in UTC, the default submission date of new responses.
enum Today {
  static var date: CalendarDate { Timestamp(secondsSinceEpoch: Date().timeIntervalSince1970).date }
}
