import Crypto
import Foundation

/// The layout of the data folder: everything `candor serve` keeps, in one place that a stopped server's operator
/// can copy.
///
/// ```
/// candor.sqlite (+ -wal, -shm)    the register
/// secret.key                     the key of the CSRF tokens (created on first start, mode 0600)
/// rounds/<round>/                the round's questionnaire, policy and incident files, as uploaded
/// evidence/<participant>/        a vendor's evidence files, under generated names
/// submissions/<participant>-<n>/ response.xml and reports/ of a submission
/// ```
struct DataFolder: Sendable {
  let root: URL

  init(_ path: String) throws {
    root = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    for folder in ["", "rounds", "evidence", "submissions"] {
      try FileManager.default.createDirectory(
        at: root.appendingPathComponent(folder), withIntermediateDirectories: true,
        attributes: [.posixPermissions: 0o700])
    }
  }

  var database: String { root.appendingPathComponent("candor.sqlite").path }

  /// The absolute path of `relative` (a path the register stores).
  func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

  func roundFolder(_ roundID: Int64) -> String { "rounds/\(roundID)" }
  func evidenceFolder(_ participantID: Int64) -> String { "evidence/\(participantID)" }

  /// A new folder for a submission attempt (a crashed attempt leaves an orphan folder that nothing points to).
  func newSubmissionFolder(_ participantID: Int64) throws -> String {
    let relative = "submissions/\(participantID)-\(Secrets.hex(bytes: 8))"
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent(relative), withIntermediateDirectories: true,
      attributes: [.posixPermissions: 0o700])
    return relative
  }

  /// Writes `bytes` to `relative` through a temporary file and a rename, readable by the owner only.
  func write(_ bytes: [UInt8], to relative: String) throws {
    let url = root.appendingPathComponent(relative)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".tmp-\(Secrets.hex(bytes: 8))")
    guard
      FileManager.default.createFile(
        atPath: temporary.path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
    else { throw PortalError.storage("cannot write \(relative) in the data folder") }
    if rename(temporary.path, url.path) != 0 {
      try? FileManager.default.removeItem(at: temporary)
      throw PortalError.storage("cannot move \(relative) into place in the data folder")
    }
  }

  /// The key of the CSRF tokens: read from secret.key, created on first start.
  func secretKey() throws -> CSRFKey {
    let url = root.appendingPathComponent("secret.key")
    if let data = FileManager.default.contents(atPath: url.path), data.count == 32 {
      return CSRFKey(bytes: Array(data))
    }
    let key = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    try write(key, to: "secret.key")
    return CSRFKey(bytes: key)
  }
}
