import Crypto

/// Name-based UUIDs, version 5 (RFC 9562 §5.5): SHA-1 of a namespace UUID and a name, so that the same name always
/// gives the same UUID. OSCAL output uses them instead of random UUIDs, so that two runs, and two rounds of the same
/// vendor, refer to the same objects by the same UUIDs.
public enum NameBasedUUID {
  /// candor's namespace for OSCAL object names: itself the version-5 UUID of the name `urn:candor:oscal` in RFC
  /// 9562's URL namespace (6ba7b811-9dad-11d1-80b4-00c04fd430c8).
  public static let candorNamespace = "9b491e6e-4aff-5f95-b9da-785b901fb347"

  /// The RFC's URL namespace.
  static let urlNamespace = "6ba7b811-9dad-11d1-80b4-00c04fd430c8"

  /// The version-5 UUID of `name` in candor's namespace, lower-case, e.g. for `finding/mini-aiops/nimbus-cloud/PRV-01`.
  public static func candor(_ name: String) -> String { v5(namespace: candorNamespace, name: name) }

  /// The version-5 UUID of `name` (as UTF-8) in `namespace` (a UUID in its text form), lower-case.
  public static func v5(namespace: String, name: String) -> String {
    var hash = Insecure.SHA1()
    hash.update(data: bytes(of: namespace))
    hash.update(data: Array(name.utf8))
    var bytes = Array(hash.finalize().prefix(16))
    bytes[6] = (bytes[6] & 0x0F) | 0x50
    bytes[8] = (bytes[8] & 0x3F) | 0x80
    return text(of: bytes)
  }

  /// The 16 bytes of a UUID written as 8-4-4-4-12 hexadecimal digits.
  static func bytes(of uuid: String) -> [UInt8] {
    let digits = uuid.unicodeScalars.compactMap { UInt8(String($0), radix: 16) }
    precondition(digits.count == 32, "not a UUID: \(uuid)")
    return stride(from: 0, to: 32, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
  }

  static func text(of bytes: [UInt8]) -> String {
    let hex = bytes.map { byte in
      let digits = String(byte, radix: 16)
      return digits.count == 1 ? "0" + digits : digits
    }
    return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(separator: "-")
  }
}
