/// The columns of an answers spreadsheet, modelled on the CSA CAIQ's (question id, answer, ownership, a free-form
/// description, evidence). `candor template --format csv` writes them all, in this order; `candor import` matches
/// headers case-insensitively (runs of white space count as one space) and ignores the informational ones.
public enum AnswerColumn: String, CaseIterable, Sendable {
  /// The question's id, such as `IDP-01.1`. Required.
  case questionID = "Question ID"
  /// Informational: the control the question belongs to.
  case control = "Control"
  /// Informational: the question's text.
  case question = "Question"
  /// Informational: the options, or the number's unit and range, or "free text".
  case allowedAnswers = "Allowed Answers"
  /// Informational: whether evidence is required or recommended, and what evidence the buyer expects.
  case evidenceExpected = "Evidence Expected"
  /// The answer: one of the options, a number, or free text. Required.
  case answer = "Answer"
  /// Who owns the control as answered: vendor, customer, shared or third-party (empty: the control's owner).
  case owner = "Owner"
  /// A comment on the answer.
  case comment = "Comment"
  /// The evidence's file name or document reference.
  case evidenceReference = "Evidence Reference"
  /// The evidence's kind: document, policy, attestation, certification, audit-report, …
  case evidenceKind = "Evidence Kind"
  /// Who produced the evidence: vendor (self-attested) or independent.
  case evidenceOrigin = "Evidence Origin"
  /// The SHA-256 of the evidence file, 64 hexadecimal digits.
  case evidenceSHA256 = "Evidence SHA-256"
  /// The date until which the evidence is valid, YYYY-MM-DD.
  case validUntil = "Valid Until"
  /// What the evidence is (the text of the response's `<evidence>` element).
  case evidenceDescription = "Evidence Description"

  /// The header as `candor template` writes it.
  public var header: String { rawValue }

  /// Whether the column only informs the person filling in the form, and is ignored by `candor import`.
  public var isInformational: Bool {
    switch self {
    case .control, .question, .allowedAnswers, .evidenceExpected: true
    default: false
    }
  }

  /// Whether an answers spreadsheet must have the column.
  public var isRequired: Bool { self == .questionID || self == .answer }

  /// The evidence columns.
  static let evidence: [AnswerColumn] = [
    .evidenceReference, .evidenceKind, .evidenceOrigin, .evidenceSHA256, .validUntil, .evidenceDescription,
  ]

  /// The column a header names: case-insensitive, white space collapsed.
  public static func matching(_ header: String) -> AnswerColumn? {
    let wanted = normalised(header)
    return allCases.first { normalised($0.rawValue) == wanted }
  }

  static func normalised(_ header: String) -> String {
    header.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{A0}" })
      .joined(separator: " ").lowercased()
  }
}

/// The kinds of evidence the response format knows (its `EvidenceKind` type).
public enum EvidenceKind {
  public static let all = [
    "document", "policy", "attestation", "certification", "audit-report", "test-report", "log-sample",
    "configuration", "contract", "demonstration", "other",
  ]
}
