import Foundation
import Testing

/// Exit status 1 always says why on standard error: one line per failing vendor, naming the --fail-on rating it
/// reached or the policy requirements it did not meet.
@Suite(.serialized) struct ExitReasonTests {
  func workedExample(_ extra: [String], out: URL) throws -> CandorProcess.Result {
    try CandorProcess.run(
      [
        "assess", CandorProcess.fixture("reference/response-nimbus.xml"),
        "--questionnaire", CandorProcess.fixture("reference/questionnaire-mini.xml"),
        "--incidents", CandorProcess.fixture("reference/incidents-nimbus.xml"), "--as-of", "2026-10-01",
        "--out", out.path, "--format", "xml",
      ] + extra)
  }

  func failureLines(_ result: CandorProcess.Result) -> [Substring] {
    result.stderr.split(separator: "\n").filter { $0.hasPrefix("candor: ") }
  }

  @Test func failOnNamesTheRatingEvenWhenQuiet() throws {
    for quiet in [[], ["--quiet"]] {
      let out = try CandorProcess.temporaryDirectory()
      defer { try? FileManager.default.removeItem(at: out) }
      let result = try workedExample(["--fail-on", "high"] + quiet, out: out)
      #expect(result.status == 1)
      #expect(
        failureLines(result) == ["candor: nimbus-cloud: rated critical, at or worse than --fail-on high"],
        "\(result.stderr)")
    }
  }

  @Test func aPassingRunSaysNothingOfTheKind() throws {
    let out = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try workedExample([], out: out)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(failureLines(result).isEmpty, "\(result.stderr)")
  }

  @Test func aPolicyNamesEachRequirementNotMetPerFailingVendor() throws {
    let out = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let policy = out.appendingPathComponent("policy.xml").path
    try """
    <policy xmlns="urn:candor:policy:1" id="production-agents">
      <title>Agents allowed on production</title>
      <max-rating rating="moderate"/>
      <min-verified score="60"/>
      <control-satisfied control="STP-01"/>
    </policy>
    """.write(toFile: policy, atomically: true, encoding: .utf8)
    let result = try CandorProcess.run(
      [
        "compare", CandorProcess.package("Examples"), "--incidents", CandorProcess.package("Examples/incidents.xml"),
        "--policy", policy, "--fail-on", "critical", "--out", out.appendingPathComponent("reports").path, "--quiet",
      ])
    #expect(result.status == 1, "\(result.stderr)")
    let lines = failureLines(result)
    // alderglen-cloud passes; the three others fail, each on one line.
    #expect(lines.count == 3, "\(result.stderr)")
    #expect(!lines.contains { $0.contains("alderglen-cloud") })
    let stratovane = try #require(lines.first { $0.hasPrefix("candor: stratovane: ") })
    #expect(stratovane.contains("rated critical, at or worse than --fail-on critical"), "\(stratovane)")
    #expect(stratovane.contains("fails policy production-agents: max-rating (rating moderate or better: critical)"))
    #expect(stratovane.contains("min-verified (verified ≥ 60.0: "), "\(stratovane)")
    #expect(stratovane.contains("control-STP-01 ("), "\(stratovane)")
    let oakhollow = try #require(lines.first { $0.hasPrefix("candor: oakhollow: ") })
    #expect(!oakhollow.contains("--fail-on"), "oakhollow is not rated critical: \(oakhollow)")
    #expect(oakhollow.contains("fails policy production-agents: "))
  }
}
