import CandorXML
import Foundation

/// Report files staged in the output folder under temporary names while a run is going, and moved into place
/// together at the end (`commit`), or removed (`discard`). A rename within a folder is atomic, so an existing
/// report is either left as it was or replaced whole; an interrupt (SIGINT, SIGTERM, SIGHUP) removes the staged
/// files, and the next run removes any that a harder kill left behind.
///
/// Thread-safe: vendors are staged from several threads at once.
public final class StagedOutput: @unchecked Sendable {
  public let directory: String
  /// Whether the folder was created by this run (and so is removed again when nothing is written).
  private let createdDirectory: Bool
  private let lock = NSLock()
  private var staged: [(temporary: String, final: String)] = []
  /// The temporary path most recently staged for each final path.
  private var latest: [String: String] = [:]
  private var counter = 0

  /// Prepares `directory` (created if needed) and removes leftovers of interrupted runs.
  public init(directory: String) throws(InputError) {
    self.directory = directory
    var isDirectory: ObjCBool = false
    createdDirectory = !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw InputError(
        at: SourceLocation(file: directory, line: 0, column: 0),
        "cannot create the output folder: \(error.localizedDescription)")
    }
    ReportFileWriter.removeLeftovers(in: directory)
    TemporaryFiles.shared.begin()
  }

  /// Writes `content` to a temporary file that will become `name`; returns the temporary path.
  @discardableResult
  public func stage(_ name: String, _ content: String) throws(InputError) -> String {
    try stage(name, bytes: Array(content.utf8))
  }

  /// Writes `bytes` to a temporary file that will become `name`; returns the temporary path.
  @discardableResult
  public func stage(_ name: String, bytes: [UInt8]) throws(InputError) -> String {
    try stage(name) { (descriptor) throws(StageFailure) in
      do throws(FileAssembly.Failure) {
        try FileAssembly.writeAll(bytes, to: descriptor, at: 0)
      } catch {
        throw StageFailure(message: error.message)
      }
    }
  }

  /// Why a file being staged could not be written.
  struct StageFailure: Error {
    var message: String
  }

  /// Writes a temporary file that will become `name` through its file descriptor with `write`; returns the
  /// temporary path. The file is removed again when `write` fails.
  @discardableResult
  func stage(_ name: String, descriptor write: (Int32) throws(StageFailure) -> Void) throws(InputError) -> String {
    let (final, temporary) = reserve(name)
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else {
      throw InputError(at: SourceLocation(file: final, line: 0, column: 0), "cannot write the report file")
    }
    var failure: String? = nil
    do throws(StageFailure) {
      try write(descriptor)
    } catch {
      failure = error.message
    }
    if close(descriptor) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
    if let failure {
      unlink(temporary)
      throw InputError(
        at: SourceLocation(file: final, line: 0, column: 0), "cannot write the report file: \(failure)")
    }
    record(temporary: temporary, final: final)
    return temporary
  }

  /// The final and the temporary path of a file to stage as `name`; the temporary one is registered for removal
  /// on an interrupt.
  private func reserve(_ name: String) -> (final: String, temporary: String) {
    lock.lock()
    counter += 1
    let number = counter
    lock.unlock()
    let final = (directory as NSString).appendingPathComponent(name)
    let temporary = (directory as NSString).appendingPathComponent(
      "\(ReportFileWriter.temporaryPrefix)\(getpid())-\(number)-\(name)")
    TemporaryFiles.shared.register(temporary)
    return (final, temporary)
  }

  private func record(temporary: String, final: String) {
    lock.lock()
    staged.append((temporary, final))
    latest[final] = temporary
    lock.unlock()
  }

  /// The temporary path staged for `name`, if any.
  public func temporaryPath(for name: String) -> String? {
    let final = (directory as NSString).appendingPathComponent(name)
    lock.lock()
    defer { lock.unlock() }
    return latest[final]
  }

  /// Moves every staged file into place, in name order, and returns the final paths.
  public func commit() throws(InputError) -> [String] {
    lock.lock()
    let files = staged.sorted { $0.final < $1.final }
    staged.removeAll()
    latest.removeAll()
    lock.unlock()
    if ProcessInfo.processInfo.environment["CANDOR_FAULT_PAUSE_BEFORE_RENAME"] != nil {
      // Fault injection for the tests: hold here so that a test can kill the process mid-run.
      try? FileHandle.standardError.write(contentsOf: Data("candor: paused before moving reports into place\n".utf8))
      Thread.sleep(forTimeInterval: 30)
    }
    defer { TemporaryFiles.shared.end() }
    return try ReportFileWriter.moveIntoPlace(files)
  }

  /// Removes every staged file.
  public func discard() {
    lock.lock()
    let files = staged
    staged.removeAll()
    latest.removeAll()
    lock.unlock()
    for file in files { unlink(file.temporary) }
    TemporaryFiles.shared.end()
    if createdDirectory { rmdir(directory) }
  }

  /// Removes the staged files whose final names are in `names` (a vendor that failed under --keep-going).
  public func discard(names: Set<String>) {
    lock.lock()
    let finals = Set(names.map { (directory as NSString).appendingPathComponent($0) })
    let removed = staged.filter { finals.contains($0.final) }
    staged.removeAll { finals.contains($0.final) }
    for final in finals { latest[final] = nil }
    lock.unlock()
    for file in removed { unlink(file.temporary) }
  }
}
