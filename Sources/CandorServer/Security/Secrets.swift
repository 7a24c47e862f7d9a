import Crypto
import Foundation

/// Random tokens, their hashes and constant-time comparison.
enum Secrets {
  /// A new random token of `bytes` bytes (256 bits by default) from the system's generator, base64url without
  /// padding.
  static func token(bytes: Int = 32) -> String {
    var generator = SystemRandomNumberGenerator()
    let raw = (0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    return Data(raw).base64EncodedString().replacing("+", with: "-").replacing("/", with: "_")
      .replacing("=", with: "")
  }

  /// Random bytes as lower-case hex (generated file names).
  static func hex(bytes: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }
      .joined()
  }

  /// The SHA-256 of `text`'s UTF-8 bytes, lower-case hex: how a link's token is stored.
  static func sha256(_ text: String) -> String {
    SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
  }

  /// HMAC-SHA-256 of `message` under `key`, base64url.
  static func hmac(_ message: String, key: SymmetricKey) -> String {
    let code = HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: key)
    return Data(code).base64EncodedString().replacing("+", with: "-").replacing("/", with: "_")
      .replacing("=", with: "")
  }

  /// Whether `a` and `b` are equal, in a time that depends only on their lengths.
  static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let left = Array(a.utf8)
    let right = Array(b.utf8)
    guard left.count == right.count else { return false }
    var difference: UInt8 = 0
    for index in left.indices { difference |= left[index] ^ right[index] }
    return difference == 0
  }

  /// Whether `token` looks like a link token (43 base64url characters) before any lookup.
  static func isWellFormedToken(_ token: String) -> Bool {
    token.utf8.count == 43
      && token.utf8.allSatisfy { byte in
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
          || byte == 0x2D || byte == 0x5F
      }
  }
}

/// The key of the CSRF tokens (the data folder's secret.key).
struct CSRFKey: Sendable {
  let bytes: [UInt8]

  /// The token the forms of a browser with CSRF cookie `cookie` carry: HMAC-SHA-256 of the cookie.
  func token(for cookie: String) -> String { Secrets.hmac("csrf:" + cookie, key: SymmetricKey(data: bytes)) }
}
