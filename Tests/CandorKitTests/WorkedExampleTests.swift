import Testing

@testable import CandorKit

/// DESIGN.md's worked example, reproduced exactly from the reference instances.
@Suite struct WorkedExampleTests {
  let assessment: Assessment

  init() throws {
    let inputs = try Fixtures.loadMini()
    assessment = Assessor.assess(
      inputs.responses[0], questionnaire: inputs.questionnaire, incidents: inputs.incidents,
      asOf: CalendarDate("2026-10-01"), manifest: inputs.manifest)
  }

  @Test func summary() {
    #expect(assessment.claimed.map(Format.percent) == "87.8")
    #expect(assessment.verified.map(Format.percent) == "5.6")
    #expect(assessment.sayDoGap.map(Format.percent) == "82.2")
    #expect(assessment.rating == .critical)
    #expect(assessment.transparency.value.map(Format.percent) == "14.2")
  }

  @Test func questions() {
    let questions = Dictionary(
      uniqueKeysWithValues: assessment.controls.flatMap(\.questions).map { ($0.question.id, $0) })
    #expect(questions["PRV-01.1"]?.claimed == 1)
    #expect(questions["PRV-01.1"]?.verified == 0.8)
    #expect(questions["PRV-01.1"]?.evidence.basis == .vendorOrigin)
    #expect(questions["PRV-01.2"]?.claimed == 0.5)
    #expect(questions["PRV-01.2"]?.verified == 0.45)
    #expect(questions["PRV-01.2"]?.claimedBasis == "10 minutes (≤ 30 band)")
    #expect(questions["PRV-02.1"]?.evidence.factor == 1)
    #expect(questions["PRV-02.1"]?.ownership.factor == 0.8)
    #expect(questions["TRN-01.1"]?.evidence.basis == .missing)
    #expect(questions["TRN-02.1"]?.verified == 0.5)
    #expect(questions["TRN-02.2"]?.status == .freeText)
  }

  @Test func controls() {
    func control(_ id: String) -> (String?, String?, String?) {
      let score = assessment.control(id)
      return (
        score?.claimed.map { Format.fixed($0, digits: 3) },
        score?.verifiedBeforeCaps.map { Format.fixed($0, digits: 3) },
        score?.verified.map { Format.fixed($0, digits: 3) }
      )
    }
    #expect(control("PRV-01") == ("0.833", "0.683", "0.000"))
    #expect(control("PRV-02") == ("1.000", "0.800", "0.000"))
    #expect(control("TRN-01") == ("1.000", "0.500", "0.000"))
    #expect(control("TRN-02") == ("0.500", "0.500", "0.500"))
    #expect(assessment.control("PRV-01")?.contradictions.map(\.behaviour) == ["autonomous-destructive-action"])
    #expect(
      assessment.control("TRN-01")?.contradictions.map(\.behaviour) == [
        "cause-misattributed", "no-root-cause-published",
      ])
    #expect(assessment.contradictions.allSatisfy { $0.confidence == .corroborated && $0.cap == 0 })
  }

  @Test func domains() {
    let domains = assessment.domains.map {
      ($0.domain.id, $0.claimed.map(Format.percent), $0.verified.map(Format.percent))
    }
    #expect(domains.map(\.0) == ["PRV", "TRN"])
    #expect(domains[0].1 == "90.0" && domains[0].2 == "0.0")
    #expect(domains[1].1 == "83.3" && domains[1].2 == "16.7")
  }

  @Test func gates() {
    #expect(assessment.baseRating == .critical)
    let contradicted = assessment.gates.filter { $0.kind == .contradicted }.map(\.controlID)
    #expect(contradicted == ["PRV-01", "TRN-01"])
    #expect(assessment.gates.allSatisfy { $0.effect >= .high })
  }

  @Test func disclosureRecord() throws {
    let disclosure = try #require(assessment.disclosures.first)
    #expect(disclosure.timeliness.score == 0.5)
    #expect(disclosure.timeliness.measured.hasPrefix("first public statement 29 h 35 min after detection"))
    #expect(disclosure.rootCause.score == 0)
    #expect(disclosure.attribution?.score == 0)
    #expect(disclosure.aiInvolvement?.score == 0)
    #expect(disclosure.score == 0.125)
    #expect(assessment.transparency.basis == .both)
    #expect(assessment.transparency.disclosurePart == 0.125)
  }
}
