import CandorXML

/// One vendor's report as a ``ReportDocument``: the executive summary first (at most a printed page: the verdict,
/// the key figures with what each means, completeness, incident data, the contradicted and gated controls, the top
/// risks and the questions to ask first), then the details, then the method as an appendix. Markdown and HTML are
/// both rendered from it.
public enum VendorReport {
  /// The files written beside the report, for its links; nil where a file is not written in this run.
  public struct Files: Sendable {
    public var chart: String?
    public var followUps: String?

    public init(chart: String? = nil, followUps: String? = nil) {
      self.chart = chart
      self.followUps = followUps
    }
  }

  /// How many follow-ups the executive summary asks first.
  public static let firstQuestions = 5

  public static func document(_ a: Assessment, policy: PolicyVerdict? = nil, files: Files = Files()) -> ReportDocument {
    document(a, policy: policy, files: files, plan: nil)
  }

  /// The document with the run's `plan` (the coverage rows every report shares) and the chart when it is already
  /// drawn (for chart.svg).
  static func document(
    _ a: Assessment, policy: PolicyVerdict?, files: Files, plan: ReportPlan?, chartSVG: String? = nil
  ) -> ReportDocument {
    var blocks: [ReportDocument.Block] = [.paragraph(introduction(a))]
    blocks.append(.section(summary(a, policy: policy, files: files)))
    blocks.append(.section(contradictions(a)))
    blocks.append(.section(gates(a)))
    if let policy { blocks.append(.section(policySection(policy))) }
    blocks.append(.section(domains(a, chart: files.chart, svg: chartSVG ?? ReportChart.svg(a))))
    blocks.append(.section(controls(a)))
    blocks.append(.section(coverage(a, plan: plan)))
    blocks.append(.section(incidents(a)))
    blocks.append(.section(followUps(a, file: files.followUps)))
    if !a.evidenceFiles.isEmpty { blocks.append(.section(evidenceFiles(a))) }
    blocks.append(.section(questions(a)))
    blocks.append(.section(method(a)))
    return ReportDocument(
      title: "\(a.vendor.name): governance of autonomous operations agents", rating: a.rating, blocks: blocks)
  }

  // MARK: - Shared wording

  /// "critical risk", and " (incomplete: 0 of 108 answered)" when the response is incomplete.
  public static func ratingSuffix(_ a: Assessment) -> String {
    a.completeness.isComplete ? "" : " (incomplete: \(a.completeness.text))"
  }

  /// "28 contradicted controls (46 contradiction findings); 2 alleged findings, not counted", or why there are none.
  public static func contradictionCount(_ a: Assessment) -> String {
    if a.incidentData == .none { return "not compared: no incident data" }
    let controls = a.contradictedControls.count
    let findings = a.contradictionFindings.count
    let alleged = a.allegedFindings.count
    var text = "\(plural(controls, "contradicted control")) (\(plural(findings, "contradiction finding")))"
    if alleged > 0 { text += "; \(plural(alleged, "alleged finding")), not counted" }
    return text
  }

  static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

  static func percent(_ value: Double?) -> String { value.map(Format.percent) ?? "n/a" }

  /// The files the incidents were read from, for "searched …".
  static func filesSearched(_ a: Assessment) -> String {
    let files = a.incidentData.files
    return files.isEmpty ? "the incident data given" : Format.list(files)
  }

  // MARK: - Introduction and executive summary

  static func introduction(_ a: Assessment) -> [ReportDocument.Inline] {
    var text =
      "Risk report on vendor \(a.vendor.id) against \(a.questionnaire.title) (\(a.questionnaire.id) "
      + "\(a.questionnaire.version)), as of \(a.asOf)\(a.asOfSource == .submitted ? " (the submission date)" : "")."
    if let respondent = a.respondent {
      text +=
        " Answered by \([respondent.name, respondent.role].compactMap { $0 }.joined(separator: ", ")), "
        + "submitted \(a.submitted)."
    }
    return [.t(text)]
  }

