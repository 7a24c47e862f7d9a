import Foundation
import GRDB

// MARK: - Users and the audit log

extension Store {
  /// The number of team members.
  public func userCount() async throws -> Int {
    try await pool.read { db in try User.fetchCount(db) }
  }

  /// The user with `email` (case-insensitive), if any.
  public func user(email: String) async throws -> User? {
    try await pool.read { db in try User.filter(Column("email") == email).fetchOne(db) }
  }

  /// The user with `id`, if any.
  public func user(id: Int64) async throws -> User? {
    try await pool.read { db in try User.fetchOne(db, key: id) }
  }

  /// Creates a team member, or sets a new password for an existing one; audited.
  ///
  /// - Returns: the user, and whether it was created (false: its password was replaced).
  @discardableResult
  public func setUser(email: String, passwordHash: String, actor: String, at now: Date) async throws -> (User, Bool) {
    try await pool.write { db in
      if var existing = try User.filter(Column("email") == email).fetchOne(db) {
        existing.passwordHash = passwordHash
        try existing.update(db)
        try Self.audit(db, at: now, actor: actor, .userCreated, detail: "new password for \(existing.email)")
        return (existing, false)
      }
      var user = User(email: email, passwordHash: passwordHash, createdAt: now)
      try user.insert(db)
      try Self.audit(db, at: now, actor: actor, .userCreated, detail: "team member \(email)")
      return (user, true)
    }
  }

  /// Appends an entry to the audit log (in its own transaction).
  public func appendAudit(
    at now: Date, actor: String, _ action: AuditAction, roundID: Int64? = nil, vendorID: String? = nil, detail: String
  ) async throws {
    try await pool.write { db in
      try Self.audit(db, at: now, actor: actor, action, roundID: roundID, vendorID: vendorID, detail: detail)
    }
  }

  /// The audit log, newest first; for one round when `roundID` is given.
  public func auditLog(roundID: Int64? = nil, limit: Int = 500, offset: Int = 0) async throws -> [AuditEntry] {
    try await pool.read { db in
      var request = AuditEntry.order(Column("id").desc)
      if let roundID { request = request.filter(Column("roundID") == roundID) }
      return try request.limit(limit, offset: offset).fetchAll(db)
    }
  }

  static func audit(
    _ db: Database, at now: Date, actor: String, _ action: AuditAction, roundID: Int64? = nil, vendorID: String? = nil,
    detail: String
  ) throws {
    var entry = AuditEntry(at: now, actor: actor, action: action, roundID: roundID, vendorID: vendorID, detail: detail)
    try entry.insert(db)
  }
}

// MARK: - Rounds

/// A vendor to invite: its id and name, and its first link (the token's hash and expiry).
public struct NewParticipant: Sendable, Hashable {
  public var vendorID: String
  public var vendorName: String
  public var tokenHash: String
  public var expiresAt: Date

  public init(vendorID: String, vendorName: String, tokenHash: String, expiresAt: Date) {
    self.vendorID = vendorID
    self.vendorName = vendorName
    self.tokenHash = tokenHash
    self.expiresAt = expiresAt
  }
}

/// A vendor's place in a round as the dashboard shows it.
public struct ParticipantOverview: Sendable, Hashable {
  public var participant: Participant
  /// Questions with a value in the draft.
  public var answered: Int
  /// Any draft answer or evidence saved.
  public var started: Bool
  /// The newest link.
  public var invitation: Invitation?
  public var submission: Submission?
}

/// A round with its numbers, for the list of rounds.
public struct RoundOverview: Sendable, Hashable {
  public var round: Round
  public var vendors: Int
  public var submitted: Int
}

extension Store {
  /// Creates a round with its incident files and vendors, each with a first link; one transaction, audited.
  ///
  /// - Throws: ``StoreError`` when a vendor id appears twice.
  public func createRound(
    _ round: Round, incidentFiles: [RoundIncidentFile], participants: [NewParticipant], actor: String, at now: Date
  ) async throws -> Round {
    try await pool.write { db in
      var round = round
      try round.insert(db)
      guard let roundID = round.id else { throw StoreError("the round was not stored") }
      for var file in incidentFiles {
        file.roundID = roundID
        try file.insert(db)
      }
      try Self.audit(db, at: now, actor: actor, .roundCreated, roundID: roundID, detail: round.name)
      for new in participants {
        try Self.addParticipant(db, roundID: roundID, new, actor: actor, at: now)
      }
      return round
    }
  }

  /// Adds a vendor to a round with a first link; audited.
  ///
  /// - Throws: ``StoreError`` when the vendor is in the round already.
  public func addParticipant(roundID: Int64, _ new: NewParticipant, actor: String, at now: Date) async throws
    -> Participant
  {
    try await pool.write { db in try Self.addParticipant(db, roundID: roundID, new, actor: actor, at: now) }
  }

