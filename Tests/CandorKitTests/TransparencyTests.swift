import Testing

@testable import CandorKit

@Suite struct DisclosureTests {
  func disclosure(_ incident: String) throws -> IncidentDisclosure {
    var scenario = Scenario()
    scenario.incidents = [incident]
    return try #require(scenario.assess().disclosures.first)
  }

  @Test func timeliness() throws {
    func score(_ statement: String?) throws -> Double {
      try disclosure(
        Scenario.incident(
          detected: "2026-09-01T01:00:00Z", firstStatement: statement,
          statementCause: statement == nil ? nil : "ai-agent")
      ).timeliness.score
    }
    #expect(try score("2026-09-02T01:00:00Z") == 1)
    #expect(try score("2026-09-02T01:00:01Z") == 0.5)
    #expect(try score("2026-09-04T01:00:00Z") == 0.5)
    #expect(try score("2026-09-04T02:00:00Z") == 0.25)
    #expect(try score(nil) == 0)
  }

  @Test func timelinessFromTheStartWhenDetectionIsUnknown() throws {
    let part = try disclosure(Scenario.incident(firstStatement: "2026-09-01T20:00:00Z")).timeliness
    #expect(part.score == 1)
    #expect(part.measured == "first public statement 20 h after the start (2026-09-01T20:00:00Z)")
  }

  @Test func rootCause() throws {
    func score(resolved: String?, published: String?) throws -> Double {
      try disclosure(Scenario.incident(resolved: resolved, rootCause: published)).rootCause.score
    }
    #expect(try score(resolved: "2026-09-02T00:00:00Z", published: "2026-10-02T00:00:00Z") == 1)
    #expect(try score(resolved: "2026-09-02T00:00:00Z", published: "2026-10-02T00:00:01Z") == 0.5)
    #expect(try score(resolved: "2026-09-02T00:00:00Z", published: "2026-11-01T00:00:00Z") == 0.5)
    #expect(try score(resolved: "2026-09-02T00:00:00Z", published: "2026-12-01T00:00:00Z") == 0.25)
    #expect(try score(resolved: "2026-09-02T00:00:00Z", published: nil) == 0)
    // Unresolved: counted from the start.
    #expect(try score(resolved: nil, published: "2026-09-20T00:00:00Z") == 1)
  }

  @Test func attribution() throws {
    func score(stated: String, found: String?, confidence: String) throws -> Double? {
      try disclosure(Scenario.incident(statementCause: stated, confidence: confidence, findingCause: found))
        .attribution?.score
    }
    #expect(try score(stated: "ai-agent", found: "ai-agent", confidence: "confirmed") == 1)
    #expect(try score(stated: "human-error", found: "ai-agent", confidence: "confirmed") == 0)
    #expect(try score(stated: "human-error", found: "ai-agent", confidence: "corroborated") == 0)
    #expect(try score(stated: "human-error", found: "ai-agent", confidence: "reported") == 0.5)
    #expect(try score(stated: "human-error", found: "ai-agent", confidence: "alleged") == 0.75)
    #expect(try score(stated: "human-error", found: nil, confidence: "confirmed") == nil)
  }

  @Test func aiInvolvement() throws {
    func score(_ involvement: String, confidence: String, cause: String = "ai-agent") throws -> Double? {
      try disclosure(Scenario.incident(aiInvolvement: involvement, confidence: confidence, findingCause: cause))
        .aiInvolvement?.score
    }
    #expect(try score("acknowledged", confidence: "corroborated") == 1)
    #expect(try score("not-mentioned", confidence: "corroborated") == 0.25)
    #expect(try score("denied", confidence: "corroborated") == 0)
    #expect(try score("denied", confidence: "reported") == 0.5)
    #expect(try score("denied", confidence: "confirmed", cause: "automation") == 0)
    // Only findings at reported or stronger that name automation or an AI agent make the part apply.
    #expect(try score("denied", confidence: "alleged") == nil)
    #expect(try score("denied", confidence: "confirmed", cause: "hardware") == nil)
  }

  @Test func partsThatDoNotApplyAreLeftOutOfTheMean() throws {
    let result = try disclosure(
      Scenario.incident(
        detected: "2026-09-01T00:00:00Z", resolved: "2026-09-01T05:00:00Z", firstStatement: "2026-09-01T02:00:00Z",
        rootCause: "2026-09-05T00:00:00Z", statementCause: "hardware", confidence: "confirmed", findingCause: "hardware"
      ))
    #expect(result.parts.map(\.name) == ["timeliness", "root cause", "attribution"])
    #expect(result.score == 1)
  }
}

@Suite struct TransparencyIndexTests {
  @Test func bothParts() throws {
    var scenario = Scenario()
    scenario.incidents = [Scenario.incident(statementCause: nil)]
    let index = try scenario.assess().transparency
    #expect(index.basis == .both)
    // T1 is contradicted? No: the finding observes destructive-action only; T1 verified 1.
    #expect(index.questionnairePart == 1)
    #expect(index.disclosurePart == 0)
    #expect(index.value == 0.4)
  }

  @Test func noIncidentsMeansTheQuestionnairePartAlone() throws {
    var scenario = Scenario()
    scenario.transparencyAnswer = #"<answer question="T1.1" value="partial"/>"#
    let index = try scenario.assess().transparency
    #expect(index.basis == .questionnaireOnly)
    #expect(index.value == 0.5)
  }

