import CandorXML

/// The bundled `report.md` template (Templates/report.md.mustache), compiled by hand: the same text, the same values
/// and the same Markdown escaping as Mustache rendering it with ``ReportMarkdown/context(_:chartFile:policy:)``,
/// written straight into one string.
///
/// Why: the Mustache library spends about 12,000 instructions on each of the report's ~3,700 variable lookups
/// (name splitting, dynamic casts along the context stack) and parses the template at about 4,000 instructions a
/// byte; for a run in the default formats that was four times the cost of everything else per vendor. Templates a
/// user gives with `--templates` are still rendered by Mustache.
///
/// Kept in step with the template by a test that renders both ways (bundled template through Mustache, and this)
/// for the examples, the worked example, policies, evidence files and a generated corpus, and requires the same
/// bytes: a change to the template that is not made here too fails it.
enum BundledReportMarkdown {
  static func render(_ a: Assessment, chartFile: String?, policy: PolicyVerdict?, plan: ReportPlan?) -> String {
    var out = Output()
    let percent: (Double?) -> String = { $0.map(Format.percent) ?? "n/a" }
    let claimed = percent(a.claimed)
    let verified = percent(a.verified)
    let gap = a.sayDoGap.map(Format.percent) ?? "n/a"
    let transparency = percent(a.transparency.value)
    let windowStart = a.windowStart.description

    out.text("# ")
    out.value(a.vendor.name)
    out.text(": governance of autonomous operations agents\n\nRisk report on vendor ")
    out.value(a.vendor.id)
    out.text(" against ")
    out.value(a.questionnaire.title)
    out.text(" (")
    out.value(a.questionnaire.id)
    out.text(" ")
    out.value(a.questionnaire.version)
    out.text("), as of ")
    out.value(a.asOf.description)
    if a.asOfSource == .submitted { out.text(" (the submission date)") }
    out.text(".\n")
    if let respondent = a.respondent {
      out.text("Answered by ")
      out.value([respondent.name, respondent.role].compactMap { $0 }.joined(separator: ", "))
      out.text(", submitted ")
      out.value(a.submitted.description)
      out.text(".")
    }
    out.text("\n\n## Executive summary\n\n| Rating | Claimed | Verified | Say-do gap | Transparency index |\n")
    out.text("|---|---:|---:|---:|---:|\n| **")
    out.value(a.rating.rawValue.uppercased())
    out.text("** | ")
    out.value(claimed)
    out.text(" | ")
    out.value(verified)
    out.text(" | ")
    out.value(gap)
    out.text(" | ")
    out.value(transparency)
    out.text(" |\n\n")
    if a.verified == nil {
      out.text("Nothing in the response could be scored, so nothing is verified: the vendor is rated **")
      out.value(a.rating.rawValue)
      out.text("**.")
    } else {
      out.text("The vendor's answers claim ")
      out.value(claimed)
      out.text(" out of 100; ")
      out.value(verified)
      out.text(" survives evidence, ownership and what was observed in incidents, a say-do gap of ")
      out.value(gap)
      out.text(" points. ")
      if a.rating != a.baseRating {
        out.text("The verified score alone would rate **")
        out.value(a.baseRating.rawValue)
        out.text("**; the gates below make it **")
        out.value(a.rating.rawValue)
        out.text("**.")
      } else {
        out.text("The rating follows from the verified score.")
      }
    }
    out.text(" ")
    out.value(ReportMarkdown.contradictionSentence(a))
    out.text("\n\n**Gates that fired**\n\n")
    for gate in a.gates {
      out.text("- **")
      out.value(gate.effect.rawValue)
      out.text("** (")
      out.value(gate.controlID)
      out.text("): ")
      out.value(gate.reason)
      out.text("\n")
    }
    if a.gates.isEmpty { out.text("- None.\n") }
    out.text("\n**Top risks**\n\n")
    let risks = TopRisks.of(a)
    for (index, risk) in risks.enumerated() {
      out.value(String(index + 1))
      out.text(". ")
      out.value(risk.text)
      out.text("\n")
    }
    if risks.isEmpty { out.text("- None stands out.\n") }
    if let policy {
      out.text("\n**Policy ")
      out.value(policy.policyID)
      out.text(": ")
      out.text(policy.passed ? "passed" : "FAILED")
      out.text("** (")
      out.value(policy.policyTitle)
      out.text(")\n\n| Requirement | Met | Why |\n|---|---|---|\n")
      for requirement in policy.requirements {
        out.text("| ")
        out.value(requirement.id)
        out.text(" | ")
        out.text(requirement.met ? "yes" : "**no**")
        out.text(" | ")
        out.value(requirement.explanation)
        out.text(" |\n")
      }
    }
    if let chartFile {
      out.text("\n![Claimed and verified score per domain](")
      out.value(chartFile)
      out.text(")\n")
    }
    out.text("\n## Claims contradicted by observed incidents\n\n")
    if a.contradictions.isEmpty {
      out.text("None: no behaviour observed in the vendor's incidents since ")
      out.value(windowStart)
      out.text(" contradicts a claim.\n")
    } else {
      out.text("| Control | Claimed | Incident | Observed behaviour | Confidence | Cap on verified | Source |\n")
      out.text("|---|---:|---|---|---|---:|---|\n")
      for c in a.contradictions {
        out.text("| ")
        out.value(c.controlID)
        out.text(" ")
        out.value(c.controlTitle)
        out.text(" | ")
        out.value(Format.percent(c.claimed))
        out.text(" | ")
        out.value(c.incidentID)
        if c.fictional { out.text(" (fictional)") }
        out.text(" | ")
        out.value(c.behaviour)
        out.text(" | ")
        out.value(c.confidence.rawValue)
        out.text(" | ")
        out.value(c.cap.map { Format.percent($0) } ?? "none (follow-up)")
        out.text(" | ")
        out.value(c.findingSource)
        out.text(" |\n")
      }
    }
    out.text("\n## Domains\n\n| Domain | Claimed | Verified |\n|---|---:|---:|\n")
    for domain in a.domains {
      out.text("| ")
      out.value(domain.domain.id)
      out.text(" ")
      out.value(domain.domain.title)
      if domain.domain.transparency { out.text(" (transparency)") }
      out.text(" | ")
      out.value(percent(domain.claimed))
      out.text(" | ")
      out.value(percent(domain.verified))
      out.text(" |\n")
    }
    out.text("\n## Controls\n\n| Control | Critical | Claimed | Verified before caps | Verified | Status | Why |\n")
    out.text("|---|---|---:|---:|---:|---|---|\n")
    let controls = a.controls
    for score in controls {
      out.text("| ")
      out.value(score.control.id)
      out.text(" ")
      out.value(score.control.title)
      out.text(" | ")
      if score.control.critical { out.text("yes") }
      out.text(" | ")
      out.value(percent(score.claimed))
      out.text(" | ")
      out.value(percent(score.verifiedBeforeCaps))
      out.text(" | ")
      out.value(percent(score.verified))
      out.text(" | ")
      out.value(ControlStatus.of(score, threshold: a.profile.gateThreshold))
      out.text(" | ")
      out.value(ReportMarkdown.controlNotes(score, profile: a.profile))
      out.text(" |\n")
    }
    out.text("\n## Regulation coverage\n\n| Framework | Reference | Title | Controls (status) | Coverage |\n")
    out.text("|---|---|---|---|---|\n")
    for row in ReportCoverage.rows(a, plan: plan) {
      out.row(
        row.framework, row.reference, row.title ?? "",
        row.controls.isEmpty ? "—" : row.controls.map { "\($0.id) (\($0.status))" }.joined(separator: ", "),
        row.status)
    }
    out.text("\n## Incident disclosure\n\n")
    if a.disclosures.isEmpty {
      out.text("No incident of this vendor started on or after ")
      out.value(windowStart)
      out.text(" (")
      out.value(String(a.profile.windowMonths))
      out.text(" months before the as-of date).\n")
    } else {
      out.text("| Incident | Started | Timeliness | Root cause | Attribution | AI involvement | Disclosure score |\n")
      out.text("|---|---|---|---|---|---|---:|\n")
      for d in a.disclosures {
        out.text("| ")
        out.value(d.incident.id)
        out.text(" ")
        out.value(d.incident.title)
        if d.incident.fictional { out.text(" (fictional)") }
        out.text(" | ")
        out.value(d.incident.timeline.started.text)
        out.text(" | ")
        out.value(ReportMarkdown.partText(d.timeliness))
        out.text(" | ")
        out.value(ReportMarkdown.partText(d.rootCause))
        out.text(" | ")
        out.value(d.attribution.map(ReportMarkdown.partText) ?? "n/a (no finding states a cause)")
        out.text(" | ")
        out.value(d.aiInvolvement.map(ReportMarkdown.partText) ?? "n/a (no finding names automation or AI)")
        out.text(" | ")
        out.value(Format.percent(d.score))
        out.text(" |\n")
      }
    }
    if !a.incidentsOutsideWindow.isEmpty {
      out.text("\nOutside the window (not counted): ")
      for incident in a.incidentsOutsideWindow {
        out.value(incident.id)
        out.text(" (")
        out.value(incident.timeline.started.text)
        out.text(") ")
      }
      out.text("\n")
    }
    out.text("\nTransparency index: ")
    out.value(transparency)
    out.text(". ")
    switch a.transparency.basis {
    case .both:
      out.value(Format.number(a.profile.transparencyQuestionnaireWeight * 100))
      out.text(" % the verified score of the transparency domains (")
      out.value(percent(a.transparency.questionnairePart))
      out.text(") + ")
      out.value(Format.number(a.profile.transparencyDisclosureWeight * 100))
      out.text(" % the disclosure record (")
      out.value(percent(a.transparency.disclosurePart))
      out.text(").")
    case .questionnaireOnly:
      out.text("No incident in the window: the index is the transparency domains' verified score alone (")
      out.value(percent(a.transparency.questionnairePart))
      out.text(").")
    case .disclosureOnly:
      out.text("No transparency domain could be scored for this vendor: the index is the disclosure record alone (")
      out.value(percent(a.transparency.disclosurePart))
      out.text(").")
    case .none:
      out.text("Neither a scored transparency domain nor an incident in the window: no index.")
    }
    out.text("\n\n## Follow-up questions and contract asks\n\n")
    for (index, followUp) in a.followUps.enumerated() {
      out.value(String(index + 1))
      out.text(". [")
      out.value(followUp.kind.rawValue)
      out.text("] ")
      out.value(followUp.question)
      if let ask = followUp.contractAsk {
        out.text("<br>Contract ask: ")
        out.value(ask)
      }
      out.text("\n")
    }
    if a.followUps.isEmpty { out.text("None.\n") }
    if !a.evidenceFiles.isEmpty {
      out.text("\n## Evidence files\n\n| File | State | Detail |\n|---|---|---|\n")
      for file in a.evidenceFiles { out.row(file.reference, file.state.rawValue, file.detail) }
    }
    out.text("\n## Question details\n\n")
    for score in controls {
      out.text("### ")
      out.value(score.control.id)
      out.text(" ")
      out.value(score.control.title)
      out.text("\n\n| Question | Answer | Claimed | Evidence | Ownership | Verified |\n|---|---|---:|---|---|---:|\n")
      for question in score.questions {
        out.text("| ")
        out.value(question.question.id)
        out.text(" ")
        out.value(question.question.text)
        out.text(" | ")
        out.value(question.claimedBasis)
        if let comment = question.answer?.comment.map(Element.collapse), !comment.isEmpty {
          out.text("<br>Comment: ")
          out.value(comment)
        }
        out.text(" | ")
        out.value(question.claimed.map(Format.percent) ?? "—")
        out.text(" | ")
        out.value(question.counts ? question.evidence.basis.rawValue : "—")
        out.text(" ×")
        out.value(question.counts ? Format.number(question.evidence.factor) : "—")
        for item in question.evidence.items {
          out.text("<br>")
          out.value(item.evidence.reference)
          out.text(" (")
          out.value(item.evidence.origin.rawValue)
          out.text(", ")
          out.value(item.state.rawValue)
          out.text(")")
        }
        out.text(" | ×")
        out.value(question.counts ? Format.number(question.ownership.factor) : "—")
        out.text(" | ")
        out.value(question.verified.map(Format.percent) ?? "—")
        out.text(" |\n")
      }
      out.text("\n")
    }
    out.text("## Method\n\n")
    out.text(
      "Scores run from 0 to 100. A question's claimed score is its option's or band's score; its verified score is "
        + "claimed × evidence factor × ownership factor. Controls, domains and the overall score are weighted means; "
        + "not-applicable and free-text questions are left out, unanswered ones count 0. A contradiction (a "
        + "`contradicted-by` behaviour observed in an incident of this vendor that started on or after ")
    out.value(windowStart)
    out.text(
      ", against a claimed score of at least the profile's minimum) caps the control's verified score. Rating bands "
        + "apply to the verified score; gates on critical controls can only make the rating worse.\n\nScoring profile")
    if a.questionnaire.overridesProfile { out.text(" (overridden by the questionnaire)") }
    out.text(":\n\n| Setting | Value |\n|---|---|\n")
    for (name, value) in ProfileDescription.settings(a.profile) { out.row(name, value) }
    out.text("\nInputs:\n\n| File | Kind | SHA-256 |\n|---|---|---|\n")
    for entry in a.manifest { out.row(entry.file, entry.kind.rawValue, entry.sha256) }
    out.text("\nGenerated by ")
    out.value(ReportXML.generator)
    out.text(".\n")
    return out.string
  }

  /// The text being written: template text as it is, values escaped for Markdown as the MARKDOWN content type
  /// escapes them.
  private struct Output {
    var string = ""

    init() { string.reserveCapacity(96 << 10) }

    mutating func text(_ literal: String) { string += literal }

    mutating func value(_ value: String) { string += MarkdownText.escape(value) }

    /// A table row of values, each escaped: `| a | b |`.
    mutating func row(_ values: String...) {
      string += "| "
      for (index, cell) in values.enumerated() {
        if index > 0 { string += " | " }
        value(cell)
      }
      string += " |\n"
    }
  }
}
