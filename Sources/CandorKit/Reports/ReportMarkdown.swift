import CandorXML

/// Renders `report.md` and `report.html`. Both are written from the report's ``ReportDocument``
/// (``VendorReport``), so that they say the same thing; a `report.md.mustache` in a user's `--templates` folder
/// replaces the Markdown, rendered by Mustache with ``context(_:chartFile:policy:)``.
public enum ReportMarkdown {
  /// The Markdown report of `assessment`; `chartFile` is the chart's file name when a chart is written.
  public static func render(
    _ assessment: Assessment, templates: ReportTemplates, chartFile: String?, policy: PolicyVerdict? = nil
  ) -> String {
    render(assessment, templates: templates, files: VendorReport.Files(chart: chartFile), policy: policy, plan: nil)
  }

  /// The Markdown report of `assessment` with the run's `plan`: from the report document, or with a user's template
  /// through Mustache.
  static func render(
    _ assessment: Assessment, templates: ReportTemplates, files: VendorReport.Files, policy: PolicyVerdict?,
    plan: ReportPlan?
  ) -> String {
    if templates.isUserTemplate("report.md") {
      return templates.render("report.md", context(assessment, chartFile: files.chart, policy: policy, plan: plan))
    }
    return MarkdownRenderer.render(VendorReport.document(assessment, policy: policy, files: files, plan: plan))
  }

  /// The values the template sees.
  public static func context(_ a: Assessment, chartFile: String?, policy: PolicyVerdict?) -> [String: Any] {
    context(a, chartFile: chartFile, policy: policy, plan: nil)
  }

