import CandorXML
import Foundation

/// Report files staged in the output folder under temporary names while a run is going, and moved into place
/// together at the end (`commit`), or removed (`discard`). Every command that writes files writes them through one.
///
/// The guarantees, for concurrent and interrupted runs (docs/safety.md says the same):
/// - The output folder is locked for the run (``OutputFolder``): a second run into it stops at once, before it
///   touches anything, and says that another run holds the folder.
/// - A rename within a folder is atomic, so an existing report is either left as it was or replaced whole.
/// - On SIGINT, SIGTERM or SIGHUP the staged files, the lock file and any folder the run created that is still
///   empty are removed (``InterruptCleanup``); a failed run removes the same. Files that a harder kill leaves
///   (`.candor-partial-*`) are removed by the next run into the folder.
/// - While several files are being moved into place, the folder holds ``incompleteMarker``: created before the
///   first rename and removed after the last. A folder that holds it may mix reports of two runs (the run was
///   killed while moving them); a folder without it holds, for each report, the whole file of the last run that
///   got to write it.
///
/// Thread-safe: vendors are staged from several threads at once.
public final class StagedOutput: @unchecked Sendable {
  /// The name of the file that marks an output folder whose reports are being moved into place, or were when the
  /// run was killed.
  public static let incompleteMarker = ".candor-incomplete"

  public let directory: String
  private let folder: OutputFolder
  private let lock = NSLock()
  private var staged: [(temporary: String, final: String)] = []
  /// The temporary path most recently staged for each final path.
  private var latest: [String: String] = [:]
  private var counter = 0
  private var ended = false

  /// Prepares `directory` (created if needed), locks it for the run, and removes leftovers of interrupted runs.
  ///
  /// - Throws: ``InputError`` when the folder cannot be created, or another run holds it.
  public init(directory: String) throws(InputError) {
    self.directory = directory
    InterruptCleanup.shared.install()
    folder = try OutputFolder(directory)
    InterruptCleanup.shared.register(folder)
    ReportFileWriter.removeLeftovers(in: directory)
  }

  deinit {
    if !ended { discard() }
  }

  /// Writes `content` to a temporary file that will become `name`; returns the temporary path.
  @discardableResult
  public func stage(_ name: String, _ content: String) throws(InputError) -> String {
    try stage(name, bytes: Array(content.utf8))
  }

  /// Writes `bytes` to a temporary file that will become `name`; returns the temporary path.
  @discardableResult
  public func stage(_ name: String, bytes: [UInt8]) throws(InputError) -> String {
    try bytes.withUnsafeBytes { buffer in Result { () throws(InputError) in try stage(name, buffer: buffer) } }.get()
  }

