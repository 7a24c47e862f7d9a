import Foundation

/// The report formats `assess` and `compare` can write.
public enum ReportFormat: String, Sendable, CaseIterable, Comparable {
  /// `<vendor>.report.md`, from the Markdown template.
  case md
  /// `<vendor>.report.xml`, valid against report.xsd.
  case xml
  /// `<vendor>.chart.svg`, claimed vs verified per domain.
  case svg
  /// `<vendor>.oscal-ar.xml` and `<vendor>.oscal-ar.json`, NIST OSCAL 1.2.1 assessment results.
  case oscal

  /// Parses a comma-separated list such as "md,xml,svg".
  public static func parseList(_ text: String) -> Result<Set<ReportFormat>, InputError> {
    var formats = Set<ReportFormat>()
    for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
      guard let format = ReportFormat(rawValue: item) else {
        return .failure(
          InputError(
            at: .init(file: "--format", line: 0, column: 0),
            "unknown format \"\(item)\"; expected a comma-separated list of md, xml, svg, oscal"))
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
