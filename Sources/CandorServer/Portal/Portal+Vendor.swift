import CandorKit
import CandorStore
import CandorXML
import Foundation

/// Which kinds of evidence file the portal accepts, by file name ending; files are stored under generated names
/// with the ending, and always downloaded as attachments.
enum EvidenceFileTypes {
  static let endings: Set<String> = [
    "pdf", "png", "jpg", "jpeg", "txt", "csv", "json", "xml", "xlsx", "docx", "pptx", "odt", "ods", "zip", "log",
    "md",
  ]

  /// The accepted ending of `fileName`, lower-cased, or nil.
  static func ending(_ fileName: String) -> String? {
    guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return nil }
    let ending = fileName[fileName.index(after: dot)...].lowercased()
    return endings.contains(ending) ? ending : nil
  }
}

extension Portal {
  /// What the link `token` opens: exactly one vendor of one round. Unknown, revoked and expired links are refused
  /// (the rate limit counts these refusals).
  func access(token: String) async throws -> VendorAccess {
    let unknown = PortalError.notFound(
      "This link is not valid. Check that you copied the whole link, or ask the person who sent it for a new one.")
    guard Secrets.isWellFormedToken(token) else { throw unknown }
    let hash = Secrets.sha256(token)
    switch try await store.lookUpLink(tokenHash: hash, at: now()) {
    case .valid(let access):
      guard Secrets.constantTimeEqual(access.invitation.tokenHash, hash) else { throw unknown }
      return access
    case .unusable(let revoked):
      throw PortalError.gone(
        revoked
          ? "This link was replaced or withdrawn. Ask the person who sent it for a new one."
          : "This link has expired. Ask the person who sent it for a new one.")
    case .unknown:
      throw unknown
    }
  }

  /// The questionnaire of a round.
  func questionnaire(_ round: Round) throws -> Questionnaire {
    try questionnaires.questionnaire(round.questionnaireFile)
  }

  // MARK: - Drafts

  /// Reads the answers of one domain's page and saves those that changed. Every answer is checked with
  /// ``AnswerEntry`` first: when any is invalid nothing is saved and the problems come back by question.
  func saveDomain(_ access: VendorAccess, domain: Domain, form: SubmittedForm) async throws -> DomainSave {
    let (changes, problems) = try await checkDomain(access, domain: domain, form: form)
    guard problems.isEmpty else { return DomainSave(saved: [], conflicts: [], problems: problems) }
    do {
      let outcome = try await store.saveDraft(access.participant, changes: changes, at: now())
      return DomainSave(saved: outcome.saved, conflicts: outcome.conflicts, problems: problems)
    } catch let error as StoreError {
      throw PortalError.conflict(error.description)
    }
  }

  /// Reads and checks the answers of one domain's page: the changes to save, or the problems by question.
  func checkDomain(_ access: VendorAccess, domain: Domain, form: SubmittedForm) async throws
    -> (changes: [DraftChange], problems: FormProblems)
  {
    var problems = FormProblems()
    var changes: [DraftChange] = []
    let controlOwners = Dictionary(
      uniqueKeysWithValues: domain.controls.flatMap { c in c.questions.map { ($0.id, c) } })
    for control in domain.controls {
      for question in control.questions {
        let field = "q.\(question.id)"
        var value = form.value("\(field).value")
        if let text = value {
          switch AnswerEntry.value(text, for: question) {
          case .success(let parsed):
            switch parsed {
            case .option(let option): value = option
            case .number(_, let written): value = written
            case .text(let text): value = text
            case .none: value = nil
            }
          case .failure(let problem):
            problems.add(question.id, problem.description)
          }
        }
        let owner = form.value("\(field).owner")
        if let owner, Owner(rawValue: owner) == nil {
          problems.add(question.id, "\"\(owner)\" is not an owner; choose one from the list.")
        }
        let comment = form.value("\(field).comment")
        if let comment, let problem = AnswerEntry.lengthProblem(comment) {
          problems.add(question.id, "Comment: \(problem.description).")
        }
        if let value, question.options.first(where: { $0.value == value })?.notApplicable == true, comment == nil {
          problems.add(question.id, "Say in the comment why the question does not apply.")
        }
        let base = Int64(form.value("\(field).version") ?? "0") ?? 0
        changes.append(
          DraftChange(
            questionID: question.id, value: value,
            owner: owner == controlOwners[question.id]?.owner.rawValue ? nil : owner,
            comment: comment, baseVersion: base))
      }
    }
    return (changes, problems)
  }

