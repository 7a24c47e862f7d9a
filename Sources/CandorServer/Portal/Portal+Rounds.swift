import CandorKit
import CandorStore
import CandorXML
import Foundation

/// A round as the team describes it in the new-round form, checked.
struct RoundRequest: Sendable {
  var name: String
  var dueDate: CalendarDate
  var asOf: CalendarDate?
  /// The last day the links work.
  var linksValidUntil: CalendarDate
  var vendors: [Vendor]
  var questionnaire: SubmittedForm.File?
  var policy: SubmittedForm.File?
  var incidents: [SubmittedForm.File]

  /// Reads the new-round form; every problem names its field.
  static func read(_ form: SubmittedForm, today: CalendarDate) -> Result<RoundRequest, FormProblems> {
    var problems = FormProblems()
    let name = form.value("name") ?? ""
    if name.isEmpty { problems.add("name", "Give the round a name, such as \"Q3 2026 agent governance\".") }
    if name.count > 200 { problems.add("name", "The name is \(name.count) characters; the limit is 200.") }
    let due = date(form, "due", required: true, &problems)
    let asOf = date(form, "as-of", required: false, &problems)
    var validUntil = date(form, "links-valid-until", required: false, &problems)
    if let due, validUntil == nil { validUntil = CalendarDate(daysSinceEpoch: due.daysSinceEpoch + 30) }
    if let due, due < today { problems.add("due", "The due date \(due) is in the past.") }
    if let validUntil, let due, validUntil < due {
      problems.add("links-valid-until", "The links must stay valid until the due date (\(due)) at least.")
    }
    let vendors = readVendors(form.value("vendors") ?? "", &problems)
    if vendors.isEmpty && !problems.has("vendors") {
      problems.add("vendors", "List at least one vendor, one per line.")
    }
    guard problems.isEmpty, let due, let validUntil else { return .failure(problems) }
    return .success(
      RoundRequest(
        name: name, dueDate: due, asOf: asOf, linksValidUntil: validUntil, vendors: vendors,
        questionnaire: form.files("questionnaire").first, policy: form.files("policy").first,
        incidents: form.files("incidents")))
  }

  private static func date(_ form: SubmittedForm, _ field: String, required: Bool, _ problems: inout FormProblems)
    -> CalendarDate?
  {
    guard let text = form.value(field) else {
      if required { problems.add(field, "Give a date, YYYY-MM-DD.") }
      return nil
    }
    guard let date = CalendarDate(text) else {
      problems.add(field, "\"\(text)\" is not a date; expected YYYY-MM-DD.")
      return nil
    }
    return date
  }

  /// One vendor per line: `Vendor Name` (the id is made from the name) or `vendor-id, Vendor Name`.
  static func readVendors(_ text: String, _ problems: inout FormProblems) -> [Vendor] {
    var vendors: [Vendor] = []
    var seen: [String: Int] = [:]
    let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
    if lines.count > 500 { problems.add("vendors", "At most 500 vendors in one round.") }
    for (number, line) in lines.prefix(500).enumerated() where !line.isEmpty {
      var id: String
      var name: String
      if let comma = line.firstIndex(of: ","),
        Vendor.problem(withID: line[..<comma].trimmingCharacters(in: .whitespaces)) == nil
      {
        id = line[..<comma].trimmingCharacters(in: .whitespaces)
        name = line[line.index(after: comma)...].trimmingCharacters(in: .whitespaces)
      } else {
        name = line
        id = slug(name)
      }
      if let problem = Vendor.problem(withName: name) ?? Vendor.problem(withID: id) {
        problems.add("vendors", "Line \(number + 1): \(problem).")
        continue
      }
      if let first = seen[id] {
        problems.add("vendors", "Line \(number + 1): the vendor id \"\(id)\" is on line \(first) already.")
        continue
      }
      seen[id] = number + 1
      vendors.append(Vendor(id: id, name: name))
    }
    return vendors
  }

