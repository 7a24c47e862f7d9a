import Crypto
import Foundation

/// Bounds on the evidence files of a run.
public struct EvidenceLimits: Sendable, Hashable {
  /// The largest evidence file that is hashed, in bytes; a larger one is refused without being read. Default 1 GiB.
  public var maxFileBytes: Int

  /// The default: 1 GiB per file.
  public static let `default` = EvidenceLimits(maxFileBytes: 1 << 30)

  public init(maxFileBytes: Int) {
    self.maxFileBytes = maxFileBytes
  }
}

/// Checks the evidence files a response references against an evidence folder: each piece of evidence is judged
/// against its own SHA-256; missing files are reported; references that escape the folder (`..`, absolute paths,
/// symbolic links that lead out) are refused without being read.
///
/// Every path is resolved one component at a time, each opened relative to the descriptor of the folder above it
/// (the evidence folder's own descriptor first) without following symbolic links; a link inside the folder is read
/// and followed by this code, never by the kernel, so it can only lead to what lies below the evidence folder. The
/// file hashed is the descriptor that was checked (a regular file, by `fstat`): swapping a folder for a link while
/// the check runs cannot make it read anything outside. Files are hashed once per run (see ``EvidenceHashes``).
public enum EvidenceVerifier {
  /// The state of every distinct piece of evidence of `response` — a reference with the SHA-256 the response gives
  /// for it — in order of first mention. Two pieces with the same reference and different hashes get one check
  /// each, against their own hash; the file itself is opened once per reference.
  public static func check(
    _ response: Response, evidenceDirectory: String, limits: EvidenceLimits = .default,
    hashes: EvidenceHashes = EvidenceHashes()
  ) -> [EvidenceFileCheck] {
    let folder = open(evidenceDirectory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    let folderProblem = folder < 0 ? String(cString: strerror(errno)) : nil
    defer { if folder >= 0 { close(folder) } }
    var seen = Set<EvidenceFileCheck.Key>()
    var files: [String: FileState] = [:]
    var checks: [EvidenceFileCheck] = []
    for answer in response.answers {
      for evidence in answer.evidence where seen.insert(EvidenceFileCheck.Key(evidence)).inserted {
        let file: FileState
        if let known = files[evidence.reference] {
          file = known
        } else if let folderProblem {
          file = .unusable(.missing, "the evidence folder cannot be opened: \(folderProblem)")
        } else {
          file = state(of: evidence.reference, in: folder, limits: limits, hashes: hashes)
        }
        files[evidence.reference] = file
        checks.append(check(evidence, file: file))
      }
    }
    return checks
  }

  /// What became of a referenced file: its digest, or why it cannot be used.
  enum FileState {
    case hashed(String)
    case unusable(EvidenceFileCheck.State, String)
  }

  /// The check of one piece of evidence, given its file's state.
  static func check(_ evidence: Evidence, file: FileState) -> EvidenceFileCheck {
    let expected = evidence.sha256?.lowercased()
    func result(_ state: EvidenceFileCheck.State, _ detail: String, actual: String? = nil) -> EvidenceFileCheck {
      EvidenceFileCheck(
        reference: evidence.reference, state: state, actualSHA256: actual, expectedSHA256: expected, detail: detail)
    }
    switch file {
    case .unusable(let state, let detail):
      return result(state, detail)
    case .hashed(let digest):
      guard let expected else {
        return result(.unhashed, "present; the response gives no SHA-256 to check it against", actual: digest)
      }
      if digest == expected { return result(.verified, "SHA-256 matches", actual: digest) }
      return result(.hashMismatch, "SHA-256 differs from the response's: possible tampering", actual: digest)
    }
  }

  /// Resolves `reference` below `folder` and hashes the file it names.
  static func state(of reference: String, in folder: Int32, limits: EvidenceLimits, hashes: EvidenceHashes)
    -> FileState
  {
    if reference.hasPrefix("/") || reference.hasPrefix("~") {
      return .unusable(.refused, "an absolute path is refused: references are relative to the evidence folder")
    }
    let components = reference.split(separator: "/", omittingEmptySubsequences: true)
    if components.contains("..") {
      return .unusable(.refused, "a reference with '..' is refused: it could leave the evidence folder")
    }
    if reference.contains("\0") || components.isEmpty {
      return .unusable(.refused, "not a file name")
    }
    var walk = PathWalk(folder: folder)
    defer { walk.closeAll() }
    switch walk.open(components.map(String.init)) {
    case .failure(let problem):
      return .unusable(problem.state, problem.detail)
    case .success(let (descriptor, status)):
      defer { close(descriptor) }
      if Int(status.st_size) > limits.maxFileBytes {
        return .unusable(
          .refused,
          "the file is \(status.st_size) bytes, more than the limit of \(limits.maxFileBytes) bytes for an evidence "
            + "file; it was not read")
      }
      switch hashes.digest(of: descriptor, status: status, maxBytes: limits.maxFileBytes) {
      case .success(let digest): return .hashed(digest)
      case .failure(let failure): return .unusable(failure.state, failure.detail)
      }
    }
  }

  /// Why a path could not be opened or a file hashed.
  struct Problem: Error {
    var state: EvidenceFileCheck.State
    var detail: String
  }

  /// The resolution of a path below the evidence folder, one component at a time, each opened relative to the
  /// folder above it without following links; the folders opened on the way are kept (for `..` in a link's target)
  /// and closed by ``closeAll()``.
  struct PathWalk {
    let folder: Int32
    private var opened: [Int32] = []
    /// Symbolic links followed (and retries after a component changed under the walk), at most 40.
    private var hops = 0

    init(folder: Int32) {
      self.folder = folder
    }

    private var current: Int32 { opened.last ?? folder }

    mutating func closeAll() {
      for descriptor in opened { close(descriptor) }
      opened.removeAll()
    }

    /// Opens the regular file at `components` (relative to the evidence folder).
    mutating func open(_ components: [String]) -> Result<(descriptor: Int32, status: stat), Problem> {
      var pending = Array(components.reversed())
      while let name = pending.popLast() {
        if name == "." { continue }
        if name == ".." {
          guard let last = opened.popLast() else {
            return .failure(Problem(state: .refused, detail: "the path leads outside the evidence folder"))
          }
          close(last)
          continue
        }
        var status = stat()
        guard fstatat(current, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else {
          return .failure(missing(errno))
        }
        let isLast = pending.isEmpty
        switch status.st_mode & S_IFMT {
        case S_IFLNK:
          hops += 1
          guard hops <= 40, let target = Self.linkTarget(name, in: current) else {
            return .failure(Problem(state: .refused, detail: "a symbolic link that cannot be followed"))
          }
          if target.hasPrefix("/") {
            return .failure(
              Problem(state: .refused, detail: "the path leads outside the evidence folder (through a symbolic link)"))
          }
          pending += target.split(separator: "/", omittingEmptySubsequences: true).reversed().map(String.init)
        case S_IFDIR:
          if isLast { return .failure(Problem(state: .missing, detail: "is a folder, not a file")) }
          let descriptor = openat(current, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
          guard descriptor >= 0 else {
            // Replaced by something else since it was looked at: look again (a bounded number of times).
            hops += 1
            guard hops <= 40, errno == ELOOP || errno == ENOTDIR else { return .failure(missing(errno)) }
            pending.append(name)
            continue
          }
          opened.append(descriptor)
        case S_IFREG:
          guard isLast else { return .failure(Problem(state: .missing, detail: "no such file in the evidence folder")) }
          switch RegularFile.open(name, in: current) {
          case .success(let file): return .success(file)
          case .failure(let refusal):
            if refusal.isNotRegular || refusal.code == ELOOP {
              // Replaced since it was looked at: look again (a bounded number of times).
              hops += 1
              guard hops <= 40 else { return .failure(notRegular(refusal.reason)) }
              pending.append(name)
              continue
            }
            return .failure(Problem(state: .missing, detail: "the file cannot be read: \(refusal.reason)"))
          }
        default:
          return .failure(notRegular(RegularFile.kind(status) ?? "not a regular file"))
        }
      }
      return .failure(Problem(state: .missing, detail: "is a folder, not a file"))
    }

    private func notRegular(_ kind: String) -> Problem {
      Problem(state: .refused, detail: "is \(kind), not a regular file; it was not read")
    }

    private func missing(_ code: Int32) -> Problem {
      code == ENOENT || code == ENOTDIR
        ? Problem(state: .missing, detail: "no such file in the evidence folder")
        : Problem(state: .missing, detail: "the file cannot be read: \(String(cString: strerror(code)))")
    }

    /// The target of the symbolic link `name` in `directory`.
    static func linkTarget(_ name: String, in directory: Int32) -> String? {
      var buffer = [UInt8](repeating: 0, count: 4_096)
      let length = buffer.withUnsafeMutableBytes { readlinkat(directory, name, $0.baseAddress!, $0.count) }
      guard length > 0, length < buffer.count else { return nil }
      return String(decoding: buffer[..<length], as: UTF8.self)
    }
  }
}

/// The SHA-256 of every evidence file read in a run, by device, inode, size and modification time: a file is
/// hashed once however many references, spellings (`x`, `./x`, `a/./x`, a link to it) or vendors name it. One
/// value is shared by every vendor of a run; it is thread-safe, and two threads asking for the same file at once
/// hash it once (the second waits).
public final class EvidenceHashes: @unchecked Sendable {
  private struct FileKey: Hashable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var seconds: Int
    var nanoseconds: Int
  }

  private enum Entry {
    case hashing
    case done(String)
  }

  private let condition = NSCondition()
  private var entries: [FileKey: Entry] = [:]
  private var hashed = 0

  public init() {}

  /// How many files were read and hashed (for tests and measurements).
  public var filesHashed: Int {
    condition.lock()
    defer { condition.unlock() }
    return hashed
  }

  /// The digest of the regular file open as `descriptor` (whose `fstat` is `status`), read in 1 MiB chunks, at most
  /// `maxBytes` of it.
  func digest(of descriptor: Int32, status: stat, maxBytes: Int) -> Result<String, EvidenceVerifier.Problem> {
    #if canImport(Darwin)
      let modified = status.st_mtimespec
    #else
      let modified = status.st_mtim
    #endif
    let key = FileKey(
      device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
      seconds: Int(modified.tv_sec), nanoseconds: Int(modified.tv_nsec))
    condition.lock()
    while true {
      switch entries[key] {
      case .done(let digest):
        condition.unlock()
        return .success(digest)
      case .hashing:
        condition.wait()
        continue
      case nil:
        entries[key] = .hashing
        hashed += 1
      }
      break
    }
    condition.unlock()
    let result = Self.sha256(of: descriptor, maxBytes: maxBytes)
    condition.lock()
    switch result {
    case .success(let digest): entries[key] = .done(digest)
    case .failure: entries[key] = nil
    }
    condition.broadcast()
    condition.unlock()
    return result
  }

  /// The SHA-256 of what can be read from `descriptor`, refused past `maxBytes` (a file that grew since `fstat`).
  static func sha256(of descriptor: Int32, maxBytes: Int) -> Result<String, EvidenceVerifier.Problem> {
    var hasher = SHA256()
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    var total = 0
    while true {
      let count = read(descriptor, buffer.baseAddress, buffer.count)
      if count < 0 && errno == EINTR { continue }
      guard count >= 0 else {
        return .failure(
          .init(state: .missing, detail: "the file cannot be read: \(String(cString: strerror(errno)))"))
      }
      guard count > 0 else { break }
      total += count
      if total > maxBytes {
        return .failure(
          .init(
            state: .refused,
            detail: "the file grew past the limit of \(maxBytes) bytes for an evidence file while it was read"))
      }
      hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
    }
    return .success(Digest.hex(Array(hasher.finalize())))
  }
}
