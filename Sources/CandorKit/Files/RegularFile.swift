import Foundation

/// Opening files to read without ever blocking on them: only regular files are read.
///
/// A named pipe blocks `open` until something writes to it, a device may do anything, and either can stand where a
/// file is expected (a response, an incident file, an `.xml` inside an input folder, an evidence file). So a path
/// is checked with `stat` before it is opened, and anything but a regular file is refused without being opened; it
/// is opened with `O_NONBLOCK` (a file swapped for a pipe in between cannot block either) and checked again with
/// `fstat` on the descriptor, which is what is then read.
enum RegularFile {
  /// Why a file was not opened.
  struct Refusal: Error {
    /// What the path is instead ("a named pipe (FIFO)"), or the system's reason.
    var reason: String
    /// Whether the path exists but is not a regular file (rather than missing or unreadable).
    var isNotRegular: Bool
    /// Whether the path is a folder.
    var isFolder: Bool
    /// The system's error number when the system refused (0 when the file is not a regular one).
    var code: Int32 = 0
  }

  /// Opens `path` for reading; returns the descriptor (the caller closes it) and the file's status.
  static func open(_ path: String) -> Result<(descriptor: Int32, status: stat), Refusal> {
    var before = stat()
    guard stat(path, &before) == 0 else { return .failure(systemRefusal()) }
    if let kind = kind(before) { return .failure(notRegular(kind)) }
    let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
    guard descriptor >= 0 else { return .failure(systemRefusal()) }
    return checked(descriptor)
  }

  /// Opens `name`, a single path component, in the folder open as `directory`, without following a symbolic link
  /// (a link is reported as one). Returns the descriptor and the file's status.
  static func open(_ name: String, in directory: Int32) -> Result<(descriptor: Int32, status: stat), Refusal> {
    let descriptor = openat(directory, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW)
    guard descriptor >= 0 else { return .failure(systemRefusal()) }
    return checked(descriptor)
  }

  /// `descriptor` when `fstat` says it is a regular file; otherwise it is closed and refused.
  private static func checked(_ descriptor: Int32) -> Result<(descriptor: Int32, status: stat), Refusal> {
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      let refusal = systemRefusal()
      close(descriptor)
      return .failure(refusal)
    }
    if let kind = kind(status) {
      close(descriptor)
      return .failure(notRegular(kind))
    }
    return .success((descriptor, status))
  }

  /// What a file that is not a regular file is, for messages; nil for a regular file.
  static func kind(_ status: stat) -> String? {
    switch status.st_mode & S_IFMT {
    case S_IFREG: nil
    case S_IFDIR: "a folder"
    case S_IFIFO: "a named pipe (FIFO)"
    case S_IFCHR: "a character device"
    case S_IFBLK: "a block device"
    case S_IFSOCK: "a socket"
    case S_IFLNK: "a symbolic link"
    default: "not a regular file"
    }
  }

  private static func notRegular(_ kind: String) -> Refusal {
    Refusal(reason: kind, isNotRegular: true, isFolder: kind == "a folder")
  }

  private static func systemRefusal() -> Refusal {
    let code = errno
    return Refusal(reason: String(cString: strerror(code)), isNotRegular: false, isFolder: code == EISDIR, code: code)
  }
}
