import Foundation
import GRDB

/// A member of the team (signs in with an e-mail address and a password).
public struct User: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "user"
  public var id: Int64?
  public var email: String
  /// The password's hash (bcrypt); never the password.
  public var passwordHash: String
  public var createdAt: Date

  public init(email: String, passwordHash: String, createdAt: Date) {
    self.email = email
    self.passwordHash = passwordHash
    self.createdAt = createdAt
  }

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// An assessment round: one questionnaire, one as-of date and due date, one policy and incident files, several
/// vendors.
public struct Round: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "round"
  public var id: Int64?
  public var name: String
  /// The questionnaire file, relative to the data folder; nil for the bundled questionnaire.
  public var questionnaireFile: String?
  public var questionnaireID: String
  public var questionnaireVersion: String
  /// YYYY-MM-DD; nil to assess each vendor as of its submission date.
  public var asOf: String?
  /// YYYY-MM-DD: the last day vendors may submit on.
  public var dueDate: String
  /// The policy file, relative to the data folder, if any.
  public var policyFile: String?
  public var createdAt: Date
  public var createdBy: Int64

  public init(
    name: String, questionnaireFile: String?, questionnaireID: String, questionnaireVersion: String, asOf: String?,
    dueDate: String, policyFile: String?, createdAt: Date, createdBy: Int64
  ) {
    self.name = name
    self.questionnaireFile = questionnaireFile
    self.questionnaireID = questionnaireID
    self.questionnaireVersion = questionnaireVersion
    self.asOf = asOf
    self.dueDate = dueDate
    self.policyFile = policyFile
    self.createdAt = createdAt
    self.createdBy = createdBy
  }

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// An incident file of a round.
public struct RoundIncidentFile: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "roundIncidentFile"
  public var id: Int64?
  public var roundID: Int64
  /// Relative to the data folder.
  public var file: String
  /// The name the team uploaded it under.
  public var originalName: String
  public var sha256: String

  public init(roundID: Int64, file: String, originalName: String, sha256: String) {
    self.roundID = roundID
    self.file = file
    self.originalName = originalName
    self.sha256 = sha256
  }

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A vendor taking part in a round: its draft answers, its evidence, its submission.
public struct Participant: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "participant"
  public var id: Int64?
  public var roundID: Int64
  public var vendorID: String
  public var vendorName: String
  /// When the vendor first opened its link.
  public var openedAt: Date?
  public var respondentName: String?
  public var respondentRole: String?
  public var respondentEmail: String?
  public var submittedAt: Date?

  public init(roundID: Int64, vendorID: String, vendorName: String) {
    self.roundID = roundID
    self.vendorID = vendorID
    self.vendorName = vendorName
  }

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// An invitation link: only the SHA-256 of its token is stored.
public struct Invitation: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "invitation"
  public var id: Int64?
  public var participantID: Int64
  /// The SHA-256 of the token, lower-case hex.
  public var tokenHash: String
  public var createdAt: Date
  public var expiresAt: Date
  public var revokedAt: Date?

  public init(participantID: Int64, tokenHash: String, createdAt: Date, expiresAt: Date) {
    self.participantID = participantID
    self.tokenHash = tokenHash
    self.createdAt = createdAt
    self.expiresAt = expiresAt
  }

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

  /// Whether the link may be used at `now`.
  public func isUsable(at now: Date) -> Bool { revokedAt == nil && now < expiresAt }
}

/// A draft answer to one question; `version` counts its saves (for the check against lost updates).
public struct DraftAnswer: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
  public static let databaseTableName = "draftAnswer"
  public var participantID: Int64
  public var questionID: String
  /// The option's value, the number as written, or the free text; nil when not answered.
  public var value: String?
  public var owner: String?
  /// The comment (also the reason of a not-applicable answer).
  public var comment: String?
  public var version: Int64
  public var updatedAt: Date

  public init(
    participantID: Int64, questionID: String, value: String?, owner: String?, comment: String?, version: Int64,
    updatedAt: Date
  ) {
    self.participantID = participantID
    self.questionID = questionID
    self.value = value
    self.owner = owner
    self.comment = comment
    self.version = version
    self.updatedAt = updatedAt
  }

  /// Whether the answer has a value (a comment alone does not answer a question).
  public var isAnswered: Bool { !(value ?? "").isEmpty }
}

