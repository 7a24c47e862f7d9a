import CandorKit
import CandorStore
import CandorXML
import Foundation

/// The models of the vendor's pages.
enum VendorPages {
  /// What every vendor page shows in its header.
  static func base(_ access: VendorAccess, token: String) -> [String: Any] {
    [
      "vendorName": access.participant.vendorName, "roundName": access.round.name, "due": access.round.dueDate,
      "base": "/v/\(token)", "submitted": access.participant.submittedAt != nil, "vendorPage": true,
    ]
  }

  /// Per domain: answered and total questions.
  static func progress(_ questionnaire: Questionnaire, draft: [String: DraftAnswer], base: String) -> [[String: Any]] {
    questionnaire.domains.map { domain in
      let questions = domain.controls.flatMap(\.questions)
      let answered = questions.filter { draft[$0.id]?.isAnswered == true }.count
      return [
        "id": domain.id, "title": Element.collapse(domain.title), "answered": answered, "total": questions.count,
        "complete": answered == questions.count, "href": "\(base)/domains/\(domain.id)",
      ]
    }
  }

  static func home(
    _ access: VendorAccess, token: String, questionnaire: Questionnaire, draft: [String: DraftAnswer],
    submission: Submission?
  ) -> [String: Any] {
    var model = base(access, token: token)
    let domains = progress(questionnaire, draft: draft, base: "/v/\(token)")
    let total = questionnaire.questions.count
    let answered = questionnaire.questions.filter { draft[$0.id]?.isAnswered == true }.count
    model["title"] = access.round.name
    model["questionnaireTitle"] = Element.collapse(questionnaire.title)
    model["domains"] = domains
    model["answered"] = answered
    model["total"] = total
    model["domainCount"] = questionnaire.domains.count
    let next = domains.first { ($0["complete"] as? Bool) == false } ?? domains.first
    model["continueHref"] = next?["href"] ?? ""
    model["started"] = answered > 0
    if let submission {
      model["submittedOn"] = Shown.minute(submission.submittedAt)
      model["responseSHA256"] = submission.responseSHA256
    }
    return model
  }

  /// The page of one domain: its controls and questions with the draft's answers and evidence, and the
  /// problems of a save that was refused (with what the vendor had typed).
  static func domain(
    _ access: VendorAccess, token: String, questionnaire: Questionnaire, domain: Domain, draft: [String: DraftAnswer],
    evidence: [EvidenceFile], typed: SubmittedForm?, problems: FormProblems?, notice: String?
  ) -> [String: Any] {
    var model = base(access, token: token)
    let readOnly = access.participant.submittedAt != nil
    let index = questionnaire.domains.firstIndex { $0.id == domain.id } ?? 0
    model["title"] = "\(Element.collapse(domain.title)) – \(access.round.name)"
    model["domainTitle"] = Element.collapse(domain.title)
    model["domainID"] = domain.id
    model["position"] = "Part \(index + 1) of \(questionnaire.domains.count)"
    model["description"] = domain.description.map(Element.collapse) ?? ""
    model["readOnly"] = readOnly
    model["editable"] = !readOnly
    model["action"] = "/v/\(token)/domains/\(domain.id)"
    model["notice"] = notice ?? ""
    if index + 1 < questionnaire.domains.count {
      model["nextDomain"] = ["title": Element.collapse(questionnaire.domains[index + 1].title)]
    }
    if index > 0 {
      let previous = questionnaire.domains[index - 1]
      model["previous"] = ["href": "/v/\(token)/domains/\(previous.id)", "title": Element.collapse(previous.title)]
    }
    model["domains"] = progress(questionnaire, draft: draft, base: "/v/\(token)").map { item in
      var item = item
      item["current"] = (item["id"] as? String) == domain.id
      return item
    }
    if let problems, !problems.isEmpty {
      model["problemCount"] = Shown.count(problems.byField.count, "problem")
      model["problems"] = problems.byField.map { ["question": $0.field, "message": $0.message] }
    }
    let files = Dictionary(grouping: evidence, by: \.questionID)
    model["controls"] = domain.controls.map { control -> [String: Any] in
      [
        "id": control.id, "title": Element.collapse(control.title), "objective": Element.collapse(control.objective),
        "critical": control.critical,
        "questions": control.questions.map { question in
          questionModel(
            question, control: control, stored: draft[question.id], files: files[question.id] ?? [], token: token,
            typed: typed, problems: problems?.messages(question.id) ?? [], readOnly: readOnly)
        },
      ]
    }
    return model
  }

