import CandorKit
import CandorStore
import Foundation
import Hummingbird

/// The vendor's pages, all under its link `/v/<token>`: every lookup starts from the token, so a link reaches
/// exactly one vendor of one round (no page takes a round, vendor or participant id).
struct VendorRoutes {
  let portal: Portal
  let views: Views

  func add(to router: RouterGroup<PortalRequestContext>) {
    router.get(":token") { _, context -> Response in
      let (token, access) = try await access(context)
      try await portal.store.recordOpened(access.participant, at: portal.now())
      let questionnaire = try portal.questionnaire(access.round)
      let draft = try await portal.store.draft(participantID: access.participant.id ?? 0)
      let submission = try await portal.store.submission(participantID: access.participant.id ?? 0)
      return views.page(
        "vendor-home",
        VendorPages.home(access, token: token, questionnaire: questionnaire, draft: draft, submission: submission),
        context: context)
    }
    router.get(":token/domains/:domain") { request, context -> Response in
      let (token, access) = try await access(context)
      let (questionnaire, domain) = try domain(access, context)
      let notice: String? =
        switch request.uri.queryParameters.get("saved") {
        case "1": "Your answers are saved."
        case "conflict": "Some answers were changed in another window meanwhile; they are shown as saved there."
        default: nil
        }
      return try await domainPage(
        access, token: token, questionnaire: questionnaire, domain: domain, typed: nil, problems: nil, notice: notice,
        context: context)
    }
    router.post(":token/domains/:domain") { _, context -> Response in
      let (token, access) = try await access(context)
      let (questionnaire, domain) = try domain(access, context)
      guard access.participant.submittedAt == nil else {
        throw PortalError.conflict("Your answers were submitted already; they can no longer be changed.")
      }
      let form = context.form
      // Everything is checked before anything is stored: the answers, then each file chosen.
      var problems = try await portal.checkDomain(access, domain: domain, form: form).problems
      var uploads: [Portal.CheckedUpload] = []
      for question in domain.controls.flatMap(\.questions) where !form.files("q.\(question.id).file").isEmpty {
        let (upload, uploadProblems) = try await portal.checkUpload(
          access, form: form.evidenceUpload(question: question.id))
        for (field, message) in uploadProblems.byField { problems.add(field, message) }
        if let upload { uploads.append(upload) }
      }
      var saved = DomainSave(saved: [], conflicts: [], problems: problems)
      if problems.isEmpty {
        if let remove = form.value("remove"), let id = Int64(remove) {
          _ = try await portal.removeEvidence(access, id: id)
        }
        saved = try await portal.saveDomain(access, domain: domain, form: form)
        for upload in uploads { _ = try await portal.storeUpload(access, upload) }
      }
      guard problems.isEmpty else {
        return try await domainPage(
          access, token: token, questionnaire: questionnaire, domain: domain, typed: form, problems: problems,
          notice: nil, context: context, status: .unprocessableContent)
      }
      let base = "/v/\(token)"
      let conflict = !saved.conflicts.isEmpty
      switch form.value("go") {
      case "next" where !conflict:
        let index = questionnaire.domains.firstIndex { $0.id == domain.id } ?? 0
        if index + 1 < questionnaire.domains.count {
          return .redirect(to: "\(base)/domains/\(questionnaire.domains[index + 1].id)", type: .normal)
        }
        return .redirect(to: "\(base)/review", type: .normal)
      case "review" where !conflict:
        return .redirect(to: "\(base)/review", type: .normal)
      default:
        return .redirect(to: "\(base)/domains/\(domain.id)?saved=\(conflict ? "conflict" : "1")", type: .normal)
      }
    }
    router.get(":token/evidence/:id") { _, context -> Response in
      let (_, access) = try await access(context)
      let id = try context.parameters.require("id", as: Int64.self)
      let files = try await portal.store.evidence(participantID: access.participant.id ?? 0)
      guard let file = files.first(where: { $0.id == id }) else { throw PortalError.notFound("No such evidence file.") }
      return try portal.evidenceDownload(file)
    }
    router.get(":token/review") { _, context -> Response in
      let (token, access) = try await access(context)
      return try await reviewPage(access, token: token, problems: nil, typed: nil, context: context)
    }
    router.post(":token/review") { _, context -> Response in
      let (token, access) = try await access(context)
      guard access.participant.submittedAt == nil else {
        throw PortalError.conflict("Your answers were submitted already.")
      }
      let problems = try await portal.saveRespondent(access, form: context.form)
      guard problems.isEmpty else {
        return try await reviewPage(
          access, token: token, problems: problems, typed: context.form, context: context,
          status: .unprocessableContent)
      }
      guard context.form.value("go") == "submit" else {
        return .redirect(to: "/v/\(token)/review", type: .normal)
      }
      guard context.form.value("confirm") == "yes" else {
        var problems = FormProblems()
        problems.add("confirm", "Tick the box to confirm that the answers are final.")
        return try await reviewPage(
          access, token: token, problems: problems, typed: context.form, context: context,
          status: .unprocessableContent)
      }
      _ = try await portal.submit(access)
      return .redirect(to: "/v/\(token)", type: .normal)
    }
    router.get(":token/response.xml") { _, context -> Response in
      let (_, access) = try await access(context)
      guard let submission = try await portal.store.submission(participantID: access.participant.id ?? 0) else {
        throw PortalError.notFound("Nothing is submitted yet.")
      }
      return try portal.submissionFile(submission, vendorID: access.participant.vendorID, name: "response.xml")
    }
  }

