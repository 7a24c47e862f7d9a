import CandorXML

/// Writes a ``RoundDiff`` as `<vendor>.diff.xml` (a `<diff>` element in `urn:candor:report:1`, schema report.xsd)
/// and as `<vendor>.diff.md` (from the `diff.md` template).
public enum DiffReport {
  /// The XML document.
  public static func xml(_ diff: RoundDiff) -> String {
    let writer = XMLWriter()
    writer.startElement("diff", namespace: DocumentKind.diff.namespace)
    writer.attribute("questionnaire", diff.questionnaireID)
    writer.attribute("questionnaire-version", diff.questionnaireVersion)
    if diff.questionnaireChanged { writer.attribute("old-questionnaire-version", diff.oldQuestionnaireVersion) }
    writer.attribute("generator", ReportXML.generator)
    writer.element("vendor", attributes: ["id": diff.vendor.id, "name": diff.vendor.name])
    for (which, round) in [("old", diff.old), ("new", diff.new)] {
      writer.element(
        "round",
        attributes: [
          "which": which, "file": round.file, "as-of": round.asOf, "submitted": round.submitted,
          "rating": round.rating.rawValue,
        ])
    }
    for score in diff.scores {
      writer.element(
        "score",
        attributes: [
          "measure": score.measure, "old": score.old?.description, "new": score.new?.description,
          "change": score.change?.description,
        ])
    }
    for count in diff.counts {
      writer.element(
        "count",
        attributes: [
          "measure": count.measure, "old": count.old.map(String.init), "new": count.new.map(String.init),
        ])
    }
    writer.element(
      "rating",
      attributes: [
        "old": diff.old.rating.rawValue, "new": diff.new.rating.rawValue, "trend": diff.ratingTrend.rawValue,
      ])
    for change in diff.questionnaireChanges {
      writer.element(
        "questionnaire-change",
        attributes: ["kind": change.kind.rawValue, "control": change.control, "title": change.title])
    }
    for control in diff.controls {
      writer.element(
        "control",
        attributes: [
          "id": control.id, "title": control.title, "redefined": control.redefined ? "true" : nil,
          "trend": control.trend.rawValue,
          "old-claimed": control.oldClaimed?.description, "new-claimed": control.newClaimed?.description,
          "old-verified": control.oldVerified?.description, "new-verified": control.newVerified?.description,
          "verified-change": control.verifiedChange?.description, "old-status": control.oldStatus,
          "new-status": control.newStatus,
        ])
    }
    for gate in diff.gates {
      writer.element(
        "gate",
        attributes: [
          "change": gate.change.rawValue, "control": gate.gate.control, "kind": gate.gate.kind,
          "effect": gate.gate.effect,
        ], text: gate.gate.reason)
    }
    for item in diff.contradictions {
      writer.element(
        "contradiction",
        attributes: [
          "change": item.change.rawValue, "control": item.control, "incident": item.incident,
          "behaviour": item.behaviour, "old-confidence": item.oldConfidence, "new-confidence": item.newConfidence,
        ])
    }
    for item in diff.followUps {
      writer.startElement("follow-up")
      writer.attribute("change", item.change.rawValue)
      writer.attribute("id", item.followUp.id)
      writer.attribute("kind", item.followUp.kind)
      writer.attribute("kinds", item.followUp.kinds.joined(separator: " "))
      if item.change == .changed { writer.attribute("old-kinds", item.oldKinds.joined(separator: " ")) }
      writer.attribute("control", item.followUp.control)
      writer.attribute("question", item.followUp.question)
      writer.attribute("incident", item.followUp.incident)
      writer.element("question", text: item.followUp.text)
      writer.endElement()
    }
    writer.endElement()
    return writer.finish()
  }

  /// The Markdown document.
  public static func markdown(_ diff: RoundDiff, templates: ReportTemplates) -> String {
    templates.render("diff.md", context(diff))
  }