  static func context(_ a: Assessment, chartFile: String?, policy: PolicyVerdict?, plan: ReportPlan?) -> [String: Any] {
    let percent: (Double?) -> String = { $0.map(Format.percent) ?? "n/a" }
    var context: [String: Any] = [
      "vendorName": a.vendor.name,
      "vendorID": a.vendor.id,
      "respondent": a.respondent.map { [$0.name, $0.role].compactMap { $0 }.joined(separator: ", ") } ?? "",
      "hasRespondent": a.respondent != nil,
      "questionnaireTitle": a.questionnaire.title,
      "questionnaireID": a.questionnaire.id,
      "questionnaireVersion": a.questionnaire.version,
      "asOf": a.asOf.description,
      "asOfFromSubmission": a.asOfSource == .submitted,
      "submitted": a.submitted.description,
      "windowStart": a.windowStart.description,
      "windowMonths": String(a.profile.windowMonths),
      "generator": ReportXML.generator,
      "rating": a.rating.rawValue,
      "ratingUpper": a.rating.rawValue.uppercased(),
      "baseRating": a.baseRating.rawValue,
      "gatesChangedRating": a.rating != a.baseRating,
      "claimed": percent(a.claimed),
      "verified": percent(a.verified),
      "gap": a.sayDoGap.map(Format.percent) ?? "n/a",
      "transparency": percent(a.transparency.value),
      "transparencyQuestionnaire": percent(a.transparency.questionnairePart),
      "transparencyDisclosure": percent(a.transparency.disclosurePart),
      "transparencyBoth": a.transparency.basis == .both,
      "transparencyQuestionnaireOnly": a.transparency.basis == .questionnaireOnly,
      "transparencyDisclosureOnly": a.transparency.basis == .disclosureOnly,
      "transparencyNone": a.transparency.basis == .none,
      "transparencyQuestionnaireWeight": Format.number(a.profile.transparencyQuestionnaireWeight * 100),
      "transparencyDisclosureWeight": Format.number(a.profile.transparencyDisclosureWeight * 100),
      "hasChart": chartFile != nil,
      "chartFile": chartFile ?? "",
      "ratingText": a.rating.riskText + VendorReport.ratingSuffix(a),
      "contradictedControls": String(a.contradictedControls.count),
      "contradictionFindings": String(a.contradictionFindings.count),
      "allegedFindings": String(a.allegedFindings.count),
      "contradictionCount": VendorReport.contradictionCount(a),
      "gatedControls": String(a.gatedControls.count),
      "answered": String(a.completeness.answered),
      "questions": String(a.completeness.questions),
      "complete": a.completeness.isComplete,
      "incidentData": a.incidentData.name,
      "noIncidentData": a.incidentData == .none,
      "incidentFiles": a.incidentData.files.joined(separator: ", "),
      "nothingScorable": a.verified == nil,
      "hasContradictions": !a.contradictions.isEmpty,
      "followUpCount": String(a.followUps.count),
      "profileOverridden": a.questionnaire.overridesProfile,
    ]
    context["gates"] = a.gatedControls.map {
      [
        "effect": $0.effect.rawValue, "reason": $0.reason, "control": $0.controlID,
        "others": $0.gates.dropFirst().map(\.reason),
      ]
    }
    context["hasGates"] = !a.gates.isEmpty
    context["risks"] = TopRisks.of(a).enumerated().map { ["rank": String($0.offset + 1), "text": $0.element.text] }
    context["hasRisks"] = !TopRisks.of(a).isEmpty
    context["contradictions"] = a.contradictions.map { c -> [String: Any] in
      [
        "control": c.controlID, "controlTitle": c.controlTitle, "incident": c.incidentID,
        "incidentTitle": c.incidentTitle, "behaviour": c.behaviour, "confidence": c.confidence.rawValue,
        "claimed": Format.percent(c.claimed), "cap": c.cap.map { Format.percent($0) } ?? "none (follow-up)",
        "source": c.findingSource, "fictional": c.fictional,
      ]
    }
    context["domains"] = a.domains.map { domain -> [String: Any] in
      [
        "id": domain.domain.id, "title": domain.domain.title, "weight": Format.number(domain.domain.weight),
        "claimed": percent(domain.claimed), "verified": percent(domain.verified),
        "transparency": domain.domain.transparency,
      ]
    }
    context["controls"] = a.controls.map { score -> [String: Any] in
      let notes = controlNotes(score, profile: a.profile)
      return [
        "id": score.control.id, "title": score.control.title, "critical": score.control.critical,
        "domain": a.domains.first { $0.controls.contains { $0.control.id == score.control.id } }?.domain.id ?? "",
        "claimed": percent(score.claimed), "verifiedBeforeCaps": percent(score.verifiedBeforeCaps),
        "verified": percent(score.verified),
        "status": ControlStatus.of(score, threshold: a.profile.gateThreshold),
        "notes": notes,
        "questions": score.questions.map { questionContext($0) },
      ]
    }
    context["coverage"] = ReportCoverage.rows(a, plan: plan).map { row -> [String: Any] in
      [
        "framework": row.framework, "reference": row.reference, "title": row.title ?? "",
        "controls": row.controls.isEmpty
          ? "—" : row.controls.map { "\($0.id) (\($0.status))" }.joined(separator: ", "),
        "status": row.status,
      ]
    }
    context["incidents"] = a.disclosures.map { d -> [String: Any] in
      [
        "id": d.incident.id, "title": d.incident.title, "fictional": d.incident.fictional,
        "started": d.incident.timeline.started.text, "score": Format.percent(d.score),
        "timeliness": partText(d.timeliness), "rootCause": partText(d.rootCause),
        "attribution": d.attribution.map(partText) ?? "n/a (no finding states a cause)",
        "aiInvolvement": d.aiInvolvement.map(partText) ?? "n/a (no finding names automation or AI)",
      ]
    }
    context["hasIncidents"] = !a.disclosures.isEmpty
    context["outsideWindow"] = a.incidentsOutsideWindow.map { ["id": $0.id, "started": $0.timeline.started.text] }
    context["hasOutsideWindow"] = !a.incidentsOutsideWindow.isEmpty
    context["followUps"] = a.followUps.enumerated().map { index, followUp -> [String: Any] in
      [
        "number": String(index + 1), "priority": followUp.priority.rawValue, "kind": followUp.kind.rawValue,
        "control": followUp.controlID ?? "", "why": followUp.why, "headline": followUp.headline,
        "question": followUp.question, "contractAsk": followUp.contractAsk ?? "",
        "hasContractAsk": followUp.contractAsk != nil,
      ]
    }
    context["hasFollowUps"] = !a.followUps.isEmpty
    context["evidenceFiles"] = a.evidenceFiles.map {
      ["ref": $0.reference, "state": $0.state.rawValue, "detail": $0.detail]
    }
    context["hasEvidenceFiles"] = !a.evidenceFiles.isEmpty
    context["profile"] = ProfileDescription.settings(a.profile).map { ["name": $0.0, "value": $0.1] }
    context["inputs"] = a.manifest.map { ["file": $0.file, "kind": $0.kind.rawValue, "sha256": $0.sha256] }
    if let policy {
      context["policy"] =
        [
          "id": policy.policyID, "title": policy.policyTitle, "passed": policy.passed,
          "requirements": policy.requirements.map { ["id": $0.id, "met": $0.met, "explanation": $0.explanation] },
        ] as [String: Any]
    }
    context["hasPolicy"] = policy != nil
    return context
  }

