/// What a comparison needs of one vendor's assessment: small enough to keep for thousands of vendors.
public struct VendorSummary: Sendable {
  public var vendor: Vendor
  public var asOf: CalendarDate
  public var claimed: Double?
  public var verified: Double?
  public var sayDoGap: Double?
  public var rating: Rating
  public var transparency: Double?
  public var gates: [Gate]
  public var contradictions: Int
  /// Contradictions at confirmed or corroborated confidence.
  public var strongContradictions: Int
  /// Each domain's verified score, in questionnaire order.
  public var domainVerified: [Double?]
  public var verdict: PolicyVerdict?

  public init(_ assessment: Assessment, verdict: PolicyVerdict? = nil) {
    vendor = assessment.vendor
    asOf = assessment.asOf
    claimed = assessment.claimed
    verified = assessment.verified
    sayDoGap = assessment.sayDoGap
    rating = assessment.rating
    transparency = assessment.transparency.value
    gates = assessment.gates
    contradictions = assessment.contradictions.count
    strongContradictions = assessment.contradictions.filter { $0.confidence.isAtLeast(.corroborated) }.count
    domainVerified = assessment.domains.map(\.verified)
    self.verdict = verdict
  }
}
