/// The documented, testable rules that derive a statement's cause, AI involvement and root-cause publication from
/// the vendor's own words. What they derive is labelled (`derived="keyword"`, with the matched words) and is never a
/// finding: findings stay what an analyst or an independent source asserts.
///
/// Words are compared case-insensitively, as whole words (`third-party` and `third party` are the same two words). A
/// match is ignored when one of the four words before it, in the same sentence, is a negation (`no`, `not`, `never`,
/// `without`, `nor`, `neither`, `cannot`, or a contraction in n't): "not caused by a configuration change" derives
/// nothing. A match written as a name — every word capitalised (`Agent`, not `AGENT` or `agent`) and not at the start
/// of a sentence — is a product name and is ignored too: "Copilot Cloud Agent" mentions no agent. Denial of AI
/// involvement is never derived: that needs a reader.
public enum KeywordRules {
  /// The cause phrases, in priority order: the first cause with an unnegated match is the statement's cause.
  public static let causes: [(cause: Cause, phrases: [String])] = [
    (.aiAgent, ["ai agent", "ai agents", "autonomous agent", "agentic", "ai driven", "ai powered system"]),
    (
      .automation,
      [
        "automation error", "automated process", "automated system", "automated tooling", "automated tool",
        "automated job", "automated script", "automated deployment", "automation system", "deploy pipeline",
        "deployment pipeline",
      ]
    ),
    (
      .humanError,
      ["human error", "operator error", "operational error", "manual error", "engineer error", "manual change"]
    ),
    (
      .configurationChange,
      [
        "configuration change", "config change", "misconfiguration", "misconfigured", "configuration error",
        "incorrect configuration", "configuration update", "configuration push", "config push",
      ]
    ),
    (.softwareDefect, ["bug", "software defect", "defect", "regression", "faulty code", "code change"]),
    (
      .securityAttack,
      ["ddos", "denial of service", "attack", "attacker", "malicious", "compromised", "security incident"]
    ),
    (
      .thirdParty,
      ["third party", "upstream provider", "external provider", "third party provider", "upstream dependency"]
    ),
    (
      .hardware,
      ["hardware", "power outage", "power failure", "fiber cut", "fibre cut", "disk failure", "hardware failure"]
    ),
    (
      .capacity,
      [
        "capacity", "traffic spike", "increase in traffic", "surge in traffic", "resource exhaustion", "saturation",
        "overloaded", "overload",
      ]
    ),
  ]

  /// Words that mention automation or AI: any unnegated match makes AI involvement `acknowledged`.
  public static let aiWords = [
    "automation", "automated", "automatic", "automatically", "agent", "agents", "agentic", "ai",
    "artificial intelligence", "autonomous", "model", "models", "machine learning", "llm", "deploy pipeline",
    "deployment pipeline",
  ]

  /// Names of a root-cause text when written as a heading (after `#`, `**` or `__`, before a colon, or in capitals).
  public static let rootCauseHeadings = [
    "root cause", "root causes", "root cause analysis", "incident report", "postmortem", "post mortem",
    "post incident review", "post incident report",
  ]

  /// Sentences that state a cause, counted in statements made at or after resolution (or labelled resolved or
  /// postmortem). `…` stands for up to four words ("the root cause of the issue was").
  public static let causalPhrases = [
    "was caused by", "were caused by", "root cause … was", "root cause … is", "root causes … were",
    "was triggered by", "were triggered by", "the immediate cause … was",
  ]

  static let negations: Set<String> = [
    "no", "not", "never", "without", "nor", "neither", "cannot", "didn", "doesn", "wasn", "weren", "isn", "aren",
    "don", "won", "hasn", "haven",
  ]

  /// What the rules derive from one statement.
  public struct Result: Sendable, Hashable {
    public var cause: Cause
    public var aiInvolvement: AIInvolvement
    public var publishesRootCause: Bool
    public var matched: KeywordDerivation
  }

  /// Applies the rules to `text`.
  ///
  /// - Parameters:
  ///   - status: the source's label of the update (`postmortem` marks a root-cause text).
  ///   - afterResolution: whether the statement was made at or after the incident's resolution (then a causal
  ///     sentence counts as a published root cause).
  public static func derive(_ text: String, status: String?, afterResolution: Bool) -> Result {
    let words = Words(text)
    var cause = Cause.unknown
    var causeWords: [String] = []
    for (candidate, phrases) in causes {
      let matched = phrases.filter { words.containsUnnegated($0) }
      if !matched.isEmpty {
        cause = candidate
        causeWords = matched
        break
      }
    }
    let aiMatched = aiWords.filter { words.containsUnnegated($0) }
    var rootCause: [String] = []
    if let status, status.lowercased() == "postmortem" { rootCause.append("postmortem (status)") }
    let characters = Array(text)
    let lower = characters.map { Character($0.lowercased()) }
    rootCause += rootCauseHeadings.filter { heading(characters, lower, $0) }.map { "\($0) (heading)" }
    if afterResolution || ["resolved", "postmortem"].contains(status?.lowercased() ?? "") {
      rootCause += causalPhrases.filter { words.containsUnnegated($0) }
    }
    return Result(
      cause: cause, aiInvolvement: aiMatched.isEmpty ? .notMentioned : .acknowledged,
      publishesRootCause: !rootCause.isEmpty,
      matched: KeywordDerivation(cause: causeWords, aiInvolvement: aiMatched, rootCause: rootCause))
  }

