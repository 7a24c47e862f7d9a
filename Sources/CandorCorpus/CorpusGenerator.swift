import CandorKit

/// Generates a synthetic corpus for benchmarks and scale tests: vendor responses to a questionnaire and incident
/// files over those vendors, all from one seed.
///
/// Every response is valid against the questionnaire (its questions, options, bands and limits) and uses every
/// kind of answer: choice options including not-applicable ones, numbers in every band, free text, unanswered
/// questions, owners (vendor, customer, shared, third party), evidence (independent, vendor-origin, expired, with
/// and without SHA-256) and comments. Incidents observe the questionnaire's behaviours with findings at every
/// confidence, inside and outside the contradiction window, so that contradictions, gates and disclosure scores
/// all arise.
///
/// Deterministic: the same seed gives the same bytes. Each vendor and each incident draws from its own stream
/// (``SplitMix64/init(seed:stream:index:)``), so vendor 7's response does not depend on how many vendors or
/// incidents are generated.
public struct CorpusGenerator: Sendable {
  /// The questionnaire the responses answer.
  public let questionnaire: Questionnaire
  public let seed: UInt64
  /// The behaviours incidents can observe: the questionnaire's, in declaration order.
  private let behaviours: [String]
  private let questions: [(question: Question, control: Control)]

  public init(questionnaire: Questionnaire, seed: UInt64) {
    self.questionnaire = questionnaire
    self.seed = seed
    behaviours = questionnaire.behaviours.map(\.id)
    questions = questionnaire.domains.flatMap { domain in
      domain.controls.flatMap { control in control.questions.map { ($0, control) } }
    }
  }

  // MARK: Vendors

  /// How a vendor answers, broadly.
  enum Archetype: CaseIterable {
    /// Strong answers backed by independent evidence.
    case exemplary
    /// Claims everything, mostly self-attested; incidents tend to contradict it.
    case overclaimer
    /// Answers yes but moves ownership to the customer.
    case shifter
    /// Leaves many questions unanswered or not applicable.
    case sparse
    /// A bit of everything.
    case average

    var unanswered: Double {
      switch self {
      case .exemplary: 0.02
      case .overclaimer: 0.03
      case .shifter: 0.05
      case .sparse: 0.35
      case .average: 0.08
      }
    }
    /// The chance of choosing the best option or band.
    var quality: Double {
      switch self {
      case .exemplary: 0.85
      case .overclaimer: 0.92
      case .shifter: 0.8
      case .sparse: 0.4
      case .average: 0.55
      }
    }
    var evidence: Double {
      switch self {
      case .exemplary: 0.9
      case .overclaimer: 0.5
      case .shifter: 0.6
      case .sparse: 0.3
      case .average: 0.6
      }
    }
    var independent: Double {
      switch self {
      case .exemplary: 0.8
      case .overclaimer: 0.1
      case .shifter: 0.35
      case .sparse: 0.2
      case .average: 0.4
      }
    }
    var shiftsOwnership: Double { self == .shifter ? 0.6 : 0.05 }
    var notApplicable: Double { self == .sparse ? 0.4 : 0.12 }
  }

  /// A vendor's identity and the documents it cites as evidence.
  struct VendorPlan {
    var index: Int
    var id: String
    var name: String
    var archetype: Archetype
    var submitted: CalendarDate
    var documents: [Document]
  }

  /// A piece of evidence a vendor cites, possibly for several answers.
  struct Document {
    var reference: String
    var kind: String
    var origin: String
    var sha256: String?
    var validUntil: CalendarDate?
    var title: String
  }

  /// The id of vendor `index` (0-based): `vendor-00001` for the first.
  public static func vendorID(_ index: Int) -> String { "vendor-" + pad(index + 1, 5) }

  /// The file name of vendor `index`'s response.
  public static func responseFileName(_ index: Int) -> String { "response-\(vendorID(index)).xml" }