/// An evidence file a vendor uploaded, stored under a generated name.
public struct EvidenceFile: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "evidenceFile"
  public var id: Int64?
  public var participantID: Int64
  public var questionID: String
  /// The generated file name in the participant's evidence folder (also the response's `ref`).
  public var storedName: String
  /// The name the vendor's file had (shown, never used as a path).
  public var originalName: String
  public var size: Int64
  /// Computed on receipt, lower-case hex.
  public var sha256: String
  public var kind: String
  public var origin: String
  public var validUntil: String?
  public var description: String
  public var uploadedAt: Date

  public init(
    participantID: Int64, questionID: String, storedName: String, originalName: String, size: Int64, sha256: String,
    kind: String, origin: String, validUntil: String?, description: String, uploadedAt: Date
  ) {
    self.participantID = participantID
    self.questionID = questionID
    self.storedName = storedName
    self.originalName = originalName
    self.size = size
    self.sha256 = sha256
    self.kind = kind
    self.origin = origin
    self.validUntil = validUntil
    self.description = description
    self.uploadedAt = uploadedAt
  }

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A vendor's submission: where its response and reports are, and the summary values of its assessment.
public struct Submission: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
  public static let databaseTableName = "submission"
  public var participantID: Int64
  /// The submission's folder, relative to the data folder: response.xml and reports/.
  public var folder: String
  public var responseSHA256: String
  public var submittedAt: Date
  /// The as-of date the assessment used, YYYY-MM-DD.
  public var asOf: String
  public var rating: String
  public var claimed: Double?
  public var verified: Double?
  public var sayDoGap: Double?
  public var transparency: Double?
  public var contradictedControls: Int
  public var gatedControls: Int
  public var answered: Int
  public var questions: Int
  /// The policy verdict, when the round has a policy.
  public var policyPassed: Bool?

  public init(
    participantID: Int64, folder: String, responseSHA256: String, submittedAt: Date, asOf: String, rating: String,
    claimed: Double?, verified: Double?, sayDoGap: Double?, transparency: Double?, contradictedControls: Int,
    gatedControls: Int, answered: Int, questions: Int, policyPassed: Bool?
  ) {
    self.participantID = participantID
    self.folder = folder
    self.responseSHA256 = responseSHA256
    self.submittedAt = submittedAt
    self.asOf = asOf
    self.rating = rating
    self.claimed = claimed
    self.verified = verified
    self.sayDoGap = sayDoGap
    self.transparency = transparency
    self.contradictedControls = contradictedControls
    self.gatedControls = gatedControls
    self.answered = answered
    self.questions = questions
    self.policyPassed = policyPassed
  }
}

/// One entry of the append-only audit log.
public struct AuditEntry: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "audit"
  public var id: Int64?
  public var at: Date
  /// Who acted: `team:<email>`, `vendor:<id>` or `system`.
  public var actor: String
  /// What happened, a fixed word such as `signed-in` or `answers-saved` (see ``AuditAction``).
  public var action: String
  public var roundID: Int64?
  public var vendorID: String?
  public var detail: String

  public init(at: Date, actor: String, action: AuditAction, roundID: Int64?, vendorID: String?, detail: String) {
    self.at = at
    self.actor = actor
    self.action = action.rawValue
    self.roundID = roundID
    self.vendorID = vendorID
    self.detail = detail
  }

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The actions the audit log records.
public enum AuditAction: String, Sendable, CaseIterable {
  case userCreated = "user-created"
  case signedIn = "signed-in"
  case signInFailed = "sign-in-failed"
  case signedOut = "signed-out"
  case roundCreated = "round-created"
  case vendorInvited = "vendor-invited"
  case linkIssued = "link-issued"
  case linkRevoked = "link-revoked"
  case linkOpened = "link-opened"
  case answersSaved = "answers-saved"
  case evidenceUploaded = "evidence-uploaded"
  case evidenceRemoved = "evidence-removed"
  case respondentSaved = "respondent-saved"
  case submitted = "submitted"
  case roundExported = "round-exported"
}
