import CandorXML
import Foundation

/// The output folder of a run: created with its missing parents (each remembered, so that a run that writes
/// nothing removes exactly what it created), and locked for the run.
///
/// The lock is `flock(LOCK_EX | LOCK_NB)` on `<folder>/.candor-lock`. A second run into the same folder does not
/// wait: it stops at once with a message naming the process that holds the lock, before it removes or writes
/// anything. The lock file is removed when the run ends; the kernel releases the lock of a run that is killed, and
/// the next run takes over the file.
final class OutputFolder {
  /// The name of the lock file in an output folder.
  static let lockName = ".candor-lock"

  let path: String
  /// The folders this run created, outermost first (removed again, innermost first, when nothing was written).
  let created: [String]
  let lockPath: String
  private var lockDescriptor: Int32

  /// Creates `path` (and its missing parents) if needed, and takes its lock.
  ///
  /// - Throws: ``InputError`` when a folder cannot be created, or another run holds the lock; then the folders
  ///   created by this call are removed again.
  init(_ path: String) throws(InputError) {
    self.path = path
    let location = SourceLocation(file: path, line: 0, column: 0)
    created = try Self.createFolders(path)
    lockPath = (path as NSString).appendingPathComponent(Self.lockName)
    do {
      lockDescriptor = try Self.lock(lockPath, location: location)
    } catch {
      Self.removeFolders(created)
      throw error
    }
  }

  deinit {
    unlock()
  }

  /// Releases the lock and removes the lock file (first removed, then released, so that a run that opened the old
  /// file meanwhile sees it is gone and tries again); then, with `removingCreatedFolders`, removes the folders this
  /// run created that are empty, innermost first.
  func unlock(removingCreatedFolders: Bool = false) {
    guard lockDescriptor >= 0 else { return }
    unlink(lockPath)
    close(lockDescriptor)
    lockDescriptor = -1
    if removingCreatedFolders { Self.removeFolders(created) }
  }

  static func removeFolders(_ folders: [String]) {
    for folder in folders.reversed() where rmdir(folder) != 0 { break }
  }

  /// Creates `path` and its missing parents; returns those created, outermost first.
  private static func createFolders(_ path: String) throws(InputError) -> [String] {
    var missing: [String] = []
    var current = path
    var status = stat()
    while !current.isEmpty, current != "/", stat(current, &status) != 0 {
      guard errno == ENOENT else { break }
      missing.append(current)
      let parent = (current as NSString).deletingLastPathComponent
      if parent == current { break }
      current = parent
    }
    var created: [String] = []
    for folder in missing.reversed() {
      if mkdir(folder, 0o777) != 0 && errno != EEXIST {
        let reason = String(cString: strerror(errno))
        removeFolders(created)
        throw InputError(
          at: SourceLocation(file: path, line: 0, column: 0), "cannot create the output folder: \(reason)")
      }
      created.append(folder)
    }
    guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
      removeFolders(created)
      throw InputError(at: SourceLocation(file: path, line: 0, column: 0), "the output folder is not a folder")
    }
    return created
  }

  /// Takes the lock at `path`; returns its descriptor.
  private static func lock(_ path: String, location: SourceLocation) throws(InputError) -> Int32 {
    for _ in 0..<10 {
      let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
      guard descriptor >= 0 else {
        throw InputError(
          at: location,
          "cannot create the lock file \(lockName) in the output folder: \(String(cString: strerror(errno)))")
      }
      if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
        let code = errno
        let holder = holderDescription(descriptor)
        close(descriptor)
        if code == EWOULDBLOCK {
          throw InputError(
            at: location,
            "another candor run\(holder) is writing to this folder and holds its lock (\(lockName)); wait for it to "
              + "finish, or write to another folder")
        }
        throw InputError(at: location, "cannot lock the output folder: \(String(cString: strerror(code)))")
      }
      // The file may have been removed (by the run that held it, as it ended) between open and flock: then the lock
      // is on a file nobody else will find; start again.
      var held = stat()
      var current = stat()
      if fstat(descriptor, &held) == 0, lstat(path, &current) == 0, held.st_dev == current.st_dev,
        held.st_ino == current.st_ino
      {
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return descriptor
      }
      close(descriptor)
    }
    throw InputError(at: location, "cannot lock the output folder: its lock file keeps changing")
  }

  /// " (process N)" from the lock file's content, when it names one.
  private static func holderDescription(_ descriptor: Int32) -> String {
    var buffer = [UInt8](repeating: 0, count: 32)
    let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
    guard count > 0 else { return "" }
    let text = String(decoding: buffer[..<count], as: UTF8.self).trimmedWhitespace
    guard let pid = Int(text) else { return "" }
    return " (process \(pid))"
  }
}
