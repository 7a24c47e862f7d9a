import CandorKit
import CandorStore
import Foundation

/// The models of the team's pages.
enum TeamPages {
  static func rounds(_ rounds: [RoundOverview]) -> [String: Any] {
    [
      "title": "Rounds",
      "rounds": rounds.map { overview -> [String: Any] in
        [
          "href": "/rounds/\(overview.round.id ?? 0)", "name": overview.round.name,
          "questionnaire": "\(overview.round.questionnaireID) \(overview.round.questionnaireVersion)",
          "due": overview.round.dueDate, "vendors": overview.vendors, "submitted": overview.submitted,
          "created": Shown.day(overview.round.createdAt),
        ]
      },
      "hasRounds": !rounds.isEmpty,
    ]
  }

  static func newRound(_ form: SubmittedForm?, problems: FormProblems?, today: CalendarDate) -> [String: Any] {
    var model: [String: Any] = [
      "title": "New round",
      "name": form?.value("name") ?? "",
      "due": form?.value("due") ?? CalendarDate(daysSinceEpoch: today.daysSinceEpoch + 30).description,
      "asOf": form?.value("as-of") ?? "",
      "linksValidUntil": form?.value("links-valid-until") ?? "",
      "vendors": form?.value("vendors") ?? "",
    ]
    if let problems, !problems.isEmpty {
      model["hasProblems"] = true
      model["problems"] = problems.byField.map { ["field": fieldLabel($0.field), "message": $0.message] }
      for field in ["name", "due", "as-of", "links-valid-until", "vendors", "questionnaire", "policy", "incidents"] {
        model["problems-\(field)"] = problems.messages(field)
      }
    }
    return model
  }

  static func fieldLabel(_ field: String) -> String {
    [
      "name": "Name", "due": "Due date", "as-of": "As-of date", "links-valid-until": "Links valid until",
      "vendors": "Vendors", "questionnaire": "Questionnaire", "policy": "Policy", "incidents": "Incident files",
    ][field] ?? field
  }

  static func links(_ round: Round, links: [IssuedLink], origin: String, heading: String) -> [String: Any] {
    [
      "title": "Invitation links – \(round.name)", "roundName": round.name, "heading": heading,
      "roundHref": "/rounds/\(round.id ?? 0)",
      "links": links.map { link -> [String: Any] in
        [
          "vendorName": link.vendor.name, "vendorID": link.vendor.id, "url": "\(origin)/v/\(link.token)",
          "expires": Shown.day(link.expiresAt), "inputID": "link-\(link.vendor.id)",
        ]
      },
    ]
  }

  /// A vendor's status in words: submitted, overdue, in progress, opened or invited, with the link's state.
  static func status(_ overview: ParticipantOverview, due: String, today: CalendarDate, now: Date)
    -> (word: String, key: String)
  {
    if overview.submission != nil { return ("Submitted", "submitted") }
    if let dueDate = CalendarDate(due), today > dueDate { return ("Overdue", "overdue") }
    if overview.started { return ("In progress", "progress") }
    if overview.participant.openedAt != nil { return ("Opened", "opened") }
    return ("Invited", "invited")
  }

  static func round(
    _ round: Round, files: [RoundIncidentFile], participants: [ParticipantOverview], totalQuestions: Int,
    today: CalendarDate, now: Date
  ) -> [String: Any] {
    let roundID = round.id ?? 0
    let vendors = participants.map { overview -> [String: Any] in
      let participantID = overview.participant.id ?? 0
      let (word, key) = status(overview, due: round.dueDate, today: today, now: now)
      var link = "no link"
      if let invitation = overview.invitation {
        if invitation.revokedAt != nil {
          link = "link revoked"
        } else if now >= invitation.expiresAt {
          link = "link expired \(Shown.day(invitation.expiresAt))"
        } else {
          link = "link valid until \(Shown.day(invitation.expiresAt))"
        }
      }
      var row: [String: Any] = [
        "vendorName": overview.participant.vendorName, "vendorID": overview.participant.vendorID,
        "status": word, "statusKey": key, "answered": overview.answered, "total": totalQuestions, "link": link,
        "linkUsable": overview.invitation?.isUsable(at: now) == true,
        "opened": overview.participant.openedAt.map(Shown.minute) ?? "",
        "actions": "/rounds/\(roundID)/vendors/\(participantID)",
        "trendHref": "/vendors/\(overview.participant.vendorID)",
        "submittedAt": overview.submission.map { Shown.minute($0.submittedAt) } ?? "",
      ]
      if let submission = overview.submission {
        let files = "/rounds/\(roundID)/vendors/\(participantID)/files"
        let stem = overview.participant.vendorID
        row["result"] = [
          "rating": submission.rating, "claimed": Shown.score(submission.claimed),
          "verified": Shown.score(submission.verified), "gap": Shown.score(submission.sayDoGap),
          "transparency": Shown.score(submission.transparency),
          "contradicted": submission.contradictedControls, "gated": submission.gatedControls,
          "asOf": submission.asOf, "answeredScored": submission.answered, "scoredQuestions": submission.questions,
          "policyVerdict": submission.policyPassed.map { $0 ? "passed" : "failed" } ?? "",
          "reportHTML": "\(files)/\(stem).report.html", "reportMD": "\(files)/\(stem).report.md",
          "reportXML": "\(files)/\(stem).report.xml", "chart": "\(files)/\(stem).chart.svg",
          "followUps": "\(files)/\(stem).followups.csv",
          "oscalXML": "\(files)/\(stem).oscal-ar.xml", "oscalJSON": "\(files)/\(stem).oscal-ar.json",
          "response": "\(files)/response.xml", "sha256": submission.responseSHA256,
          "sha256Short": String(submission.responseSHA256.prefix(16)),
        ]
      }
      return row
    }
    let submitted = participants.filter { $0.submission != nil }.count
    return [
      "title": round.name, "roundName": round.name, "roundID": String(roundID),
      "questionnaire": "\(round.questionnaireID) \(round.questionnaireVersion)"
        + (round.questionnaireFile == nil ? " (bundled)" : ""),
      "due": round.dueDate, "asOf": round.asOf ?? "each vendor's submission date",
      "policy": round.policyFile == nil ? "none" : "yes",
      "incidentFiles": files.map { ["name": $0.originalName, "sha256": String($0.sha256.prefix(12))] },
      "hasIncidents": !files.isEmpty,
      "vendors": vendors, "submittedCount": "\(submitted) of \(participants.count) submitted",
      "exportHref": "/rounds/\(roundID)/export.zip", "auditHref": "/audit?round=\(roundID)",
      "addVendorAction": "/rounds/\(roundID)/vendors",
    ]
  }

  static func audit(_ entries: [AuditEntry], roundID: Int64?) -> [String: Any] {
    [
      "title": "Audit log",
      "filtered": roundID.map { "round \($0)" } ?? "",
      "entries": entries.map { entry -> [String: Any] in
        [
          "id": String(entry.id ?? 0), "at": Shown.minute(entry.at), "actor": entry.actor, "action": entry.action,
          "round": entry.roundID.map { String($0) } ?? "", "roundHref": entry.roundID.map { "/rounds/\($0)" } ?? "",
          "vendor": entry.vendorID ?? "", "detail": entry.detail,
        ]
      },
    ]
  }
}
