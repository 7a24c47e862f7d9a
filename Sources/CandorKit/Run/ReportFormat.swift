import Foundation

/// The report formats `assess` and `compare` can write.
public enum ReportFormat: String, Sendable, CaseIterable, Comparable {
  /// `<vendor>.report.md` (and `comparison.md`), for people.
  case md
  /// `<vendor>.report.html` (and `comparison.html`): one self-contained page each, charts inline.
  case html
  /// `<vendor>.report.xml` (and `comparison.xml`), valid against report.xsd.
  case xml
  /// `<vendor>.chart.svg` (and `comparison.svg`), claimed vs verified per domain.
  case svg
  /// `<vendor>.followups.csv`: the follow-up pack to send the vendor, one row per control.
  case csv
  /// `<vendor>.oscal-ar.xml` and `<vendor>.oscal-ar.json`, NIST OSCAL 1.2.1 assessment results.
  case oscal

  /// The formats written when none is asked for.
  public static let defaults: Set<ReportFormat> = [.md, .html, .xml, .svg, .csv]

  /// Every format's name, in order, for messages and help: "md, html, xml, svg, csv, oscal".
  public static let names = allCases.map(\.rawValue).joined(separator: ", ")

  /// Parses a comma-separated list such as "md,xml,svg".
  public static func parseList(_ text: String) -> Result<Set<ReportFormat>, InputError> {
    var formats = Set<ReportFormat>()
    // `trimmedWhitespace`, not Foundation's `.whitespaces`: loading its character sets costs a fifth of a
    // millisecond at every start.
    for item in text.split(separator: ",").map({ String($0).trimmedWhitespace.lowercased() }) {
      guard let format = ReportFormat(rawValue: item) else {
        return .failure(
          InputError(
            at: .init(file: "--format", line: 0, column: 0),
            "unknown format \"\(item)\"; expected a comma-separated list of \(names)"))
      }
      formats.insert(format)
    }
    return formats.isEmpty
      ? .failure(InputError(at: .init(file: "--format", line: 0, column: 0), "no format given")) : .success(formats)
  }

  public static func < (lhs: ReportFormat, rhs: ReportFormat) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}
