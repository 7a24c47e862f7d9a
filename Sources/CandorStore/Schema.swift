import GRDB

/// The database schema, as a list of named migrations. Migrations are append-only: a released migration is never
/// edited; a change is a new migration at the end.
enum Schema {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1: users, rounds, participants, invitations, drafts, evidence, submissions, audit") {
      db in
      try db.create(table: "user") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("email", .text).notNull().unique().collate(.nocase)
        t.column("passwordHash", .text).notNull()
        t.column("createdAt", .datetime).notNull()
      }
      try db.create(table: "round") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("name", .text).notNull()
        // Relative to the data folder; nil for the bundled questionnaire.
        t.column("questionnaireFile", .text)
        t.column("questionnaireID", .text).notNull()
        t.column("questionnaireVersion", .text).notNull()
        t.column("asOf", .text)
        t.column("dueDate", .text).notNull()
        t.column("policyFile", .text)
        t.column("createdAt", .datetime).notNull()
        t.column("createdBy", .integer).notNull().references("user", onDelete: .restrict)
      }
      try db.create(table: "roundIncidentFile") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("roundID", .integer).notNull().indexed().references("round", onDelete: .cascade)
        t.column("file", .text).notNull()
        t.column("originalName", .text).notNull()
        t.column("sha256", .text).notNull()
      }
      try db.create(table: "participant") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("roundID", .integer).notNull().references("round", onDelete: .cascade)
        t.column("vendorID", .text).notNull()
        t.column("vendorName", .text).notNull()
        t.column("openedAt", .datetime)
        t.column("respondentName", .text)
        t.column("respondentRole", .text)
        t.column("respondentEmail", .text)
        t.column("submittedAt", .datetime)
        t.uniqueKey(["roundID", "vendorID"])
      }
      try db.create(table: "invitation") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("participantID", .integer).notNull().indexed().references("participant", onDelete: .cascade)
        t.column("tokenHash", .text).notNull().unique()
        t.column("createdAt", .datetime).notNull()
        t.column("expiresAt", .datetime).notNull()
        t.column("revokedAt", .datetime)
      }
      try db.create(table: "draftAnswer") { t in
        t.column("participantID", .integer).notNull().references("participant", onDelete: .cascade)
        t.column("questionID", .text).notNull()
        t.column("value", .text)
        t.column("owner", .text)
        t.column("comment", .text)
        t.column("version", .integer).notNull()
        t.column("updatedAt", .datetime).notNull()
        t.primaryKey(["participantID", "questionID"])
      }
      try db.create(table: "evidenceFile") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("participantID", .integer).notNull().indexed().references("participant", onDelete: .cascade)
        t.column("questionID", .text).notNull()
        t.column("storedName", .text).notNull().unique()
        t.column("originalName", .text).notNull()
        t.column("size", .integer).notNull()
        t.column("sha256", .text).notNull()
        t.column("kind", .text).notNull()
        t.column("origin", .text).notNull()
        t.column("validUntil", .text)
        t.column("description", .text).notNull()
        t.column("uploadedAt", .datetime).notNull()
      }
      try db.create(table: "submission") { t in
        t.primaryKey("participantID", .integer).references("participant", onDelete: .cascade)
        t.column("folder", .text).notNull()
        t.column("responseSHA256", .text).notNull()
        t.column("submittedAt", .datetime).notNull()
        t.column("asOf", .text).notNull()
        t.column("rating", .text).notNull()
        t.column("claimed", .double)
        t.column("verified", .double)
        t.column("sayDoGap", .double)
        t.column("transparency", .double)
        t.column("contradictedControls", .integer).notNull()
        t.column("gatedControls", .integer).notNull()
        t.column("answered", .integer).notNull()
        t.column("questions", .integer).notNull()
        t.column("policyPassed", .boolean)
      }
      try db.create(table: "audit") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("at", .datetime).notNull()
        t.column("actor", .text).notNull()
        t.column("action", .text).notNull()
        // Plain values, not references: an audit entry outlives what it names.
        t.column("roundID", .integer)
        t.column("vendorID", .text)
        t.column("detail", .text).notNull()
      }
      // The audit log is append-only: the database itself refuses to change or delete an entry.
      try db.execute(
        sql: """
          CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
          CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
          """)
    }
    return migrator
  }
}