  func access(_ context: PortalRequestContext) async throws -> (String, VendorAccess) {
    let token = try context.parameters.require("token")
    return (token, try await portal.access(token: token))
  }

  func domain(_ access: VendorAccess, _ context: PortalRequestContext) throws -> (Questionnaire, Domain) {
    let questionnaire = try portal.questionnaire(access.round)
    let id = try context.parameters.require("domain")
    guard let domain = questionnaire.domains.first(where: { $0.id == id }) else {
      throw PortalError.notFound("The questionnaire has no part \"\(id)\".")
    }
    return (questionnaire, domain)
  }

  func domainPage(
    _ access: VendorAccess, token: String, questionnaire: Questionnaire, domain: Domain, typed: SubmittedForm?,
    problems: FormProblems?, notice: String?, context: PortalRequestContext, status: HTTPResponse.Status = .ok
  ) async throws -> Response {
    let (draft, evidence) = try await portal.store.answers(participantID: access.participant.id ?? 0)
    return views.page(
      "vendor-domain",
      VendorPages.domain(
        access, token: token, questionnaire: questionnaire, domain: domain, draft: draft, evidence: evidence,
        typed: typed, problems: problems, notice: notice), context: context, status: status)
  }

  func reviewPage(
    _ access: VendorAccess, token: String, problems: FormProblems?, typed: SubmittedForm?,
    context: PortalRequestContext, status: HTTPResponse.Status = .ok
  ) async throws -> Response {
    if access.participant.submittedAt != nil { return .redirect(to: "/v/\(token)", type: .normal) }
    let questionnaire = try portal.questionnaire(access.round)
    let (draft, evidence) = try await portal.store.answers(participantID: access.participant.id ?? 0)
    return views.page(
      "vendor-review",
      VendorPages.review(
        access, token: token, questionnaire: questionnaire, draft: draft, evidence: evidence, problems: problems,
        typed: typed), context: context, status: status)
  }
}

extension SubmittedForm {
  /// The evidence fields of question `id` on a domain page, as the upload form ``Portal/uploadEvidence`` reads.
  func evidenceUpload(question id: String) -> SubmittedForm {
    let prefix = "q.\(id)."
    var fields = ["question": id]
    for name in ["kind", "origin", "valid-until", "description"] { fields[name] = self.fields[prefix + name] }
    let files = self.files(prefix + "file").map { File(field: "file", fileName: $0.fileName, bytes: $0.bytes) }
    return SubmittedForm(fields: fields, files: files)
  }
}
