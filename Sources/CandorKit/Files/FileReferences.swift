import CandorXML
import Crypto
import Foundation

/// Checks files that a document refers to by name and SHA-256 (comparison.xml's `<report-file>`, a run manifest's
/// `<output>`): each must be a regular file in the document's folder whose bytes have the SHA-256 recorded. This is
/// what makes a comparison, or a whole run, verifiable after the fact: a report changed by one byte is found.
public enum FileReferences {
  /// A reference to check: the file name (in `directory`), the SHA-256 recorded, and where the reference is written.
  public struct Reference: Sendable {
    public var name: String
    public var sha256: String
    public var location: SourceLocation

    public init(name: String, sha256: String, location: SourceLocation) {
      self.name = name
      self.sha256 = sha256
      self.location = location
    }
  }

  /// The references a comparison's root element holds (`vendor/report-file`).
  public static func ofComparison<E: ReadableElement>(_ root: E) -> [Reference] {
    root.children(named: "vendor").flatMap { vendor in
      vendor.children(named: "report-file").map {
        Reference(
          name: $0.attribute("name") ?? "", sha256: ($0.attribute("sha256") ?? "").lowercased(),
          location: $0.location(ofAttribute: "sha256"))
      }
    }
  }

  /// The references a run manifest's root element holds (`output`, one per file the run wrote).
  public static func ofRunManifest<E: ReadableElement>(_ root: E) -> [Reference] {
    root.children(named: "output").map {
      Reference(
        name: $0.attribute("name") ?? "", sha256: ($0.attribute("sha256") ?? "").lowercased(),
        location: $0.location(ofAttribute: "sha256"))
    }
  }

  /// One error per reference that does not hold: a name that is not a plain file name, a missing or unreadable
  /// file, or bytes whose SHA-256 differs from the one recorded.
  public static func check(_ references: [Reference], in directory: String, document: String) -> [Diagnostic] {
    references.compactMap { reference in
      let problem = self.problem(reference, in: directory, document: document)
      return problem.map { Diagnostic(.error, at: reference.location, $0) }
    }
  }

  static func problem(_ reference: Reference, in directory: String, document: String) -> String? {
    let name = reference.name
    guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
      return "\"\(name)\" is not a file name in the folder of \(document)"
    }
    let path = (directory as NSString).appendingPathComponent(name)
    switch sha256(ofRegularFile: path) {
    case .failure(let failure):
      return "\(name), which \(document) refers to, \(failure.reason)"
    case .success(let digest) where digest != reference.sha256:
      return "\(name) has changed since \(document) was written: its SHA-256 is \(digest), the document records "
        + "\(reference.sha256)"
    case .success:
      return nil
    }
  }

  /// Why a referenced file could not be hashed.
  struct Unreadable: Error {
    var reason: String
  }

  /// The SHA-256 (lower-case hex) of the regular file at `path`, read in 1 MiB chunks: it is opened without
  /// following a symbolic link and without blocking, and checked to be a regular file on the descriptor it is read
  /// from.
  static func sha256(ofRegularFile path: String) -> Result<String, Unreadable> {
    let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else {
      return .failure(
        Unreadable(reason: errno == ENOENT ? "does not exist" : "cannot be read (\(String(cString: strerror(errno))))"))
    }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
      return .failure(Unreadable(reason: "is not a regular file"))
    }
    var hasher = SHA256()
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    while true {
      let count = read(descriptor, buffer.baseAddress, buffer.count)
      if count < 0 && errno == EINTR { continue }
      guard count >= 0 else { return .failure(Unreadable(reason: "cannot be read")) }
      if count == 0 { break }
      hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
    }
    return .success(Digest.hex(Array(hasher.finalize())))
  }
}
