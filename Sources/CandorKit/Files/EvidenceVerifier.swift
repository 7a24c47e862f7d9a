import Crypto
import Foundation

/// Checks the evidence files a response references against an evidence folder: each file's SHA-256 is computed
/// and compared with the response's; missing files are reported; references that escape the folder (`..`,
/// absolute paths, symbolic links that lead out) are refused without being read.
public enum EvidenceVerifier {
  /// The state of every distinct evidence reference of `response`, in order of first mention.
  public static func check(_ response: Response, evidenceDirectory: String) -> [EvidenceFileCheck] {
    let root = URL(fileURLWithPath: evidenceDirectory).standardizedFileURL.resolvingSymlinksInPath().path
    var seen = Set<String>()
    var checks: [EvidenceFileCheck] = []
    for answer in response.answers {
      for evidence in answer.evidence where seen.insert(evidence.reference).inserted {
        checks.append(check(evidence, root: root))
      }
    }
    return checks
  }

  static func check(_ evidence: Evidence, root: String) -> EvidenceFileCheck {
    let reference = evidence.reference
    func result(_ state: EvidenceFileCheck.State, _ detail: String, actual: String? = nil) -> EvidenceFileCheck {
      EvidenceFileCheck(
        reference: reference, state: state, actualSHA256: actual, expectedSHA256: evidence.sha256, detail: detail)
    }
    if reference.hasPrefix("/") || reference.hasPrefix("~") {
      return result(.refused, "an absolute path is refused: references are relative to the evidence folder")
    }
    let components = reference.split(separator: "/", omittingEmptySubsequences: true)
    if components.contains("..") {
      return result(.refused, "a reference with '..' is refused: it could leave the evidence folder")
    }
    if reference.contains("\0") || components.isEmpty {
      return result(.refused, "not a file name")
    }
    let path = (root as NSString).appendingPathComponent(reference)
    let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    guard resolved == root || resolved.hasPrefix(root + "/") else {
      return result(.refused, "the path leads outside the evidence folder (through a symbolic link)")
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) else {
      return result(.missing, "no such file in the evidence folder")
    }
    guard !isDirectory.boolValue else { return result(.missing, "is a folder, not a file") }
    guard let digest = sha256(ofFile: resolved) else { return result(.missing, "the file cannot be read") }
    guard let expected = evidence.sha256 else {
      return result(.unhashed, "present; the response gives no SHA-256 to check it against", actual: digest)
    }
    if digest == expected.lowercased() {
      return result(.verified, "SHA-256 matches", actual: digest)
    }
    return result(.hashMismatch, "SHA-256 differs from the response's: possible tampering", actual: digest)
  }

  /// The SHA-256 of a file, read in 1 MiB chunks.
  static func sha256(ofFile path: String) -> String? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    var hasher = SHA256()
    do {
      // `read(upToCount:)` returns nil (or empty data) at the end of the file.
      while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
        hasher.update(data: chunk)
      }
    } catch {
      return nil
    }
    return hasher.finalize().map { String(format: "%02x", $0) }.joined()
  }
}
