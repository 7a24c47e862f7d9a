import Foundation

/// Everything `candor serve` needs, resolved from the command line.
public struct ServerConfiguration: Sendable {
  /// The data folder: the database, the round inputs, the evidence files, the submissions.
  public var dataDirectory: String
  /// The address to listen on; 127.0.0.1 by default (put a TLS reverse proxy in front to serve others).
  public var host: String
  /// The port; 0 picks a free one (printed when the server starts).
  public var port: Int
  /// Whether the server is reached through HTTPS (a TLS reverse proxy): cookies are then marked `Secure`.
  public var behindTLS: Bool
  /// Whether to take the client's address from the last entry of `X-Forwarded-For` (set by the reverse proxy),
  /// for rate limits and the audit log. Only with a proxy that sets it: otherwise a client could pick its address.
  public var trustForwardedFor: Bool
  public var limits: ServerLimits
  /// The bcrypt cost of new password hashes (2^cost rounds); 12 unless a test needs speed.
  public var passwordCost: UInt8

  public init(
    dataDirectory: String, host: String = "127.0.0.1", port: Int = 8080, behindTLS: Bool = false,
    trustForwardedFor: Bool = false, limits: ServerLimits = .default, passwordCost: UInt8 = 12
  ) {
    self.passwordCost = passwordCost
    self.dataDirectory = dataDirectory
    self.host = host
    self.port = port
    self.behindTLS = behindTLS
    self.trustForwardedFor = trustForwardedFor
    self.limits = limits
  }
}

/// Caps on what one client may send and how often.
public struct ServerLimits: Sendable {
  /// The largest body of a plain form (answers, sign-in), in bytes.
  public var maxFormBytes: Int
  /// The largest evidence upload (the whole request), in bytes.
  public var maxEvidenceBytes: Int
  /// The largest round creation request (questionnaire, policy and incident files together), in bytes.
  public var maxRoundInputBytes: Int
  /// The most evidence files one vendor may upload in a round.
  public var maxEvidenceFiles: Int
  /// Failed sign-ins allowed per client address in one window.
  public var signInAttempts: Int
  /// Unknown, expired or revoked links allowed per client address in one window.
  public var badLinkAttempts: Int
  /// The window of the rate limits, in seconds.
  public var rateWindowSeconds: Int
  /// How long a team session lasts, in seconds.
  public var sessionSeconds: Int

  public init(
    maxFormBytes: Int, maxEvidenceBytes: Int, maxRoundInputBytes: Int, maxEvidenceFiles: Int, signInAttempts: Int,
    badLinkAttempts: Int, rateWindowSeconds: Int, sessionSeconds: Int
  ) {
    self.maxFormBytes = maxFormBytes
    self.maxEvidenceBytes = maxEvidenceBytes
    self.maxRoundInputBytes = maxRoundInputBytes
    self.maxEvidenceFiles = maxEvidenceFiles
    self.signInAttempts = signInAttempts
    self.badLinkAttempts = badLinkAttempts
    self.rateWindowSeconds = rateWindowSeconds
    self.sessionSeconds = sessionSeconds
  }

  /// 1 MiB forms, 25 MiB evidence files, 64 MiB round inputs, 200 evidence files a vendor; 10 failed sign-ins and
  /// 20 bad links per address in 15 minutes; 8-hour sessions.
  public static let `default` = ServerLimits(
    maxFormBytes: 1 << 20, maxEvidenceBytes: 25 << 20, maxRoundInputBytes: 64 << 20, maxEvidenceFiles: 200,
    signInAttempts: 10, badLinkAttempts: 20, rateWindowSeconds: 900, sessionSeconds: 8 * 3600)
}
