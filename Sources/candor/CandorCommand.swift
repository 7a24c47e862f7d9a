import ArgumentParser
import CandorKit

/// The `candor` command: subcommands only; each parses its options and makes one call into CandorKit.
struct CandorCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "candor",
    abstract: "Score how well a vendor governs its autonomous operations agents, and how honest it is about them.",
    discussion: """
      candor reads a governance questionnaire, each vendor's answers and evidence, and the incidents observed for
      that vendor, compares what the vendor claims with what was observed, and writes risk reports.

      Exit status: 0 done; 1 a --fail-on or policy gate failed; 2 invalid input or usage (nothing written).
      """,
    version: CandorVersion.current,
    subcommands: [
      Demo.self, Assess.self, Compare.self, Diff.self, Validate.self, Catalog.self, Template.self, Import.self,
      Incidents.self,
    ]
  )
}

/// The version printed by `--version`.
enum CandorVersion {
  static let current = "0.1.0"
}

@main
enum Main {
  static func main() async {
    do {
      var command = try CandorCommand.parseAsRoot()
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      let code = CandorCommand.exitCode(for: error)
      if code == .validationFailure {
        // Usage errors exit with 2, like invalid input.
        Terminal.error(CandorCommand.fullMessage(for: error))
        Terminal.error("Run 'candor --help' for usage.")
        CandorCommand.exit(withError: ExitCode(2))
      }
      CandorCommand.exit(withError: error)
    }
  }
}