  static func summary(_ a: Assessment, policy: PolicyVerdict?, files: Files) -> ReportDocument.Section {
    var blocks: [ReportDocument.Block] = []
    if a.incidentData == .none {
      blocks.append(
        .callout(
          .warning,
          [
            .t(
              "No incident data was given for this run, so the say-do comparison was not made: nothing here says "
                + "whether the vendor's claims held in practice, and the transparency index rests on its answers "
                + "alone.")
          ]))
    }
    if !a.completeness.isComplete {
      blocks.append(
        .callout(
          .warning,
          [
            .t(
              "The response is incomplete: \(a.completeness.text) of the scored questions, below the "
                + "\(Format.number(a.completeness.minimum * 100)) % the profile requires; unanswered questions "
                + "count 0.")
          ]))
    }
    blocks.append(.paragraph(verdict(a)))
    blocks.append(.table(keyFigures(a)))
    blocks.append(.paragraph(contradictedList(a)))
    blocks.append(.paragraph(gatedList(a)))
    let risks = TopRisks.of(a)
    blocks.append(.paragraph([.b("Top risks")]))
    blocks.append(
      risks.isEmpty ? .paragraph([.t("None stands out.")]) : .list(ordered: true, items: risks.map { [.t($0.text)] }))
    let first = a.followUps.prefix(firstQuestions)
    blocks.append(.paragraph([.b("Ask the vendor first")]))
    blocks.append(
      first.isEmpty
        ? .paragraph([.t("Nothing to follow up.")])
        : .list(
          ordered: true,
          items: first.map { [.t($0.headline + " "), .code("\($0.priority.rawValue) \($0.controlID ?? "incidents")")] }
        ))
    if let policy {
      let failed = policy.requirements.filter { !$0.met }
      var line: [ReportDocument.Inline] = [
        .b("Policy \(policy.policyID): \(policy.passed ? "passed" : "FAILED")"), .t(" (\(policy.policyTitle))"),
      ]
      if !failed.isEmpty {
        line.append(
          .t(
            ". \(failed.count) of \(policy.requirements.count) requirements not met: "
              + failed.map(\.id).joined(separator: ", ")))
      }
      blocks.append(.paragraph(line + [.t(". ")] + [.link([.t("Details")], target: .anchor("policy")), .t(".")]))
    }
    var pointers: [ReportDocument.Inline] = [
      .t("The details follow; how the scores are made is in "), .link([.t("the appendix")], target: .anchor("method")),
      .t("."),
    ]
    if let file = files.followUps {
      pointers += [
        .t(" Every follow-up (\(plural(a.followUps.count, "row")), one per control) is in "),
        .link([.t(file)], target: .file(file)), .t(", to send to the vendor."),
      ]
    }
    blocks.append(.paragraph(pointers))
    return ReportDocument.Section(id: "summary", title: "Executive summary", pageBreakAfter: true, blocks: blocks)
  }

  static func verdict(_ a: Assessment) -> [ReportDocument.Inline] {
    var sentence: String
    if a.verified == nil {
      sentence = "Nothing in the response could be scored, so nothing is verified."
    } else {
      sentence =
        "The vendor's answers claim \(percent(a.claimed)) out of 100; \(percent(a.verified)) survives evidence, "
        + "ownership and what was observed in incidents, a say-do gap of \(percent(a.sayDoGap)) points."
      if a.rating != a.baseRating {
        sentence +=
          " The verified score alone would mean \(a.baseRating.riskText); gates on critical controls make it "
          + "\(a.rating.riskText)."
      }
    }
    switch a.incidentData {
    case .none:
      sentence += " The say-do comparison was not made: no incident data."
    case .supplied:
      let controls = a.contradictedControls.count
      sentence +=
        controls == 0
        ? " No claim is contradicted by an incident in \(filesSearched(a))."
        : " \(plural(controls, "control")) \(controls == 1 ? "is" : "are") contradicted by observed incidents."
    }
    return [.rating(a.rating, suffix: ratingSuffix(a) + ".", capitalized: true), .t(" " + sentence)]
  }

  static func keyFigures(_ a: Assessment) -> ReportDocument.Table {
    let weights =
      "\(Format.number(a.profile.transparencyQuestionnaireWeight * 100)) % the verified transparency answers, "
      + "\(Format.number(a.profile.transparencyDisclosureWeight * 100)) % the disclosure record"
    let transparencyMeaning: String
    switch a.transparency.basis {
    case .both: transparencyMeaning = "candour about incidents, 0–100: \(weights)"
    case .questionnaireOnly:
      transparencyMeaning =
        a.incidentData == .none
        ? "the verified transparency answers alone: without incident data the record was not measured"
        : "the verified transparency answers alone: no incident in the window"
    case .disclosureOnly: transparencyMeaning = "the disclosure record alone: no transparency domain was scored"
    case .none: transparencyMeaning = "not computed: neither a scored transparency domain nor an incident"
    }
    let incidentValue: String
    let incidentMeaning: String
    switch a.incidentData {
    case .none:
      incidentValue = "none"
      incidentMeaning = "no incident file was given: the say-do comparison was not made"
    case .supplied:
      incidentValue = "supplied"
      incidentMeaning =
        "\(plural(a.disclosures.count + a.incidentsWithoutStatements.count, "incident")) of this vendor in the window, searched in \(filesSearched(a))"
    }
    let rows: [(String, [ReportDocument.Inline], String)] = [
      (
        "Rating", [.rating(a.rating, suffix: ratingSuffix(a))],
        a.rating == a.baseRating
          ? "the verified score's band; no gate made it worse"
          : "the verified score's band (\(a.baseRating.riskText)), made worse by gates on critical controls"
      ),
      ("Claimed", [.t(percent(a.claimed))], "what the vendor's answers claim, out of 100"),
      ("Verified", [.t(percent(a.verified))], "what survives evidence, ownership and observed incidents, out of 100"),
      ("Say-do gap", [.t(percent(a.sayDoGap))], "claimed minus verified: how far the answers overstate"),
      ("Transparency index", [.t(percent(a.transparency.value))], transparencyMeaning),
      (
        "Completeness", [.t(a.completeness.text)],
        "scored questions answered (N/A counts); below \(Format.number(a.completeness.minimum * 100)) % the rating "
          + "is marked incomplete"
      ),
      ("Incident data", [.t(incidentValue)], incidentMeaning),
      (
        "Contradicted controls", [.t(a.incidentData == .none ? "not compared" : String(a.contradictedControls.count))],
        a.incidentData == .none
          ? "no incident data"
          : "claims contradicted at reported confidence or stronger: "
            + "\(plural(a.contradictionFindings.count, "contradiction finding"))"
            + (a.allegedFindings.isEmpty ? "" : "; \(plural(a.allegedFindings.count, "alleged finding")), not counted")
      ),
      (
        "Gated controls", [.t(String(a.gatedControls.count))],
        "critical controls whose gate set a floor under the rating"
      ),
    ]
    return ReportDocument.Table(
      columns: [.init("Measure", nowrap: true), .init("Value", numeric: true), .init("What it means")],
      rows: rows.map { [[.t($0.0)], $0.1, [.t($0.2)]] },
      legend: [
        .t("Scores out of 100; n/a where nothing could be scored. "),
        .link([.t("The appendix")], target: .anchor("method")), .t(" gives the rules and the profile."),
      ])
  }

