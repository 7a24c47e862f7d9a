import Testing

@testable import CandorKit

/// Each rule of the default profile on its own.
@Suite struct EvidenceRuleTests {
  func verified(evidence requirement: String, _ evidence: String) throws -> (Double?, EvidenceTrace.Basis?) {
    var scenario = Scenario()
    scenario.questions = Scenario.yesNo("Q1", evidence: requirement)
    scenario.answers = "<answer question=\"Q1\" value=\"yes\">\(evidence)</answer>"
    let question = try scenario.assess().question("Q1")
    return (question?.verified, question?.evidence.basis)
  }

  static let independent =
    #"<evidence kind="audit-report" origin="independent" ref="soc2.pdf" valid-until="2027-01-01">SOC 2</evidence>"#
  static let vendor = #"<evidence kind="document" origin="vendor" ref="paper.pdf">White paper</evidence>"#
  static let expired =
    #"<evidence kind="certification" origin="independent" ref="old.pdf" valid-until="2026-09-30">Old</evidence>"#

  @Test func requiredIndependent() throws {
    #expect(try verified(evidence: "required", Self.independent) == (1, .independent))
  }

  @Test func requiredVendorOrigin() throws {
    #expect(try verified(evidence: "required", Self.vendor) == (0.8, .vendorOrigin))
  }

  @Test func requiredNone() throws {
    #expect(try verified(evidence: "required", "") == (0.5, .missing))
  }

  @Test func requiredExpired() throws {
    #expect(try verified(evidence: "required", Self.expired) == (0.5, .unusable))
  }

  @Test func expiredIndependentFallsBackToValidVendorEvidence() throws {
    #expect(try verified(evidence: "required", Self.expired + Self.vendor) == (0.8, .vendorOrigin))
  }

  @Test func validOnTheAsOfDateIsNotExpired() throws {
    let lastDay =
      #"<evidence kind="certification" origin="independent" ref="a.pdf" valid-until="2026-10-01">A</evidence>"#
    #expect(try verified(evidence: "required", lastDay) == (1, .independent))
  }

  @Test func recommendedNone() throws {
    #expect(try verified(evidence: "recommended", "") == (0.9, .missing))
  }

  @Test func recommendedIndependent() throws {
    #expect(try verified(evidence: "recommended", Self.independent) == (1, .independent))
  }

  @Test func recommendedVendorNeverBelowNone() throws {
    #expect(try verified(evidence: "recommended", Self.vendor) == (0.9, .vendorOrigin))
  }

  @Test func notExpected() throws {
    #expect(try verified(evidence: "none", "") == (1, .notExpected))
  }

  @Test func traceListsEveryPieceOfEvidenceWithItsState() throws {
    var scenario = Scenario()
    scenario.answers = "<answer question=\"Q1\" value=\"yes\">\(Self.expired)\(Self.vendor)\(Self.independent)</answer>"
    let items = try #require(scenario.assess().question("Q1")).evidence.items
    #expect(items.map(\.state) == [.expired, .outranked, .counted])
  }
}

