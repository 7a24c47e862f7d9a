import CandorXML

/// A score as a report writes it: 0–100 with one decimal, held as a whole number of tenths so that differences
/// are exact.
public struct Tenths: Hashable, Sendable, Comparable, CustomStringConvertible {
  public var value: Int

  public init(_ value: Int) { self.value = value }

  /// Parses a report's one-decimal score ("87.8", "-3.0", "100.0").
  public init?(_ text: String) {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[1].count == 1, let whole = Int(parts[0]), let tenth = Int(parts[1]),
      parts[1].allSatisfy(\.isASCIIDigit)
    else { return nil }
    let negative = parts[0].hasPrefix("-")
    value = whole * 10 + (negative ? -tenth : tenth)
  }

  /// "87.8"; "-3.0".
  public var description: String {
    let magnitude = abs(value)
    return (value < 0 ? "-" : "") + "\(magnitude / 10).\(magnitude % 10)"
  }

  /// A change: "+5.2", "-3.0", "0.0".
  public var signed: String { value > 0 ? "+" + description : description }

  public static func < (lhs: Tenths, rhs: Tenths) -> Bool { lhs.value < rhs.value }
  public static func - (lhs: Tenths, rhs: Tenths) -> Tenths { Tenths(lhs.value - rhs.value) }
}

/// What a diff needs of one report.xml: the vendor, the questionnaire, the dates, the summary, every control's
/// scores and status, the gates, the contradictions and the follow-ups.
public struct ReportSnapshot: Sendable {
  public var file: String
  public var questionnaireID: String
  public var questionnaireVersion: String
  public var asOf: String
  public var submitted: String
  public var vendor: Vendor
  public var claimed: Tenths?
  public var verified: Tenths?
  public var sayDoGap: Tenths?
  public var transparency: Tenths?
  public var rating: Rating
  /// Scored questions answered, of all; nil in a report written before candor 0.2.
  public var answered: Int?
  public var questions: Int?
  /// `supplied` or `none`; nil in a report written before candor 0.2.
  public var incidentData: String?
  public var controls: [Control]
  public var gates: [Gate]
  public var contradictions: [Contradiction]
  public var followUps: [FollowUp]
  /// Where the root element's questionnaire and questionnaire-version attributes and the vendor's id are, for
  /// messages.
  public var questionnaireLocation: SourceLocation
  public var versionLocation: SourceLocation
  public var vendorLocation: SourceLocation

  /// The counts of the vocabulary of every report, worked out from the contradictions and gates listed (so that a
  /// report written before candor 0.2, which did not state them, gives them too).
  public var contradictedControls: Int {
    Set(contradictions.filter { $0.confidence != "alleged" }.map(\.control)).count
  }
  public var contradictionFindings: Int { contradictions.filter { $0.confidence != "alleged" }.count }
  public var allegedFindings: Int { contradictions.filter { $0.confidence == "alleged" }.count }
  public var gatedControls: Int { Set(gates.map(\.control)).count }

  public struct Control: Sendable, Hashable {
    public var id: String
    public var title: String
    public var domain: String
    public var critical: Bool
    public var status: String
    public var claimed: Tenths?
    public var verified: Tenths?
    /// The control's questions as "id weight", in order: two versions of a questionnaire that ask different
    /// questions for a control have redefined it.
    public var questions: [String]
  }

  public struct Gate: Sendable, Hashable {
    public var control: String
    public var kind: String
    public var effect: String
    public var reason: String
  }

  public struct Contradiction: Sendable, Hashable {
    public var control: String
    public var incident: String
    public var behaviour: String
    public var confidence: String
  }

  public struct FollowUp: Sendable, Hashable {
    public var id: String
    public var kind: String
    /// Every reason, the most serious first (a report before candor 0.2 gives one: `kind`).
    public var kinds: [String]
    public var control: String?
    public var question: String?
    public var incident: String?
    public var text: String
  }

  /// Reads the report in `source`: hardened parse, a report document (not a comparison or another kind), valid
  /// against report.xsd.
  ///
  /// - Throws: ``InputError`` with every problem found.
  public static func read(_ source: SourceText, limits: XMLLimits = .default) throws(InputError) -> ReportSnapshot {
    let document = try DocumentReader.read(source, expecting: .report, limits: limits)
    if !document.schemaDiagnostics.isEmpty { throw InputError(document.schemaDiagnostics) }
    let root = document.root
    let summary = root.child(named: "summary")
    func score(_ element: Element?, _ name: String) -> Tenths? { element?.attribute(name).flatMap(Tenths.init) }
    let vendor = root.child(named: "vendor")
    return ReportSnapshot(
      file: source.name,
      questionnaireID: root.string("questionnaire"),
      questionnaireVersion: root.string("questionnaire-version"),
      asOf: root.string("as-of"),
      submitted: root.string("submitted"),
      vendor: Vendor(id: vendor?.string("id") ?? "", name: vendor?.attribute("name") ?? ""),
      claimed: score(summary, "claimed"),
      verified: score(summary, "verified"),
      sayDoGap: score(summary, "say-do-gap"),
      transparency: score(summary, "transparency"),
      rating: summary?.value("rating", default: Rating.critical) ?? .critical,
      answered: summary?.attribute("answered").flatMap { Int($0) },
      questions: summary?.attribute("questions").flatMap { Int($0) },
      incidentData: summary?.attribute("incident-data"),
      controls: root.children(named: "domain").flatMap { domain in
        domain.children(named: "control").map { control in
          Control(
            id: control.string("id"), title: control.attribute("title") ?? "", domain: domain.string("id"),
            critical: control.bool("critical", default: false), status: control.string("status"),
            claimed: score(control, "claimed"), verified: score(control, "verified"),
            questions: control.children(named: "question").map { $0.string("id") + " " + $0.string("weight") })
        }
      },
      gates: root.children(named: "gate").map {
        Gate(control: $0.string("control"), kind: $0.string("kind"), effect: $0.string("effect"), reason: $0.text)
      },
      contradictions: root.children(named: "contradiction").map {
        Contradiction(
          control: $0.string("control"), incident: $0.string("incident"), behaviour: $0.string("behaviour"),
          confidence: $0.string("confidence"))
      },
      followUps: root.children(named: "follow-up").map {
        FollowUp(
          id: $0.string("id"), kind: $0.string("kind"),
          kinds: ($0.optionalString("kinds") ?? $0.string("kind")).split(separator: " ").map(String.init),
          control: $0.optionalString("control"),
          question: $0.optionalString("question"), incident: $0.optionalString("incident"),
          text: $0.child(named: "question")?.text ?? "")
      },
      questionnaireLocation: root.location(ofAttribute: "questionnaire"),
      versionLocation: root.location(ofAttribute: "questionnaire-version"),
      vendorLocation: vendor?.location(ofAttribute: "id") ?? root.location)
  }
}
