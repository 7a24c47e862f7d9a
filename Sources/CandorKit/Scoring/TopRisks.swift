/// The few things a CISO must know first: contradicted critical controls, other contradictions, critical controls
/// below the gate threshold, then the controls with the widest say-do gap.
public struct Risk: Sendable, Hashable {
  public var controlID: String?
  public var text: String
}

public enum TopRisks {
  /// At most `limit` risks, most serious first.
  public static func of(_ assessment: Assessment, limit: Int = 5) -> [Risk] {
    var risks: [Risk] = []
    var named = Set<String>()
    func add(_ score: ControlScore, _ text: String) {
      guard risks.count < limit, named.insert(score.control.id).inserted else { return }
      risks.append(Risk(controlID: score.control.id, text: text))
    }
    func scores(_ score: ControlScore) -> String {
      "claimed \(score.claimed.map(Format.percent) ?? "n/a"), verified \(score.verified.map(Format.percent) ?? "n/a")"
    }
    func contradictionText(_ score: ControlScore) -> String {
      let items = score.contradictions.sorted { $0.confidence < $1.confidence }
      let first = items[0]
      let more = items.count > 1 ? " (and \(items.count - 1) more)" : ""
      return "\(score.control.id) \(score.control.title): \(scores(score)); contradicted by incident "
        + "\(first.incidentID) (\(first.behaviour), \(first.confidence.rawValue))\(more)"
    }
    let controls = assessment.controls
    for score in controls where score.control.critical && score.isContradictedStrongly {
      add(score, contradictionText(score))
    }
    for score in controls where score.cap != nil { add(score, contradictionText(score)) }
    for score in controls where score.control.critical {
      if let verified = score.verified, verified < assessment.profile.gateThreshold {
        add(score, "\(score.control.id) \(score.control.title) (critical): \(scores(score)); below the gate threshold")
      }
    }
    func gap(_ score: ControlScore) -> Double { (score.claimed ?? 0) - (score.verified ?? 0) }
    let widest = controls.enumerated().filter { gap($0.element) > 0.2 }.sorted {
      gap($0.element) != gap($1.element) ? gap($0.element) > gap($1.element) : $0.offset < $1.offset
    }
    for (_, score) in widest { add(score, "\(score.control.id) \(score.control.title): \(scores(score)); say-do gap") }
    return risks
  }
}
