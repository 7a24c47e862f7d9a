import Foundation
import GRDB
import Testing

@testable import CandorStore

/// The register: migrations, the append-only audit log, foreign keys, drafts and submissions.
@Suite struct StoreTests {
  func withStore(_ body: (Store) async throws -> Void) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("candor-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try await body(try Store(path: folder.appendingPathComponent("candor.sqlite").path))
  }

  /// A round with one vendor; returns the participant.
  func participant(_ store: Store) async throws -> Participant {
    let (user, _) = try await store.setUser(email: "a@example.com", passwordHash: "x", actor: "system", at: Date())
    let round = try await store.createRound(
      Round(
        name: "R", questionnaireFile: nil, questionnaireID: "q", questionnaireVersion: "1.0.0", asOf: nil,
        dueDate: "2026-12-31", policyFile: nil, createdAt: Date(), createdBy: user.id!),
      incidentFiles: [],
      participants: [
        NewParticipant(
          vendorID: "acme", vendorName: "Acme", tokenHash: String(repeating: "a", count: 64),
          expiresAt: Date() + 86_400)
      ], actor: "team:a@example.com", at: Date())
    return try #require(try await store.participants(roundID: round.id!).first?.participant)
  }

  @Test func theDatabaseIsInWALModeWithForeignKeysAndNamedMigrations() async throws {
    try await withStore { store in
      let (mode, foreignKeys) = try await store.pool.read { db in
        (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
      }
      #expect(mode == "wal")
      #expect(foreignKeys == 1)
      #expect(try store.appliedMigrations().first?.hasPrefix("v1") == true)
      await #expect(throws: (any Error).self) {
        try await store.pool.write { db in
          try db.execute(
            sql: "INSERT INTO invitation (participantID, tokenHash, createdAt, expiresAt) VALUES (99, 'x', 0, 0)")
        }
      }
    }
  }

  @Test func theAuditLogIsAppendOnly() async throws {
    try await withStore { store in
      try await store.appendAudit(at: Date(), actor: "system", .signedIn, detail: "one")
      await #expect(throws: (any Error).self) {
        try await store.pool.write { db in try db.execute(sql: "UPDATE audit SET detail = 'changed'") }
      }
      await #expect(throws: (any Error).self) {
        try await store.pool.write { db in try db.execute(sql: "DELETE FROM audit") }
      }
      #expect(try await store.auditLog().map(\.detail) == ["one"])
    }
  }

  @Test func aSaveBasedOnAnOldVersionIsAConflictNotALoss() async throws {
    try await withStore { store in
      let participant = try await participant(store)
      let first = try await store.saveDraft(
        participant, changes: [DraftChange(questionID: "Q1", value: "yes", owner: nil, comment: nil, baseVersion: 0)],
        at: Date())
      #expect(first.saved == ["Q1"])
      let stale = try await store.saveDraft(
        participant, changes: [DraftChange(questionID: "Q1", value: "no", owner: nil, comment: nil, baseVersion: 0)],
        at: Date())
      #expect(stale.conflicts == ["Q1"])
      // The same value again is no conflict: nothing changes.
      let same = try await store.saveDraft(
        participant, changes: [DraftChange(questionID: "Q1", value: "yes", owner: nil, comment: nil, baseVersion: 0)],
        at: Date())
      #expect(same.saved.isEmpty && same.conflicts.isEmpty)
      let draft = try await store.draft(participantID: participant.id!)
      #expect(draft["Q1"]?.value == "yes")
      #expect(draft["Q1"]?.version == 1)
    }
  }

  @Test func aSubmissionIsRecordedOnceAndFreezesTheDraft() async throws {
    try await withStore { store in
      let participant = try await participant(store)
      let submission = Submission(
        participantID: participant.id!, folder: "submissions/1-x", responseSHA256: "00", submittedAt: Date(),
        asOf: "2026-10-01", rating: "high", claimed: 0.9, verified: 0.5, sayDoGap: 0.4, transparency: 0.3,
        contradictedControls: 1, gatedControls: 1, answered: 1, questions: 2, policyPassed: nil)
      try await store.recordSubmission(submission, participant: participant, at: Date())
      await #expect(throws: StoreError.self) {
        try await store.recordSubmission(submission, participant: participant, at: Date())
      }
      await #expect(throws: StoreError.self) {
        try await store.saveDraft(
          participant, changes: [DraftChange(questionID: "Q1", value: "no", owner: nil, comment: nil, baseVersion: 0)],
          at: Date())
      }
      #expect(try await store.auditLog().filter { $0.action == "submitted" }.count == 1)
    }
  }

  @Test func aNewerDatabaseIsRefused() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("candor-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("candor.sqlite").path
    let store = try Store(path: path)
    try await store.pool.write { db in
      try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
    }
    #expect(throws: StoreError.self) { try Store(path: path) }
  }
}
