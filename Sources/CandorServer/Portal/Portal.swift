import CandorKit
import CandorStore
import Foundation

/// The portal's operations: what the routes call. It holds the register, the data folder and the questionnaires,
/// and does everything about assessments through CandorKit: questionnaires, policies and incident files are
/// loaded and checked by its loaders, answers read by ``AnswerEntry``, responses written by ``ResponseWriter`` and
/// read back by ``InputLoader``, and submissions assessed by ``AssessRun``, as `candor assess` does.
final class Portal: Sendable {
  let configuration: ServerConfiguration
  let store: Store
  let data: DataFolder
  let questionnaires: QuestionnaireCache
  let csrfKey: CSRFKey
  /// The wall clock (the only place the server reads it).
  let now: @Sendable () -> Date
  /// A bcrypt hash of a random password at the configured cost, verified against when an address is unknown;
  /// made at the first such sign-in, not at start.
  private let decoy = DecoyHash()

  init(configuration: ServerConfiguration, now: @escaping @Sendable () -> Date = { Date() }) throws {
    self.configuration = configuration
    data = try DataFolder(configuration.dataDirectory)
    do {
      store = try Store(path: data.database)
    } catch {
      throw PortalError.storage(String(describing: error))
    }
    questionnaires = QuestionnaireCache(data: data)
    csrfKey = try data.secretKey()
    self.now = now
  }

  /// Today in UTC.
  var today: CalendarDate { Timestamp(secondsSinceEpoch: now().timeIntervalSince1970).date }

  // MARK: - Team members

  /// Creates a team member, or sets a new password for an existing one.
  ///
  /// - Returns: whether the member was created (false: the password was replaced).
  @discardableResult
  func setTeamMember(email: String, password: String, actor: String = "system") async throws -> Bool {
    let email = email.trimmingCharacters(in: .whitespacesAndNewlines)
    guard email.contains("@"), email.count <= 254, !email.contains(where: \.isWhitespace) else {
      throw PortalError.invalid("\"\(email)\" is not an e-mail address")
    }
    if let problem = Passwords.problem(password) { throw PortalError.invalid(problem) }
    let hash = await Passwords.hash(password, cost: configuration.passwordCost)
    let (_, created) = try await store.setUser(email: email, passwordHash: hash, actor: actor, at: now())
    return created
  }

  /// The team member `email` and `password` name, or nil; the attempt is audited either way.
  func signIn(email: String, password: String, address: String) async throws -> TeamSession? {
    let user = try await store.user(email: email)
    // A wrong address costs as much time as a wrong password.
    let hash: String
    if let user {
      hash = user.passwordHash
    } else {
      hash = await decoy.hash(cost: configuration.passwordCost)
    }
    let valid = await Passwords.verify(password, hash: hash)
    guard let user, let id = user.id, valid else {
      try await store.appendAudit(
        at: now(), actor: "anonymous@\(address)", .signInFailed, detail: "sign-in failed for \(email.prefix(254))")
      return nil
    }
    try await store.appendAudit(at: now(), actor: "team:\(user.email)", .signedIn, detail: "from \(address)")
    return TeamSession(userID: id, email: user.email)
  }
}

/// The decoy password hash, made once.
private actor DecoyHash {
  private var made: String?

  func hash(cost: UInt8) async -> String {
    if let made { return made }
    let hash = await Passwords.hash(Secrets.token(), cost: cost)
    made = hash
    return hash
  }
}
