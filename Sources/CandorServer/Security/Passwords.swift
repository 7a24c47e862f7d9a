import Dispatch
import HummingbirdBcrypt

/// Team passwords: bcrypt (hummingbird-auth's HummingbirdBcrypt), hashed and checked on a Dispatch queue, off the
/// server's threads (bcrypt is slow on purpose).
enum Passwords {
  /// The bcrypt cost of new hashes (2^12 rounds).
  static let defaultCost: UInt8 = 12
  /// The shortest password accepted.
  static let minimumLength = 12

  static func hash(_ password: String, cost: UInt8) async -> String {
    await withCheckedContinuation { continuation in
      DispatchQueue.global().async { continuation.resume(returning: Bcrypt.hash(password, cost: cost)) }
    }
  }

  static func verify(_ password: String, hash: String) async -> Bool {
    await withCheckedContinuation { continuation in
      DispatchQueue.global().async { continuation.resume(returning: Bcrypt.verify(password, hash: hash)) }
    }
  }

  /// Why `password` is refused, or nil.
  static func problem(_ password: String) -> String? {
    if password.count < minimumLength { return "a password has at least \(minimumLength) characters" }
    if password.utf8.count > 72 { return "bcrypt reads at most 72 bytes of a password; choose a shorter one" }
    return nil
  }
}