  /// The file name of incident file `index` (0-based): `incidents-001.xml` for the first.
  public static func incidentFileName(_ index: Int) -> String { "incidents-" + pad(index + 1, 3) + ".xml" }

  /// The most incidents in one incident file.
  public static let incidentsPerFile = 1_000

  private enum Stream: UInt64 {
    case vendor = 1
    case response = 2
    case incident = 3
  }

  func plan(_ index: Int) -> VendorPlan {
    var random = SplitMix64(seed: seed, stream: Stream.vendor.rawValue, index: index)
    let archetype = random.pick(Archetype.allCases)
    let name = random.pick(Vocabulary.companyStems) + " " + random.pick(Vocabulary.companySuffixes)
    let submitted = CalendarDate.fromDays(
      CalendarDate(year: 2026, month: 1, day: 5)!.daysSinceEpoch + random.below(330))
    let id = Self.vendorID(index)
    var documents: [Document] = []
    for number in 0..<random.int(in: 3...8) {
      let independent = random.chance(archetype.independent)
      let title = random.pick(Vocabulary.evidenceTitles)
      let kind = random.pick(Vocabulary.evidenceKinds)
      let isURL = !independent && random.chance(0.4)
      let reference =
        isURL
        ? "https://docs.\(id).example/governance/\(number + 1)"
        : "evidence/\(id)/\(kind)-\(number + 1).pdf"
      // About one in eight documents has expired by the time the response is submitted.
      let validUntil: CalendarDate? =
        random.chance(0.7)
        ? CalendarDate.fromDays(
          submitted.daysSinceEpoch + (random.chance(0.13) ? -random.int(in: 1...400) : random.int(in: 1...700)))
        : nil
      documents.append(
        Document(
          reference: reference, kind: kind, origin: independent ? "independent" : "vendor",
          sha256: isURL || random.chance(0.15) ? nil : Digest.sha256("\(seed)/\(reference)"),
          validUntil: validUntil, title: title))
    }
    return VendorPlan(
      index: index, id: id, name: name + (random.chance(0.05) ? " <\(index + 1)>" : ""), archetype: archetype,
      submitted: submitted, documents: documents)
  }

  /// The response of vendor `index` (0-based), as an XML document.
  public func response(vendor index: Int) -> String {
    let vendor = plan(index)
    var random = SplitMix64(seed: seed, stream: Stream.response.rawValue, index: index)
    var xml = XMLText()
    xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    xml.raw("<!-- Generated by candor-corpus (seed \(seed)): a synthetic vendor, not a real company. -->\n")
    xml.raw("<response xmlns=\"urn:candor:response:1\"")
    xml.attribute("questionnaire", questionnaire.id)
    xml.attribute("questionnaire-version", questionnaire.version)
    xml.raw(">\n  <vendor")
    xml.attribute("id", vendor.id)
    xml.attribute("name", vendor.name)
    xml.raw("/>\n")
    if random.chance(0.9) {
      xml.raw("  <respondent")
      xml.attribute("name", random.pick(Vocabulary.firstNames) + " " + random.pick(Vocabulary.lastNames))
      if random.chance(0.8) { xml.attribute("role", random.pick(Vocabulary.roles)) }
      if random.chance(0.3) { xml.attribute("email", "governance@\(vendor.id).example") }
      xml.raw("/>\n")
    }
    xml.raw("  <submitted>\(vendor.submitted)</submitted>\n")
    for (question, control) in questions {
      if random.chance(vendor.archetype.unanswered) { continue }
      answer(question, control: control, vendor: vendor, random: &random, into: &xml)
    }
    xml.raw("</response>\n")
    return xml.text
  }