  /// An evidence upload whose file and details are checked, ready to store.
  struct CheckedUpload: Sendable {
    var questionID: String
    var file: SubmittedForm.File
    var ending: String
    var kind: String
    var origin: String
    var validUntil: String?
    var description: String
  }

  /// Checks an upload for one question: its size and type, its kind, origin, date and description.
  func checkUpload(_ access: VendorAccess, form: SubmittedForm) async throws -> (CheckedUpload?, FormProblems) {
    var problems = FormProblems()
    let questionnaire = try questionnaire(access.round)
    guard let questionID = form.value("question"), questionnaire.questionIndex()[questionID] != nil else {
      throw PortalError.invalid("The upload names no question of this questionnaire.")
    }
    guard let participantID = access.participant.id else { throw PortalError.notFound("No such vendor.") }
    guard let file = form.files("file").first else {
      problems.add(questionID, "Choose a file to upload.")
      return (nil, problems)
    }
    guard let ending = EvidenceFileTypes.ending(file.fileName) else {
      problems.add(
        questionID,
        "Files of this type are not accepted; upload one of "
          + EvidenceFileTypes.endings.sorted().map { ".\($0)" }.joined(separator: ", ") + ".")
      return (nil, problems)
    }
    let kind = form.value("kind") ?? "document"
    if !EvidenceKind.all.contains(kind) { problems.add(questionID, "\"\(kind)\" is not a kind of evidence.") }
    let origin = form.value("origin") ?? "vendor"
    if EvidenceOrigin(rawValue: origin) == nil { problems.add(questionID, "\"\(origin)\" is not an origin.") }
    var validUntil: String?
    if let text = form.value("valid-until") {
      if CalendarDate(text) == nil {
        problems.add(questionID, "Valid until: \"\(text)\" is not a date; expected YYYY-MM-DD.")
      } else {
        validUntil = text
      }
    }
    let description = form.value("description") ?? ""
    if let problem = AnswerEntry.lengthProblem(description) {
      problems.add(questionID, "Description: \(problem.description).")
    }
    if try await store.evidence(participantID: participantID).count >= configuration.limits.maxEvidenceFiles {
      problems.add(questionID, "At most \(configuration.limits.maxEvidenceFiles) evidence files per vendor.")
    }
    guard problems.isEmpty else { return (nil, problems) }
    return (
      CheckedUpload(
        questionID: questionID, file: file, ending: ending, kind: kind, origin: origin, validUntil: validUntil,
        description: description), problems
    )
  }

  /// Stores a checked upload under a generated name, its SHA-256 computed on receipt.
  func storeUpload(_ access: VendorAccess, _ upload: CheckedUpload) async throws -> EvidenceFile {
    guard let participantID = access.participant.id else { throw PortalError.notFound("No such vendor.") }
    let storedName = "\(Secrets.hex(bytes: 16)).\(upload.ending)"
    let relative = "\(data.evidenceFolder(participantID))/\(storedName)"
    try data.write(upload.file.bytes, to: relative)
    let record = EvidenceFile(
      participantID: participantID, questionID: upload.questionID, storedName: storedName,
      originalName: String(upload.file.fileName.suffix(255)), size: Int64(upload.file.bytes.count),
      sha256: Digest.sha256(upload.file.bytes), kind: upload.kind, origin: upload.origin,
      validUntil: upload.validUntil, description: upload.description, uploadedAt: now())
    do {
      return try await store.addEvidence(record, participant: access.participant, at: now())
    } catch let error as StoreError {
      try? FileManager.default.removeItem(atPath: data.path(relative))
      throw PortalError.conflict(error.description)
    }
  }

  /// Removes one of the vendor's own evidence files.
  func removeEvidence(_ access: VendorAccess, id: Int64) async throws -> EvidenceFile {
    do {
      guard let removed = try await store.removeEvidence(id: id, participant: access.participant, at: now()) else {
        throw PortalError.notFound("No such evidence file.")
      }
      try? FileManager.default.removeItem(
        atPath: data.path("\(data.evidenceFolder(removed.participantID))/\(removed.storedName)"))
      return removed
    } catch let error as StoreError {
      throw PortalError.conflict(error.description)
    }
  }

