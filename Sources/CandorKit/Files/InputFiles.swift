import CandorXML
import Crypto
import Foundation

/// Reading input files from disk: the size cap is checked before anything is read, and every failure is a
/// diagnostic naming the file.
public enum InputFiles {
  /// Reads the file at `path`, refusing one larger than `maxBytes` before reading it, and anything that is not a
  /// regular file (a folder, a named pipe, a device, a socket) before opening it (see ``RegularFile``).
  ///
  /// - Throws: ``InputError`` for a missing, unreadable, non-regular or oversized file.
  public static func read(_ path: String, maxBytes: Int = XMLLimits.default.maxBytes) throws(InputError) -> SourceText {
    let start = SourceLocation(file: path, line: 0, column: 0)
    let descriptor: Int32
    let status: stat
    switch RegularFile.open(path) {
    case .success(let opened): (descriptor, status) = opened
    case .failure(let refusal): throw InputError(at: start, message(for: refusal))
    }
    defer { close(descriptor) }
    if Int(status.st_size) > maxBytes {
      throw InputError(at: start, "the file is \(status.st_size) bytes, more than the limit of \(maxBytes) bytes")
    }
    // Read at most maxBytes + 1 bytes (one more tells that the file is too large) straight into the array, sized
    // for a regular file's length (and grown if the file is longer than it said).
    var bytes = [UInt8](repeating: 0, count: min(Int(status.st_size) + 1, maxBytes + 1))
    var filled = 0
    var failure: Int32 = 0
    while filled <= maxBytes {
      if filled == bytes.count {
        bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, maxBytes + 1 - filled)))
      }
      let count = bytes.withUnsafeMutableBytes { readFile(descriptor, $0.baseAddress! + filled, $0.count - filled) }
      if count < 0 {
        if errno == EINTR { continue }
        failure = errno
        break
      }
      if count == 0 { break }
      filled += count
    }
    bytes.removeLast(bytes.count - filled)
    if failure != 0 {
      throw InputError(at: start, "cannot read the file: \(String(cString: strerror(failure)))")
    }
    if bytes.count > maxBytes {
      throw InputError(at: start, "the file is more than the limit of \(maxBytes) bytes")
    }
    return SourceText(name: path, bytes: bytes)
  }

  /// The message for a file that was not opened.
  static func message(for refusal: RegularFile.Refusal) -> String {
    if refusal.isFolder { return "is a folder, expected a file" }
    if refusal.isNotRegular {
      return "is \(refusal.reason), not a regular file; candor reads only regular files (it was not opened)"
    }
    return "cannot read the file: \(refusal.reason)"
  }

  /// The questionnaire at `path`, or the bundled default when `path` is nil.
  public static func questionnaire(_ path: String?, maxBytes: Int) throws(InputError) -> SourceText {
    guard let path else { return BundledResources.defaultQuestionnaire }
    return try read(path, maxBytes: maxBytes)
  }
}

/// SHA-256 digests, lower-case hex.
public enum Digest {
  /// The SHA-256 of `bytes`, as 32 bytes.
  public static func sha256Bytes(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }

  /// The SHA-256 of `bytes`, lower-case hex.
  public static func sha256(_ bytes: [UInt8]) -> String { hex(Array(SHA256.hash(data: bytes))) }

  /// The SHA-256 of `bytes` in memory, lower-case hex.
  public static func sha256(_ bytes: UnsafeRawBufferPointer) -> String { hex(Array(SHA256.hash(data: bytes))) }

  /// `bytes` as lower-case hexadecimal.
  public static func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8](repeating: 0, count: bytes.count * 2)
    for (index, byte) in bytes.enumerated() {
      out[2 * index] = digits[Int(byte >> 4)]
      out[2 * index + 1] = digits[Int(byte & 0x0F)]
    }
    return String(decoding: out, as: UTF8.self)
  }

  public static func sha256(_ text: String) -> String { sha256(Array(text.utf8)) }
}

/// The C library's read(2), under a name that the static `InputFiles.read` does not hide.
private func readFile(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
  read(descriptor, buffer, count)
}
