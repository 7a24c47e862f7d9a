import ArgumentParser
import CandorKit

/// "Did you mean …?" for a mistyped subcommand at any level (`candor asess`, `candor incidents imprt`): the
/// arguments are followed down the command tree, and the first word that is not a subcommand where one is expected
/// is matched against the subcommands there.
enum CommandSuggestion {
  /// The message for `arguments` (without the program name) when a word names no subcommand; nil otherwise.
  static func message(for arguments: [String], root: any ParsableCommand.Type) -> String? {
    var subcommands = root.configuration.subcommands
    var path = [root._commandName]
    for argument in arguments {
      guard !subcommands.isEmpty, !argument.hasPrefix("-"), argument != "help" else { return nil }
      var known: [String] = []
      var next: (any ParsableCommand.Type)?
      for subcommand in subcommands {
        let name = subcommand._commandName
        known.append(name)
        if name == argument || subcommand.configuration.aliases.contains(argument) { next = subcommand }
      }
      if let next {
        subcommands = next.configuration.subcommands
        path.append(next._commandName)
        continue
      }
      let prefix = path.joined(separator: " ")
      let suggestion =
        known.first { $0.lowercased() == argument.lowercased() } ?? Suggestion.closest(to: argument, in: known)
      return "\(prefix): '\(argument)' is not a command"
        + (suggestion.map { "; did you mean '\(prefix) \($0)'?" } ?? ".")
        + " The commands are \(known.joined(separator: ", ")); '\(prefix) --help' describes them."
    }
    return nil
  }
}
