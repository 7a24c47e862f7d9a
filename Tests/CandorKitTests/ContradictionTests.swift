import Testing

@testable import CandorKit

@Suite struct ContradictionTests {
  /// C1 answered yes with independent evidence (verified 1) and one incident observing destructive-action.
  func assess(
    confidence: String = "corroborated", started: String = "2026-09-01T00:00:00Z", vendor: String = "acme",
    answer: String = "yes", asOf: String? = nil, scoring: String = ""
  ) throws -> Assessment {
    var scenario = Scenario()
    scenario.scoring = scoring
    scenario.answers = "<answer question=\"Q1\" value=\"\(answer)\">\(EvidenceRuleTests.independent)</answer>"
    scenario.incidents = [
      Scenario.incident(started: started, confidence: confidence, behaviours: ["destructive-action"])
    ]
    scenario.incidents[0] = scenario.incidents[0].replacingOccurrences(
      of: "vendor=\"acme\"", with: "vendor=\"\(vendor)\"")
    return try scenario.assess(asOf: asOf)
  }

  @Test func confirmedCapsAtZero() throws {
    let assessment = try assess(confidence: "confirmed")
    #expect(assessment.control("C1")?.verified == 0)
    #expect(assessment.control("C1")?.verifiedBeforeCaps == 1)
    #expect(assessment.contradictions.first?.cap == 0)
  }

  @Test func corroboratedCapsAtZero() throws {
    #expect(try assess(confidence: "corroborated").control("C1")?.verified == 0)
  }

  @Test func reportedCapsAtHalf() throws {
    let assessment = try assess(confidence: "reported")
    #expect(assessment.control("C1")?.verified == 0.5)
    #expect(assessment.followUps.contains { $0.kind == .contradiction })
  }

  @Test func allegedDoesNotCapButAsks() throws {
    let assessment = try assess(confidence: "alleged")
    #expect(assessment.control("C1")?.verified == 1)
    #expect(assessment.contradictions.count == 1)
    #expect(assessment.contradictions[0].cap == nil)
    let followUp = try #require(assessment.followUps.first { $0.kind == .allegedFinding })
    #expect(followUp.controlID == "C1" && followUp.incidentIDs == ["I1"])
    #expect(followUp.priority == .p3)
    #expect(assessment.contradictedControls.isEmpty && assessment.allegedFindings.count == 1)
    #expect(assessment.gates.isEmpty)
  }

  @Test func aClaimBelowHalfCannotBeContradicted() throws {
    #expect(try assess(answer: "no").contradictions.isEmpty)
    #expect(try assess(answer: "partial").contradictions.count == 1)
  }

  @Test func anotherVendorsIncidentDoesNotCount() throws {
    let assessment = try assess(vendor: "someone-else")
    #expect(assessment.contradictions.isEmpty)
    #expect(assessment.disclosures.isEmpty)
  }

  @Test func anIncident37MonthsOldDoesNotCount() throws {
    let assessment = try assess(started: "2023-08-31T23:59:59Z", asOf: "2026-10-01")
    #expect(assessment.contradictions.isEmpty)
    #expect(assessment.incidentsOutsideWindow.map(\.id) == ["I1"])
    #expect(assessment.windowStart == CalendarDate("2023-10-01"))
  }

  @Test func anIncidentExactly36MonthsOldCounts() throws {
    #expect(try assess(started: "2023-10-01T00:00:00Z", asOf: "2026-10-01").contradictions.count == 1)
  }

  @Test func anIncidentAfterTheAsOfDateCounts() throws {
    #expect(try assess(started: "2026-11-20T00:00:00Z", asOf: "2026-10-01").contradictions.count == 1)
  }

  @Test func theWindowCanBeChanged() throws {
    let scoring = #"<contradiction window-months="6"/>"#
    #expect(try assess(started: "2026-03-01T00:00:00Z", asOf: "2026-10-01", scoring: scoring).contradictions.isEmpty)
    #expect(try assess(started: "2026-05-01T00:00:00Z", asOf: "2026-10-01", scoring: scoring).contradictions.count == 1)
  }

