import CandorKit
import CandorStore
import Foundation
import Hummingbird

/// The team's pages: sign-in, rounds, the dashboard of a round, links, files, the audit log.
struct TeamRoutes {
  let portal: Portal
  let views: Views

  /// The sign-in pages (open to anyone; the POST is rate-limited).
  func addSignIn(to router: RouterGroup<PortalRequestContext>) {
    router.get("/") { _, context -> Response in
      .redirect(to: context.team == nil ? "/signin" : "/rounds", type: .normal)
    }
    router.get("signin") { _, context -> Response in
      if context.team != nil { return .redirect(to: "/rounds", type: .normal) }
      return views.page("signin", ["title": "Sign in"], context: context)
    }
    router.post("signin") { _, context -> Response in
      let email = context.form.value("email") ?? ""
      let password = context.form.fields["password"] ?? ""
      guard !email.isEmpty, !password.isEmpty,
        let session = try await portal.signIn(email: email, password: password, address: context.clientAddress)
      else {
        return views.page(
          "signin", ["title": "Sign in", "email": email, "failed": true], context: context, status: .unauthorized)
      }
      context.sessions.createSession(session, expiresIn: .seconds(portal.configuration.limits.sessionSeconds))
      return .redirect(to: "/rounds", type: .normal)
    }
  }

  /// The pages for signed-in team members.
  func add(to router: RouterGroup<PortalRequestContext>) {
    router.post("signout") { _, context -> Response in
      if let team = context.team {
        try await portal.store.appendAudit(at: portal.now(), actor: "team:\(team.email)", .signedOut, detail: "")
      }
      context.sessions.clearSession()
      return .redirect(to: "/signin", type: .normal)
    }
    router.get("rounds") { _, context -> Response in
      views.page("rounds", TeamPages.rounds(try await portal.store.rounds()), context: context)
    }
    router.get("rounds/new") { _, context -> Response in
      views.page("round-new", TeamPages.newRound(nil, problems: nil, today: portal.today), context: context)
    }
    router.post("rounds") { request, context -> Response in
      let team = try team(context)
      switch RoundRequest.read(context.form, today: portal.today) {
      case .failure(let problems):
        return views.page(
          "round-new", TeamPages.newRound(context.form, problems: problems, today: portal.today), context: context,
          status: .badRequest)
      case .success(let roundRequest):
        do {
          let (round, links) = try await portal.createRound(roundRequest, team: team)
          return views.page(
            "round-links",
            TeamPages.links(
              round, links: links, origin: origin(request),
              heading: "The round is created. Send each vendor its link."),
            context: context)
        } catch let problems as FormProblems {
          return views.page(
            "round-new", TeamPages.newRound(context.form, problems: problems, today: portal.today),
            context: context, status: .badRequest)
        }
      }
    }
    router.get("rounds/:round") { _, context -> Response in
      let roundID = try context.parameters.require("round", as: Int64.self)
      guard let (round, files) = try await portal.store.round(id: roundID) else {
        throw PortalError.notFound("No such round.")
      }
      let participants = try await portal.store.participants(roundID: roundID)
      let questionnaire = try portal.questionnaire(round)
      return views.page(
        "round",
        TeamPages.round(
          round, files: files, participants: participants, totalQuestions: questionnaire.questions.count,
          today: portal.today, now: portal.now()), context: context)
    }
    router.post("rounds/:round/vendors") { request, context -> Response in
      let team = try team(context)
      let roundID = try context.parameters.require("round", as: Int64.self)
      var problems = FormProblems()
      let vendors = RoundRequest.readVendors(context.form.value("vendor") ?? "", &problems)
      guard problems.isEmpty, let vendor = vendors.first, vendors.count == 1 else {
        throw PortalError.invalid(
          problems.byField.first?.message ?? "Give one vendor: its name, or its id, a comma and its name.")
      }
      let link = try await portal.addVendor(roundID: roundID, vendor: vendor, team: team)
      guard let (round, _) = try await portal.store.round(id: roundID) else {
        throw PortalError.notFound("No such round.")
      }
      return views.page(
        "round-links",
        TeamPages.links(round, links: [link], origin: origin(request), heading: "\(vendor.name) is invited."),
        context: context)
    }
    router.post("rounds/:round/vendors/:participant/link") { request, context -> Response in
      let team = try team(context)
      let roundID = try context.parameters.require("round", as: Int64.self)
      let participantID = try context.parameters.require("participant", as: Int64.self)
      let link = try await portal.reissueLink(roundID: roundID, participantID: participantID, team: team)
      guard let (round, _) = try await portal.store.round(id: roundID) else {
        throw PortalError.notFound("No such round.")
      }
      return views.page(
        "round-links",
        TeamPages.links(
          round, links: [link], origin: origin(request),
          heading: "A new link for \(link.vendor.name). Its earlier links no longer work."), context: context)
    }
    router.post("rounds/:round/vendors/:participant/revoke") { _, context -> Response in
      let team = try team(context)
      let roundID = try context.parameters.require("round", as: Int64.self)
      let participantID = try context.parameters.require("participant", as: Int64.self)
      try await portal.revokeLinks(roundID: roundID, participantID: participantID, team: team)
      return .redirect(to: "/rounds/\(roundID)", type: .normal)
    }
    router.get("rounds/:round/vendors/:participant/files/:name") { _, context -> Response in
      let roundID = try context.parameters.require("round", as: Int64.self)
      let participantID = try context.parameters.require("participant", as: Int64.self)
      let name = try context.parameters.require("name")
      let participant = try await portal.participant(roundID: roundID, participantID: participantID)
      guard let submission = try await portal.store.submission(participantID: participantID) else {
        throw PortalError.notFound("\(participant.vendorName) has not submitted yet.")
      }
      return try portal.submissionFile(submission, vendorID: participant.vendorID, name: name)
    }
    router.get("rounds/:round/export.zip") { _, context -> Response in
      let team = try team(context)
      let roundID = try context.parameters.require("round", as: Int64.self)
      return try await portal.export(roundID: roundID, team: team)
    }
    router.get("vendors/:vendor") { _, context -> Response in
      let vendorID = try context.parameters.require("vendor")
      return views.page("vendor-trend", try await portal.trend(vendorID: vendorID), context: context)
    }
    router.get("audit") { request, context -> Response in
      let roundID = request.uri.queryParameters.get("round").flatMap { Int64($0) }
      let entries = try await portal.store.auditLog(roundID: roundID)
      return views.page("audit", TeamPages.audit(entries, roundID: roundID), context: context)
    }
  }

  func team(_ context: PortalRequestContext) throws -> TeamSession {
    guard let team = context.team else { throw PortalError.forbidden("Sign in first.") }
    return team
  }

  /// The portal's address as the browser reached it, for the links shown to the team.
  func origin(_ request: Request) -> String {
    let scheme = portal.configuration.behindTLS ? "https" : "http"
    return "\(scheme)://\(request.head.authority ?? "\(portal.configuration.host):\(portal.configuration.port)")"
  }
}