  /// A vendor id made from a name: lower-case letters and digits, other runs of characters as one '-'.
  static func slug(_ name: String) -> String {
    var id = ""
    for scalar in name.lowercased().unicodeScalars {
      if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
        id.unicodeScalars.append(scalar)
      } else if !id.isEmpty, id.last != "-" {
        id += "-"
      }
    }
    while id.hasSuffix("-") { id.removeLast() }
    return String(id.prefix(64))
  }
}

/// Problems of a form, by field, for showing next to the fields.
struct FormProblems: Error, Sendable {
  private(set) var byField: [(field: String, message: String)] = []

  mutating func add(_ field: String, _ message: String) { byField.append((field, message)) }
  var isEmpty: Bool { byField.isEmpty }
  func has(_ field: String) -> Bool { byField.contains { $0.field == field } }
  func messages(_ field: String) -> [String] { byField.filter { $0.field == field }.map(\.message) }
}

/// A vendor and the link made for it (shown to the team once: only its hash is kept).
struct IssuedLink: Sendable {
  var vendor: Vendor
  var participantID: Int64
  var token: String
  var expiresAt: Date
}

extension Portal {
  /// Creates a round: checks the uploaded questionnaire, policy and incident files with CandorKit's loaders (every
  /// problem as file:line:column), stores them in the data folder, and invites each vendor with a new link.
  ///
  /// - Returns: the round and the links (only their hashes are stored).
  /// - Throws: ``FormProblems`` for input that cannot be used; nothing is stored then.
  func createRound(_ request: RoundRequest, team: TeamSession) async throws -> (Round, [IssuedLink]) {
    var problems = FormProblems()
    /// The errors `load` throws or returns, under `field`.
    func check(_ field: String, _ load: () throws(InputError) -> [Diagnostic]) {
      for diagnostic in Self.diagnostics(load) where diagnostic.severity == .error {
        problems.add(field, diagnostic.description)
      }
    }
    // The questionnaire: the uploaded one, or the bundled one.
    var questionnaire: Questionnaire?
    if let file = request.questionnaire {
      check("questionnaire") { () throws(InputError) in
        let (loaded, warnings) = try InputLoader.questionnaire(SourceText(name: file.fileName, bytes: file.bytes))
        questionnaire = loaded
        return warnings
      }
    } else {
      questionnaire = try questionnaires.questionnaire(nil)
    }
    if let policy = request.policy, let questionnaire {
      check("policy") { () throws(InputError) in
        let loaded = try PolicyLoader.read(SourceText(name: policy.fileName, bytes: policy.bytes))
        return PolicyLoader.check(loaded, against: questionnaire, file: policy.fileName)
      }
    }
    if let questionnaire {
      for file in request.incidents {
        check("incidents") { () throws(InputError) in
          try InputLoader.incidents(SourceText(name: file.fileName, bytes: file.bytes), questionnaire: questionnaire).1
        }
      }
    }
    guard problems.isEmpty, let questionnaire else { throw problems }

    // The files, under generated names in a new folder of their own.
    let folder = "rounds/\(Secrets.hex(bytes: 8))"
    var questionnaireFile: String?
    if let file = request.questionnaire {
      questionnaireFile = "\(folder)/questionnaire.xml"
      try data.write(file.bytes, to: questionnaireFile!)
    }
    var policyFile: String?
    if let file = request.policy {
      policyFile = "\(folder)/policy.xml"
      try data.write(file.bytes, to: policyFile!)
    }
    var incidentFiles: [RoundIncidentFile] = []
    for (index, file) in request.incidents.enumerated() {
      let relative = "\(folder)/incidents-\(index + 1).xml"
      try data.write(file.bytes, to: relative)
      incidentFiles.append(
        RoundIncidentFile(roundID: 0, file: relative, originalName: file.fileName, sha256: Digest.sha256(file.bytes)))
    }
    let expiresAt = endOfDay(request.linksValidUntil)
    let links = request.vendors.map { vendor in
      IssuedLink(vendor: vendor, participantID: 0, token: Secrets.token(), expiresAt: expiresAt)
    }
    let round = Round(
      name: request.name, questionnaireFile: questionnaireFile, questionnaireID: questionnaire.id,
      questionnaireVersion: questionnaire.version, asOf: request.asOf?.description,
      dueDate: request.dueDate.description, policyFile: policyFile, createdAt: now(), createdBy: team.userID)
    let stored = try await store.createRound(
      round, incidentFiles: incidentFiles,
      participants: links.map {
        NewParticipant(
          vendorID: $0.vendor.id, vendorName: $0.vendor.name, tokenHash: Secrets.sha256($0.token),
          expiresAt: $0.expiresAt)
      }, actor: "team:\(team.email)", at: now())
    let participants = try await store.participants(roundID: stored.id ?? 0)
    let issued = links.map { link in
      var link = link
      link.participantID = participants.first { $0.participant.vendorID == link.vendor.id }?.participant.id ?? 0
      return link
    }
    return (stored, issued)
  }