  static func questionModel(
    _ question: Question, control: Control, stored: DraftAnswer?, files: [EvidenceFile], token: String,
    typed: SubmittedForm?, problems: [String], readOnly: Bool
  ) -> [String: Any] {
    let field = "q.\(question.id)"
    // What the vendor typed in a refused save wins over what is stored.
    let value = typed.map { $0.value("\(field).value") ?? "" } ?? stored?.value ?? ""
    let owner = typed.map { $0.value("\(field).owner") ?? "" } ?? stored?.owner ?? ""
    let comment = typed.map { $0.value("\(field).comment") ?? "" } ?? stored?.comment ?? ""
    var model: [String: Any] = [
      "id": question.id, "anchor": "q-\(question.id)", "field": field, "text": Element.collapse(question.text),
      "guidance": question.guidance.map(Element.collapse) ?? "",
      "evidenceRule": evidenceRule(question), "evidenceRequired": question.evidence == .required,
      "version": String(stored?.version ?? 0), "comment": comment, "problems": problems,
      "hasProblems": !problems.isEmpty,
      "answered": stored?.isAnswered == true, "readOnly": readOnly,
    ]
    switch question.kind {
    case .choice(let options):
      model["choice"] = [
        "options": options.enumerated().map { index, option in
          [
            "value": option.value, "label": Shown.option(option), "checked": option.value == value,
            "inputID": "\(question.id)-option-\(index)",
          ] as [String: Any]
        },
        "none": value.isEmpty,
      ]
    case .number(let unit, _):
      model["number"] = ["unit": unit, "value": value, "range": numberRange(question)]
    case .freeText:
      model["freeText"] = ["value": value]
    }
    model["shownValue"] = shownValue(value, question: question)
    model["owners"] =
      [["value": "", "label": "As the control expects (\(control.owner.rawValue))", "selected": owner.isEmpty]]
      + Owner.allCases.map { ["value": $0.rawValue, "label": ownerLabel($0), "selected": owner == $0.rawValue] }
    model["ownerShown"] = owner.isEmpty ? "" : Owner(rawValue: owner).map(ownerLabel) ?? owner
    model["evidence"] = files.map { file -> [String: Any] in
      [
        "id": String(file.id ?? 0), "name": file.originalName, "kind": file.kind, "origin": file.origin,
        "size": byteSize(file.size), "sha256": String(file.sha256.prefix(12)), "fullSHA256": file.sha256,
        "validUntil": file.validUntil ?? "", "description": file.description,
        "href": "/v/\(token)/evidence/\(file.id ?? 0)",
      ]
    }
    model["hasEvidence"] = !files.isEmpty
    model["kinds"] = EvidenceKind.all.map { ["value": $0, "label": $0.replacing("-", with: " ")] }
    return model
  }

  static func evidenceRule(_ question: Question) -> String {
    let expected = question.expectedEvidence.map(Element.collapse).flatMap { $0.isEmpty ? nil : $0 }
    switch question.evidence {
    case .required: return "Evidence required" + (expected.map { ": \($0)" } ?? ".")
    case .recommended: return "Evidence recommended" + (expected.map { ": \($0)" } ?? ".")
    case .none: return expected.map { "Evidence: \($0)" } ?? ""
    }
  }

  static func numberRange(_ question: Question) -> String {
    switch (question.minimum, question.maximum) {
    case (let minimum?, let maximum?): "from \(Format.number(minimum)) to \(Format.number(maximum))"
    case (let minimum?, nil): "at least \(Format.number(minimum))"
    case (nil, let maximum?): "at most \(Format.number(maximum))"
    case (nil, nil): ""
    }
  }

  static func shownValue(_ value: String, question: Question) -> String {
    guard !value.isEmpty else { return "not answered" }
    switch question.kind {
    case .choice(let options): return options.first { $0.value == value }.map(Shown.option) ?? value
    case .number(let unit, _): return "\(value) \(unit)"
    case .freeText: return value
    }
  }

  static func ownerLabel(_ owner: Owner) -> String {
    switch owner {
    case .vendor: "Vendor (we own it)"
    case .customer: "Customer"
    case .shared: "Shared with the customer"
    case .thirdParty: "A third party"
    }
  }

  static func byteSize(_ size: Int64) -> String {
    size >= 1 << 20
      ? Format.oneDecimal(Double(size) / Double(1 << 20)) + " MiB"
      : size >= 1 << 10 ? Format.oneDecimal(Double(size) / 1024) + " KiB" : "\(size) bytes"
  }

  static func review(
    _ access: VendorAccess, token: String, questionnaire: Questionnaire, draft: [String: DraftAnswer],
    evidence: [EvidenceFile], problems: FormProblems?, typed: SubmittedForm?
  ) -> [String: Any] {
    var model = base(access, token: token)
    model["title"] = "Review and submit – \(access.round.name)"
    model["domains"] = progress(questionnaire, draft: draft, base: "/v/\(token)")
    let withEvidence = Set(evidence.map(\.questionID))
    var unanswered: [[String: Any]] = []
    var missingEvidence: [[String: Any]] = []
    for domain in questionnaire.domains {
      for control in domain.controls {
        for question in control.questions {
          let href = "/v/\(token)/domains/\(domain.id)#q-\(question.id)"
          let item: [String: Any] = ["id": question.id, "text": Element.collapse(question.text), "href": href]
          if draft[question.id]?.isAnswered != true {
            unanswered.append(item)
          } else if question.evidence == .required, !withEvidence.contains(question.id) {
            missingEvidence.append(item)
          }
        }
      }
    }
    let total = questionnaire.questions.count
    model["answered"] = total - unanswered.count
    model["total"] = total
    model["unanswered"] = unanswered
    model["unansweredCount"] = Shown.count(unanswered.count, "question")
    model["missingEvidence"] = missingEvidence
    model["missingEvidenceCount"] = Shown.count(missingEvidence.count, "answer")
    model["evidenceCount"] = evidence.count
    model["respondentName"] = typed?.value("respondent-name") ?? access.participant.respondentName ?? ""
    model["respondentRole"] = typed?.value("respondent-role") ?? access.participant.respondentRole ?? ""
    model["respondentEmail"] = typed?.value("respondent-email") ?? access.participant.respondentEmail ?? ""
    if let problems, !problems.isEmpty {
      model["problems"] = problems.byField.map { ["message": $0.message] }
    }
    return model
  }
}
