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
    /// At least this share (0–100) of the scored questions answered.
    case minCompleteness(Double)
  }

  public var id: String
  public var title: String
  public var requirements: [Requirement]
  /// Where each requirement is written (same order as `requirements`).
  public var locations: [SourceLocation] = []
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
    var locations: [SourceLocation] = []
    for element in root.children where element.name != "title" {
      locations.append(element.location)
      switch element.name {
      case "max-rating": requirements.append(.maxRating(element.value("rating", default: .critical)))
      case "min-verified": requirements.append(.minVerified(element.decimal("score", default: 0)))
      case "min-transparency": requirements.append(.minTransparency(element.decimal("score", default: 0)))
      case "max-say-do-gap": requirements.append(.maxSayDoGap(element.decimal("points", default: 100)))
      case "no-contradiction":
        requirements.append(.noContradiction(atOrAbove: element.value("at-or-above", default: .corroborated)))
      case "control-satisfied":
        requirements.append(.controlSatisfied(control: element.string("control"), min: element.decimal("min")))
      case "min-completeness": requirements.append(.minCompleteness(element.decimal("percent", default: 0)))
      default: break
      }
    }
    return Policy(
      id: root.string("id"), title: root.text(of: "title"), requirements: requirements, locations: locations)
  }

  /// Checks that every control a policy names exists in `questionnaire`.
  public static func check(_ policy: Policy, against questionnaire: Questionnaire, file: String) -> [Diagnostic] {
    let known = Set(questionnaire.controls.map(\.id))
    return policy.requirements.enumerated().compactMap { index, requirement in
      guard case .controlSatisfied(let control, _) = requirement, !known.contains(control) else { return nil }
      let location =
        index < policy.locations.count ? policy.locations[index] : SourceLocation(file: file, line: 0, column: 0)
      return Diagnostic(
        .error, at: location,
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
        let id = "no-contradiction-\(confidence.rawValue)"
        let asked = "no contradiction at \(confidence.rawValue) or stronger: "
        // Without incident data nothing shows the requirement is met: it is not.
        if assessment.incidentData == .none {
          return .init(id: id, met: false, explanation: asked + "not compared (no incident data)")
        }
        let found = assessment.contradictions.filter { $0.confidence.isAtLeast(confidence) }
        let controls = uniqueInOrder(found.map(\.controlID))
        return .init(
          id: id, met: found.isEmpty,
          explanation: asked
            + (found.isEmpty
              ? "none"
              : "\(controls.count) control\(controls.count == 1 ? "" : "s") (\(found.count) finding"
                + "\(found.count == 1 ? "" : "s"): " + controls.prefix(3).joined(separator: ", ")
                + (controls.count > 3 ? ", …" : "") + ")"))
      case .minCompleteness(let minimum):
        let completeness = assessment.completeness
        return .init(
          id: "min-completeness", met: completeness.share * 100 >= minimum - 1e-9,
          explanation: "at least \(Format.oneDecimal(minimum)) % of the scored questions answered: "
            + completeness.text)
      case .controlSatisfied(let id, let minimum):
        guard let score = assessment.control(id) else {
          return .init(
            id: "control-\(id)", met: false, explanation: "control \(id) satisfied: not in the questionnaire")
        }
        let threshold = minimum.map { $0 / 100 } ?? assessment.profile.gateThreshold
        let contradicting = score.contradictions.filter { $0.confidence.isAtLeast(.reported) }
        let met =
          (score.verified ?? 0) >= threshold - 1e-9 && contradicting.isEmpty && score.cap == nil
          && !score.isNotApplicable
        let why =
          !contradicting.isEmpty
          ? "contradicted (\(uniqueInOrder(contradicting.map(\.incidentID)).joined(separator: ", ")))"
          : "verified \(percent(score.verified))"
        return .init(
          id: "control-\(id)", met: met,
          explanation: "\(id) verified ≥ \(Format.percent(threshold)) and not contradicted: \(why)")
      }
    }
    return PolicyVerdict(policyID: policy.id, policyTitle: policy.title, requirements: results)
  }
}

/// The values in their first-seen order, each once.
func uniqueInOrder(_ values: [String]) -> [String] {
  var seen = Set<String>()
  return values.filter { seen.insert($0).inserted }
}