@Suite struct OwnershipRuleTests {
  func factor(control: String, answered: String?) throws -> Double? {
    var scenario = Scenario()
    scenario.controlOwner = control
    scenario.questions = Scenario.yesNo("Q1")
    scenario.answers = "<answer question=\"Q1\" value=\"yes\"\(answered.map { " owner=\"\($0)\"" } ?? "")/>"
    return try scenario.assess().question("Q1")?.verified
  }

  @Test func vendorControlAnsweredByCustomer() throws {
    #expect(try factor(control: "vendor", answered: "customer") == 0.5)
  }
  @Test func vendorControlAnsweredShared() throws { #expect(try factor(control: "vendor", answered: "shared") == 0.8) }
  @Test func vendorControlAnsweredThirdParty() throws {
    #expect(try factor(control: "vendor", answered: "third-party") == 0.8)
  }
  @Test func vendorControlAnsweredVendor() throws { #expect(try factor(control: "vendor", answered: "vendor") == 1) }
  @Test func answerWithoutOwnerTakesTheControls() throws { #expect(try factor(control: "shared", answered: nil) == 1) }
  @Test func sharedControlAnsweredByCustomer() throws {
    #expect(try factor(control: "shared", answered: "customer") == 0.5)
  }
  @Test func customerControlTakenOnByVendor() throws {
    #expect(try factor(control: "customer", answered: "vendor") == 1)
  }
}

@Suite struct ApplicabilityTests {
  @Test func notApplicableQuestionsAreLeftOutOfTheMean() throws {
    var scenario = Scenario()
    scenario.questions = Scenario.yesNo("Q1", na: true) + Scenario.yesNo("Q2")
    scenario.answers = #"<answer question="Q1" value="na"/><answer question="Q2" value="partial"/>"#
    let control = try #require(scenario.assess().control("C1"))
    #expect(control.claimed == 0.5)
    #expect(control.questions[0].status == .notApplicable)
  }

  @Test func anAllNotApplicableControlIsLeftOutOfTheDomain() throws {
    var scenario = Scenario()
    scenario.questions = Scenario.yesNo("Q1", na: true)
    scenario.answers = #"<answer question="Q1" value="na"/>"#
    let assessment = try scenario.assess()
    #expect(assessment.control("C1")?.isNotApplicable == true)
    #expect(assessment.domains[0].claimed == nil)
    // The overall score is then the transparency domain's alone.
    #expect(assessment.claimed == 1)
    #expect(assessment.gates.isEmpty)
  }

  @Test func unansweredQuestionsCountZero() throws {
    var scenario = Scenario()
    scenario.questions = Scenario.yesNo("Q1") + Scenario.yesNo("Q2")
    scenario.answers = #"<answer question="Q1" value="yes"/>"#
    let assessment = try scenario.assess()
    #expect(assessment.question("Q2")?.status == .unanswered)
    #expect(assessment.control("C1")?.claimed == 0.5)
    #expect(assessment.followUps.contains { $0.kinds.contains(.unanswered) && $0.questionIDs == ["Q2"] })
    #expect(assessment.completeness == Completeness(answered: 2, questions: 3, minimum: 0.8))
    #expect(!assessment.completeness.isComplete)
  }

  /// A follow-up that asks for missing or expired evidence says what evidence is expected, without doubling its
  /// final stop; a question with nothing to ask about adds nothing.
  @Test func followUpsSayWhatEvidenceIsExpected() throws {
    func question(_ id: String, expected: String) -> String {
      Scenario.yesNo(id, evidence: "required").replacingOccurrences(
        of: "<text>Is it so?</text>", with: "<text>Is it so?</text><expected-evidence>\(expected)</expected-evidence>")
    }
    var scenario = Scenario()
    scenario.questions =
      question("Q1", expected: "A SOC 2 Type II report.") + question("Q2", expected: "The runbook, section 4")
      + question("Q3", expected: "Never asked for.")
    scenario.answers =
      #"<answer question="Q1" value="yes"/><answer question="Q2" value="yes"/>"#
      + #"<answer question="Q3" value="yes"><evidence ref="audit.pdf" kind="audit-report" origin="independent">"#
      + #"Audit</evidence></answer>"#
    let followUp = try #require(try scenario.assess().followUps.first { $0.controlID == "C1" })
    #expect(followUp.questionIDs == ["Q1", "Q2"])
    #expect(followUp.question.contains("(Is it so?). Expected: A SOC 2 Type II report."))
    #expect(followUp.question.contains("(Is it so?). Expected: The runbook, section 4."))
    #expect(!followUp.question.contains("Never asked for"))
    #expect("Ends here.".withoutFinalStop == "Ends here")
    #expect("Ends here".withoutFinalStop == "Ends here")
    #expect("Ends with an ellipsis…".withoutFinalStop == "Ends with an ellipsis…")
    #expect("".withoutFinalStop == "")
  }

  @Test func freeTextIsNotScored() throws {
    var scenario = Scenario()
    scenario.questions = Scenario.yesNo("Q1") + #"<question id="Q2"><text>Describe.</text><free-text/></question>"#
    scenario.answers = #"<answer question="Q1" value="partial"/><answer question="Q2" text="Anything at all"/>"#
    let assessment = try scenario.assess()
    #expect(assessment.control("C1")?.claimed == 0.5)
    #expect(assessment.question("Q2")?.status == .freeText)
  }

  @Test func weightsApply() throws {
    var scenario = Scenario()
    scenario.questions = Scenario.yesNo("Q1", weight: "3") + Scenario.yesNo("Q2")
    scenario.answers = #"<answer question="Q1" value="yes"/><answer question="Q2" value="no"/>"#
    #expect(try scenario.assess().control("C1")?.claimed == 0.75)
  }
}

@Suite struct NumberBandTests {
  func claimed(_ number: String) throws -> Double? {
    var scenario = Scenario()
    scenario.questions = Scenario.minutes("Q1")
    scenario.answers = "<answer question=\"Q1\" number=\"\(number)\"/>"
    return try scenario.assess().question("Q1")?.claimed
  }

  @Test func aBandsMaxIsInclusive() throws {
    #expect(try claimed("5") == 1)
    #expect(try claimed("5.01") == 0.5)
    #expect(try claimed("30") == 0.5)
    #expect(try claimed("30.5") == 0)
  }

  @Test func theLastBandIsOpen() throws {
    #expect(try claimed("100000") == 0)
  }

  @Test func belowTheFirstBand() throws {
    #expect(try claimed("0") == 1)
  }
}