  @Test func theStrongestFindingDecidesTheConfidence() throws {
    var scenario = Scenario()
    scenario.answers = #"<answer question="Q1" value="yes"/>"#
    var incident = Scenario.incident(confidence: "alleged")
    incident = incident.replacingOccurrences(
      of: "</incident>",
      with:
        #"<finding source="regulator" origin="independent" confidence="confirmed" cause="ai-agent"><summary>Confirmed.</summary><observed behaviour="destructive-action"/></finding></incident>"#
    )
    scenario.incidents = [incident]
    let assessment = try scenario.assess()
    #expect(assessment.contradictions.map(\.confidence) == [.confirmed])
    #expect(assessment.contradictions[0].findingSource == "regulator")
  }
}

@Suite struct GateTests {
  @Test func aCriticalControlBelowTheThresholdMakesTheRatingAtLeastHigh() throws {
    var scenario = Scenario()
    scenario.questions = Scenario.yesNo("Q1", weight: "1") + Scenario.yesNo("Q2", weight: "3")
    scenario.answers = #"<answer question="Q1" value="no"/><answer question="Q2" value="partial"/>"#
    // C1 verified 0.375; the overall is (2·0.375 + 1·1)/3 = 58.3, which alone rates high.
    var assessment = try scenario.assess()
    #expect(assessment.gates.map(\.kind) == [.belowThreshold])
    // With a lower gate threshold the same vendor is not gated.
    scenario.scoring = #"<gates threshold="0.3"/>"#
    assessment = try scenario.assess()
    #expect(assessment.gates.isEmpty)
  }

  @Test func theBelowThresholdGateOverridesABetterRating() throws {
    var scenario = Scenario()
    scenario.questions = Scenario.yesNo("Q1")
    scenario.answers = #"<answer question="Q1" value="partial"/>"#
    scenario.scoring = #"<rating low="30" moderate="20" high="10"/><gates threshold="0.6"/>"#
    let assessment = try scenario.assess()
    #expect(assessment.baseRating == .low)
    #expect(assessment.rating == .high)
    #expect(assessment.gates.first?.reason.contains("below the gate threshold of 60.0") == true)
  }

  @Test func aCriticalControlContradictedAtCorroboratedIsCritical() throws {
    var scenario = Scenario()
    scenario.answers = #"<answer question="Q1" value="yes"/>"#
    scenario.incidents = [Scenario.incident(confidence: "corroborated")]
    scenario.scoring = #"<rating low="10" moderate="5" high="1"/>"#
    let assessment = try scenario.assess()
    #expect(assessment.baseRating == .low)
    #expect(assessment.rating == .critical)
    #expect(assessment.gates.contains { $0.kind == .contradicted && $0.controlID == "C1" })
  }

  @Test func aReportedContradictionDoesNotFireTheCriticalGate() throws {
    var scenario = Scenario()
    scenario.answers = #"<answer question="Q1" value="yes">\#(EvidenceRuleTests.independent)</answer>"#
    scenario.incidents = [Scenario.incident(confidence: "reported")]
    let assessment = try scenario.assess()
    #expect(!assessment.gates.contains { $0.kind == .contradicted })
    #expect(assessment.control("C1")?.verified == 0.5)
  }

  @Test func aNonCriticalControlNeverGates() throws {
    var scenario = Scenario()
    scenario.critical = false
    scenario.answers = #"<answer question="Q1" value="no"/>"#
    scenario.incidents = [Scenario.incident(confidence: "confirmed")]
    #expect(try scenario.assess().gates.isEmpty)
  }

  @Test func ratingBands() {
    let profile = ScoringProfile.default
    #expect(profile.rating(forVerified: 80) == .low)
    #expect(profile.rating(forVerified: 79.99) == .moderate)
    #expect(profile.rating(forVerified: 60) == .moderate)
    #expect(profile.rating(forVerified: 40) == .high)
    #expect(profile.rating(forVerified: 39.9) == .critical)
  }
}
