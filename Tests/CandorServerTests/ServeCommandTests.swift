import CandorKit
import Foundation
import Testing

@testable import CandorServer

/// `candor serve` as a user runs it: the built binary.
@Suite struct ServeCommandTests {
  @Test func firstStartPrintsAPasswordOnceAndListens() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("candor-serve-cli-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    for run in 0..<2 {
      let output = try await Processes.runUntil(
        Processes.candor.path, ["serve", "--data", folder.path, "--port", "0"], line: "candor serve: listening on",
        timeout: 60)
      #expect(output.contains("candor serve: listening on http://127.0.0.1:"), "\(output)")
      // The first start creates admin@localhost with a password; later starts do not.
      #expect(output.contains("created team member admin@localhost with the password") == (run == 0), "\(output)")
    }
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("candor.sqlite").path))
  }

  @Test func createAdminReadsThePasswordFromStandardInput() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("candor-serve-cli-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let arguments = ["serve", "--data", folder.path, "--create-admin", "ciso@example.com", "--password-stdin"]
    let short = try await Processes.run(Processes.candor.path, arguments, input: "short\n", timeout: 60)
    #expect(short.status == 2)
    #expect(short.stderr.contains("at least 12 characters"), "\(short.stderr)")
    let created = try await Processes.run(
      Processes.candor.path, arguments, input: "a long enough password\n", timeout: 60)
    #expect(created.status == 0, "\(created.stderr)")
    #expect(created.stdout.contains("Created team member ciso@example.com."))
    #expect(!created.stdout.contains("a long enough password"))
    // The member signs in with it.
    let portal = try Portal(configuration: ServerConfiguration(dataDirectory: folder.path))
    #expect(
      try await portal.signIn(email: "ciso@example.com", password: "a long enough password", address: "test") != nil)
    #expect(try await portal.signIn(email: "ciso@example.com", password: "another password!", address: "test") == nil)
    let usage = try await Processes.run(
      Processes.candor.path, ["serve", "--data", folder.path, "--password-stdin"], timeout: 60)
    #expect(usage.status == 2)
  }

  /// `candor serve` runs the program `candor-serve` beside `candor`: its help and its usage errors are the portal's.
  @Test func helpAndUsageAreThePortals() async throws {
    let help = try await Processes.run(Processes.candor.path, ["serve", "--help"], timeout: 60)
    #expect(help.status == 0, "\(help.stderr)")
    for option in ["--data <data>", "--create-admin <email>", "--password-stdin", "--behind-tls"] {
      #expect(help.stdout.contains(option), "\(help.stdout)")
    }
    #expect(help.stdout.contains("USAGE: candor serve"), "\(help.stdout)")
    let helpCommand = try await Processes.run(Processes.candor.path, ["help", "serve"], timeout: 60)
    #expect(helpCommand.stdout == help.stdout, "\(helpCommand.stdout)")
    let missing = try await Processes.run(Processes.candor.path, ["serve"], timeout: 60)
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("Missing expected argument '--data <data>'"), "\(missing.stderr)")
    // `candor --help` lists the command.
    let root = try await Processes.run(Processes.candor.path, ["--help"], timeout: 60)
    #expect(root.stdout.contains("serve"), "\(root.stdout)")
  }

  /// A `candor` installed without `candor-serve` says which program is missing and where it looked; exit status 2.
  @Test func aMissingPortalProgramIsNamed() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("candor-alone-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let alone = folder.appendingPathComponent("candor")
    try FileManager.default.copyItem(at: Processes.candor, to: alone)
    let result = try await Processes.run(
      "/usr/bin/env", ["PATH=\(folder.path)", alone.path, "serve", "--data", folder.path], timeout: 60)
    #expect(result.status == 2)
    #expect(result.stderr.contains("the program candor-serve is not installed beside candor"), "\(result.stderr)")
    #expect(result.stderr.contains(folder.resolvingSymlinksInPath().path), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("candor.sqlite").path))
  }
}
