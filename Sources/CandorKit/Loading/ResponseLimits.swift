import CandorXML

/// Bounds on what one response may hold: answers, and pieces of evidence per answer and in all. A response comes
/// from the party being assessed; each piece of evidence costs a trace in every report and possibly a file to hash,
/// so the reports stay proportional to these limits, not to whatever a response holds.
public struct ResponseLimits: Sendable, Hashable {
  /// The most answers in one response. Default 10,000.
  public var maxAnswers: Int
  /// The most pieces of evidence for one answer. Default 100.
  public var maxEvidencePerAnswer: Int
  /// The most pieces of evidence in one response. Default 10,000.
  public var maxEvidence: Int

  /// 10,000 answers, 100 pieces of evidence per answer, 10,000 in all.
  public static let `default` = ResponseLimits(maxAnswers: 10_000, maxEvidencePerAnswer: 100, maxEvidence: 10_000)

  public init(maxAnswers: Int, maxEvidencePerAnswer: Int, maxEvidence: Int) {
    self.maxAnswers = maxAnswers
    self.maxEvidencePerAnswer = maxEvidencePerAnswer
    self.maxEvidence = maxEvidence
  }

  /// Checks `root`, a `<response>`, before anything is read from it.
  ///
  /// - Throws: ``InputError`` at the first element over a limit.
  func check<E: ReadableElement>(_ root: E) throws(InputError) {
    let answers = root.children(named: "answer")
    if answers.count > maxAnswers {
      throw InputError(
        at: answers[maxAnswers].location,
        "more than \(maxAnswers) answers; the limit is \(maxAnswers) (see --max-answers)")
    }
    var total = 0
    for answer in answers {
      let evidence = answer.children(named: "evidence")
      if evidence.count > maxEvidencePerAnswer {
        throw InputError(
          at: evidence[maxEvidencePerAnswer].location,
          "more than \(maxEvidencePerAnswer) pieces of evidence for one answer; the limit is \(maxEvidencePerAnswer) "
            + "(see --max-evidence-per-answer)")
      }
      if total + evidence.count > maxEvidence {
        throw InputError(
          at: evidence[maxEvidence - total].location,
          "more than \(maxEvidence) pieces of evidence in the response; the limit is \(maxEvidence) (see --max-evidence)"
        )
      }
      total += evidence.count
    }
  }
}