  static func contradictedList(_ a: Assessment) -> [ReportDocument.Inline] {
    let controls = a.contradictedControls
    let label: ReportDocument.Inline = .b("Contradicted controls")
    switch a.incidentData {
    case .none:
      return [label, .t(": not compared (no incident data).")]
    case .supplied where controls.isEmpty:
      return [label, .t(": none in \(filesSearched(a)).")]
    case .supplied:
      // By incident, so that each incident is named once: "STV-2026-09: IDP-01, APR-01; STV-2025-03: CAU-01".
      var incidents: [String] = []
      var byIncident: [String: [String]] = [:]
      for control in controls {
        for incident in control.incidentIDs {
          if byIncident[incident] == nil { incidents.append(incident) }
          byIncident[incident, default: []].append(control.controlID)
        }
      }
      // The first page has room for a few controls per incident and a few incidents; the details list them all.
      let perIncident = 8
      let shownIncidents = 4
      var items = incidents.prefix(shownIncidents).map { incident in
        let ids = byIncident[incident] ?? []
        return "\(incident) (\(ids.count)): " + Format.firstOf(ids, atMost: perIncident)
      }
      if incidents.count > shownIncidents {
        items.append("\(incidents.count - shownIncidents) more incidents")
      }
      return [
        label, .t(" (\(controls.count)), by incident: " + items.joined(separator: "; ") + ". "),
        .link([.t("Details")], target: .anchor("contradictions")), .t("."),
      ]
    }
  }

  static func gatedList(_ a: Assessment) -> [ReportDocument.Inline] {
    let gated = a.gatedControls
    let label: ReportDocument.Inline = .b("Gated controls")
    guard !gated.isEmpty else { return [label, .t(": none.")] }
    // Grouped by the rating they impose and why, strongest first: "critical risk (contradicted): IDP-01, APR-01".
    var groups: [(effect: Rating, why: String, controls: [String])] = []
    for control in gated {
      let why = control.gates[0].kind == .contradicted ? "contradicted" : "below the gate threshold"
      if let index = groups.firstIndex(where: { $0.effect == control.effect && $0.why == why }) {
        groups[index].controls.append(control.controlID)
      } else {
        groups.append((control.effect, why, [control.controlID]))
      }
    }
    groups.sort { $0.effect > $1.effect }
    var inlines: [ReportDocument.Inline] = [label, .t(" (\(gated.count)): ")]
    for (index, group) in groups.enumerated() {
      if index > 0 { inlines.append(.t("; ")) }
      // As for contradicted controls: a few on the first page, all of them in the details.
      inlines.append(.rating(group.effect, suffix: " (\(group.why)): " + Format.firstOf(group.controls, atMost: 10)))
    }
    return inlines + [.t(". "), .link([.t("Details")], target: .anchor("gates")), .t(".")]
  }

  // MARK: - Details