  /// Writes `buffer` to a temporary file that will become `name`; returns the temporary path.
  @discardableResult
  public func stage(_ name: String, buffer: UnsafeRawBufferPointer) throws(InputError) -> String {
    try stage(name) { (descriptor) throws(StageFailure) in
      do throws(FileAssembly.Failure) {
        try FileAssembly.writeAll(buffer, to: descriptor, at: 0)
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
    let descriptor = InterruptCleanup.shared.createTemporary(temporary)
    guard descriptor >= 0 else {
      throw InputError(
        at: SourceLocation(file: final, line: 0, column: 0),
        "cannot write the report file: \(String(cString: strerror(errno)))")
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
      InterruptCleanup.shared.forget([temporary])
      throw InputError(
        at: SourceLocation(file: final, line: 0, column: 0), "cannot write the report file: \(failure)")
    }
    record(temporary: temporary, final: final)
    return temporary
  }

  /// The final and the temporary path of a file to stage as `name`.
  private func reserve(_ name: String) -> (final: String, temporary: String) {
    lock.lock()
    counter += 1
    let number = counter
    lock.unlock()
    let final = (directory as NSString).appendingPathComponent(name)
    let temporary = (directory as NSString).appendingPathComponent(
      "\(ReportFileWriter.temporaryPrefix)\(getpid())-\(number)-\(name)")
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

  /// Moves every staged file into place, in name order, and returns the final paths; then releases the folder.
  ///
  /// - Throws: ``InputError`` when a destination exists and is not a regular file (before anything is moved), or a
  ///   file cannot be moved; the files not moved are removed.
  public func commit() throws(InputError) -> [String] {
    defer { end() }
    return try moveIntoPlace()
  }

  /// Moves every staged file into place, in name order, and returns the final paths, keeping the folder locked
  /// (for a caller with more to do in it, such as moving a run manifest into place): the caller ends with
  /// ``release()``. On a failure the folder is released, as by ``commit()``.
  func moveIntoPlace() throws(InputError) -> [String] {
    lock.lock()
    let files = staged.sorted { $0.final < $1.final }
    staged.removeAll()
    latest.removeAll()
    lock.unlock()
    Self.pause("CANDOR_FAULT_PAUSE_BEFORE_RENAME", "paused before moving reports into place")
    do throws(InputError) {
      try checkReplaceable(files.map(\.final))
    } catch {
      removeTemporaries(files)
      end(removingCreatedFolders: true)
      throw error
    }
    let marker = (directory as NSString).appendingPathComponent(Self.incompleteMarker)
    if files.count > 1, let problem = writeMarker(marker) {
      removeTemporaries(files)
      end(removingCreatedFolders: true)
      throw InputError(
        at: SourceLocation(file: marker, line: 0, column: 0),
        "cannot write the marker of a run in progress, so no report was moved into place: \(problem)")
    }
    for (index, file) in files.enumerated() {
      if index == 1 { Self.pause("CANDOR_FAULT_PAUSE_MID_RENAME", "paused while moving reports into place") }
      guard rename(file.temporary, file.final) == 0 else {
        let reason = String(cString: strerror(errno))
        removeTemporaries(Array(files[index...]))
        if index == 0 {
          // Nothing was moved: the folder is as it was.
          unlink(marker)
          end(removingCreatedFolders: true)
        } else {
          end()
        }
        throw InputError(
          at: SourceLocation(file: file.final, line: 0, column: 0), "cannot move the report into place: \(reason)")
      }
      InterruptCleanup.shared.forget([file.temporary])
    }
    if files.count > 1 { unlink(marker) }
    return files.map(\.final)
  }

  /// Releases the folder after ``moveIntoPlace()``.
  func release() { end() }

  /// Removes every staged file, and the folder if this run created it and it is empty; then releases the folder.
  public func discard() {
    lock.lock()
    let files = staged
    staged.removeAll()
    latest.removeAll()
    lock.unlock()
    removeTemporaries(files)
    end(removingCreatedFolders: true)
  }

  /// Removes the staged files whose final names are in `names` (a vendor that failed under --keep-going).
  public func discard(names: Set<String>) {
    lock.lock()
    let finals = Set(names.map { (directory as NSString).appendingPathComponent($0) })
    let removed = staged.filter { finals.contains($0.final) }
    staged.removeAll { finals.contains($0.final) }
    for final in finals { latest[final] = nil }
    lock.unlock()
    removeTemporaries(removed)
  }

  private func removeTemporaries(_ files: [(temporary: String, final: String)]) {
    for file in files { unlink(file.temporary) }
    InterruptCleanup.shared.forget(files.map(\.temporary))
  }

  /// Releases the folder's lock (once), and with `removingCreatedFolders` removes the folders the run created that
  /// are empty.
  private func end(removingCreatedFolders: Bool = false) {
    guard !ended else { return }
    ended = true
    InterruptCleanup.shared.unregister(folder)
    folder.unlock(removingCreatedFolders: removingCreatedFolders)
  }

  /// Refuses, before anything is moved into place, a destination that exists and is not a regular file: a rename
  /// would replace a device (`/dev/stdout`, `/dev/null`), a pipe or a symbolic link itself rather than write
  /// through it, and a folder cannot be replaced.
  private func checkReplaceable(_ paths: [String]) throws(InputError) {
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

  /// Writes the marker of a folder whose reports are being moved into place; returns why it could not.
  private func writeMarker(_ path: String) -> String? {
    let text =
      "A candor run (process \(getpid())) is moving its reports into this folder, or was killed while it did:\n"
      + "until this file is gone, the reports here may come from two different runs. Run candor again.\n"
    // A marker left by a killed run stays whatever happens here: its folder may still be mixed.
    let existed = access(path, F_OK) == 0
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard descriptor >= 0 else { return String(cString: strerror(errno)) }
    var problem: String?
    do throws(FileAssembly.Failure) {
      try FileAssembly.writeAll(Array(text.utf8), to: descriptor, at: 0)
    } catch {
      problem = error.message
    }
    if close(descriptor) != 0, problem == nil { problem = String(cString: strerror(errno)) }
    if problem != nil, !existed { unlink(path) }
    return problem
  }

  /// Fault injection for the tests: holds the run for 30 s when the environment variable `name` is set, so that a
  /// test can kill the process at that point.
  private static func pause(_ name: String, _ message: String) {
    guard ProcessInfo.processInfo.environment[name] != nil else { return }
    try? FileHandle.standardError.write(contentsOf: Data("candor: \(message)\n".utf8))
    Thread.sleep(forTimeInterval: 30)
  }
}
