import Testing

@testable import CandorKit

@Suite struct ReportFormatTests {
  @Test func aListIsReadWithWhiteSpaceAndCaseIgnored() throws {
    #expect(try ReportFormat.parseList(" MD , xml,\tHtml ").get() == [.md, .xml, .html])
    #expect(try ReportFormat.parseList("svg").get() == [.svg])
  }

  @Test func anUnknownFormatIsNamedWithTheOptionAndTheChoices() {
    guard case .failure(let error) = ReportFormat.parseList("md, pdf") else {
      Issue.record("pdf was accepted")
      return
    }
    let message = error.diagnostics.map(\.description).joined()
    #expect(message.contains("--format"), "\(message)")
    #expect(message.contains("unknown format \"pdf\""), "\(message)")
    #expect(message.contains("md"), "\(message)")
  }

  @Test func nothingGivenIsAnError() {
    guard case .failure = ReportFormat.parseList(",") else {
      Issue.record("an empty list was accepted")
      return
    }
  }
}