  static func contradictions(_ a: Assessment) -> ReportDocument.Section {
    var blocks: [ReportDocument.Block] = []
    switch a.incidentData {
    case .none:
      blocks.append(
        .paragraph([
          .t(
            "The say-do comparison was not made: no incident data was given for this run. No claim is confirmed or "
              + "cleared by what was observed.")
        ]))
    case .supplied where a.contradictedControls.isEmpty:
      blocks.append(
        .paragraph([
          .t(
            "No claim is contradicted: no behaviour observed in this vendor's incidents that started on or after "
              + "\(a.windowStart) in \(filesSearched(a)) contradicts a claim.")
        ]))
    case .supplied:
      blocks.append(
        .paragraph([.t(contradictionCount(a).prefix(1).uppercased() + contradictionCount(a).dropFirst() + ".")]))
      let rows = a.contradictedControls.map { control -> [[ReportDocument.Inline]] in
        let score = a.control(control.controlID)
        let fictional = control.findings.contains(where: \.fictional) ? " (fictional)" : ""
        return [
          [.t("\(control.controlID) \(control.controlTitle)")],
          [.t(percent(score?.claimed))], [.t(percent(score?.verified))],
          [.t(control.incidentIDs.joined(separator: ", ") + fictional)],
          [.t(control.behaviours.joined(separator: ", "))],
          [.t(control.strongest.rawValue)],
        ]
      }
      blocks.append(
        .table(
          ReportDocument.Table(
            columns: [
              .init("Control"), .init("Claimed", numeric: true), .init("Verified", numeric: true),
              .init("Incidents"), .init("Behaviours observed"), .init("Strongest"),
            ],
            rows: rows,
            legend: [
              .t(
                "One row per contradicted control; strongest: the confidence of its strongest finding. Verified is "
                  + "after the cap: confirmed or corroborated findings cap the control at 0, reported ones at 50 (the "
                  + "profile's caps). Each finding and its source is in the table below.")
            ])))
      blocks.append(
        .details(
          summary: [
            .t("All \(plural(a.contradictionFindings.count, "contradiction finding")) (control × behaviour × incident)")
          ],
          blocks: [.table(findingsTable(a.contradictionFindings))]))
    }
    if !a.allegedFindings.isEmpty {
      blocks.append(
        .details(
          summary: [.t("\(plural(a.allegedFindings.count, "alleged finding")), not counted as contradictions")],
          blocks: [
            .paragraph([
              .t("An alleged finding does not cap a score; each is a question in the follow-ups.")
            ]), .table(findingsTable(a.allegedFindings)),
          ]))
    }
    return ReportDocument.Section(
      id: "contradictions", title: "Claims contradicted by observed incidents", blocks: blocks)
  }

  static func findingsTable(_ findings: [Contradiction]) -> ReportDocument.Table {
    ReportDocument.Table(
      columns: [
        .init("Control"), .init("Incident"), .init("Observed behaviour"), .init("Confidence"),
        .init("Cap", numeric: true), .init("Source"),
      ],
      rows: findings.map { c in
        [
          [.t(c.controlID)], [.t(c.incidentID + (c.fictional ? " (fictional)" : ""))], [.t(c.behaviour)],
          [.t(c.confidence.rawValue)], [.t(c.cap.map(Format.percent) ?? "none")], [.t(c.findingSource)],
        ]
      },
      legend: [
        .t(
          "One row per control × behaviour × incident. Confidence, strongest first: confirmed, corroborated, reported, "
            + "alleged. Cap: the highest verified score the finding allows the control (none: a follow-up only).")
      ])
  }

  static func gates(_ a: Assessment) -> ReportDocument.Section {
    let gated = a.gatedControls
    guard !gated.isEmpty else {
      return ReportDocument.Section(
        id: "gates", title: "Gated controls", blocks: [.paragraph([.t("No gate fired.")])])
    }
    let rows = gated.map { control -> [[ReportDocument.Inline]] in
      var why: [ReportDocument.Inline] = []
      for (index, gate) in control.gates.enumerated() {
        if index > 0 { why.append(.lineBreak) }
        why.append(.t(index == 0 ? gate.reason : "also: \(gate.reason)"))
      }
      return [[.t(control.controlID)], [.rating(control.effect, suffix: "")], why]
    }
    return ReportDocument.Section(
      id: "gates", title: "Gated controls",
      blocks: [
        .table(
          ReportDocument.Table(
            columns: [.init("Control"), .init("Rating at least"), .init("Why (worst first)")], rows: rows,
            legend: [
              .t(
                "A gate is a floor under the rating set by a critical control: contradicted at confirmed or "
                  + "corroborated confidence, or verified below the gate threshold of "
                  + "\(Format.percent(a.profile.gateThreshold)). One row per control.")
            ]))
      ])
  }

  static func policySection(_ policy: PolicyVerdict) -> ReportDocument.Section {
    ReportDocument.Section(
      id: "policy", title: "Policy \(policy.policyID): \(policy.passed ? "passed" : "FAILED")",
      blocks: [
        .paragraph([.t(policy.policyTitle + ".")]),
        .table(
          ReportDocument.Table(
            columns: [.init("Requirement"), .init("Met"), .init("Why")],
            rows: policy.requirements.map {
              [[.t($0.id)], [$0.met ? .t("yes") : .b("no")], [.t($0.explanation)]]
            },
            legend: [.t("Every requirement of the policy; the vendor passes when each is met. Why: asked, then found.")]
          )),
      ])
  }

