import ArgumentParser
import CandorKit

/// The `candor` command: subcommands only; each parses its options and makes one call into CandorKit.
struct CandorCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "candor",
    abstract: "Score how well a vendor governs its autonomous operations agents, and how honest it is about them.",
    discussion: """
      candor reads a governance questionnaire, each vendor's answers and evidence, and the incidents observed for \
      that vendor, compares what the vendor claims with what was observed, and writes risk reports. Start with \
      'candor demo'; 'candor <command> --help' describes a command, and '--help-hidden' adds its limits on input \
      size. 'candor --generate-completion-script bash' (or zsh, fish) prints a shell completion script.

      Exit status: 0 done; 1 a --fail-on rating or a --policy requirement failed (standard error names it for each \
      vendor); 2 invalid input or usage (nothing written).
      """,
    version: CandorInfo.version,
    subcommands: [
      Demo.self, Assess.self, Compare.self, Diff.self, Validate.self, Catalog.self, Template.self, Import.self,
      Incidents.self, Serve.self,
    ]
  )
}

@main
enum Main {
  static func main() async {
    do {
      // The portal is a program of its own; its options, help and errors are its own.
      let arguments = Array(CommandLine.arguments.dropFirst())
      if arguments.first == Serve.configuration.commandName { try ServeLauncher.run(Array(arguments.dropFirst())) }
      if arguments.count == 2, arguments[0] == "help", arguments[1] == Serve.configuration.commandName {
        try ServeLauncher.run(["--help"])
      }
      // An assessment most likely reads the shipped questionnaire: read it on another core while the arguments are
      // parsed (each takes a few milliseconds; the run waits for it, or reads the one it was given).
      let assessing: [any ParsableCommand.Type] = [Assess.self, Compare.self]
      if let name = arguments.first, assessing.contains(where: { $0.configuration.commandName == name }) {
        InputLoader.prepareShippedQuestionnaire()
      }
      var command = try CandorCommand.parseAsRoot()
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      let code = CandorCommand.exitCode(for: error)
      if code == .validationFailure {
        // Usage errors exit with 2, like invalid input; a mistyped command gets a suggestion.
        let arguments = Array(CommandLine.arguments.dropFirst())
        Terminal.error(
          CommandSuggestion.message(for: arguments, root: CandorCommand.self)
            ?? CandorCommand.fullMessage(for: error))
        CandorCommand.exit(withError: ExitCode(2))
      }
      CandorCommand.exit(withError: error)
    }
  }
}