  static let headingQualifiers: Set<String> = ["mini", "full", "preliminary", "updated", "final", "detailed"]

  /// Whether `phrase` is written in `text` as a heading: right after `#`, `**` or `__` markup, right before a colon
  /// (markup allowed between), or at the start of the text in capitals or with every word capitalised; a qualifier
  /// (mini, full, preliminary, updated, final, detailed) may stand before it.
  static func heading(_ characters: [Character], _ lower: [Character], _ phrase: String) -> Bool {
    // Words of the phrase may be joined by a space or a hyphen.
    let parts = phrase.split(separator: " ").map { Array($0) }
    var start = 0
    while start < lower.count {
      guard let (matchStart, matchEnd) = find(parts, in: lower, from: start) else { return false }
      start = matchStart + 1
      var before = matchStart - 1
      while before >= 0, characters[before] == " " { before -= 1 }
      // A qualifier before the name ("Mini Incident Report", "Preliminary Incident Report") is part of the heading.
      var wordStartIndex = before
      while wordStartIndex >= 0, characters[wordStartIndex].isLetter { wordStartIndex -= 1 }
      if wordStartIndex < before,
        headingQualifiers.contains(String(characters[(wordStartIndex + 1)...before]).lowercased())
      {
        before = wordStartIndex
        while before >= 0, characters[before] == " " { before -= 1 }
      }
      let markupBefore = before >= 0 && "#*_".contains(characters[before])
      let atStart = before < 0
      var after = matchEnd
      while after < characters.count, "*_ ".contains(characters[after]) { after += 1 }
      let colonAfter = after < characters.count && characters[after] == ":"
      let written = characters[matchStart..<matchEnd]
      let capitals = written.allSatisfy { !$0.isLetter || $0.isUppercase }
      let titleCase = written.split(whereSeparator: { $0 == " " || $0 == "-" }).allSatisfy {
        $0.first?.isUppercase == true
      }
      let wordEnd = matchEnd == characters.count || !characters[matchEnd].isLetter
      let wordStart = matchStart == 0 || !characters[matchStart - 1].isLetter
      guard wordStart, wordEnd else { continue }
      if markupBefore || colonAfter || (atStart && (capitals || titleCase)) { return true }
    }
    return false
  }

  /// The first occurrence of the words `parts`, joined by a space or a hyphen, in `text` (lower case) from `start`.
  private static func find(_ parts: [[Character]], in text: [Character], from start: Int) -> (Int, Int)? {
    guard let first = parts.first, !first.isEmpty else { return nil }
    var index = start
    while index + first.count <= text.count {
      if text[index..<index + first.count].elementsEqual(first) {
        var end = index + first.count
        var matched = true
        for part in parts.dropFirst() {
          guard end < text.count, text[end] == " " || text[end] == "-",
            end + 1 + part.count <= text.count, text[(end + 1)..<(end + 1 + part.count)].elementsEqual(part)
          else {
            matched = false
            break
          }
          end += 1 + part.count
        }
        if matched { return (index, end) }
      }
      index += 1
    }
    return nil
  }

  /// The words of a text, lower case, each with its sentence.
  struct Words {
    var words: [String] = []
    var sentences: [Int] = []
    /// Whether the word is written capitalised (`Agent`) and is not the first of its sentence.
    var names: [Bool] = []

    init(_ text: String) {
      var current = ""
      var sentence = 0
      var sentenceStart = true
      func flush() {
        guard !current.isEmpty else { return }
        let lower = current.lowercased()
        let capitalised = current.first?.isUppercase == true && current.dropFirst().contains { $0.isLowercase }
        words.append(lower)
        sentences.append(sentence)
        names.append(capitalised && !sentenceStart)
        sentenceStart = false
        current = ""
      }
      for character in text {
        if character.isLetter || character.isNumber {
          current.append(character)
        } else {
          flush()
          if ".!?;:".contains(character) {
            sentence += 1
            sentenceStart = true
          }
        }
      }
      flush()
    }

    /// Whether the words of `phrase` occur in order, consecutively (`…` allowing up to four words between, in the
    /// same sentence), without a negation in the four words before and not written as a name.
    func containsUnnegated(_ phrase: String) -> Bool {
      let parts = phrase.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "…" }).map(String.init)
      guard let first = parts.first, first != "…" else { return false }
      for start in words.indices where words[start] == first {
        guard let end = match(parts, from: start) else { continue }
        let window = max(0, start - 4)..<start
        let negated = window.contains {
          sentences[$0] == sentences[start] && KeywordRules.negations.contains(words[$0])
        }
        let name = (start..<end).allSatisfy { names[$0] }
        if !negated && !name { return true }
      }
      return false
    }

    /// The end of a match of `parts` starting at word `start`, if they match there.
    private func match(_ parts: [String], from start: Int) -> Int? {
      var index = start
      var part = 0
      while part < parts.count {
        if parts[part] == "…" {
          // The shortest gap of up to four words after which the rest matches.
          for gap in 0...4 where index + gap <= words.count {
            guard gap == 0 || sentences[index + gap - 1] == sentences[start] else { break }
            if let end = match(Array(parts[(part + 1)...]), from: index + gap) { return end }
          }
          return nil
        }
        guard index < words.count, words[index] == parts[part], sentences[index] == sentences[start] else { return nil }
        index += 1
        part += 1
      }
      return index
    }
  }
}
