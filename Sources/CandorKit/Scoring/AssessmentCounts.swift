/// The counts every output states, in one vocabulary (DESIGN.md, "Report (XML): the fixed points"):
///
/// - *contradicted controls*: distinct controls whose claim is contradicted at `reported` confidence or stronger;
/// - *contradiction findings*: the control × behaviour × incident rows behind them;
/// - *alleged findings*: rows at `alleged` confidence, never counted as contradictions;
/// - *gated controls*: one entry per control whose gate fired, its worst reason first;
/// - *completeness*: scored questions answered, of all scored questions;
/// - *incident data*: whether the run had incident data at all, and which files were searched.
///
/// Every renderer reads these from here, so that stdout, Markdown, HTML, XML, OSCAL, comparisons, policies and
/// diffs cannot disagree.

/// Whether the run had observed incidents to compare the vendor's claims with.
public enum IncidentData: Sendable, Hashable {
  /// No incident file was given: the say-do comparison was not made.
  case none
  /// Incident files were given (their names, as given): a vendor with no incident in them has a clean record there.
  case supplied(files: [String])

  /// `supplied` or `none`, as report.xml writes it.
  public var name: String {
    switch self {
    case .none: "none"
    case .supplied: "supplied"
    }
  }

  /// The files searched; empty when none was given.
  public var files: [String] {
    switch self {
    case .none: []
    case .supplied(let files): files
    }
  }
}

/// How much of the questionnaire the response answered.
public struct Completeness: Sendable, Hashable {
  /// Scored questions (options or numbers, not free text) that have an answer; a not-applicable answer counts.
  public var answered: Int
  /// Every scored question of the questionnaire.
  public var questions: Int
  /// The profile's minimum share (0–1) for a complete response.
  public var minimum: Double

  public init(answered: Int, questions: Int, minimum: Double) {
    self.answered = answered
    self.questions = questions
    self.minimum = minimum
  }

  /// The share answered, 0–1 (1 for a questionnaire without scored questions).
  public var share: Double { questions == 0 ? 1 : Double(answered) / Double(questions) }

  /// Whether the share answered reaches the profile's minimum.
  public var isComplete: Bool { share >= minimum - 1e-12 }

  /// "0 of 108 answered".
  public var text: String { "\(answered) of \(questions) answered" }
}

/// A control whose claim is contradicted at `reported` confidence or stronger, with the findings behind it.
public struct ContradictedControl: Sendable, Hashable {
  public var controlID: String
  public var controlTitle: String
  public var critical: Bool
  /// The contradiction findings at `reported` or stronger, strongest first, then in file order.
  public var findings: [Contradiction]

  /// The incidents of the findings, each once, in the order of the findings.
  public var incidentIDs: [String] { uniqueInOrder(findings.map(\.incidentID)) }
  /// The behaviours observed, each once.
  public var behaviours: [String] { uniqueInOrder(findings.map(\.behaviour)) }
  /// The confidence of the strongest finding.
  public var strongest: Confidence { findings.first?.confidence ?? .reported }
}

/// A critical control whose gate fired: the worst gate first, the others after it.
public struct GatedControl: Sendable, Hashable {
  public var controlID: String
  public var gates: [Gate]

  /// The rating the worst gate imposes.
  public var effect: Rating { gates.first?.effect ?? .low }
  /// The worst gate's reason.
  public var reason: String { gates.first?.reason ?? "" }
}

extension Assessment {
  /// The contradiction findings that count as contradictions: `reported` confidence or stronger.
  public var contradictionFindings: [Contradiction] {
    contradictions.filter { $0.confidence.isAtLeast(.reported) }
  }

  /// The findings at `alleged` confidence: follow-up questions, never contradictions.
  public var allegedFindings: [Contradiction] {
    contradictions.filter { !$0.confidence.isAtLeast(.reported) }
  }

  /// The contradicted controls, in questionnaire order.
  public var contradictedControls: [ContradictedControl] {
    controls.compactMap { score in
      let findings = score.contradictions.enumerated()
        .filter { $0.element.confidence.isAtLeast(.reported) }
        .sorted { ($0.element.confidence, $0.offset) < ($1.element.confidence, $1.offset) }
        .map(\.element)
      guard !findings.isEmpty else { return nil }
      return ContradictedControl(
        controlID: score.control.id, controlTitle: score.control.title, critical: score.control.critical,
        findings: findings)
    }
  }

  /// The gated controls, in questionnaire order, each with its worst gate first.
  public var gatedControls: [GatedControl] { GatedControl.group(gates) }
}

extension GatedControl {
  /// `gates` grouped by control, in the order the controls first appear, each group worst first (a stable sort,
  /// so gates of equal effect keep their order).
  public static func group(_ gates: [Gate]) -> [GatedControl] {
    var order: [String] = []
    var byControl: [String: [Gate]] = [:]
    for gate in gates {
      if byControl[gate.controlID] == nil { order.append(gate.controlID) }
      byControl[gate.controlID, default: []].append(gate)
    }
    return order.map { id in
      let group = byControl[id, default: []].enumerated().sorted {
        ($1.element.effect, $0.offset) < ($0.element.effect, $1.offset)
      }
      return GatedControl(controlID: id, gates: group.map(\.element))
    }
  }
}

extension Rating {
  /// The rating as a risk: "critical risk", "low risk".
  public var riskText: String { "\(rawValue) risk" }

  /// The rating as a risk, capitalised to start a sentence when `capitalized`: "Critical risk".
  public func riskText(capitalized: Bool) -> String {
    capitalized ? rawValue.prefix(1).uppercased() + rawValue.dropFirst() + " risk" : riskText
  }
}