  static func domains(_ a: Assessment, chart: String?, svg: String) -> ReportDocument.Section {
    let rows = a.domains.map { d -> [[ReportDocument.Inline]] in
      [
        [.t("\(d.domain.id) \(d.domain.title)" + (d.domain.transparency ? " (transparency)" : ""))],
        [.t(percent(d.claimed))], [.t(percent(d.verified))],
        [.t(percent(d.claimed.flatMap { c in d.verified.map { c - $0 } }))],
      ]
    }
    return ReportDocument.Section(
      id: "domains", title: "Domains",
      blocks: [
        .table(
          ReportDocument.Table(
            columns: [
              .init("Domain"), .init("Claimed", numeric: true), .init("Verified", numeric: true),
              .init("Gap", numeric: true),
            ], rows: rows,
            legend: [.t("Scores out of 100; gap is claimed minus verified; n/a: every question not applicable.")])),
        .figure(
          ReportDocument.Figure(caption: "Claimed and verified score per domain", file: chart, svg: svg)),
      ])
  }

  static func controls(_ a: Assessment) -> ReportDocument.Section {
    let rows = a.controls.map { score -> [[ReportDocument.Inline]] in
      [
        [.t("\(score.control.id) \(score.control.title)")], [.t(score.control.critical ? "yes" : "")],
        [.t(percent(score.claimed))], [.t(percent(score.verifiedBeforeCaps))], [.t(percent(score.verified))],
        [.t(ControlStatus.of(score, threshold: a.profile.gateThreshold))],
        [.t(ReportMarkdown.controlNotes(score, profile: a.profile))],
      ]
    }
    return ReportDocument.Section(
      id: "controls", title: "Controls",
      blocks: [
        .table(
          ReportDocument.Table(
            columns: [
              .init("Control"), .init("Critical"), .init("Claimed", numeric: true),
              .init("Verified before caps", numeric: true), .init("Verified", numeric: true), .init("Status"),
              .init("Why"),
            ], rows: rows,
            legend: [
              .t(
                "Satisfied: verified at or above the gate threshold of \(Format.percent(a.profile.gateThreshold)) "
                  + "and not capped by a contradiction. Why: what lowered the verified score.")
            ]))
      ])
  }

  static func coverage(_ a: Assessment, plan: ReportPlan?) -> ReportDocument.Section {
    let rows = ReportCoverage.rows(a, plan: plan)
    var blocks: [ReportDocument.Block] = [
      .paragraph([
        .t(
          "How the vendor's controls address each regulation reference the questionnaire maps. Only direct "
            + "mappings (the reference requires what the control asks) count: a reference is addressed when every "
            + "applicable control mapped to it directly is satisfied; \"independent evidence\" when each of those "
            + "rests on independent evidence, \"self-attested\" when any rests on the vendor's word. A contradicted "
            + "control never addresses anything. Controls that only support a reference (related, but not "
            + "required of this party) are listed apart and never make it addressed.")
      ])
    ]
    var frameworks: [String] = []
    for row in rows where !frameworks.contains(row.framework) { frameworks.append(row.framework) }
    for framework in frameworks {
      let inFramework = rows.filter { $0.framework == framework }
      var counts: [String: Int] = [:]
      for row in inFramework { counts[row.status, default: 0] += 1 }
      let tally = ReportCoverage.Row.statuses.compactMap { status in counts[status].map { "\($0) \(status)" } }
      let title = a.questionnaire.frameworks.first { $0.id == framework }?.title ?? framework
      // The references addressed, not applicable or not covered by the questionnaire are listed by reference; those
      // an auditor must chase (partly addressed, not addressed) get a row each with their controls.
      var inner: [ReportDocument.Block] = []
      let listed = ["addressed (independent evidence)", "addressed (self-attested)", "not applicable", "not covered"]
      for status in listed {
        let references = inFramework.filter { $0.status == status }.map(\.reference)
        guard !references.isEmpty else { continue }
        inner.append(
          .paragraph([
            .b(status.prefix(1).uppercased() + status.dropFirst()), .t(" (\(references.count)): "),
            .t(references.joined(separator: "; ") + "."),
          ]))
      }
      let open = inFramework.filter { !listed.contains($0.status) }
      if !open.isEmpty {
        inner.append(
          .table(
            ReportDocument.Table(
              columns: [
                .init("Reference"), .init("Title"), .init("Controls, direct (status)"), .init("Supporting"),
                .init("Coverage"),
              ],
              rows: open.map { row in
                [
                  [.t(row.reference)], [.t(row.title ?? "")],
                  [
                    .t(
                      row.controls.isEmpty
                        ? "—" : row.controls.map { "\($0.id) (\($0.status))" }.joined(separator: ", "))
                  ],
                  [.t(row.supporting.isEmpty ? "—" : row.supporting.map(\.id).joined(separator: ", "))],
                  [.t(row.status)],
                ]
              },
              legend: [
                .t(
                  "The references partly or not addressed. Controls, direct: the controls mapped directly to the "
                    + "reference, satisfied or not. Supporting: controls related to it that do not count. Every "
                    + "reference with its controls is in report.xml (<coverage>).")
              ])))
      }
      blocks.append(.details(summary: [.t("\(title): " + tally.joined(separator: ", "))], blocks: inner))
    }
    return ReportDocument.Section(id: "coverage", title: "Regulation coverage", blocks: blocks)
  }

