import Foundation

/// The executables `swift test` builds (every product of the package) next to the test bundle.
public enum BuiltProducts {
  /// The executable `name` next to the running test bundle (looking up to four folders up), else `fallback`.
  public static func executable(_ name: String, fallback: URL) -> URL {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = directory.appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      directory.deleteLastPathComponent()
    }
    return fallback
  }
}