  /// Saves who answers for the vendor.
  func saveRespondent(_ access: VendorAccess, form: SubmittedForm) async throws -> FormProblems {
    var problems = FormProblems()
    let name = form.value("respondent-name")
    let role = form.value("respondent-role")
    let email = form.value("respondent-email")
    for (field, value) in [("respondent-name", name), ("respondent-role", role), ("respondent-email", email)] {
      if let value, value.count > 200 { problems.add(field, "At most 200 characters.") }
    }
    if name == nil, role != nil || email != nil {
      problems.add("respondent-name", "Give your name as well, or leave all three empty.")
    }
    guard problems.isEmpty else { return problems }
    do {
      try await store.saveRespondent(access.participant, name: name, role: role, email: email, at: now())
    } catch let error as StoreError {
      throw PortalError.conflict(error.description)
    }
    return problems
  }

  // MARK: - The response

  /// The response the draft makes, in questionnaire order: answers with a value, an owner, a comment or evidence.
  func response(_ access: VendorAccess, questionnaire: Questionnaire, submitted: CalendarDate) async throws -> Response
  {
    guard let participantID = access.participant.id else { throw PortalError.notFound("No such vendor.") }
    let (draft, files) = try await store.answers(participantID: participantID)
    let evidence = Dictionary(grouping: files, by: \.questionID)
    let location = SourceLocation(file: "response.xml", line: 1, column: 1)
    var answers: [Answer] = []
    for question in questionnaire.questions {
      let stored = draft[question.id]
      let files = evidence[question.id] ?? []
      var value = Answer.Value.none
      if let text = stored?.value, !text.isEmpty, case .success(let parsed) = AnswerEntry.value(text, for: question) {
        value = parsed
      }
      let owner = stored?.owner.flatMap(Owner.init(rawValue:))
      guard value != .none || owner != nil || stored?.comment != nil || !files.isEmpty else { continue }
      answers.append(
        Answer(
          questionID: question.id, value: value, owner: owner, comment: stored?.comment,
          evidence: files.map { file in
            Evidence(
              kind: file.kind, origin: EvidenceOrigin(rawValue: file.origin) ?? .vendor, reference: file.storedName,
              sha256: file.sha256, validUntil: file.validUntil.flatMap(CalendarDate.init),
              description: file.description.isEmpty ? file.originalName : file.description, location: location)
          }, location: location))
    }
    let participant = try await store.participant(id: participantID) ?? access.participant
    let respondent = participant.respondentName.map {
      Respondent(name: $0, role: participant.respondentRole, email: participant.respondentEmail)
    }
    return Response(
      questionnaireID: questionnaire.id, questionnaireVersion: questionnaire.version,
      vendor: Vendor(id: participant.vendorID, name: participant.vendorName), respondent: respondent,
      submitted: submitted, answers: answers, location: location)
  }

