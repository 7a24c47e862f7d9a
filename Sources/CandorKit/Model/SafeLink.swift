/// The one rule for turning a reference that came from an input — an evidence `ref`, an incident's `url` — into a
/// link: only a relative reference or an `http` or `https` URL becomes an `href`. Anything else (`javascript:`,
/// `data:`, `file:`, `vbscript:`, a Windows path such as `C:\x`, any other scheme) stays text, because GRC tools
/// and browsers render `href`s as links and some schemes run code when followed.
///
/// Every renderer that writes a link asks here: the OSCAL documents (XML and JSON) and the HTML report.
public enum SafeLink {
  /// `reference` as the value of an `href`, or nil when it must stay text.
  ///
  /// The reference is first made what would be written: control and bidirectional characters removed, white space
  /// at either end trimmed, and every byte that a URI reference cannot hold percent-encoded (`SOC 2 report.pdf`
  /// becomes `SOC%202%20report.pdf`; a reference that is a URI reference already, `%` escapes included, is kept).
  /// That text is then judged: with a scheme (a `:` before any `/`, `?` or `#`), only `http` and `https` pass
  /// (in any case); without one it is a relative reference and passes.
  public static func href(_ reference: String) -> String? {
    var cleaned = String.UnicodeScalarView()
    for scalar in reference.unicodeScalars where !SafeText.isControl(scalar) && !SafeText.isBidiControl(scalar) {
      cleaned.append(scalar)
    }
    let trimmed = String(cleaned).trimmedWhitespace
    guard !trimmed.isEmpty else { return nil }
    let encoded = uriReference(Array(trimmed.utf8))
    let bytes = Array(encoded.utf8)
    guard
      let end = bytes.firstIndex(where: {
        $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#")
      }), bytes[end] == UInt8(ascii: ":")
    else { return encoded }
    let scheme = String(decoding: bytes[..<end], as: UTF8.self).lowercased()
    return scheme == "http" || scheme == "https" ? encoded : nil
  }

  /// `bytes` as a URI reference: kept where they already are one (RFC 3986's characters, `%` only before two
  /// hexadecimal digits), otherwise every byte outside the unreserved characters, `/` and `:` percent-encoded.
  static func uriReference(_ bytes: [UInt8]) -> String {
    if isURIReference(bytes) { return String(decoding: bytes, as: UTF8.self) }
    var result = ""
    for byte in bytes {
      if isUnreserved(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ":") {
        result.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        let hex = String(byte, radix: 16, uppercase: true)
        result += "%" + (hex.count == 1 ? "0" + hex : hex)
      }
    }
    return result
  }

  private static func isUnreserved(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"):
      return true
    default: return "-._~".utf8.contains(byte)
    }
  }

  private static func isURIReference(_ bytes: [UInt8]) -> Bool {
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "%") {
        guard index + 2 < bytes.count, isHex(bytes[index + 1]), isHex(bytes[index + 2]) else { return false }
        index += 3
        continue
      }
      guard isUnreserved(byte) || ":/?#[]@!$&'()*+,;=".utf8.contains(byte) else { return false }
      index += 1
    }
    return true
  }

  private static func isHex(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
      UInt8(ascii: "A")...UInt8(ascii: "F"):
      return true
    default: return false
    }
  }
}
