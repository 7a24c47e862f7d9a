import Foundation
import GRDB

/// What a vendor's link gives access to: exactly one participant of one round.
public struct VendorAccess: Sendable, Hashable {
  public var invitation: Invitation
  public var participant: Participant
  public var round: Round
  public var incidentFiles: [RoundIncidentFile]
}

/// The outcome of looking a link up.
public enum LinkLookup: Sendable, Hashable {
  case valid(VendorAccess)
  /// The link existed but was revoked or has expired.
  case unusable(revoked: Bool)
  case unknown
}

/// A change of one draft answer, with the version the vendor's page showed.
public struct DraftChange: Sendable, Hashable {
  public var questionID: String
  public var value: String?
  public var owner: String?
  public var comment: String?
  /// The version of the answer when the page was shown (0: it had none).
  public var baseVersion: Int64

  public init(questionID: String, value: String?, owner: String?, comment: String?, baseVersion: Int64) {
    self.questionID = questionID
    self.value = value
    self.owner = owner
    self.comment = comment
    self.baseVersion = baseVersion
  }
}

/// What a save did: the questions saved, and those left as they were because someone saved them meanwhile.
public struct DraftSaveOutcome: Sendable, Hashable {
  public var saved: [String]
  public var conflicts: [String]
}

extension Store {
  /// The participant a link's token hash opens. The caller compares `tokenHash` again in constant time.
  public func lookUpLink(tokenHash: String, at now: Date) async throws -> LinkLookup {
    try await pool.read { db in
      guard let invitation = try Invitation.filter(Column("tokenHash") == tokenHash).fetchOne(db) else {
        return .unknown
      }
      guard invitation.isUsable(at: now) else { return .unusable(revoked: invitation.revokedAt != nil) }
      guard let participant = try Participant.fetchOne(db, key: invitation.participantID),
        let round = try Round.fetchOne(db, key: participant.roundID)
      else { return .unknown }
      let files = try RoundIncidentFile.filter(Column("roundID") == round.id).order(Column("id")).fetchAll(db)
      return .valid(VendorAccess(invitation: invitation, participant: participant, round: round, incidentFiles: files))
    }
  }

  /// Records that the vendor opened its link (the first time sets `openedAt`); audited.
  public func recordOpened(_ participant: Participant, at now: Date) async throws {
    try await pool.write { db in
      if participant.openedAt == nil {
        try Participant.filter(key: participant.id).filter(Column("openedAt") == nil)
          .updateAll(db, Column("openedAt").set(to: now))
      }
      try Self.audit(
        db, at: now, actor: "vendor:\(participant.vendorID)", .linkOpened, roundID: participant.roundID,
        vendorID: participant.vendorID, detail: participant.openedAt == nil ? "first visit" : "visit")
    }
  }

  /// The draft answers (by question id) and the evidence files of a participant, read together (one snapshot).
  public func answers(participantID: Int64) async throws -> (draft: [String: DraftAnswer], evidence: [EvidenceFile]) {
    try await pool.read { db in
      let answers = try DraftAnswer.filter(Column("participantID") == participantID).fetchAll(db)
      let evidence = try EvidenceFile.filter(Column("participantID") == participantID).order(Column("id")).fetchAll(db)
      return (Dictionary(answers.map { ($0.questionID, $0) }, uniquingKeysWith: { first, _ in first }), evidence)
    }
  }

  /// The draft answers of a participant, by question id.
  public func draft(participantID: Int64) async throws -> [String: DraftAnswer] {
    try await pool.read { db in
      let answers = try DraftAnswer.filter(Column("participantID") == participantID).fetchAll(db)
      return Dictionary(answers.map { ($0.questionID, $0) }, uniquingKeysWith: { first, _ in first })
    }
  }

