import CandorXML

/// One vendor's answers to one questionnaire version.
public struct Response: Sendable {
  public var questionnaireID: String
  public var questionnaireVersion: String
  public var vendor: Vendor
  public var respondent: Respondent?
  public var submitted: CalendarDate
  public var answers: [Answer]
  public var location: SourceLocation

  /// A response; `location` names where it came from (a file, or a form of the web portal).
  public init(
    questionnaireID: String, questionnaireVersion: String, vendor: Vendor, respondent: Respondent?,
    submitted: CalendarDate, answers: [Answer], location: SourceLocation
  ) {
    self.questionnaireID = questionnaireID
    self.questionnaireVersion = questionnaireVersion
    self.vendor = vendor
    self.respondent = respondent
    self.submitted = submitted
    self.answers = answers
    self.location = location
  }

  /// The answer to question `id`, if any.
  public func answer(to id: String) -> Answer? { answers.first { $0.questionID == id } }
}

/// The vendor a response or an incident is about.
public struct Vendor: Sendable, Hashable {
  /// A lower-case id, also the stem of report file names.
  public var id: String
  public var name: String

  /// A vendor with `id` and `name` (``problem(withID:)`` and ``problem(withName:)`` check them).
  public init(id: String, name: String) {
    self.id = id
    self.name = name
  }
}

/// The person who answered for the vendor.
public struct Respondent: Sendable, Hashable {
  public var name: String
  public var role: String?
  public var email: String?

  public init(name: String, role: String? = nil, email: String? = nil) {
    self.name = name
    self.role = role
    self.email = email
  }
}

/// An answer to one question.
public struct Answer: Sendable {
  public var questionID: String
  public var value: Value
  /// The shared-responsibility owner as answered; nil takes the control's owner.
  public var owner: Owner?
  public var comment: String?
  public var evidence: [Evidence]
  public var location: SourceLocation

  public init(
    questionID: String, value: Value, owner: Owner?, comment: String?, evidence: [Evidence], location: SourceLocation
  ) {
    self.questionID = questionID
    self.value = value
    self.owner = owner
    self.comment = comment
    self.evidence = evidence
    self.location = location
  }

  /// What was answered.
  public enum Value: Sendable, Hashable {
    /// An option's value.
    case option(String)
    /// A number, with the text as written.
    case number(Double, text: String)
    /// Free text.
    case text(String)
    /// Nothing (an answer element with neither value, number nor text).
    case none
  }
}

/// Who produced a piece of evidence.
public enum EvidenceOrigin: String, Sendable, Hashable, CaseIterable {
  /// The vendor itself (self-attested).
  case vendor
  /// An independent party: an auditor, a certification body, a regulator.
  case independent
}

/// A piece of evidence supporting an answer.
public struct Evidence: Sendable, Hashable {
  public var kind: String
  public var origin: EvidenceOrigin
  /// The file name or document reference.
  public var reference: String
  /// The SHA-256 the vendor gave for the file, lower-case hex.
  public var sha256: String?
  public var validUntil: CalendarDate?
  public var description: String
  public var location: SourceLocation

  public init(
    kind: String, origin: EvidenceOrigin, reference: String, sha256: String?, validUntil: CalendarDate?,
    description: String, location: SourceLocation
  ) {
    self.kind = kind
    self.origin = origin
    self.reference = reference
    self.sha256 = sha256
    self.validUntil = validUntil
    self.description = description
    self.location = location
  }
}
