import CandorKit
import Foundation

/// The clock, read only here at the edge: today's date in UTC, the default submission date of new responses.
enum Today {
  static var date: CalendarDate { RunClock.now.date }
}

/// The time a run records in its manifest: now, or SOURCE_DATE_EPOCH (seconds since 1970) when it is set, for
/// reproducible builds of a folder of reports.
enum RunClock {
  static var now: Timestamp {
    if let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = Double(text) {
      return Timestamp(secondsSinceEpoch: seconds.rounded(.down))
    }
    return Timestamp(secondsSinceEpoch: Date().timeIntervalSince1970.rounded(.down))
  }

  /// What the run records of itself: `command`, the arguments after the program name, and now.
  static func record(_ command: String) -> RunRecord {
    RunRecord(command: command, arguments: Array(CommandLine.arguments.dropFirst()), time: now)
  }
}
