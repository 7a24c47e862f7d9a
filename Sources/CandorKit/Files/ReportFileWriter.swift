import CandorXML
import Foundation

/// Writes a set of report files so that a run never leaves damage: every file is first written in full to a
/// temporary file in the output folder, and only when all of them are written are they renamed into place (a
/// rename within a folder is atomic). An existing report is therefore either left as it was or replaced whole.
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
  /// - Throws: ``InputError`` when the folder cannot be created or a file cannot be written; then no file is
  ///   renamed into place and the temporary files are removed.
  @discardableResult
  public static func write(_ files: [File], to directory: String) throws(InputError) -> [String] {
    let location = SourceLocation(file: directory, line: 0, column: 0)
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw InputError(at: location, "cannot create the output folder: \(error.localizedDescription)")
    }
    removeLeftovers(in: directory)
    var temporaries: [(temporary: String, final: String)] = []
    TemporaryFiles.shared.begin()
    defer { TemporaryFiles.shared.end() }
    for file in files {
      let final = (directory as NSString).appendingPathComponent(file.name)
      let temporary = (directory as NSString).appendingPathComponent(
        "\(temporaryPrefix)\(getpid())-\(temporaries.count)-\(file.name)")
      TemporaryFiles.shared.register(temporary)
      guard FileManager.default.createFile(atPath: temporary, contents: Data(file.bytes)) else {
        for (path, _) in temporaries + [(temporary, final)] { unlink(path) }
        throw InputError(at: SourceLocation(file: final, line: 0, column: 0), "cannot write the report file")
      }
      temporaries.append((temporary, final))
    }
    return try moveIntoPlace(temporaries)
  }

  /// Renames each temporary file to its final path, in order, and returns the final paths. A destination that
  /// exists and is not a regular file is refused before anything is moved; on any failure the temporary files not
  /// yet moved are removed.
  static func moveIntoPlace(_ files: [(temporary: String, final: String)]) throws(InputError) -> [String] {
    do throws(InputError) {
      try checkReplaceable(files.map(\.final))
    } catch {
      for file in files { unlink(file.temporary) }
      throw error
    }
    for (index, file) in files.enumerated() where rename(file.temporary, file.final) != 0 {
      let reason = String(cString: strerror(errno))
      for remaining in files[index...] { unlink(remaining.temporary) }
      throw InputError(
        at: SourceLocation(file: file.final, line: 0, column: 0), "cannot move the report into place: \(reason)")
    }
    return files.map(\.final)
  }

  /// Refuses, before anything is moved into place, a destination that exists and is not a regular file: a rename
  /// would replace a device (`/dev/stdout`, `/dev/null`), a pipe or a symbolic link itself rather than write
  /// through it, and a folder cannot be replaced.
  private static func checkReplaceable(_ paths: [String]) throws(InputError) {
    for path in paths {
      var status = stat()
      guard lstat(path, &status) == 0 else { continue }  // does not exist yet
      if status.st_mode & S_IFMT != S_IFREG {
        throw InputError(
          at: SourceLocation(file: path, line: 0, column: 0),
          "exists and is not a regular file (a device, a pipe, a symbolic link or a folder); candor replaces "
            + "output files whole and will not replace it: choose another path")
      }
    }
  }

  /// Removes temporary files that an interrupted run left in `directory`.
  static func removeLeftovers(in directory: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    for name in names where name.hasPrefix(temporaryPrefix) {
      unlink((directory as NSString).appendingPathComponent(name))
    }
  }
}

/// The temporary files being written, so that an interrupt (SIGINT, SIGTERM, SIGHUP) can remove them before the
/// process ends.
final class TemporaryFiles: @unchecked Sendable {
  static let shared = TemporaryFiles()
  private let lock = NSLock()
  private var paths: [String] = []

  func begin() {
    SignalCleanup.install()
  }

  func register(_ path: String) {
    lock.lock()
    paths.append(path)
    lock.unlock()
  }

  func end() {
    lock.lock()
    paths.removeAll()
    lock.unlock()
  }

  /// Removes every registered file (called from the signal handler's thread).
  func removeAll() {
    lock.lock()
    let current = paths
    paths.removeAll()
    lock.unlock()
    for path in current { unlink(path) }
  }
}

/// On SIGINT, SIGTERM or SIGHUP: remove the temporary files, then end with the signal's conventional status.
enum SignalCleanup {
  nonisolated(unsafe) private static let installed: [DispatchSourceSignal] = {
    var sources: [DispatchSourceSignal] = []
    for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
      source.setEventHandler {
        TemporaryFiles.shared.removeAll()
        // _exit: end now, without running exit handlers while other threads are still working.
        _exit(128 + signalNumber)
      }
      source.resume()
      sources.append(source)
    }
    return sources
  }()

  static func install() { _ = installed }
}