  private func answer(
    _ question: Question, control: Control, vendor: VendorPlan, random: inout SplitMix64, into xml: inout XMLText
  ) {
    let archetype = vendor.archetype
    xml.raw("  <answer")
    xml.attribute("question", question.id)
    var scored = true
    switch question.kind {
    case .choice(let options):
      let notApplicable = options.filter(\.notApplicable)
      let ranked = options.filter { !$0.notApplicable }.sorted { ($0.score ?? 0) > ($1.score ?? 0) }
      let option: AnswerOption
      if !notApplicable.isEmpty, random.chance(archetype.notApplicable) {
        option = random.pick(notApplicable)
        scored = false
      } else if ranked.isEmpty || random.chance(archetype.quality) {
        option = ranked.first ?? random.pick(options)
      } else {
        option = random.pick(ranked)
      }
      xml.attribute("value", option.value)
    case .number(_, let bands):
      // Numbers are measured rather than chosen: they spread over the bands more than options do.
      xml.attribute("number", number(for: question, bands: bands, quality: archetype.quality * 0.7, random: &random))
    case .freeText:
      xml.attribute("text", sentences(random.int(in: 1...3), random: &random))
      scored = false
    }
    // The owner as answered: mostly left to the control's, sometimes moved to the customer or shared.
    if random.chance(archetype.shiftsOwnership) {
      xml.attribute("owner", random.pick(["customer", "shared", "shared", "third-party"]))
    } else if random.chance(0.25) {
      xml.attribute("owner", control.owner.rawValue)
    }
    let comment = random.chance(0.35)
    let evidence: [Document] =
      scored && question.evidence != .none && random.chance(archetype.evidence)
      ? random.sample(vendor.documents, count: random.int(in: 1...3)) : []
    guard comment || !evidence.isEmpty else {
      xml.raw("/>\n")
      return
    }
    xml.raw(">\n")
    if comment {
      xml.raw("    <comment>")
      xml.text(sentences(random.int(in: 1...2), random: &random))
      xml.raw("</comment>\n")
    }
    for document in evidence {
      xml.raw("    <evidence")
      xml.attribute("kind", document.kind)
      xml.attribute("origin", document.origin)
      xml.attribute("ref", document.reference)
      if let sha256 = document.sha256 { xml.attribute("sha256", sha256) }
      if let validUntil = document.validUntil { xml.attribute("valid-until", validUntil.description) }
      xml.raw(">")
      xml.text(document.title + ", section " + String(random.int(in: 1...12)) + "." + String(random.int(in: 1...9)))
      xml.raw("</evidence>\n")
    }
    xml.raw("  </answer>\n")
  }

  /// A number that falls in one of the question's bands (the best band with probability `quality`), within the
  /// question's minimum and maximum.
  private func number(for question: Question, bands: [Band], quality: Double, random: inout SplitMix64) -> String {
    let lowest = question.minimum ?? 0
    // The interval of each band: above the previous band's max, up to its own max (inclusive).
    var intervals: [(low: Double, high: Double, score: Double)] = []
    var previous: Double? = nil
    for band in bands {
      let low = max(previous ?? lowest, lowest)
      var high = band.max ?? max(low * 2, low + 10)
      if let maximum = question.maximum { high = min(high, maximum) }
      if high > low || (previous == nil && high >= low) { intervals.append((low, high, band.score)) }
      previous = band.max ?? previous
    }
    guard !intervals.isEmpty else { return format(lowest) }
    // The best band with probability `quality`, else one of the others.
    let best = intervals.indices.max { (intervals[$0].score, -$0) < (intervals[$1].score, -$1) }!
    let others = intervals.indices.filter { $0 != best }
    let position = others.isEmpty || random.chance(quality) ? best : random.pick(others)
    let chosen = intervals[position]
    // An integer above the low end (which belongs to the previous band; the first band includes it), else tenths.
    let lowInteger = position == 0 ? chosen.low.rounded(.up) : (chosen.low + 1).rounded(.down)
    let highInteger = chosen.high.rounded(.down)
    if lowInteger <= highInteger {
      let span = Int(highInteger - lowInteger)
      return format(lowInteger + Double(random.below(span + 1)))
    }
    let tenths = max(1, Int(((chosen.high - chosen.low) * 10).rounded(.down)))
    return format(min(chosen.high, chosen.low + Double(random.int(in: 1...tenths)) / 10))
  }

