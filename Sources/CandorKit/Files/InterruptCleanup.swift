import Foundation

/// What a run must undo when it is interrupted (SIGINT, SIGTERM, SIGHUP): its temporary files, the lock files of its
/// output folders, and the folders it created that are still empty. Then the process ends with status 128 + the
/// signal's number.
///
/// The signal handler itself only writes the signal's number to a pipe (all a handler may safely do); a thread of
/// its own reads it and cleans up. Temporary files are created through ``createTemporary(_:)``, which creates and
/// registers a file under the same lock that the clean-up takes and never gives back: so no file can be created
/// after the clean-up has looked, and none that was created is missed.
final class InterruptCleanup: @unchecked Sendable {
  static let shared = InterruptCleanup()

  private let lock = NSLock()
  private var temporaries = Set<String>()
  /// The output folders in use: their lock file and the folders the run created, by the folder's identity.
  private var folders: [ObjectIdentifier: (lockPath: String, created: [String])] = [:]
  private var ending = false

  /// The read and write ends of the pipe from the signal handler to the clean-up thread.
  private static let pipeEnds: (read: Int32, write: Int32) = {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { return (-1, -1) }
    _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
    _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
    return (ends[0], ends[1])
  }()

  private static let installed: Bool = {
    guard pipeEnds.write >= 0 else { return false }
    let thread = Thread {
      // A parent may have blocked the signals (a blocked mask is inherited): this thread takes them.
      var signals = sigset_t()
      sigemptyset(&signals)
      for number in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&signals, number) }
      pthread_sigmask(SIG_UNBLOCK, &signals, nil)
      var number: UInt8 = 0
      while true {
        let count = read(pipeEnds.read, &number, 1)
        if count == 1 { break }
        if count < 0 && errno == EINTR { continue }
        return
      }
      InterruptCleanup.shared.end(signal: Int32(number))
    }
    thread.start()
    for number in [SIGINT, SIGTERM, SIGHUP] {
      signal(number) { received in
        var byte = UInt8(truncatingIfNeeded: received)
        _ = write(InterruptCleanup.pipeEnds.write, &byte, 1)
      }
    }
    return true
  }()

  /// Installs the signal handlers, once per process.
  func install() { _ = Self.installed }

  /// Creates the temporary file `path` (it must not exist) for writing, registered for removal on an interrupt.
  ///
  /// - Returns: the descriptor, or -1 with `errno` set (`EINTR` when the process is ending).
  func createTemporary(_ path: String) -> Int32 {
    lock.lock()
    defer { lock.unlock() }
    guard !ending else {
      errno = EINTR
      return -1
    }
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o666)
    if descriptor >= 0 { temporaries.insert(path) }
    return descriptor
  }

  /// Forgets `paths` (moved into place, or removed).
  func forget(_ paths: some Sequence<String>) {
    lock.lock()
    for path in paths { temporaries.remove(path) }
    lock.unlock()
  }

  /// Registers an output folder in use.
  func register(_ folder: OutputFolder) {
    lock.lock()
    folders[ObjectIdentifier(folder)] = (folder.lockPath, folder.created)
    lock.unlock()
  }

  /// Unregisters an output folder (its run has ended).
  func unregister(_ folder: OutputFolder) {
    lock.lock()
    folders[ObjectIdentifier(folder)] = nil
    lock.unlock()
  }

  /// Removes every temporary file, lock file and empty folder created, and ends the process; the lock is kept, so
  /// that no other thread creates anything meanwhile.
  private func end(signal number: Int32) -> Never {
    lock.lock()
    ending = true
    for path in temporaries { unlink(path) }
    for (lockPath, created) in folders.values {
      unlink(lockPath)
      OutputFolder.removeFolders(created)
    }
    // _exit: end now, without running exit handlers while other threads are still working.
    _exit(128 + number)
  }
}
