import CandorKit
import Dispatch
import Foundation

/// Writes a generated corpus to a folder: `responses/response-vendor-NNNNN.xml` and `incidents/incidents-KKK.xml`.
public enum CorpusWriter {
  /// What went wrong while writing.
  public struct WriteError: Error, CustomStringConvertible {
    public var description: String
  }

  /// Writes `vendors` responses and `incidents` incidents (in files of at most
  /// ``CorpusGenerator/incidentsPerFile``) under `directory`. Files of earlier generations with the corpus's
  /// names are removed first, so that the folders hold exactly this corpus.
  ///
  /// - Returns: the paths written, responses first.
  @discardableResult
  public static func write(_ generator: CorpusGenerator, vendors: Int, incidents: Int, to directory: String) throws
    -> [String]
  {
    let responses = (directory as NSString).appendingPathComponent("responses")
    let incidentFolder = (directory as NSString).appendingPathComponent("incidents")
    try prepare(responses, removing: "response-vendor-")
    try prepare(incidentFolder, removing: "incidents-")
    let fileCount = (incidents + CorpusGenerator.incidentsPerFile - 1) / CorpusGenerator.incidentsPerFile
    var jobs: [(path: String, content: @Sendable () -> String)] = []
    for index in 0..<vendors {
      jobs.append(
        (
          (responses as NSString).appendingPathComponent(CorpusGenerator.responseFileName(index)),
          { generator.response(vendor: index) }
        ))
    }
    for file in 0..<fileCount {
      let range =
        (file * CorpusGenerator.incidentsPerFile)..<min(incidents, (file + 1) * CorpusGenerator.incidentsPerFile)
      jobs.append(
        (
          (incidentFolder as NSString).appendingPathComponent(CorpusGenerator.incidentFileName(file)),
          { generator.incidents(range, vendorCount: vendors) }
        ))
    }
    let failures = Failures()
    let all = jobs
    DispatchQueue.concurrentPerform(iterations: all.count) { index in
      let job = all[index]
      if !FileManager.default.createFile(atPath: job.path, contents: Data(job.content().utf8)) {
        failures.add(job.path)
      }
    }
    if let first = failures.first { throw WriteError(description: "cannot write \(first)") }
    return all.map(\.path)
  }

  private static func prepare(_ folder: String, removing prefix: String) throws {
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      for name in try FileManager.default.contentsOfDirectory(atPath: folder)
      where name.hasPrefix(prefix) && name.hasSuffix(".xml") {
        try FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
      }
    } catch {
      throw WriteError(description: "cannot prepare \(folder): \(error.localizedDescription)")
    }
  }

  private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [String] = []

    func add(_ path: String) {
      lock.lock()
      paths.append(path)
      lock.unlock()
    }

    var first: String? {
      lock.lock()
      defer { lock.unlock() }
      return paths.min()
    }
  }
}
