import CandorXML
import Testing

@testable import CandorKit

@Suite struct KeywordRulesTests {
  func derive(_ text: String, status: String? = nil, afterResolution: Bool = false) -> KeywordRules.Result {
    KeywordRules.derive(text, status: status, afterResolution: afterResolution)
  }

  @Test func causesFromTheVendorsWords() {
    #expect(derive("An operational error during a routine infrastructure update.").cause == .humanError)
    #expect(derive("An operational error during a routine update.").matched.cause == ["operational error"])
    #expect(derive("A misconfigured load balancer policy.").cause == .configurationChange)
    #expect(derive("A regression in the scheduler.").cause == .softwareDefect)
    #expect(derive("A DDoS attack on our edge.").cause == .securityAttack)
    #expect(derive("Our automated deployment pipeline pushed a bad build.").cause == .automation)
    #expect(derive("We are investigating.").cause == .unknown)
    // Priority: a human error and a configuration change both named → human error.
    #expect(derive("An operator error in a configuration change.").cause == .humanError)
  }

  @Test func negatedMatchesAreIgnored() {
    #expect(derive("This was not caused by a configuration change.").cause == .unknown)
    #expect(derive("There is no evidence of malicious activity.").cause == .unknown)
    #expect(derive("We don't believe automation was involved.").aiInvolvement == .notMentioned)
    // A negation in an earlier sentence does not reach this one.
    #expect(derive("No data was lost. An automated job deleted the volumes.").aiInvolvement == .acknowledged)
  }

  @Test func aiInvolvementIsAcknowledgedByAutomationOrAIWords() {
    let result = derive("An AI agent ran an automated remediation.")
    #expect(result.aiInvolvement == .acknowledged)
    #expect(result.matched.aiInvolvement == ["automated", "agent", "ai"])
    #expect(result.cause == .aiAgent)
    // Product names, written capitalised mid-sentence, mention no agent.
    #expect(derive("Delays for Copilot Cloud Agent tasks.").aiInvolvement == .notMentioned)
    #expect(derive("Agents restarted.").aiInvolvement == .acknowledged)  // the start of a sentence
  }

  @Test func rootCauseTexts() {
    #expect(derive("**Root Cause:** an expired certificate.").publishesRootCause)
    #expect(derive("# Mini Incident Report\n## Summary").publishesRootCause)
    #expect(derive("INCIDENT REPORT (Combined GCP / WS)").publishesRootCause)
    #expect(derive("See below.", status: "postmortem").matched.rootCause == ["postmortem (status)"])
    // A causal sentence counts once the incident is resolved …
    #expect(derive("The failures were caused by an expired certificate.", status: "resolved").publishesRootCause)
    #expect(derive("the root cause of the issue was an SSL certificate", afterResolution: true).publishesRootCause)
    // … not while it is investigated.
    #expect(!derive("The failures were caused by an expired certificate.", status: "investigating").publishesRootCause)
    // Promises and mentions are not root causes.
    #expect(!derive("A detailed root cause analysis will be shared.", status: "resolved").publishesRootCause)
    #expect(!derive("Engineering has identified the root cause.", afterResolution: true).publishesRootCause)
    #expect(!derive("We will publish an Incident Report once complete.", afterResolution: true).publishesRootCause)
    #expect(!derive("The failures were not caused by the deploy.", status: "resolved").publishesRootCause)
  }
}

@Suite struct FeedTimeTests {
  func text(_ input: String) -> String {
    switch FeedTime.parse(input) {
    case .success(let time): time.text
    case .failure(let message): "error: \(message)"
    }
  }

  @Test func theFormatsFeedsUse() {
    #expect(text("2024-09-16T21:31:02.044Z") == "2024-09-16T21:31:02Z")
    #expect(text("2022-07-01T13:37:44+00:00") == "2022-07-01T13:37:44Z")
    #expect(text("2019-02-20T12:00:19.418-06:00") == "2019-02-20T18:00:19Z")
    #expect(text("2024-09-16T21:31:02+0200") == "2024-09-16T19:31:02Z")
    #expect(text("2024-09-16 21:31Z") == "2024-09-16T21:31:00Z")
    #expect(text("Tue, 20 Aug 2024 17:32:00 +0000") == "2024-08-20T17:32:00Z")
    #expect(text("20 Aug 2024 17:32 GMT") == "2024-08-20T17:32:00Z")
    #expect(text("Tue, 20 Aug 2024 10:32:00 PDT") == "2024-08-20T17:32:00Z")
    #expect(text("1663348119") == "2022-09-16T17:08:39Z")
    #expect(text("1663348119.5") == "2022-09-16T17:08:39Z")
    #expect(text("1663348119000") == "2022-09-16T17:08:39Z")
  }

  @Test func whatIsAmbiguousIsRefused() {
    #expect(text("2024-09-16T21:31:02").hasPrefix("error: \"2024-09-16T21:31:02\" has no time zone"))
    #expect(text("2024-09-16").hasPrefix("error: \"2024-09-16\" is a date without a time"))
    #expect(text("Tue, 20 Aug 24 17:32:00 +0000").contains("two-digit year, which is ambiguous"))
    #expect(text("Tue, 20 Aug 2024 17:32:00 IST").contains("the time zone \"IST\" is unknown or ambiguous"))
    #expect(text("12345").contains("neither Unix seconds"))
    #expect(text("2024-02-30T00:00:00Z").hasPrefix("error:"))
    #expect(text("yesterday").hasPrefix("error:"))
  }

  @Test func yearlessStampsTakeTheYearClosestToTheEntry() throws {
    let location = SourceLocation(file: "f", line: 1, column: 1)
    let times = try YearInference.times(
      ["Jan 1, 00:20 UTC", "Dec 31, 23:50 UTC", "Dec 30, 08:00 UTC"],
      reference: Timestamp("2027-01-01T00:20:30Z")!, at: location)
    #expect(times.map(\.text) == ["2027-01-01T00:20:00Z", "2026-12-31T23:50:00Z", "2026-12-30T08:00:00Z"])
    // A published time just before New Year and a stamp just after it.
    let early = try YearInference.times(
      ["Jan 1, 00:05 UTC"], reference: Timestamp("2026-12-31T23:59:00Z")!, at: location)
    #expect(early.map(\.text) == ["2027-01-01T00:05:00Z"])
    // A stamp with its own year keeps it.
    let dated = try YearInference.times(
      ["Mar 3, 2024 - 10:00 UTC"], reference: Timestamp("2026-01-01T00:00:00Z")!, at: location)
    #expect(dated.map(\.text) == ["2024-03-03T10:00:00Z"])
    // Feb 29 only exists in leap years.
    let leap = try YearInference.times(
      ["Feb 29, 12:00 UTC"], reference: Timestamp("2024-03-01T00:00:00Z")!, at: location)
    #expect(leap.map(\.text) == ["2024-02-29T12:00:00Z"])
  }
}