  /// Saves changed draft answers in one transaction, audited. A change whose answer was saved by someone else
  /// since the vendor's page was shown (its version moved on) is not applied and is reported as a conflict,
  /// unless it sets what is stored already. Nothing is saved once the participant has submitted.
  public func saveDraft(_ participant: Participant, changes: [DraftChange], at now: Date) async throws
    -> DraftSaveOutcome
  {
    guard let participantID = participant.id else { throw StoreError("no such vendor") }
    return try await pool.write { db in
      guard try Participant.fetchOne(db, key: participantID)?.submittedAt == nil else {
        throw StoreError("the answers were submitted already and can no longer be changed")
      }
      var saved: [String] = []
      var conflicts: [String] = []
      for change in changes {
        let stored = try DraftAnswer.fetchOne(
          db, key: ["participantID": participantID, "questionID": change.questionID])
        let current = stored?.version ?? 0
        // Unchanged: the same as stored, or empty where nothing is stored.
        if let stored, stored.value == change.value, stored.owner == change.owner, stored.comment == change.comment {
          continue
        }
        if stored == nil, change.value == nil, change.owner == nil, change.comment == nil { continue }
        guard current == change.baseVersion else {
          conflicts.append(change.questionID)
          continue
        }
        let answer = DraftAnswer(
          participantID: participantID, questionID: change.questionID, value: change.value, owner: change.owner,
          comment: change.comment, version: current + 1, updatedAt: now)
        try answer.save(db)
        saved.append(change.questionID)
      }
      if !saved.isEmpty || !conflicts.isEmpty {
        var detail = saved.isEmpty ? "no answer changed" : "saved \(saved.joined(separator: ", "))"
        if !conflicts.isEmpty { detail += "; kept the newer answers to \(conflicts.joined(separator: ", "))" }
        try Self.audit(
          db, at: now, actor: "vendor:\(participant.vendorID)", .answersSaved, roundID: participant.roundID,
          vendorID: participant.vendorID, detail: detail)
      }
      return DraftSaveOutcome(saved: saved, conflicts: conflicts)
    }
  }

  /// Saves who answers for the vendor; audited.
  public func saveRespondent(_ participant: Participant, name: String?, role: String?, email: String?, at now: Date)
    async throws
  {
    try await pool.write { db in
      guard var stored = try Participant.fetchOne(db, key: participant.id), stored.submittedAt == nil else {
        throw StoreError("the answers were submitted already and can no longer be changed")
      }
      stored.respondentName = name
      stored.respondentRole = role
      stored.respondentEmail = email
      try stored.update(db)
      try Self.audit(
        db, at: now, actor: "vendor:\(participant.vendorID)", .respondentSaved, roundID: participant.roundID,
        vendorID: participant.vendorID, detail: "respondent details saved")
    }
  }

  /// The evidence files of a participant, in upload order.
  public func evidence(participantID: Int64) async throws -> [EvidenceFile] {
    try await pool.read { db in
      try EvidenceFile.filter(Column("participantID") == participantID).order(Column("id")).fetchAll(db)
    }
  }

  /// Records an uploaded evidence file; audited. Refused once the participant has submitted.
  public func addEvidence(_ file: EvidenceFile, participant: Participant, at now: Date) async throws -> EvidenceFile {
    try await pool.write { db in
      guard try Participant.fetchOne(db, key: participant.id)?.submittedAt == nil else {
        throw StoreError("the answers were submitted already and can no longer be changed")
      }
      var file = file
      try file.insert(db)
      try Self.audit(
        db, at: now, actor: "vendor:\(participant.vendorID)", .evidenceUploaded, roundID: participant.roundID,
        vendorID: participant.vendorID,
        detail: "\(file.questionID): \(file.originalName) (\(file.size) bytes, SHA-256 \(file.sha256))")
      return file
    }
  }

  /// Removes an evidence file of this participant (a file of another participant is not found); audited.
  ///
  /// - Returns: the removed file's record, or nil when the participant has no such file.
  public func removeEvidence(id: Int64, participant: Participant, at now: Date) async throws -> EvidenceFile? {
    try await pool.write { db in
      guard try Participant.fetchOne(db, key: participant.id)?.submittedAt == nil else {
        throw StoreError("the answers were submitted already and can no longer be changed")
      }
      guard let file = try EvidenceFile.filter(key: id).filter(Column("participantID") == participant.id).fetchOne(db)
      else { return nil }
      try file.delete(db)
      try Self.audit(
        db, at: now, actor: "vendor:\(participant.vendorID)", .evidenceRemoved, roundID: participant.roundID,
        vendorID: participant.vendorID, detail: "\(file.questionID): \(file.originalName)")
      return file
    }
  }

  /// Records a submission, in one transaction with the participant's state and the audit entry. The submission's
  /// files are written before this is called: a crash before it leaves the draft as it was.
  ///
  /// - Throws: ``StoreError`` when the participant has submitted already.
  public func recordSubmission(_ submission: Submission, participant: Participant, at now: Date) async throws {
    try await pool.write { db in
      guard var stored = try Participant.fetchOne(db, key: participant.id), stored.submittedAt == nil else {
        throw StoreError("the answers were submitted already")
      }
      stored.submittedAt = submission.submittedAt
      try stored.update(db)
      try submission.insert(db)
      try Self.audit(
        db, at: now, actor: "vendor:\(participant.vendorID)", .submitted, roundID: participant.roundID,
        vendorID: participant.vendorID,
        detail: "response SHA-256 \(submission.responseSHA256); rating \(submission.rating)")
    }
  }

  /// The submission of a participant, if any.
  public func submission(participantID: Int64) async throws -> Submission? {
    try await pool.read { db in try Submission.fetchOne(db, key: participantID) }
  }
}