  /// Submits the vendor's answers: writes the response document (ResponseWriter), reads it back through
  /// CandorKit's loader (schema and questionnaire checks), assesses it with ``AssessRun`` exactly as `candor
  /// assess` would with the round's questionnaire, incidents, policy, as-of date and the vendor's evidence folder,
  /// and records the submission. The files are written to a new folder first and the register changed in one
  /// transaction last: a crash before it leaves the draft as it was, and no half submission is ever recorded.
  func submit(_ access: VendorAccess) async throws -> Submission {
    guard let participantID = access.participant.id else { throw PortalError.notFound("No such vendor.") }
    if try await store.submission(participantID: participantID) != nil {
      throw PortalError.conflict("The answers were submitted already.")
    }
    let questionnaire = try questionnaire(access.round)
    let submittedAt = now()
    let response = try await response(access, questionnaire: questionnaire, submitted: today)
    let document = Array(ResponseWriter.document(response).utf8)
    // The document must load as `candor validate` would load it.
    do {
      let (_, diagnostics) = try InputLoader.response(
        SourceText(name: "response.xml", bytes: document), questionnaire: questionnaire)
      if let error = diagnostics.first(where: { $0.severity == .error }) {
        throw PortalError.storage("the response does not validate: \(error)")
      }
    } catch let error as InputError {
      throw PortalError.storage("the response does not validate: \(error)")
    }
    // The inputs in memory, under the names people know them by (not the data folder's paths), as the demo runs.
    var configuration = RunConfiguration(
      responses: [], asOf: access.round.asOf.flatMap(CandorKit.CalendarDate.init),
      outputDirectory: "", formats: Self.reportFormats, evidenceDirectory: data.path(data.evidenceFolder(participantID))
    )
    switch roundSources(access, response: document) {
    case .success(let (sources, policy)):
      configuration.sources = sources
      configuration.policySource = policy
    case .failure(let error):
      throw PortalError.storage("the round's files cannot be read: \(error)")
    }
    try FileManager.default.createDirectory(
      atPath: data.path(data.evidenceFolder(participantID)), withIntermediateDirectories: true)
    // A new folder for this attempt: removed unless the register records the submission.
    let folder = try data.newSubmissionFolder(participantID)
    do {
      try data.write(document, to: "\(folder)/response.xml")
      configuration.outputDirectory = data.path("\(folder)/reports")
      let run = configuration
      let outcome: RunOutcome
      do {
        outcome = try await Self.offloaded { () throws(InputError) in try AssessRun.run(run) }
      } catch let error as InputError {
        throw PortalError.storage("the assessment failed: \(error)")
      }
      guard let summary = outcome.vendors.first else {
        throw PortalError.storage("the assessment produced no result")
      }
      let submission = Submission(
        participantID: participantID, folder: folder, responseSHA256: Digest.sha256(document),
        submittedAt: submittedAt, asOf: summary.asOf.description, rating: summary.rating.rawValue,
        claimed: summary.claimed, verified: summary.verified, sayDoGap: summary.sayDoGap,
        transparency: summary.transparency, contradictedControls: summary.contradictedControls.count,
        gatedControls: summary.gatedControls.count, answered: summary.completeness.answered,
        questions: summary.completeness.questions, policyPassed: summary.verdict?.passed)
      do {
        try await store.recordSubmission(submission, participant: access.participant, at: submittedAt)
      } catch let error as StoreError {
        throw PortalError.conflict(error.description)
      }
      return submission
    } catch {
      try? FileManager.default.removeItem(atPath: data.path(folder))
      throw error
    }
  }

  /// The round's questionnaire, incident files and policy, and the response, in memory under the names people know
  /// them by.
  func roundSources(_ access: VendorAccess, response: [UInt8]) -> Result<
    ((questionnaire: SourceText, responses: [SourceText], incidents: [SourceText]), SourceText?), InputError
  > {
    Result { () throws(InputError) in
      let questionnaire =
        try access.round.questionnaireFile.map { file throws(InputError) in
          SourceText(name: "questionnaire.xml", bytes: try InputFiles.read(data.path(file)).bytes)
        } ?? BundledResources.defaultQuestionnaire
      var incidents: [SourceText] = []
      for file in access.incidentFiles {
        incidents.append(SourceText(name: file.originalName, bytes: try InputFiles.read(data.path(file.file)).bytes))
      }
      let policy = try access.round.policyFile.map { file throws(InputError) in
        SourceText(name: "policy.xml", bytes: try InputFiles.read(data.path(file)).bytes)
      }
      let responseSource = SourceText(name: "\(access.participant.vendorID).response.xml", bytes: response)
      return ((questionnaire, [responseSource], incidents), policy)
    }
  }

  /// The reports of a submission: `candor assess`'s default formats (HTML, Markdown, XML, the chart, the
  /// follow-up pack) and OSCAL.
  static let reportFormats = ReportFormat.defaults.union([.oscal])

  /// Runs CPU-heavy CandorKit work on a Dispatch thread, off the server's.
  static func offloaded<T: Sendable>(_ work: @escaping @Sendable () throws(InputError) -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async {
        do throws(InputError) {
          continuation.resume(returning: try work())
        } catch {
          continuation.resume(throwing: error)
        }
      }
    }
  }
}

/// What saving a domain's page did.
struct DomainSave: Sendable {
  var saved: [String]
  var conflicts: [String]
  var problems: FormProblems
}
