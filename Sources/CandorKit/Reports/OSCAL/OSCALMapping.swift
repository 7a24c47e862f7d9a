/// Maps an ``Assessment`` to an OSCAL 1.2.1 `assessment-results` tree (see docs/oscal.md for the mapping):
/// metadata with the vendor and candor as parties, `import-ap` pointing at the questionnaire in the back matter, and
/// one result with the reviewed controls, an observation per answer and per incident finding, a risk per
/// contradiction and per gate, and a finding per control.
///
/// Deterministic: every UUID is name-based (``OSCALNames``), every date comes from the assessment (never the
/// clock), and every list is in the questionnaire's or the inputs' order.
struct OSCALMapping {
  /// The namespace of candor's own properties (`<prop ns="urn:candor:oscal" name="verified" value="5.6"/>`).
  static let propertyNamespace = "urn:candor:oscal"
  static let oscalVersion = "1.2.1"
  static let rootName = "assessment-results"

  let assessment: Assessment
  let names: OSCALNames
  /// The incidents in the window by id, looked up once per contradiction.
  let incidentsByID: [String: Incident]

  init(_ assessment: Assessment) {
    self.assessment = assessment
    names = OSCALNames(assessment)
    incidentsByID = Dictionary(
      assessment.disclosures.map { ($0.incident.id, $0.incident) }, uniquingKeysWith: { first, _ in first })
  }

  /// The `assessment-results` root.
  func document() -> OSCALAssembly {
    var root = OSCALAssembly()
    root.flag("uuid", names.document)
    root.assembly("metadata", metadata())
    var importPlan = OSCALAssembly()
    importPlan.flag("href", "#" + names.questionnaireResource)
    importPlan.multiline(
      "remarks",
      [
        "candor assesses against a questionnaire rather than an OSCAL assessment plan: the questionnaire, described "
          + "in the back matter with its id, version and SHA-256, takes the plan's place."
      ])
    root.assembly("import-ap", importPlan)
    root.assemblies("result", json: "results", [result()])
    root.assembly("back-matter", backMatter())
    return root
  }

  // MARK: - Metadata

  private func metadata() -> OSCALAssembly {
    let a = assessment
    var metadata = OSCALAssembly()
    metadata.line(
      "title",
      Self.line("Assessment results: \(a.vendor.name), \(a.questionnaire.title) \(a.questionnaire.version)"))
    metadata.field("last-modified", Self.timestamp(a.asOf))
    metadata.field("version", a.asOf.description)
    metadata.field("oscal-version", Self.oscalVersion)
    metadata.assemblies(
      "role", json: "roles",
      [
        Self.role("assessor", "Assessor"), Self.role("vendor", "Assessed vendor"),
      ] + (a.respondent == nil ? [] : [Self.role("respondent", "Respondent for the vendor")]))
    var parties = [vendorParty(), assessorParty()]
    if let respondent = a.respondent { parties.append(respondentParty(respondent)) }
    metadata.assemblies("party", json: "parties", parties)
    var responsible = [
      Self.responsibleParty("assessor", names.assessorParty), Self.responsibleParty("vendor", names.vendorParty),
    ]
    if a.respondent != nil { responsible.append(Self.responsibleParty("respondent", names.respondentParty)) }
    metadata.assemblies("responsible-party", json: "responsible-parties", responsible)
    metadata.multiline(
      "remarks",
      [
        "Written by \(ReportXML.generator) from a questionnaire, one vendor's response and the incident reports "
          + "observed for that vendor. The last-modified time is the as-of date at 00:00:00Z and every UUID is "
          + "name-based (version 5), so that the same inputs always give the same document."
      ])
    return metadata
  }

  private func vendorParty() -> OSCALAssembly {
    var party = OSCALAssembly()
    party.flag("uuid", names.vendorParty)
    party.flag("type", "organization")
    party.field("name", Self.line(assessment.vendor.name))
    party.field("short-name", assessment.vendor.id)
    party.assemblies("prop", json: "props", [Self.prop("vendor-id", assessment.vendor.id)].compactMap { $0 })
    return party
  }

  private func assessorParty() -> OSCALAssembly {
    var party = OSCALAssembly()
    party.flag("uuid", names.assessorParty)
    party.flag("type", "organization")
    party.field("name", "candor")
    party.assemblies("prop", json: "props", [Self.prop("tool-version", CandorInfo.version)].compactMap { $0 })
    party.multiline(
      "remarks",
      [
        "candor, the assessment tool: it scores how well a vendor governs its autonomous operations agents and how "
          + "candid it is about incidents. Every observation, risk and finding of this document was made by it."
      ])
    return party
  }

  private func respondentParty(_ respondent: Respondent) -> OSCALAssembly {
    var party = OSCALAssembly()
    party.flag("uuid", names.respondentParty)
    party.flag("type", "person")
    party.field("name", Self.line(respondent.name))
    party.assemblies(
      "prop", json: "props", [respondent.role.flatMap { Self.oscalProp("job-title", $0) }].compactMap { $0 })
    party.fields("member-of-organization", json: "member-of-organizations", [names.vendorParty])
    return party
  }

