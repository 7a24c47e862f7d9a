/// Scores one question: the claimed score from the answer, the evidence factor and the ownership factor.
struct QuestionScorer {
  let profile: ScoringProfile
  let asOf: CalendarDate
  /// The state of each piece of evidence's file by reference and expected hash, when evidence files were checked.
  let evidenceFiles: [EvidenceFileCheck.Key: EvidenceFileCheck]

  func score(_ question: Question, of control: Control, answer: Answer?) -> QuestionScore {
    let answeredOwner = answer?.owner ?? control.owner
    let ownership = OwnershipTrace(
      controlOwner: control.owner, answeredOwner: answeredOwner,
      factor: answeredOwner.vendorResponsibility >= control.owner.vendorResponsibility
        ? 1 : profile.ownershipFactors[answeredOwner] ?? 1)
    let evidence = evidenceTrace(question, answer: answer)
    let (status, claimed, basis) = claimedScore(question, answer: answer)
    var verified: Double?
    if let claimed {
      verified = status == .unanswered ? 0 : claimed * evidence.factor * ownership.factor
    }
    return QuestionScore(
      question: question, answer: answer, status: status, claimed: claimed, claimedBasis: basis,
      evidence: evidence, ownership: ownership, verified: verified)
  }

  /// The status, the claimed score and a phrase saying where it comes from.
  private func claimedScore(_ question: Question, answer: Answer?) -> (QuestionScore.Status, Double?, String) {
    if case .freeText = question.kind { return (.freeText, nil, "free text, not scored") }
    guard let answer, answer.value != .none else { return (.unanswered, 0, "unanswered") }
    switch (question.kind, answer.value) {
    case (.choice(let options), .option(let value)):
      guard let option = options.first(where: { $0.value == value }) else { return (.unanswered, 0, "unanswered") }
      if option.notApplicable { return (.notApplicable, nil, "\"\(value)\": not applicable") }
      return (.scored, option.score ?? 0, "\"\(value)\"")
    case (.number(let unit, let bands), .number(let number, let text)):
      for (index, band) in bands.enumerated() where band.max == nil || number <= band.max! {
        let description =
          band.max.map { "≤ \(Format.number($0)) band" }
          ?? (index > 0 ? "> \(Format.number(bands[index - 1].max ?? 0)) band" : "open band")
        return (.scored, band.score, "\(text) \(unit) (\(description))")
      }
      return (.scored, 0, "\(text) \(unit) (no band)")
    default:
      return (.unanswered, 0, "unanswered")
    }
  }

  /// Decides the evidence factor: the best valid piece of evidence, independent before vendor-origin.
  private func evidenceTrace(_ question: Question, answer: Answer?) -> EvidenceTrace {
    let given = answer?.evidence ?? []
    var items = given.map { evidence -> EvidenceTrace.Item in
      if let check = evidenceFiles[EvidenceFileCheck.Key(evidence)] {
        switch check.state {
        case .hashMismatch: return .init(evidence: evidence, state: .hashMismatch)
        case .missing: return .init(evidence: evidence, state: .fileMissing)
        case .refused: return .init(evidence: evidence, state: .refused)
        case .verified, .unhashed: break
        }
      }
      if let validUntil = evidence.validUntil, validUntil < asOf {
        return .init(evidence: evidence, state: .expired)
      }
      return .init(evidence: evidence, state: .outranked)
    }
    guard let factors = profile.evidenceFactors(for: question.evidence)?.ordered else {
      for index in items.indices where items[index].state == .outranked { items[index].state = .counted }
      return EvidenceTrace(requirement: question.evidence, factor: 1, basis: .notExpected, items: items)
    }
    let usable = items.indices.filter { items[$0].state == .outranked }
    if let best = usable.first(where: { items[$0].evidence.origin == .independent }) {
      items[best].state = .counted
      return EvidenceTrace(
        requirement: question.evidence, factor: factors.independent, basis: .independent, items: items)
    }
    if let best = usable.first {
      items[best].state = .counted
      return EvidenceTrace(requirement: question.evidence, factor: factors.vendor, basis: .vendorOrigin, items: items)
    }
    return EvidenceTrace(
      requirement: question.evidence, factor: factors.missing, basis: items.isEmpty ? .missing : .unusable,
      items: items)
  }
}

/// Weighted means that skip missing values.
enum WeightedMean {
  /// The weighted mean of the values that are present; nil when none is.
  static func of(_ pairs: [(value: Double?, weight: Double)]) -> Double? {
    var total = 0.0
    var weights = 0.0
    for (value, weight) in pairs {
      guard let value else { continue }
      total += value * weight
      weights += weight
    }
    return weights > 0 ? total / weights : nil
  }
}
