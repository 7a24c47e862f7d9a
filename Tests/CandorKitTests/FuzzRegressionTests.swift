import CandorFuzzHarness
import Foundation
import Testing

/// Replays every input the fuzzers found (Tests/Fixtures/fuzz/TARGET/) and the seeds through the same harness the
/// fuzzers run: none may crash, hang or trip a sanitizer.
@Suite(.timeLimit(.minutes(2))) struct FuzzRegressionTests {
  static func files(_ folder: String) -> [URL] {
    let directory = Fixtures.root.appendingPathComponent(folder)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.sorted().filter { !$0.hasPrefix(".") && $0 != "README.md" }.map {
      directory.appendingPathComponent($0)
    }
  }

  @Test(arguments: FuzzHarness.Target.allCases)
  func regressionsAndSeedsRunClean(target: FuzzHarness.Target) throws {
    let inputs =
      Self.files("fuzz/\(target.rawValue)") + Self.files("attacks") + Self.files("reference") + Self.files("import")
      + Self.files("feeds")
    #expect(!inputs.isEmpty)
    for url in inputs {
      FuzzHarness.run(target, [UInt8](try Data(contentsOf: url)))
    }
  }
}
