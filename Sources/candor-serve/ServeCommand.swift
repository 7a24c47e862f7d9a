import ArgumentParser
import CandorKit
import CandorServer
import Foundation

/// `candor serve`: the vendor portal. A program of its own, which `candor serve` runs (``ServeLauncher`` in the
/// `candor` command): the command line's other commands then carry no web server, SQLite or their start-up cost.
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    // What the user types: `candor serve` runs this program with the arguments after `serve`.
    commandName: "candor serve",
    abstract: "Run the vendor portal and the register of assessment rounds (see docs/serve.md).",
    discussion: """
      Serves the team's pages (sign-in, rounds, dashboards, the audit log) and the vendors' pages (one link per \
      vendor and round: the questionnaire by part, drafts, evidence uploads, review and submit). Everything is kept \
      in the data folder: the SQLite register, the round inputs, the evidence files and the submissions.

      On first start, with no team member yet, a member admin@localhost is created with a random password, printed \
      once. --create-admin EMAIL creates a member (or sets a new password for one) and exits: the password is read \
      from standard input with --password-stdin, or generated and printed.

      Listens on 127.0.0.1 unless --host says otherwise. To serve other machines, put a TLS reverse proxy in front \
      and pass --behind-tls (cookies are then marked Secure).
      """)

  @Option(name: .customLong("data"), help: "The data folder (created when missing).")
  var data: String

  @Option(help: "The address to listen on.")
  var host = "127.0.0.1"

  @Option(help: "The port to listen on (0 picks a free one).")
  var port = 8080

  @Flag(help: "The portal is reached through HTTPS (a TLS reverse proxy): mark cookies Secure.")
  var behindTLS = false

  @Flag(help: "Take the client's address from X-Forwarded-For (only behind a proxy that sets it).")
  var trustForwardedFor = false

  @Option(
    name: .customLong("create-admin"),
    help: ArgumentHelp("Create a team member (or reset its password) and exit.", valueName: "email"))
  var createAdmin: String?

  @Flag(help: "With --create-admin: read the password from standard input (at least 12 characters).")
  var passwordStdin = false

  func validate() throws {
    guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    if passwordStdin && createAdmin == nil { throw ValidationError("--password-stdin goes with --create-admin") }
  }

  func run() async throws {
    let configuration = ServerConfiguration(
      dataDirectory: data, host: host, port: port, behindTLS: behindTLS, trustForwardedFor: trustForwardedFor)
    do {
      if let email = createAdmin {
        let password: String
        if passwordStdin {
          password = (readLine(strippingNewline: true) ?? "")
        } else {
          password = ServerSetup.randomPassword()
        }
        let created = try await setTeamMember(configuration: configuration, email: email, password: password)
        Output.line("\(created ? "Created" : "Set a new password for") team member \(email).")
        if !passwordStdin { Output.line("Password (shown once): \(password)") }
        return
      }
      if let first = try await createFirstTeamMember(configuration: configuration) {
        Output.line("First start: created team member \(first.email) with the password \(first.password)")
        Output.line("(shown once; add members or reset a password with --create-admin)")
      }
      try await runServer(configuration: configuration) { port in
        Output.line("candor serve: listening on http://\(host):\(port)/ (data folder \(data)); Ctrl-C stops it")
      }
    } catch let error as ValidationError {
      throw error
    } catch {
      Output.error("candor serve: \(error)")
      throw ExitCode(2)
    }
  }
}

@main
enum ServeMain {
  static func main() async {
    do {
      let command = try ServeCommand.parse()
      try await command.run()
    } catch {
      // Usage errors exit with 2, like invalid input, as every candor command does.
      if ServeCommand.exitCode(for: error) == .validationFailure {
        Output.error(ServeCommand.fullMessage(for: error))
        ServeCommand.exit(withError: ExitCode(2))
      }
      ServeCommand.exit(withError: error)
    }
  }
}

/// Lines for the terminal, with control and bidirectional characters shown as escapes (``SafeText``).
enum Output {
  static func line(_ text: String) { write(text, to: .standardOutput) }

  static func error(_ text: String) { write(text, to: .standardError) }

  private static func write(_ text: String, to handle: FileHandle) {
    try? handle.write(contentsOf: Data((SafeText.forTerminal(text, keepingLines: true) + "\n").utf8))
  }
}
