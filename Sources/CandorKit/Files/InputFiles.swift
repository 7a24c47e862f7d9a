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
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw InputError(at: start, "cannot open the file for reading")
    }
    defer { try? handle.close() }
    let data: Data
    do {
      data = try handle.read(upToCount: maxBytes + 1) ?? Data()
    } catch {
      throw InputError(at: start, "cannot read the file: \(error.localizedDescription)")
    }
    if data.count > maxBytes {
      throw InputError(at: start, "the file is more than the limit of \(maxBytes) bytes")
    }
    return SourceText(name: path, bytes: [UInt8](data))
  }

  /// The files to read for `paths`: files as given, and the `.xml` files directly inside any folder, sorted.
  public static func expand(_ paths: [String], extensions: Set<String> = ["xml"]) throws(InputError) -> [String] {
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
        result += names.filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }.sorted().map {
          base + $0
        }
      } else {
        result.append(path)
      }
    }
    return result
  }
}

/// SHA-256 digests, lower-case hex.
public enum Digest {
  public static func sha256(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { byte in
      let hex = String(byte, radix: 16)
      return byte < 16 ? "0" + hex : hex
    }.joined()
  }

  public static func sha256(_ text: String) -> String { sha256(Array(text.utf8)) }
}