  private func format(_ value: Double) -> String {
    if value == value.rounded() { return String(Int(value)) }
    let tenths = Int((abs(value) * 10).rounded())
    return (value < 0 ? "-" : "") + "\(tenths / 10).\(tenths % 10)"
  }

  private func sentences(_ count: Int, random: inout SplitMix64) -> String {
    (0..<count).map { _ in
      random.pick(Vocabulary.subjects) + " " + random.pick(Vocabulary.verbs) + " "
        + random.pick(Vocabulary.objects) + " " + random.pick(Vocabulary.qualifiers) + "."
    }.joined(separator: " ")
  }

  // MARK: Incidents

  /// Incidents `range` (0-based) over `vendorCount` vendors, as one incident file.
  public func incidents(_ range: Range<Int>, vendorCount: Int) -> String {
    var xml = XMLText()
    xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    xml.raw("<!-- Generated by candor-corpus (seed \(seed)): invented incidents of synthetic vendors. -->\n")
    xml.raw("<incidents xmlns=\"urn:candor:incidents:1\">\n")
    for index in range { incident(index, vendorCount: vendorCount, into: &xml) }
    xml.raw("</incidents>\n")
    return xml.text
  }

  private func incident(_ index: Int, vendorCount: Int, into xml: inout XMLText) {
    var random = SplitMix64(seed: seed, stream: Stream.incident.rawValue, index: index)
    // Mostly vendors of the corpus (overclaimers about twice as often), a few vendors that sent no response.
    let vendor: VendorPlan?
    if vendorCount > 0, random.chance(0.97) {
      var candidate = plan(random.below(vendorCount))
      if candidate.archetype != .overclaimer, random.chance(0.6) { candidate = plan(random.below(vendorCount)) }
      vendor = candidate
    } else {
      vendor = nil
    }
    let vendorID = vendor?.id ?? "unlisted-" + Self.pad(random.below(500) + 1, 3)
    let submitted = vendor?.submitted ?? CalendarDate(year: 2026, month: 6, day: 1)!
    // Started up to 48 months before the submission (a quarter outside the 36-month window) or up to 3 after.
    let startDay = submitted.daysSinceEpoch - random.int(in: -90...(48 * 30))
    let started = startDay * 86_400 + random.below(86_400)
    let detected: Int? = random.chance(0.8) ? started + 60 * random.int(in: 1...240) : nil
    let resolved: Int? = random.chance(0.85) ? (detected ?? started) + 60 * random.int(in: 30...(72 * 60)) : nil
    let statementCount = random.pick([0, 1, 1, 1, 2, 2, 3])
    var statementTimes: [Int] = []
    var moment = (detected ?? started) + 60 * random.int(in: 30...(10 * 24 * 60))
    for _ in 0..<statementCount {
      statementTimes.append(moment)
      moment += 60 * random.int(in: 60...(20 * 24 * 60))
    }
    let rootCause: Int? = random.chance(0.5) ? (resolved ?? started) + 86_400 * random.int(in: 1...120) : nil
    let overclaims = vendor?.archetype == .overclaimer

    xml.raw("  <incident")
    xml.attribute("id", "INC-" + Self.pad(index + 1, 6))
    xml.attribute("vendor", vendorID)
    xml.attribute("severity", random.pick(["low", "medium", "high", "critical"]))
    xml.attribute("fictional", "true")
    xml.raw(">\n    <title>")
    xml.text(
      random.pick(Vocabulary.services).capitalisedFirst + " " + random.pick(Vocabulary.problems) + " in "
        + random.pick(Vocabulary.regions))
    xml.raw("</title>\n")
    if random.chance(0.5) {
      xml.raw("    <description>")
      xml.text(sentences(random.int(in: 1...3), random: &random))
      xml.raw("</description>\n")
    }
    xml.raw("    <timeline")
    xml.attribute("started", Self.timestamp(started))
    if let detected { xml.attribute("detected", Self.timestamp(detected)) }
    if let resolved { xml.attribute("resolved", Self.timestamp(resolved)) }
    if let first = statementTimes.first, random.chance(0.7) { xml.attribute("first-statement", Self.timestamp(first)) }
    if let rootCause { xml.attribute("root-cause-published", Self.timestamp(rootCause)) }
    xml.raw("/>\n")
    let causes = Cause.allCases.map(\.rawValue)
    for at in statementTimes {
      xml.raw("    <statement")
      xml.attribute("at", Self.timestamp(at))
      xml.attribute("source", random.pick(Vocabulary.sources))
      xml.attribute(
        "cause",
        overclaims && random.chance(0.6) ? random.pick(["human-error", "configuration-change"]) : random.pick(causes))
      xml.attribute("ai-involvement", random.pick(["acknowledged", "not-mentioned", "denied"]))
      if random.chance(0.3) { xml.attribute("url", "https://status.\(vendorID).example/incidents/\(index + 1)") }
      xml.raw(">")
      xml.text(sentences(1, random: &random))
      xml.raw("</statement>\n")
    }
    for _ in 0..<random.pick([0, 1, 1, 2, 2, 3]) {
      xml.raw("    <finding")
      xml.attribute("source", random.pick(Vocabulary.sources))
      xml.attribute("origin", random.chance(0.8) ? "independent" : "vendor")
      xml.attribute("confidence", random.pick(Confidence.allCases).rawValue)
      if random.chance(0.85) {
        xml.attribute("cause", random.chance(0.5) ? random.pick(["ai-agent", "automation"]) : random.pick(causes))
      }
      if random.chance(0.3) { xml.attribute("url", "https://news.example/\(vendorID)/\(index + 1)") }
      xml.raw(">\n      <summary>")
      xml.text(random.pick(Vocabulary.findings) + "; " + sentences(1, random: &random))
      xml.raw("</summary>\n")
      // Findings about an overclaiming vendor usually show a behaviour its answers deny; others less often.
      let observes = random.chance(overclaims ? 0.7 : 0.25)
      for behaviour in observes ? random.sample(behaviours, count: random.int(in: 1...2)) : [] {
        xml.raw("      <observed")
        xml.attribute("behaviour", behaviour)
        xml.raw("/>\n")
      }
      xml.raw("    </finding>\n")
    }
    xml.raw("  </incident>\n")
  }