  static func partText(_ part: DisclosurePart) -> String { "\(Format.number(part.score)): \(part.measured)" }

  /// Why a control's verified score is what it is, in a sentence.
  static func controlNotes(_ score: ControlScore, profile: ScoringProfile) -> String {
    var notes: [String] = []
    if score.isNotApplicable { return "not applicable" }
    let reasons = score.questions.filter(\.counts).compactMap { question -> String? in
      var parts: [String] = []
      if question.status == .unanswered { return "\(question.question.id) unanswered" }
      switch question.evidence.basis {
      case .vendorOrigin: parts.append("vendor evidence ×\(Format.number(question.evidence.factor))")
      case .missing: parts.append("no evidence ×\(Format.number(question.evidence.factor))")
      case .unusable:
        let states = Set(question.evidence.items.map(\.state.rawValue)).sorted().joined(separator: "/")
        parts.append("\(states) evidence ×\(Format.number(question.evidence.factor))")
      case .independent, .notExpected: break
      }
      if question.ownership.isShifted {
        parts.append(
          "\(question.ownership.answeredOwner.rawValue) ownership ×\(Format.number(question.ownership.factor))")
      }
      return parts.isEmpty ? nil : "\(question.question.id): " + parts.joined(separator: ", ")
    }
    notes += reasons
    // A control can be contradicted by many incidents: name the first few, count the rest.
    let shown = 5
    for contradiction in score.contradictions.prefix(shown) {
      notes.append(
        contradiction.cap.map {
          "capped at \(Format.percent($0)): \(contradiction.behaviour) (\(contradiction.confidence.rawValue), \(contradiction.incidentID))"
        } ?? "alleged \(contradiction.behaviour) (\(contradiction.incidentID)): follow-up, no cap")
    }
    if score.contradictions.count > shown {
      notes.append("and \(score.contradictions.count - shown) more contradictions (see the contradictions table)")
    }
    return notes.isEmpty ? "—" : notes.joined(separator: "; ")
  }

  static func questionContext(_ score: QuestionScore) -> [String: Any] {
    [
      "id": score.question.id, "text": score.question.text, "status": score.status.rawValue,
      "basis": score.claimedBasis,
      "claimed": score.claimed.map(Format.percent) ?? "—", "verified": score.verified.map(Format.percent) ?? "—",
      "evidenceFactor": score.counts ? Format.number(score.evidence.factor) : "—",
      "evidenceBasis": score.counts ? score.evidence.basis.rawValue : "—",
      "ownershipFactor": score.counts ? Format.number(score.ownership.factor) : "—",
      "comment": score.answer?.comment.map(Element.collapse) ?? "",
      "hasComment": score.answer?.comment.map { !Element.collapse($0).isEmpty } ?? false,
      "evidence": score.evidence.items.map {
        ["ref": $0.evidence.reference, "origin": $0.evidence.origin.rawValue, "state": $0.state.rawValue]
      },
    ]
  }
}