  static func incidents(_ a: Assessment) -> ReportDocument.Section {
    var blocks: [ReportDocument.Block] = []
    switch a.incidentData {
    case .none:
      blocks.append(
        .paragraph([
          .t("No incident data was given for this run: the vendor's disclosure record was not measured.")
        ]))
    case .supplied where a.disclosures.isEmpty && !a.incidentsWithoutStatements.isEmpty:
      blocks.append(
        .paragraph([
          .t(
            "No incident of this vendor in the window could be measured for disclosure: the vendor's statements "
              + "were not collected for any of them (see below).")
        ]))
    case .supplied where a.disclosures.isEmpty:
      blocks.append(
        .paragraph([
          .t(
            "No incident of this vendor in \(filesSearched(a)) started on or after \(a.windowStart) "
              + "(\(a.profile.windowMonths) months before the as-of date): a clean record in the data searched.")
        ]))
    case .supplied:
      let part: (DisclosurePart?, String) -> String = { part, absent in
        part.map { "\(Format.number($0.score)): \($0.measured)" } ?? absent
      }
      blocks.append(
        .table(
          ReportDocument.Table(
            columns: [
              .init("Incident"), .init("Started"), .init("Timeliness"), .init("Root cause"), .init("Attribution"),
              .init("AI involvement"), .init("Disclosure", numeric: true),
            ],
            rows: a.disclosures.map { d in
              [
                [.t("\(d.incident.id) \(d.incident.title)" + (d.incident.fictional ? " (fictional)" : ""))],
                [.t(d.incident.timeline.started.text)], [.t(part(d.timeliness, ""))], [.t(part(d.rootCause, ""))],
                [.t(part(d.attribution, "n/a (no finding states a cause)"))],
                [.t(part(d.aiInvolvement, "n/a (no finding names automation or AI)"))],
                [.t(Format.percent(d.score))],
              ]
            },
            legend: [
              .t(
                "Each part scores 0–1 as the method says; the disclosure score is their mean, out of 100. "
                  + "Searched: \(filesSearched(a)).")
            ])))
      blocks.append(disclosureFigures(a.disclosures))
      if let revisions = revisions(a.disclosures) { blocks.append(revisions) }
    }
    if !a.incidentsWithoutStatements.isEmpty {
      blocks.append(
        .paragraph([
          .t(
            "Not measured for disclosure (the vendor's statements were not collected; known from an independent "
              + "database, they count for contradictions): "
              + a.incidentsWithoutStatements.map { "\($0.id) (\($0.timeline.started.text))" }.joined(separator: ", ")
              + ".")
        ]))
    }
    if !a.incidentsOutsideWindow.isEmpty {
      blocks.append(
        .paragraph([
          .t(
            "Outside the window (not counted): "
              + a.incidentsOutsideWindow.map { "\($0.id) (\($0.timeline.started.text))" }.joined(separator: ", ")
              + ".")
        ]))
    }
    blocks.append(.paragraph([.t(transparencySentence(a))]))
    return ReportDocument.Section(id: "incidents", title: "Incident disclosure", blocks: blocks)
  }

  /// The measured figures of each incident's disclosure: how soon, how often, how late the root cause, and what
  /// was changed after the fact.
  static func disclosureFigures(_ disclosures: [IncidentDisclosure]) -> ReportDocument.Block {
    func number(_ value: Double?) -> String { value.map(Format.oneDecimal) ?? "—" }
    return .table(
      ReportDocument.Table(
        columns: [
          .init("Incident"), .init("First statement (h)", numeric: true), .init("Updates", numeric: true),
          .init("Median gap (min)", numeric: true), .init("Longest gap (min)", numeric: true),
          .init("Root cause (days)", numeric: true), .init("Edits after the fact"),
        ],
        rows: disclosures.map { d in
          let f = d.figures
          return [
            [.t(d.incident.id)], [.t(number(f.hoursToFirstStatement))], [.t(String(f.updates))],
            [.t(number(f.medianUpdateGapMinutes))], [.t(number(f.longestUpdateGapMinutes))],
            [.t(number(f.daysToRootCause))], [.t(editsAfterTheFact(f))],
          ]
        },
        legend: [
          .t(
            "Measured, not scored: hours from detection (or the start) to the first public statement; the public "
              + "updates and the median and longest gap between them up to the resolution; days from the resolution "
              + "to the root cause; statements rewritten, removed or back-dated after publication (seen across "
              + "snapshots of the vendor's status feed), and removal from its status history. — : none.")
        ]))
  }

