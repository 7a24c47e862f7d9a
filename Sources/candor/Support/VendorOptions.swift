import ArgumentParser
import CandorKit

/// The vendor a new response is for, and its submission date: shared by `template` and `import`.
struct VendorOptions: ParsableArguments {
  @Option(help: "The vendor's id: lower-case letters, digits and '-' (also the stem of its report file names).")
  var vendor: String

  @Option(help: "The vendor's name (default: the id).")
  var vendorName: String?

  @Option(help: "The submission date written into the response, YYYY-MM-DD (default: today).")
  var submitted: String?

  func validate() throws {
    if let problem = Vendor.problem(withID: vendor) { throw ValidationError("--vendor: \(problem)") }
    if let vendorName, let problem = Vendor.problem(withName: vendorName) {
      throw ValidationError("--vendor-name: \(problem)")
    }
    if let submitted, CalendarDate(submitted) == nil {
      throw ValidationError("--submitted must be a date as YYYY-MM-DD, not \"\(submitted)\"")
    }
  }

  /// The vendor, named by its id when no name is given.
  var resolvedVendor: Vendor { Vendor(id: vendor, name: vendorName ?? vendor) }

  /// The submission date: the one given, or today.
  var submissionDate: CalendarDate { submitted.flatMap(CalendarDate.init) ?? Today.date }
}