  @Test func noTransparencyDomainMeansTheDisclosureRecordAlone() throws {
    var scenario = Scenario()
    scenario.withTransparencyDomain = false
    scenario.incidents = [
      Scenario.incident(
        detected: "2026-09-01T00:00:00Z", resolved: "2026-09-01T05:00:00Z", firstStatement: "2026-09-01T02:00:00Z",
        rootCause: "2026-09-05T00:00:00Z", statementCause: "ai-agent", aiInvolvement: "acknowledged")
    ]
    let index = try scenario.assess().transparency
    #expect(index.basis == .disclosureOnly)
    #expect(index.value == 1)
  }

  @Test func neitherPartMeansNoIndex() throws {
    var scenario = Scenario()
    scenario.withTransparencyDomain = false
    let index = try scenario.assess().transparency
    #expect(index.basis == .none)
    #expect(index.value == nil)
  }

  @Test func theDisclosureRecordIsTheMeanOverIncidents() throws {
    var scenario = Scenario()
    scenario.withTransparencyDomain = false
    scenario.incidents = [
      Scenario.incident(
        "I1", detected: "2026-09-01T00:00:00Z", resolved: "2026-09-01T05:00:00Z",
        firstStatement: "2026-09-01T02:00:00Z", rootCause: "2026-09-05T00:00:00Z", statementCause: "ai-agent",
        aiInvolvement: "acknowledged"),
      Scenario.incident("I2", statementCause: nil),
    ]
    #expect(try scenario.assess().transparency.value == 0.5)
  }
}

@Suite struct ProfileOverrideTests {
  @Test func everyOverrideIsRead() throws {
    var scenario = Scenario()
    scenario.scoring = """
      <evidence-required independent="0.9" vendor="0.6" missing="0.3"/>
      <evidence-recommended missing="0.7"/>
      <ownership customer="0.25" shared="0.75" third-party="0.6"/>
      <contradiction confirmed="0.1" corroborated="0.2" reported="0.6" alleged="0.9" window-months="12" min-claimed="0.4"/>
      <rating low="90" moderate="70" high="50"/>
      <gates threshold="0.7" below-threshold="critical" contradicted="critical"/>
      <transparency questionnaire="0.3"/>
      <timeliness within="12" partial-within="48" partial="0.4" late="0.1"/>
      <root-cause within="14" partial-within="28" partial="0.6" late="0.2"/>
      <attribution reported="0.4" alleged="0.8"/>
      <ai-involvement acknowledged="0.9" not-mentioned="0.1" denied="0.05" denied-reported="0.3"/>
      """
    let profile = try scenario.inputs().questionnaire.profile
    #expect(profile.requiredEvidence == .init(independent: 0.9, vendor: 0.6, missing: 0.3))
    #expect(profile.recommendedEvidence == .init(independent: 1, vendor: 0.9, missing: 0.7))
    #expect(profile.ownershipFactors == [.customer: 0.25, .shared: 0.75, .thirdParty: 0.6])
    #expect(profile.cap(for: .alleged) == 0.9 && profile.cap(for: .reported) == 0.6)
    #expect(profile.windowMonths == 12 && profile.contradictionMinimumClaimed == 0.4)
    #expect(profile.ratingMinimums == [.low: 90, .moderate: 70, .high: 50])
    #expect(profile.gateThreshold == 0.7 && profile.belowThresholdRating == .critical)
    #expect(profile.transparencyQuestionnaireWeight == 0.3 && abs(profile.transparencyDisclosureWeight - 0.7) < 1e-12)
    #expect(profile.timeliness == .init(within: 12, partialWithin: 48, partial: 0.4, late: 0.1))
    #expect(profile.rootCause == .init(within: 14, partialWithin: 28, partial: 0.6, late: 0.2))
    #expect(profile.attributionMismatch[.reported] == 0.4 && profile.attributionMismatch[.alleged] == 0.8)
    #expect(profile.aiDeniedReportedOnly == 0.3 && profile.aiAcknowledged == 0.9)
  }

  @Test func overridesChangeTheScores() throws {
    var scenario = Scenario()
    scenario.scoring = #"<evidence-required vendor="0.6"/>"#
    scenario.answers = "<answer question=\"Q1\" value=\"yes\">\(EvidenceRuleTests.vendor)</answer>"
    let assessment = try scenario.assess()
    #expect(assessment.question("Q1")?.verified == 0.6)
    #expect(assessment.questionnaire.overridesProfile)
  }

  @Test func inconsistentOverridesAreErrors() {
    var scenario = Scenario()
    scenario.scoring =
      #"<rating low="50" moderate="60"/><transparency questionnaire="0.5" disclosure="0.6"/><timeliness within="80"/>"#
    let found = diagnostics { _ = try scenario.inputs() }
    #expect(found.count == 3, "\(found)")
    #expect(found.contains { $0.message.hasPrefix("rating minimums must descend") })
    #expect(found.contains { $0.message.hasPrefix("transparency weights must sum to 1") })
    #expect(found.contains { $0.message.hasPrefix("partial-within (72) must not be below within (80)") })
  }
}
