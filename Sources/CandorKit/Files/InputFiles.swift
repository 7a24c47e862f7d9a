import CandorXML
import Crypto
import Foundation

/// Reading input files from disk: the size cap is checked before anything is read, and every failure is a
/// diagnostic naming the file.
public enum InputFiles {
  /// Reads the file at `path`, refusing one larger than `maxBytes` before reading it.
  ///
  /// - Throws: ``InputError`` for a missing, unreadable, non-regular or oversized file.
  public static func read(_ path: String, maxBytes: Int = XMLLimits.default.maxBytes) throws(InputError) -> SourceText {
    let start = SourceLocation(file: path, line: 0, column: 0)
    var status = stat()
    guard stat(path, &status) == 0 else {
      throw InputError(at: start, "cannot read the file: \(String(cString: strerror(errno)))")
    }
    let isDirectory = (status.st_mode & S_IFMT) == S_IFDIR
    if isDirectory { throw InputError(at: start, "is a folder, expected a file") }
    let isRegular = (status.st_mode & S_IFMT) == S_IFREG
    if isRegular, Int(status.st_size) > maxBytes {
      throw InputError(at: start, "the file is \(status.st_size) bytes, more than the limit of \(maxBytes) bytes")
    }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw InputError(at: start, "cannot open the file for reading")
    }
    defer { close(descriptor) }
    // Read at most maxBytes + 1 bytes (one more tells that the file is too large) straight into the array, sized
    // for a regular file's length (and grown if the file is longer than it said).
    var bytes = [UInt8](repeating: 0, count: min(isRegular ? Int(status.st_size) + 1 : 1 << 16, maxBytes + 1))
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

  /// The questionnaire at `path`, or the bundled default when `path` is nil.
  public static func questionnaire(_ path: String?, maxBytes: Int) throws(InputError) -> SourceText {
    guard let path else { return BundledResources.defaultQuestionnaire }
    return try read(path, maxBytes: maxBytes)
  }

  /// The files to read for `paths`: files as given, and the `.xml` files directly inside any folder whose root
  /// element is `rootElement` (when given), sorted by name.
  public static func expand(_ paths: [String], rootElement: String? = nil) throws(InputError) -> [String] {
    var result: [String] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        let names: [String]
        do {
          names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
          throw InputError(at: SourceLocation(file: path, line: 0, column: 0), "cannot list the folder")
        }
        let base = path.hasSuffix("/") ? path : path + "/"
        let files = names.filter { ($0 as NSString).pathExtension.lowercased() == "xml" }.sorted().map { base + $0 }
        result += files.filter { file in rootElement.map { rootName(of: file) == $0 } ?? true }
      } else {
        result.append(path)
      }
    }
    return result
  }

  /// The local name of a file's root element, read from its first 64 KiB (to pick files out of a folder; the
  /// file is fully checked when it is loaded).
  static func rootName(of path: String) -> String? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    guard let data = try? handle.read(upToCount: 65_536) else { return nil }
    let bytes = [UInt8](data)
    var index = 0
    while index < bytes.count {
      guard let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")), open + 1 < bytes.count else { return nil }
      let next = bytes[open + 1]
      if next == UInt8(ascii: "?") || next == UInt8(ascii: "!") {
        // Skip a declaration, a processing instruction or a comment.
        let closing = next == UInt8(ascii: "!") && bytes[(open + 1)...].starts(with: Array("!--".utf8)) ? "-->" : ">"
        guard let end = find(Array(closing.utf8), in: bytes, from: open + 2) else { return nil }
        index = end + closing.utf8.count
        continue
      }
      var end = open + 1
      while end < bytes.count,
        ![UInt8(ascii: " "), 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/")].contains(bytes[end])
      {
        end += 1
      }
      let name = String(decoding: bytes[(open + 1)..<end], as: UTF8.self)
      return name.split(separator: ":").last.map(String.init)
    }
    return nil
  }

  private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
    guard needle.count <= bytes.count else { return nil }
    var index = start
    while index + needle.count <= bytes.count {
      if bytes[index..<index + needle.count].elementsEqual(needle) { return index }
      index += 1
    }
    return nil
  }
}

/// SHA-256 digests, lower-case hex.
public enum Digest {
  /// The SHA-256 of `bytes`, as 32 bytes.
  public static func sha256Bytes(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }

  /// The SHA-256 of `bytes`, lower-case hex.
  public static func sha256(_ bytes: [UInt8]) -> String { hex(Array(SHA256.hash(data: bytes))) }

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