  /// The values the `diff.md` template sees: strings, booleans and lists; numbers already formatted.
  public static func context(_ diff: RoundDiff) -> [String: Any] {
    let labels = [
      "claimed": "Claimed", "verified": "Verified", "say-do-gap": "Say-do gap", "transparency": "Transparency index",
    ]
    func text(_ value: Tenths?) -> String { value?.description ?? "n/a" }
    func controls(_ trend: RoundDiff.Trend) -> [[String: Any]] {
      diff.controls(trend).map { control in
        [
          "id": control.id,
          "title": control.title + (control.redefined ? " (questions changed in \(diff.questionnaireVersion))" : ""),
          "oldClaimed": text(control.oldClaimed),
          "newClaimed": text(control.newClaimed), "oldVerified": text(control.oldVerified),
          "newVerified": text(control.newVerified), "change": control.verifiedChange?.signed ?? "n/a",
          "oldStatus": control.oldStatus, "newStatus": control.newStatus,
        ]
      }
    }
    func gates(_ change: RoundDiff.GateChange.Change) -> [[String: Any]] {
      diff.gates.filter { $0.change == change }.map {
        ["control": $0.gate.control, "effect": $0.gate.effect, "kind": $0.gate.kind, "reason": $0.gate.reason]
      }
    }
    func contradictions(_ change: RoundDiff.ContradictionChange.Change) -> [[String: Any]] {
      diff.contradictions.filter { $0.change == change }.map {
        [
          "control": $0.control, "incident": $0.incident, "behaviour": $0.behaviour,
          "oldConfidence": $0.oldConfidence ?? "", "newConfidence": $0.newConfidence ?? "",
        ]
      }
    }
    func followUps(_ change: RoundDiff.FollowUpChange.Change) -> [[String: Any]] {
      diff.followUps.filter { $0.change == change }.map {
        [
          "id": $0.followUp.id, "kind": $0.followUp.kind, "kinds": $0.followUp.kinds.joined(separator: ", "),
          "oldKinds": $0.oldKinds.joined(separator: ", "), "question": $0.followUp.text,
        ]
      }
    }
    let changeTexts: [RoundDiff.QuestionnaireChange.Kind: String] = [
      .added: "added in \(diff.questionnaireVersion), not compared",
      .removed: "removed in \(diff.questionnaireVersion), not compared",
      .redefined: "questions changed in \(diff.questionnaireVersion), compared",
    ]
    var context: [String: Any] = [
      "vendorName": diff.vendor.name, "vendorID": diff.vendor.id, "questionnaireID": diff.questionnaireID,
      "questionnaireVersion": diff.questionnaireVersion, "oldQuestionnaireVersion": diff.oldQuestionnaireVersion,
      "questionnaireVersionText": diff.questionnaireChanged
        ? "\(diff.oldQuestionnaireVersion) (old round) and \(diff.questionnaireVersion) (new round)"
        : diff.questionnaireVersion,
      "questionnaireChanged": diff.questionnaireChanged,
      "questionnaireChanges": diff.questionnaireChanges.map {
        ["control": $0.control, "title": $0.title, "change": changeTexts[$0.kind] ?? $0.kind.rawValue]
      },
      "hasQuestionnaireChanges": !diff.questionnaireChanges.isEmpty,
      "oldAsOf": diff.old.asOf, "newAsOf": diff.new.asOf,
      "oldSubmitted": diff.old.submitted, "newSubmitted": diff.new.submitted,
      "oldRating": diff.old.rating.rawValue, "newRating": diff.new.rating.rawValue,
      "ratingTrend": diff.ratingTrend.rawValue, "hasChanges": diff.hasChanges, "generator": ReportXML.generator,
    ]
    let countLabels = [
      "contradicted-controls": "Contradicted controls", "contradiction-findings": "Contradiction findings",
      "alleged-findings": "Alleged findings (not counted)", "gated-controls": "Gated controls",
      "answered": "Questions answered",
    ]
    context["counts"] = diff.counts.map { count -> [String: Any] in
      let change = count.old.flatMap { old in count.new.map { new in new - old } }
      return [
        "label": countLabels[count.measure] ?? count.measure, "old": count.old.map(String.init) ?? "n/a",
        "new": count.new.map(String.init) ?? "n/a",
        "change": change.map { $0 > 0 ? "+\($0)" : String($0) } ?? "n/a",
      ]
    }
    context["oldRatingText"] = diff.old.rating.riskText
    context["newRatingText"] = diff.new.rating.riskText
    context["incidentDataDiffers"] = diff.old.incidentData != diff.new.incidentData
    context["oldIncidentData"] = diff.old.incidentData ?? "not stated"
    context["newIncidentData"] = diff.new.incidentData ?? "not stated"
    context["scores"] = diff.scores.map { score -> [String: Any] in
      [
        "label": labels[score.measure] ?? score.measure, "old": text(score.old), "new": text(score.new),
        "change": score.change?.signed ?? "n/a",
      ]
    }
    let sections: [(String, [[String: Any]])] = [
      ("improved", controls(.improved)), ("regressed", controls(.regressed)),
      ("claimChanged", controls(.claimChanged)), ("applicabilityChanged", controls(.applicabilityChanged)),
      ("newGates", gates(.new)), ("clearedGates", gates(.cleared)),
      ("newContradictions", contradictions(.new)), ("resolvedContradictions", contradictions(.resolved)),
      ("changedContradictions", contradictions(.changed)),
      ("answeredFollowUps", followUps(.answered)), ("newFollowUps", followUps(.new)),
      ("changedFollowUps", followUps(.changed)),
    ]
    for (name, items) in sections {
      context[name] = items
      context["has" + name.prefix(1).uppercased() + name.dropFirst()] = !items.isEmpty
      context[name + "Count"] = String(items.count)
    }
    context["hasContradictionChanges"] = !diff.contradictions.isEmpty
    context["hasFollowUpChanges"] = !diff.followUps.isEmpty
    return context
  }
}