  @discardableResult
  static func addParticipant(_ db: Database, roundID: Int64, _ new: NewParticipant, actor: String, at now: Date) throws
    -> Participant
  {
    if try Participant.filter(Column("roundID") == roundID && Column("vendorID") == new.vendorID).fetchCount(db) > 0 {
      throw StoreError("vendor \"\(new.vendorID)\" is in this round already")
    }
    var participant = Participant(roundID: roundID, vendorID: new.vendorID, vendorName: new.vendorName)
    try participant.insert(db)
    guard let participantID = participant.id else { throw StoreError("the vendor was not stored") }
    var invitation = Invitation(
      participantID: participantID, tokenHash: new.tokenHash, createdAt: now, expiresAt: new.expiresAt)
    try invitation.insert(db)
    try audit(
      db, at: now, actor: actor, .vendorInvited, roundID: roundID, vendorID: new.vendorID,
      detail: "\(new.vendorName); link valid until \(Self.dayFormat(new.expiresAt))")
    return participant
  }

  /// Every round, newest first, with its numbers of vendors and submissions.
  public func rounds() async throws -> [RoundOverview] {
    try await pool.read { db in
      let rounds = try Round.order(Column("id").desc).fetchAll(db)
      return try rounds.map { round in
        let vendors = try Participant.filter(Column("roundID") == round.id).fetchCount(db)
        let submitted = try Participant.filter(Column("roundID") == round.id && Column("submittedAt") != nil)
          .fetchCount(db)
        return RoundOverview(round: round, vendors: vendors, submitted: submitted)
      }
    }
  }

  /// The round with `id` and its incident files, if any.
  public func round(id: Int64) async throws -> (Round, [RoundIncidentFile])? {
    try await pool.read { db in
      guard let round = try Round.fetchOne(db, key: id) else { return nil }
      let files = try RoundIncidentFile.filter(Column("roundID") == id).order(Column("id")).fetchAll(db)
      return (round, files)
    }
  }

  /// The vendors of a round, in the order they were added, with their progress and submissions.
  public func participants(roundID: Int64) async throws -> [ParticipantOverview] {
    try await pool.read { db in
      let participants = try Participant.filter(Column("roundID") == roundID).order(Column("id")).fetchAll(db)
      return try participants.map { participant in
        let answered =
          try DraftAnswer.filter(
            Column("participantID") == participant.id && Column("value") != nil
              && Column("value") != ""
          ).fetchCount(db)
        let drafts = try DraftAnswer.filter(Column("participantID") == participant.id).fetchCount(db)
        let evidence = try EvidenceFile.filter(Column("participantID") == participant.id).fetchCount(db)
        let invitation = try Invitation.filter(Column("participantID") == participant.id).order(Column("id").desc)
          .fetchOne(db)
        let submission = try Submission.fetchOne(db, key: participant.id)
        return ParticipantOverview(
          participant: participant, answered: answered, started: drafts + evidence > 0, invitation: invitation,
          submission: submission)
      }
    }
  }

  /// The participant with `id`, if any.
  public func participant(id: Int64) async throws -> Participant? {
    try await pool.read { db in try Participant.fetchOne(db, key: id) }
  }

  /// Revokes every link of a participant and gives it a new one; audited.
  public func issueInvitation(
    participantID: Int64, tokenHash: String, expiresAt: Date, actor: String, at now: Date
  ) async throws {
    try await pool.write { db in
      guard let participant = try Participant.fetchOne(db, key: participantID) else {
        throw StoreError("no such vendor")
      }
      try Invitation.filter(Column("participantID") == participantID && Column("revokedAt") == nil)
        .updateAll(db, Column("revokedAt").set(to: now))
      var invitation = Invitation(
        participantID: participantID, tokenHash: tokenHash, createdAt: now, expiresAt: expiresAt)
      try invitation.insert(db)
      try Self.audit(
        db, at: now, actor: actor, .linkIssued, roundID: participant.roundID, vendorID: participant.vendorID,
        detail: "new link valid until \(Self.dayFormat(expiresAt)); earlier links revoked")
    }
  }

  /// Revokes every link of a participant; audited.
  public func revokeInvitations(participantID: Int64, actor: String, at now: Date) async throws {
    try await pool.write { db in
      guard let participant = try Participant.fetchOne(db, key: participantID) else {
        throw StoreError("no such vendor")
      }
      let count = try Invitation.filter(Column("participantID") == participantID && Column("revokedAt") == nil)
        .updateAll(db, Column("revokedAt").set(to: now))
      try Self.audit(
        db, at: now, actor: actor, .linkRevoked, roundID: participant.roundID, vendorID: participant.vendorID,
        detail: "\(count) link\(count == 1 ? "" : "s") revoked")
    }
  }

  /// Every submission of `vendorID`, oldest round first, with its round.
  public func submissions(vendorID: String) async throws -> [(
    round: Round, participant: Participant, submission: Submission
  )] {
    try await pool.read { db in
      let participants = try Participant.filter(Column("vendorID") == vendorID).fetchAll(db)
      var rows: [(round: Round, participant: Participant, submission: Submission)] = []
      for participant in participants {
        guard let submission = try Submission.fetchOne(db, key: participant.id),
          let round = try Round.fetchOne(db, key: participant.roundID)
        else { continue }
        rows.append((round, participant, submission))
      }
      return rows.sorted { ($0.submission.asOf, $0.round.id ?? 0) < ($1.submission.asOf, $1.round.id ?? 0) }
    }
  }

  static func dayFormat(_ date: Date) -> String {
    date.formatted(.iso8601.year().month().day().dateSeparator(.dash))
  }
}
