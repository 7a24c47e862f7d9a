import ArgumentParser
import Foundation

/// `candor serve` as `candor --help` lists it. The portal is the program `candor-serve`, installed beside `candor`:
/// ``ServeLauncher`` runs it with the arguments after `serve` before anything here is parsed, so that
/// `candor serve --help` and its errors are the portal's own.
struct Serve: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Run the vendor portal and the register of assessment rounds (see docs/serve.md).",
    discussion: """
      Runs the program candor-serve, installed beside candor (see the README's Install), with the arguments after \
      'serve'; 'candor serve --help' describes its options (--data, --host, --port, --create-admin, …).
      """)

  @Argument(parsing: .captureForPassthrough, help: "The portal's options ('candor serve --help').")
  var arguments: [String] = []

  func run() throws {
    try ServeLauncher.run(arguments)
  }
}

/// Runs `candor-serve` in place of this process.
enum ServeLauncher {
  /// The portal's program name.
  static let program = "candor-serve"

  /// Replaces this process with `candor-serve` and `arguments`: the one beside this executable (symbolic links
  /// followed), or else the first on `PATH`. Returns only by throwing, when there is none or it cannot start.
  static func run(_ arguments: [String]) throws -> Never {
    guard let path = locate() else {
      Terminal.error(
        "candor serve: the program \(program) is not installed beside candor (\(ownFolder() ?? "unknown folder")) "
          + "nor on PATH; install it with candor (README, Install: copy both .build/release/candor and "
          + ".build/release/\(program))")
      throw ExitCode(2)
    }
    var argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) }
    argv.append(nil)
    execv(path, argv)
    let reason = String(cString: strerror(errno))
    Terminal.error("candor serve: cannot run \(path): \(reason)")
    throw ExitCode(2)
  }

  /// The folder of this executable, symbolic links resolved.
  static func ownFolder() -> String? {
    guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
    return executable.deletingLastPathComponent().path
  }

  /// `candor-serve` beside this executable, else on `PATH`.
  static func locate() -> String? {
    var folders: [String] = []
    if let own = ownFolder() { folders.append(own) }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    folders += path.split(separator: ":").map(String.init).filter { !$0.isEmpty }
    return folders.lazy.map { ($0 as NSString).appendingPathComponent(program) }.first {
      access($0, X_OK) == 0
    }
  }
}