  // MARK: Helpers

  static func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }

  /// `YYYY-MM-DDTHH:MM:SSZ` for seconds since 1970-01-01 UTC.
  static func timestamp(_ seconds: Int) -> String {
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let rest = seconds - days * 86_400
    return CalendarDate.fromDays(days).description + "T" + pad(rest / 3600, 2) + ":" + pad(rest / 60 % 60, 2) + ":"
      + pad(rest % 60, 2) + "Z"
  }
}

extension CalendarDate {
  /// The date `days` days after 1970-01-01 (Howard Hinnant's civil_from_days).
  static func fromDays(_ days: Int) -> CalendarDate {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthPrime = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
    let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return CalendarDate(year: year, month: month, day: day)!
  }
}

extension String {
  var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}

/// A small XML text builder: attribute values and text escaped for XML.
struct XMLText {
  var text = ""

  init() { text.reserveCapacity(32_768) }

  mutating func raw(_ string: String) { text += string }

  mutating func attribute(_ name: String, _ value: String) {
    text += " " + name + "=\""
    escape(value, quotes: true)
    text += "\""
  }

  mutating func text(_ value: String) { escape(value, quotes: false) }

  private mutating func escape(_ value: String, quotes: Bool) {
    for scalar in value.unicodeScalars {
      switch scalar {
      case "&": text += "&amp;"
      case "<": text += "&lt;"
      case ">": text += "&gt;"
      case "\"" where quotes: text += "&quot;"
      default: text.unicodeScalars.append(scalar)
      }
    }
  }
}
