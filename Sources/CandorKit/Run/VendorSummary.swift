import CandorXML

/// What a report's `<summary>` says of one vendor, in the count vocabulary of ``Assessment`` (contradicted controls,
/// contradiction findings, alleged findings, gated controls, completeness, incident data): small enough to keep for
/// thousands of vendors, and the one source of the numbers that report.xml, comparison.xml, the comparison's
/// Markdown and HTML, and the command line's summary lines state.
public struct VendorSummary: Sendable {
  public var vendor: Vendor
  public var asOf: CalendarDate
  public var claimed: Double?
  public var verified: Double?
  public var sayDoGap: Double?
  public var rating: Rating
  public var baseRating: Rating
  public var transparency: Double?
  /// Every gate that fired; ``gatedControls`` groups them by control.
  public var gates: [Gate]
  /// The contradicted controls' ids, in questionnaire order.
  public var contradictedControls: [String]
  public var contradictionFindings: Int
  public var allegedFindings: Int
  public var completeness: Completeness
  public var incidentData: IncidentData
  public var followUps: Int
  /// Each domain's claimed and verified score, in questionnaire order.
  public var domainClaimed: [Double?]
  public var domainVerified: [Double?]
  public var verdict: PolicyVerdict?
  /// The vendor's report files as written (name, media type, SHA-256), when they were.
  public var files: [ReportFileReference] = []

  public init(_ assessment: Assessment, verdict: PolicyVerdict? = nil) {
    vendor = assessment.vendor
    asOf = assessment.asOf
    claimed = assessment.claimed
    verified = assessment.verified
    sayDoGap = assessment.sayDoGap
    rating = assessment.rating
    baseRating = assessment.baseRating
    transparency = assessment.transparency.value
    gates = assessment.gates
    contradictedControls = assessment.contradictedControls.map(\.controlID)
    contradictionFindings = assessment.contradictionFindings.count
    allegedFindings = assessment.allegedFindings.count
    completeness = assessment.completeness
    incidentData = assessment.incidentData
    followUps = assessment.followUps.count
    domainClaimed = assessment.domains.map(\.claimed)
    domainVerified = assessment.domains.map(\.verified)
    self.verdict = verdict
  }

  /// The gated controls, each once, its worst gate first.
  public var gatedControls: [GatedControl] { GatedControl.group(gates) }

  /// The rating in words, qualified when the response is incomplete: "critical risk (incomplete: 0 of 108 answered)".
  public var ratingText: String {
    rating.riskText + (completeness.isComplete ? "" : " (incomplete: \(completeness.text))")
  }

  /// "28 contradicted controls (46 findings; 2 alleged, not counted)", or "not compared: no incident data".
  public var contradictionText: String {
    if incidentData == .none { return "contradictions not compared: no incident data" }
    var text =
      "\(contradictedControls.count) contradicted control\(contradictedControls.count == 1 ? "" : "s") "
      + "(\(contradictionFindings) finding\(contradictionFindings == 1 ? "" : "s")"
    if allegedFindings > 0 { text += "; \(allegedFindings) alleged, not counted" }
    return text + ")"
  }

  /// Writes the `<summary>` element: every number of the vocabulary.
  func writeSummary(to writer: XMLWriter) {
    writer.startElement("summary")
    writer.attribute("claimed", claimed.map(Format.percent))
    writer.attribute("verified", verified.map(Format.percent))
    writer.attribute("say-do-gap", sayDoGap.map(Format.percent))
    writer.attribute("rating", rating.rawValue)
    writer.attribute("base-rating", baseRating.rawValue)
    writer.attribute("transparency", transparency.map(Format.percent))
    writer.attribute("contradicted-controls", String(contradictedControls.count))
    writer.attribute("contradiction-findings", String(contradictionFindings))
    writer.attribute("alleged-findings", String(allegedFindings))
    writer.attribute("gated-controls", String(gatedControls.count))
    writer.attribute("answered", String(completeness.answered))
    writer.attribute("questions", String(completeness.questions))
    writer.attribute("complete", String(completeness.isComplete))
    writer.attribute("incident-data", incidentData.name)
    writer.attribute("follow-ups", String(followUps))
    writer.endElement()
  }
}

/// A report file as written: its name in the output folder, its media type and the SHA-256 of its bytes, so that a
/// comparison (or a run manifest) can refer to it and anyone can check it was not changed since.
public struct ReportFileReference: Sendable, Hashable {
  public var name: String
  public var mediaType: String
  /// Lower-case hex.
  public var sha256: String

  public init(name: String, mediaType: String, sha256: String) {
    self.name = name
    self.mediaType = mediaType
    self.sha256 = sha256
  }

  /// The media type of a report file, by its name's ending.
  public static func mediaType(of name: String) -> String {
    if name.hasSuffix(".oscal-ar.json") { return "application/oscal.ar+json" }
    if name.hasSuffix(".oscal-ar.xml") { return "application/oscal.ar+xml" }
    if name.hasSuffix(".xml") { return "application/xml" }
    if name.hasSuffix(".md") { return "text/markdown" }
    if name.hasSuffix(".html") { return "text/html" }
    if name.hasSuffix(".svg") { return "image/svg+xml" }
    if name.hasSuffix(".csv") { return "text/csv" }
    return "application/octet-stream"
  }
}