  /// What `load` returns, or the diagnostics of the error it throws.
  static func diagnostics(_ load: () throws(InputError) -> [Diagnostic]) -> [Diagnostic] {
    do {
      return try load()
    } catch {
      return error.diagnostics
    }
  }

  /// Adds a vendor to a round, with a new link.
  func addVendor(roundID: Int64, vendor: Vendor, team: TeamSession) async throws -> IssuedLink {
    guard let (round, _) = try await store.round(id: roundID) else { throw PortalError.notFound("No such round.") }
    let token = Secrets.token()
    let expiresAt = endOfDay(
      CalendarDate(daysSinceEpoch: (CalendarDate(round.dueDate) ?? today).daysSinceEpoch + 30))
    do {
      let participant = try await store.addParticipant(
        roundID: roundID,
        NewParticipant(
          vendorID: vendor.id, vendorName: vendor.name, tokenHash: Secrets.sha256(token), expiresAt: expiresAt),
        actor: "team:\(team.email)", at: now())
      return IssuedLink(vendor: vendor, participantID: participant.id ?? 0, token: token, expiresAt: expiresAt)
    } catch let error as StoreError {
      throw PortalError.invalid(error.description)
    }
  }

  /// Gives a vendor a new link (revoking its earlier ones).
  func reissueLink(roundID: Int64, participantID: Int64, team: TeamSession) async throws -> IssuedLink {
    let participant = try await participant(roundID: roundID, participantID: participantID)
    guard let (round, _) = try await store.round(id: roundID) else { throw PortalError.notFound("No such round.") }
    let token = Secrets.token()
    let due = CalendarDate(round.dueDate) ?? today
    let expiresAt = endOfDay(CalendarDate(daysSinceEpoch: max(due, today).daysSinceEpoch + 30))
    try await store.issueInvitation(
      participantID: participantID, tokenHash: Secrets.sha256(token), expiresAt: expiresAt,
      actor: "team:\(team.email)", at: now())
    return IssuedLink(
      vendor: Vendor(id: participant.vendorID, name: participant.vendorName), participantID: participantID,
      token: token, expiresAt: expiresAt)
  }

  /// Revokes a vendor's links.
  func revokeLinks(roundID: Int64, participantID: Int64, team: TeamSession) async throws {
    _ = try await participant(roundID: roundID, participantID: participantID)
    try await store.revokeInvitations(participantID: participantID, actor: "team:\(team.email)", at: now())
  }

  /// The participant `participantID` of round `roundID` (a participant of another round is not found).
  func participant(roundID: Int64, participantID: Int64) async throws -> Participant {
    guard let participant = try await store.participant(id: participantID), participant.roundID == roundID else {
      throw PortalError.notFound("No such vendor in this round.")
    }
    return participant
  }

  /// The end (23:59:59 UTC) of `date`.
  func endOfDay(_ date: CalendarDate) -> Date {
    Date(timeIntervalSince1970: Double(date.daysSinceEpoch + 1) * 86_400 - 1)
  }
}

extension CalendarDate {
  /// The date `days` days after 1970-01-01.
  init(daysSinceEpoch days: Int) {
    self = Timestamp(secondsSinceEpoch: Double(days) * 86_400).date
  }
}
