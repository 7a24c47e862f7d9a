import CandorXML

/// A procurement policy: requirements every vendor must meet.
public struct Policy: Sendable {
  public enum Requirement: Sendable, Hashable {
    case maxRating(Rating)
    /// 0–100.
    case minVerified(Double)
    case minTransparency(Double)
    case maxSayDoGap(Double)
    case noContradiction(atOrAbove: Confidence)
    /// Verified at the gate threshold (or `min`, 0–100) and not contradicted.
    case controlSatisfied(control: String, min: Double?)
  }

  public var id: String
  public var title: String
  public var requirements: [Requirement]
}

/// Reads policy files.
public enum PolicyLoader {
  /// Reads and validates the policy at `path`.
  public static func load(_ path: String, limits: XMLLimits = .default) throws(InputError) -> Policy {
    let source = try InputFiles.read(path, maxBytes: limits.maxBytes)
    return try read(source, limits: limits)
  }

  /// Reads and validates a policy from `source`.
  public static func read(_ source: SourceText, limits: XMLLimits = .default) throws(InputError) -> Policy {
    let document = try DocumentReader.read(source, expecting: .policy, limits: limits)
    var diagnostics = Diagnostics()
    diagnostics.append(contentsOf: document.schemaDiagnostics)
    try diagnostics.throwIfErrors()
    let root = document.root
    var requirements: [Policy.Requirement] = []
    for element in root.children {
      switch element.name {
      case "max-rating": requirements.append(.maxRating(element.value("rating", default: .critical)))
      case "min-verified": requirements.append(.minVerified(element.decimal("score", default: 0)))
      case "min-transparency": requirements.append(.minTransparency(element.decimal("score", default: 0)))
      case "max-say-do-gap": requirements.append(.maxSayDoGap(element.decimal("points", default: 100)))
      case "no-contradiction":
        requirements.append(.noContradiction(atOrAbove: element.value("at-or-above", default: .corroborated)))
      case "control-satisfied":
        requirements.append(.controlSatisfied(control: element.string("control"), min: element.decimal("min")))
      default: break
      }
    }
    return Policy(id: root.string("id"), title: root.text(of: "title"), requirements: requirements)
  }

  /// Checks that every control a policy names exists in `questionnaire`.
  public static func check(_ policy: Policy, against questionnaire: Questionnaire, file: String) -> [Diagnostic] {
    let known = Set(questionnaire.controls.map(\.id))
    return policy.requirements.compactMap { requirement in
      guard case .controlSatisfied(let control, _) = requirement, !known.contains(control) else { return nil }
      return Diagnostic(
        .error, at: SourceLocation(file: file, line: 0, column: 0),
        "the policy requires control \(control), which questionnaire \"\(questionnaire.id)\" does not have")
    }
  }
}

/// Applies a policy to an assessment.
public enum PolicyEvaluator {
  public static func evaluate(_ policy: Policy, _ assessment: Assessment) -> PolicyVerdict {
    let results = policy.requirements.map { requirement -> PolicyVerdict.RequirementResult in
      let percent: (Double?) -> String = { $0.map(Format.percent) ?? "n/a" }
      switch requirement {
      case .maxRating(let rating):
        return .init(
          id: "max-rating", met: assessment.rating <= rating,
          explanation: "rating \(rating.rawValue) or better: \(assessment.rating.rawValue)")
      case .minVerified(let minimum):
        return .init(
          id: "min-verified", met: ((assessment.verified ?? 0) * 100) >= minimum - 1e-9,
          explanation: "verified ≥ \(Format.oneDecimal(minimum)): \(percent(assessment.verified))")
      case .minTransparency(let minimum):
        return .init(
          id: "min-transparency", met: ((assessment.transparency.value ?? 0) * 100) >= minimum - 1e-9,
          explanation: "transparency index ≥ \(Format.oneDecimal(minimum)): \(percent(assessment.transparency.value))")
      case .maxSayDoGap(let maximum):
        return .init(
          id: "max-say-do-gap", met: ((assessment.sayDoGap ?? 0) * 100) <= maximum + 1e-9,
          explanation: "say-do gap ≤ \(Format.oneDecimal(maximum)): \(percent(assessment.sayDoGap))")
      case .noContradiction(let confidence):
        let found = assessment.contradictions.filter { $0.confidence.isAtLeast(confidence) }
        return .init(
          id: "no-contradiction-\(confidence.rawValue)", met: found.isEmpty,
          explanation: "no contradiction at \(confidence.rawValue) or stronger: "
            + (found.isEmpty
              ? "none"
              : "\(found.count) (" + found.prefix(3).map { "\($0.controlID)/\($0.incidentID)" }.joined(separator: ", ")
                + (found.count > 3 ? ", …" : "") + ")"))
      case .controlSatisfied(let id, let minimum):
        guard let score = assessment.control(id) else {
          return .init(
            id: "control-\(id)", met: false, explanation: "control \(id) satisfied: not in the questionnaire")
        }
        let threshold = minimum.map { $0 / 100 } ?? assessment.profile.gateThreshold
        let met = (score.verified ?? 0) >= threshold - 1e-9 && score.cap == nil && !score.isNotApplicable
        let why =
          score.cap != nil
          ? "contradicted (\(score.contradictions.map(\.incidentID).joined(separator: ", ")))"
          : "verified \(percent(score.verified))"
        return .init(
          id: "control-\(id)", met: met,
          explanation: "\(id) verified ≥ \(Format.percent(threshold)) and not contradicted: \(why)")
      }
    }
    return PolicyVerdict(policyID: policy.id, policyTitle: policy.title, requirements: results)
  }
}
