import CandorXML

/// Who is responsible for a control under the shared-responsibility model.
public enum Owner: String, Sendable, Hashable, CaseIterable {
  case vendor
  case customer
  case shared
  case thirdParty = "third-party"

  /// How much of the responsibility stays with the vendor: vendor 2, shared and third party 1, customer 0.
  var vendorResponsibility: Int {
    switch self {
    case .vendor: 2
    case .shared, .thirdParty: 1
    case .customer: 0
    }
  }
}

/// How much evidence a question expects.
public enum EvidenceRequirement: String, Sendable, Hashable, CaseIterable {
  case required
  case recommended
  case none
}

/// A governance questionnaire: frameworks, behaviours, a scoring profile and domains of controls with questions.
public struct Questionnaire: Sendable {
  public var id: String
  public var version: String
  public var title: String
  public var description: String?
  public var frameworks: [FrameworkDeclaration]
  public var behaviours: [Behaviour]
  /// The default profile with the questionnaire's `<scoring>` overrides applied.
  public var profile: ScoringProfile
  /// Whether the questionnaire overrides any part of the default profile.
  public var overridesProfile: Bool
  public var domains: [Domain]
  /// Where the questionnaire was read from.
  public var location: SourceLocation

  /// Every control, in document order.
  public var controls: [Control] { domains.flatMap(\.controls) }

  /// Every question, in document order.
  public var questions: [Question] { domains.flatMap { $0.controls.flatMap(\.questions) } }

  /// The behaviour with `id`, if declared.
  public func behaviour(_ id: String) -> Behaviour? { behaviours.first { $0.id == id } }

  /// An index from question id to the question and its control.
  public func questionIndex() -> [String: (question: Question, control: Control)] {
    var index: [String: (question: Question, control: Control)] = [:]
    for control in controls {
      for question in control.questions where index[question.id] == nil {
        index[question.id] = (question, control)
      }
    }
    return index
  }
}

/// A framework a questionnaire maps its controls to.
public struct FrameworkDeclaration: Sendable, Hashable {
  public var id: String
  public var title: String
  public var location: SourceLocation
}

/// An observable behaviour that an incident finding can show, and that contradicts some controls' claims.
public struct Behaviour: Sendable, Hashable {
  public var id: String
  public var description: String
  public var location: SourceLocation
}

/// A domain of controls.
public struct Domain: Sendable {
  public var id: String
  public var weight: Double
  /// Whether the domain measures the vendor's candour about incidents (it feeds the transparency index).
  public var transparency: Bool
  public var title: String
  public var description: String?
  public var controls: [Control]
  public var location: SourceLocation
}

/// A control: what the vendor must do, how it maps to regulations, and which observed behaviours contradict it.
public struct Control: Sendable {
  public var id: String
  public var weight: Double
  /// A critical control gates the rating.
  public var critical: Bool
  /// Who should own the control.
  public var owner: Owner
  public var title: String
  public var objective: String
  public var mappings: [Mapping]
  /// Ids of behaviours that, when observed, contradict a claim of this control.
  public var contradictedBy: [String]
  public var questions: [Question]
  public var location: SourceLocation
}

/// A reference from a control to a framework, such as the AI Act's Art. 14(4)(e).
public struct Mapping: Sendable, Hashable {
  public var framework: String
  public var reference: String
  /// Whether the reference requires what the control asks (direct) or only relates to it (supporting).
  public var strength: MappingStrength
  public var location: SourceLocation

  /// Whether the mapping counts as covering its reference.
  public var isDirect: Bool { strength == .direct }
}

/// How strongly a mapping supports its reference. Only direct mappings cover a reference in a coverage matrix.
public enum MappingStrength: String, Sendable, Hashable, CaseIterable {
  /// The reference requires what the control asks, of the party the control binds. The default when a
  /// questionnaire does not say (every mapping of a version 1.0 questionnaire was read as covering).
  case direct
  /// The reference is related (context, another party's duty, a broader or narrower requirement) but does not
  /// require this of this party.
  case supporting
}

/// A question of a control.
public struct Question: Sendable {
  public var id: String
  public var weight: Double
  public var evidence: EvidenceRequirement
  public var text: String
  public var guidance: String?
  /// What evidence a buyer should ask for.
  public var expectedEvidence: String?
  public var kind: Kind
  /// The smallest and largest numbers a number question accepts, when the questionnaire sets them.
  public var minimum: Double?
  public var maximum: Double?
  public var location: SourceLocation

  /// What kind of answer the question takes.
  public enum Kind: Sendable {
    /// One of a list of options.
    case choice([AnswerOption])
    /// A number, scored by bands.
    case number(unit: String, bands: [Band])
    /// Free text, never scored.
    case freeText
  }

  /// The options of a choice question (empty for the others).
  public var options: [AnswerOption] {
    if case .choice(let options) = kind { return options }
    return []
  }
}

/// An answer option of a choice question.
public struct AnswerOption: Sendable, Hashable {
  public var value: String
  /// The score in [0, 1]; nil when the option means "not applicable".
  public var score: Double?
  public var notApplicable: Bool
}

/// A band of a number question: values up to `max` (inclusive) score `score`; the last band has no maximum.
public struct Band: Sendable, Hashable {
  public var max: Double?
  public var score: Double
}
