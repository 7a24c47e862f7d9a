import CandorXML
import Foundation

/// Writes a set of files into a folder so that a run never leaves damage: the files are staged and moved into place
/// together by a ``StagedOutput`` (the same path as every report of `assess` and `compare`), so an existing file is
/// either left as it was or replaced whole, the folder is locked against other runs meanwhile, and a folder the run
/// created is removed again when nothing is written to it.
public enum ReportFileWriter {
  /// A file to write: its name within the output folder and its content.
  public struct File: Sendable {
    public var name: String
    /// The bytes to write.
    public var bytes: [UInt8]

    public init(name: String, content: String) {
      self.name = name
      self.bytes = Array(content.utf8)
    }

    public init(name: String, bytes: [UInt8]) {
      self.name = name
      self.bytes = bytes
    }

    /// The bytes as UTF-8 text.
    public var content: String { String(decoding: bytes, as: UTF8.self) }
  }

  /// The prefix of temporary files; interrupted runs' leftovers are recognisable and removed by the next run.
  static let temporaryPrefix = ".candor-partial-"

  /// Writes `files` into `directory` (created if needed).
  ///
  /// - Returns: the paths written.
  /// - Throws: ``InputError`` when the folder cannot be created or locked, or a file cannot be written; then no
  ///   file is moved into place, the temporary files are removed, and so is the folder if this call created it.
  @discardableResult
  public static func write(_ files: [File], to directory: String) throws(InputError) -> [String] {
    let output = try StagedOutput(directory: directory)
    do {
      for file in files { try output.stage(file.name, bytes: file.bytes) }
    } catch {
      output.discard()
      throw error
    }
    return try output.commit()
  }

  /// Removes temporary files that an interrupted run left in `directory` (called with the folder's lock held, so
  /// that no live run's files are touched).
  static func removeLeftovers(in directory: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    for name in names where name.hasPrefix(temporaryPrefix) {
      unlink((directory as NSString).appendingPathComponent(name))
    }
  }
}