  /// "1 rewritten (root cause added), removed from the feed", or "none".
  static func editsAfterTheFact(_ f: DisclosureFigures) -> String {
    var parts: [String] = []
    if f.editedStatements > 0 {
      parts.append("\(f.editedStatements) rewritten" + (f.rootCauseEdits > 0 ? " (root cause added)" : ""))
    }
    if f.removedStatements > 0 { parts.append("\(f.removedStatements) removed") }
    if f.backdatedStatements > 0 { parts.append("\(f.backdatedStatements) back-dated") }
    if f.removedFromFeed { parts.append("removed from the feed") }
    return parts.isEmpty ? "none" : parts.joined(separator: ", ")
  }

  /// The silent edits, one line each, folded: which update, and when each text was seen.
  static func revisions(_ disclosures: [IncidentDisclosure]) -> ReportDocument.Block? {
    let items: [[ReportDocument.Inline]] = disclosures.flatMap { d in
      d.incident.revisions.map { revision -> [ReportDocument.Inline] in
        let change =
          revision.after.map {
            "rewritten: the old text was last seen \(revision.before.lastSeen.text), the new one first seen "
              + "\($0.firstSeen.text)" + (revision.addsRootCause ? "; the new text adds a root cause" : "")
          } ?? "removed after \(revision.before.lastSeen.text)"
        return [.code(d.incident.id), .t(": the update of \(revision.at.text) was \(change).")]
      }
    }
    guard !items.isEmpty else { return nil }
    return .details(
      summary: [.t("Statements changed after the fact (\(items.count))")],
      blocks: [.list(ordered: false, items: items)])
  }

  static func transparencySentence(_ a: Assessment) -> String {
    let t = a.transparency
    let start = "Transparency index: \(percent(t.value)). "
    switch t.basis {
    case .both:
      return start
        + "\(Format.number(a.profile.transparencyQuestionnaireWeight * 100)) % the verified score of the "
        + "transparency domains (\(percent(t.questionnairePart))) + "
        + "\(Format.number(a.profile.transparencyDisclosureWeight * 100)) % the disclosure record "
        + "(\(percent(t.disclosurePart)))."
    case .questionnaireOnly:
      return start
        + (a.incidentData == .none
          ? "No incident data: the index is the transparency domains' verified score alone "
          : "No incident in the window: the index is the transparency domains' verified score alone ")
        + "(\(percent(t.questionnairePart)))."
    case .disclosureOnly:
      return start
        + "No transparency domain could be scored for this vendor: the index is the disclosure record alone "
        + "(\(percent(t.disclosurePart)))."
    case .none:
      return start + "Neither a scored transparency domain nor an incident in the window: no index."
    }
  }

  static func followUps(_ a: Assessment, file: String?) -> ReportDocument.Section {
    let all = a.followUps
    guard !all.isEmpty else {
      return ReportDocument.Section(
        id: "follow-ups", title: "Follow-ups", blocks: [.paragraph([.t("Nothing to follow up.")])])
    }
    let byPriority = FollowUp.Priority.allCases.map { priority in all.filter { $0.priority == priority }.count }
    var blocks: [ReportDocument.Block] = [
      .paragraph([
        .t(
          "\(plural(all.count, "follow-up")), one per control: \(byPriority[0]) P1 (a contradicted or gated critical "
            + "control), \(byPriority[1]) P2 (required evidence missing, expired, unverifiable or tampered; "
            + "responsibility shifted on a critical control), \(byPriority[2]) P3 (the rest).")
      ])
    ]
    let first = all.filter { $0.priority == .p1 }
    if !first.isEmpty {
      blocks.append(
        .table(
          ReportDocument.Table(
            columns: [.init("Control"), .init("Why"), .init("Question to the vendor"), .init("Contract ask")],
            rows: first.map { f in
              [
                [.t([f.controlID, f.controlTitle].compactMap { $0 }.joined(separator: " "))], [.t(f.why)],
                [.t(f.question)], [.t(f.contractAsk ?? "—")],
              ]
            },
            legend: [.t("The P1 follow-ups in full.")])))
    }
    let rest = all.count - first.count
    if rest > 0 {
      var pointer: [ReportDocument.Inline] = [
        .t("\(plural(rest, "more follow-up")) (P2 and P3): ")
      ]
      if let file {
        pointer += [.t("see "), .link([.t(file)], target: .file(file)), .t(", which holds every follow-up.")]
      } else {
        pointer.append(.t("in the follow-up pack (written with the csv format)."))
      }
      blocks.append(.paragraph(pointer))
      blocks.append(
        .details(
          summary: [.t("The other follow-ups, in short")],
          blocks: [
            .list(
              ordered: false,
              items: all.filter { $0.priority != .p1 }.map { f in
                [.code(f.priority.rawValue), .t(" \(f.controlID ?? "incidents"): \(f.headline)")]
              })
          ]))
    }
    return ReportDocument.Section(id: "follow-ups", title: "Follow-ups", blocks: blocks)
  }

