/// Why a vendor fails a run's gates (exit status 1): the `--fail-on` rating it reaches, and each policy requirement
/// it does not meet, with the requirement's id and what it asks against what the vendor has.
public struct GateFailure: Sendable, CustomStringConvertible {
  public var vendorID: String
  /// The vendor's rating, when it is at or worse than the `--fail-on` rating; nil when the rating passes.
  public var rating: (rating: Rating, failOn: Rating)?
  /// The policy's id, and the requirements not met (nil when there is no policy or the vendor meets it).
  public var policy: (id: String, unmet: [PolicyVerdict.RequirementResult])?

  /// The failures of `vendor` against `failOn` and its policy verdict; nil when it passes both.
  public init?(_ vendor: VendorSummary, failOn: Rating?) {
    vendorID = vendor.vendor.id
    if let failOn, vendor.rating >= failOn { rating = (vendor.rating, failOn) }
    if let verdict = vendor.verdict, !verdict.passed {
      policy = (verdict.policyID, verdict.requirements.filter { !$0.met })
    }
    if rating == nil && policy == nil { return nil }
  }

  /// One line: "stratovane: rated critical, at or worse than --fail-on high; fails policy production-agents:
  /// max-rating (rating moderate or better: critical), min-verified (verified ≥ 60.0: 5.6)".
  public var description: String {
    var parts: [String] = []
    if let rating {
      parts.append("rated \(rating.rating.rawValue), at or worse than --fail-on \(rating.failOn.rawValue)")
    }
    if let policy {
      parts.append(
        "fails policy \(policy.id): " + policy.unmet.map { "\($0.id) (\($0.explanation))" }.joined(separator: ", "))
    }
    return "\(vendorID): " + parts.joined(separator: "; ")
  }
}

extension RunOutcome {
  /// Every vendor that fails `failOn` or the policy, in the outcome's order, each with why.
  public func gateFailures(failOn: Rating?) -> [GateFailure] {
    vendors.compactMap { GateFailure($0, failOn: failOn) }
  }
}
