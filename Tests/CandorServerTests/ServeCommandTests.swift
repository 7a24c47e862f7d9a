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
}
