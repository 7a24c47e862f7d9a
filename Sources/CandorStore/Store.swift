import Foundation
import GRDB

/// The register of `candor serve`: one SQLite database in the data folder, opened once as a `DatabasePool` in WAL
/// mode, its schema changed only by the named, append-only migrations of ``Schema``. Every change that touches
/// more than one row is one write transaction. Only CandorServer uses this module.
public final class Store: Sendable {
  let pool: DatabasePool

  /// Opens (creating when needed) the database at `path` and applies the migrations it lacks.
  ///
  /// - Throws: ``StoreError`` when the file cannot be opened, or was written by a newer candor.
  public init(path: String) throws {
    var configuration = Configuration()
    configuration.foreignKeysEnabled = true
    // Concurrent writers (50 vendors saving at once) wait for the write lock rather than fail.
    configuration.busyMode = .timeout(10)
    configuration.label = "candor"
    do {
      pool = try DatabasePool(path: path, configuration: configuration)
      let migrator = Schema.migrator
      try pool.read { db in
        if try migrator.hasBeenSuperseded(db) {
          throw StoreError("the database \(path) was written by a newer candor; upgrade candor to open it")
        }
      }
      try migrator.migrate(pool)
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError("cannot open the database \(path): \(error)")
    }
  }

  /// The names of the migrations applied, in order.
  public func appliedMigrations() throws -> [String] {
    try pool.read { db in try Schema.migrator.appliedMigrations(db) }
  }

  /// Writes a consistent copy of the database to `path` with SQLite's online backup, while the server runs.
  public func backup(to path: String) throws {
    let copy = try DatabaseQueue(path: path)
    try pool.backup(to: copy)
  }
}

/// A problem of the register, with a message for people.
public struct StoreError: Error, CustomStringConvertible, Equatable {
  public var description: String
  public init(_ description: String) { self.description = description }
}
