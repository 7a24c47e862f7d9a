/// The outcome of applying a procurement policy to one vendor's assessment.
public struct PolicyVerdict: Sendable, Hashable {
  /// One requirement of the policy, met or not, and why.
  public struct RequirementResult: Sendable, Hashable {
    public var id: String
    public var met: Bool
    /// What the requirement asks and what the vendor has: "verified ≥ 60.0: 5.6".
    public var explanation: String
  }

  public var policyID: String
  public var policyTitle: String
  public var requirements: [RequirementResult]

  /// Whether every requirement is met.
  public var passed: Bool { requirements.allSatisfy(\.met) }
}