  static func evidenceFiles(_ a: Assessment) -> ReportDocument.Section {
    ReportDocument.Section(
      id: "evidence", title: "Evidence files",
      blocks: [
        .table(
          ReportDocument.Table(
            columns: [.init("File"), .init("State"), .init("Detail")],
            rows: a.evidenceFiles.map { [[.t($0.reference)], [.t($0.state.rawValue)], [.t($0.detail)]] },
            legend: [
              .t(
                "Each evidence file the response names, looked up in the evidence folder: verified (its SHA-256 "
                  + "matches), unhashed (no SHA-256 to compare), hash-mismatch (possible tampering: counts as no "
                  + "evidence), missing, refused (outside the folder).")
            ]))
      ])
  }

  static func questions(_ a: Assessment) -> ReportDocument.Section {
    let blocks = a.controls.map { score -> ReportDocument.Block in
      let rows = score.questions.map { q -> [[ReportDocument.Inline]] in
        var answer: [ReportDocument.Inline] = [.t(q.claimedBasis)]
        if let comment = q.answer?.comment.map(Element.collapse), !comment.isEmpty {
          answer += [.lineBreak, .t("Comment: " + comment)]
        }
        var evidence: [ReportDocument.Inline] = [
          .t(q.counts ? "\(q.evidence.basis.rawValue) ×\(Format.number(q.evidence.factor))" : "—")
        ]
        for item in q.evidence.items {
          evidence += [
            .lineBreak, .t("\(item.evidence.reference) (\(item.evidence.origin.rawValue), \(item.state.rawValue))"),
          ]
        }
        return [
          [.t("\(q.question.id) \(q.question.text)")], answer, [.t(q.claimed.map(Format.percent) ?? "—")], evidence,
          [.t(q.counts ? "×\(Format.number(q.ownership.factor))" : "—")], [.t(q.verified.map(Format.percent) ?? "—")],
        ]
      }
      return .details(
        summary: [.t("\(score.control.id) \(score.control.title)")],
        blocks: [
          .table(
            ReportDocument.Table(
              columns: [
                .init("Question"), .init("Answer"), .init("Claimed", numeric: true), .init("Evidence"),
                .init("Ownership"), .init("Verified", numeric: true),
              ], rows: rows,
              legend: [
                .t(
                  "Answer: what the claimed score comes from. Evidence: its basis and factor, then each piece (origin, "
                    + "state). Ownership: the factor for responsibility moved away from the vendor.")
              ]))
        ])
    }
    return ReportDocument.Section(
      id: "questions", title: "Question details",
      blocks: [
        .paragraph([
          .t(
            "Every answer, its evidence and ownership factors, per control. Claimed and verified are out of 100; "
              + "verified = claimed × evidence factor × ownership factor.")
        ])
      ] + blocks)
  }

  static func method(_ a: Assessment) -> ReportDocument.Section {
    ReportDocument.Section(
      id: "method", title: "Appendix: method",
      blocks: [
        .paragraph([
          .t(
            "Scores run from 0 to 100. A question's claimed score is its option's or band's score; its verified "
              + "score is claimed × evidence factor × ownership factor. Controls, domains and the overall score are "
              + "weighted means; not-applicable and free-text questions are left out, unanswered ones count 0. A "
              + "contradiction (a behaviour named by the control's contradicted-by, observed in an incident of this "
              + "vendor that started on or after \(a.windowStart), against a claimed score of at least the "
              + "profile's minimum) caps the control's verified score; alleged findings never cap and are not "
              + "counted as contradictions. Rating bands apply to the verified score; gates on critical controls "
              + "can only make the rating worse. The transparency index weighs the verified transparency answers "
              + "against the disclosure record of the vendor's incidents in the window.")
        ]),
        .paragraph([
          .t("Scoring profile" + (a.questionnaire.overridesProfile ? " (overridden by the questionnaire):" : ":"))
        ]),
        .table(
          ReportDocument.Table(
            columns: [.init("Setting"), .init("Value")],
            rows: ProfileDescription.settings(a.profile).map { [[.code($0.0)], [.t($0.1)]] },
            legend: [.t("Every number of the scoring profile used; a questionnaire's <scoring> can override each.")])),
        .paragraph([.t("Inputs:")]),
        .table(
          ReportDocument.Table(
            columns: [.init("File"), .init("Kind"), .init("SHA-256")],
            rows: a.manifest.map { [[.t($0.file)], [.t($0.kind.rawValue)], [.code($0.sha256)]] },
            legend: [
              .t("The files this report was made from, with the SHA-256 of their bytes, so that anyone can check them.")
            ])),
        .paragraph([.t("Generated by \(ReportXML.generator).")]),
      ])
  }
}