  // MARK: - Result

  private func result() -> OSCALAssembly {
    let a = assessment
    var result = OSCALAssembly()
    result.flag("uuid", names.result)
    result.line("title", Self.line("\(a.vendor.name): \(a.questionnaire.title), as of \(a.asOf)"))
    let percent: (Double?) -> String = { $0.map(Format.percent) ?? "n/a" }
    result.multiline(
      "description",
      [
        Self.line(
          "candor's assessment of \(a.vendor.name) (\(a.vendor.id)) against the questionnaire "
            + "\(a.questionnaire.id) \(a.questionnaire.version) as of \(a.asOf) "
            + "(\(a.asOfSource == .given ? "given" : "the response's submission date"))."),
        "Claimed \(percent(a.claimed)), verified \(percent(a.verified)), say-do gap \(percent(a.sayDoGap)); "
          + "\(a.rating.riskText)\(VendorReport.ratingSuffix(a)) (\(a.baseRating.riskText) before gates, "
          + "\(a.gatedControls.count) gated control\(a.gatedControls.count == 1 ? "" : "s")); transparency index "
          + "\(percent(a.transparency.value)); \(a.completeness.text); "
          + "\(VendorReport.contradictionCount(a)).",
      ])
    result.field("start", Self.timestamp(min(a.submitted, a.asOf)))
    result.field("end", Self.timestamp(a.asOf))
    result.assemblies("prop", json: "props", resultProperties())
    result.assembly("reviewed-controls", reviewedControls())
    result.assemblies("observation", json: "observations", observations())
    result.assemblies("risk", json: "risks", risks())
    result.assemblies("finding", json: "findings", findings())
    return result
  }

  /// candor's numbers for the whole assessment, named as in report.xml's `<summary>`, then the scoring profile.
  private func resultProperties() -> [OSCALAssembly] {
    let a = assessment
    var props: [OSCALAssembly?] = [
      Self.prop("claimed", a.claimed.map(Format.percent)),
      Self.prop("verified", a.verified.map(Format.percent)),
      Self.prop("say-do-gap", a.sayDoGap.map(Format.percent)),
      Self.prop("rating", a.rating.rawValue),
      Self.prop("base-rating", a.baseRating.rawValue),
      Self.prop("transparency", a.transparency.value.map(Format.percent)),
      Self.prop("transparency-questionnaire-part", a.transparency.questionnairePart.map(Format.percent)),
      Self.prop("transparency-disclosure-part", a.transparency.disclosurePart.map(Format.percent)),
      Self.prop("transparency-basis", a.transparency.basis.rawValue),
      Self.prop("contradicted-controls", String(a.contradictedControls.count)),
      Self.prop("contradiction-findings", String(a.contradictionFindings.count)),
      Self.prop("alleged-findings", String(a.allegedFindings.count)),
      Self.prop("gated-controls", String(a.gatedControls.count)),
      Self.prop("answered", String(a.completeness.answered)),
      Self.prop("questions", String(a.completeness.questions)),
      Self.prop("complete", String(a.completeness.isComplete)),
      Self.prop("incident-data", a.incidentData.name),
      Self.prop("follow-ups", String(a.followUps.count)),
      Self.prop("questionnaire", a.questionnaire.id),
      Self.prop("questionnaire-version", a.questionnaire.version),
      Self.prop("vendor", a.vendor.id),
      Self.prop("as-of", a.asOf.description),
      Self.prop("as-of-source", a.asOfSource.rawValue),
      Self.prop("submitted", a.submitted.description),
      Self.prop("window-start", a.windowStart.description),
      Self.prop("generator", ReportXML.generator),
    ]
    for (name, value) in ProfileDescription.settings(a.profile) {
      props.append(Self.prop(name, value, class: "scoring-profile"))
    }
    return props.compactMap { $0 }
  }

  private func reviewedControls() -> OSCALAssembly {
    var selection = OSCALAssembly()
    selection.assemblies(
      "include-control", json: "include-controls",
      assessment.controls.map { score in
        var control = OSCALAssembly()
        control.flag("control-id", OSCALText.token(score.control.id))
        return control
      })
    var reviewed = OSCALAssembly()
    reviewed.multiline(
      "description",
      [
        Self.line(
          "Every control of the questionnaire \(assessment.questionnaire.id) \(assessment.questionnaire.version); "
            + "each has a finding below whose target is the control's objective (objective-id = the control id).")
      ])
    reviewed.assemblies("control-selection", json: "control-selections", [selection])
    return reviewed
  }

  // MARK: - Back matter

  private func backMatter() -> OSCALAssembly {
    let a = assessment
    var resources: [OSCALAssembly] = []
    let questionnaireFile = a.manifest.first { $0.kind == .questionnaire }
    var questionnaire = OSCALAssembly()
    questionnaire.flag("uuid", names.questionnaireResource)
    questionnaire.line(
      "title", Self.line("Questionnaire: \(a.questionnaire.title) (\(a.questionnaire.id) \(a.questionnaire.version))"))
    questionnaire.multiline(
      "description",
      [
        "The questionnaire the vendor answered and candor assessed against: its controls are the reviewed controls, "
          + "its scoring profile is in the result's props."
      ] + (a.questionnaire.description.map(OSCALText.paragraphs) ?? []))
    questionnaire.assemblies(
      "prop", json: "props",
      [
        Self.prop("questionnaire-id", a.questionnaire.id),
        Self.prop("questionnaire-version", a.questionnaire.version),
      ].compactMap { $0 })
    questionnaire.assemblies("rlink", json: "rlinks", questionnaireFile.map { [Self.rlink($0)] } ?? [])
    resources.append(questionnaire)

    if let responseFile = a.manifest.first(where: { $0.kind == .response }) {
      var response = OSCALAssembly()
      response.flag("uuid", names.responseResource)
      response.line("title", Self.line("Response of \(a.vendor.name) to \(a.questionnaire.id)"))
      response.multiline(
        "description", ["The vendor's answers and evidence references; each answer is an observation of the result."])
      response.assemblies(
        "prop", json: "props",
        [
          Self.prop("vendor", a.vendor.id), Self.prop("submitted", a.submitted.description),
        ].compactMap { $0 })
      response.assemblies("rlink", json: "rlinks", [Self.rlink(responseFile)])
      resources.append(response)
    }

    var occurrences: [String: Int] = [:]
    for file in a.manifest where file.kind == .incidents {
      let name = Self.fileName(file.file)
      occurrences[name, default: 0] += 1
      var incidents = OSCALAssembly()
      incidents.flag("uuid", names.incidentsResource(name, occurrence: occurrences[name]!))
      incidents.line("title", Self.line("Incident reports: \(name)"))
      incidents.multiline(
        "description",
        [
          "Incident reports (statements and findings) read for the assessment; each finding about the vendor is an observation."
        ])
      incidents.assemblies("rlink", json: "rlinks", [Self.rlink(file)])
      resources.append(incidents)
    }
    var backMatter = OSCALAssembly()
    backMatter.assemblies("resource", json: "resources", resources)
    return backMatter
  }

  // MARK: - Building blocks

  /// A candor property, nil when `value` is nil or empty.
  static func prop(_ name: String, _ value: String?, class className: String? = nil) -> OSCALAssembly? {
    guard let value = value.flatMap(OSCALText.line) else { return nil }
    var prop = OSCALAssembly()
    prop.flag("name", name)
    prop.flag("ns", propertyNamespace)
    prop.flag("value", value)
    prop.flag("class", className)
    return prop
  }

  /// A property that OSCAL itself defines (no namespace), nil when `value` is empty.
  static func oscalProp(_ name: String, _ value: String) -> OSCALAssembly? {
    guard let value = OSCALText.line(value) else { return nil }
    var prop = OSCALAssembly()
    prop.flag("name", name)
    prop.flag("value", value)
    return prop
  }

  static func role(_ id: String, _ title: String) -> OSCALAssembly {
    var role = OSCALAssembly()
    role.flag("id", id)
    role.line("title", title)
    return role
  }

  static func responsibleParty(_ role: String, _ party: String) -> OSCALAssembly {
    var responsible = OSCALAssembly()
    responsible.flag("role-id", role)
    responsible.fields("party-uuid", json: "party-uuids", [party])
    return responsible
  }

  /// A link to an input file by its name, with its SHA-256.
  static func rlink(_ file: InputManifestEntry) -> OSCALAssembly {
    var link = OSCALAssembly()
    link.flag("href", OSCALText.uriReference(fileName(file.file)) ?? "input")
    link.flag("media-type", "application/xml")
    link.flaggedFields("hash", json: "hashes", [(flags: [("algorithm", "SHA-256")], text: file.sha256)])
    return link
  }

  /// An origin naming candor as the actor.
  func origin() -> OSCALAssembly {
    var actor = OSCALAssembly()
    actor.flag("type", "party")
    actor.flag("actor-uuid", names.assessorParty)
    var origin = OSCALAssembly()
    origin.assemblies("actor", json: "actors", [actor])
    return origin
  }

  /// A subject reference to the vendor.
  func vendorSubject() -> OSCALAssembly {
    var subject = OSCALAssembly()
    subject.flag("subject-uuid", names.vendorParty)
    subject.flag("type", "party")
    return subject
  }

  /// The last component of a path: reports name input files without the folders they were read from, so that the
  /// output does not depend on the working directory.
  static func fileName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
  }

  /// The start of `date`, UTC.
  static func timestamp(_ date: CalendarDate) -> String { "\(date)T00:00:00Z" }

  /// `text` on one line, or a dash when nothing is left (markup-line fields must not be empty).
  static func line(_ text: String) -> String { OSCALText.line(text) ?? "-" }

  /// `text` on one line, ending with a full stop unless it ends with one already (or with `!` or `?`).
  static func sentence(_ text: String) -> String {
    let line = line(text)
    return line.hasSuffix(".") || line.hasSuffix("!") || line.hasSuffix("?") ? line : line + "."
  }
}
