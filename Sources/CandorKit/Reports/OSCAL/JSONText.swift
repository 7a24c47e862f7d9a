/// A JSON value with object keys kept in the order they were given, so that output is deterministic without
/// sorting (flags such as `uuid` first, then children in the schema's order, as NIST's examples write them).
enum JSONValue {
  case string(String)
  case array([JSONValue])
  case object([(key: String, value: JSONValue)])
}

/// Writes JSON deterministically: two-space indentation, keys in the given order, strings escaped as RFC 8259
/// requires (plus U+2028 and U+2029, which JavaScript source cannot hold), other characters as UTF-8. The text is
/// built as UTF-8 bytes.
enum JSONText {
  /// `value` as text, ending with a newline.
  static func write(_ value: JSONValue) -> String {
    String(decoding: bytes(value), as: UTF8.self)
  }

  /// `value` as UTF-8 bytes, ending with a newline.
  static func bytes(_ value: JSONValue) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(64 << 10)
    write(value, indent: 0, to: &output)
    output.append(0x0A)
    return output
  }

  private static func write(_ value: JSONValue, indent: Int, to output: inout [UInt8]) {
    switch value {
    case .string(let text):
      appendQuoted(text, to: &output)
    case .array(let items):
      guard !items.isEmpty else {
        append("[]", to: &output)
        return
      }
      append("[\n", to: &output)
      for (index, item) in items.enumerated() {
        appendIndent(indent + 1, to: &output)
        write(item, indent: indent + 1, to: &output)
        append(index < items.count - 1 ? ",\n" : "\n", to: &output)
      }
      appendIndent(indent, to: &output)
      output.append(UInt8(ascii: "]"))
    case .object(let members):
      guard !members.isEmpty else {
        append("{}", to: &output)
        return
      }
      append("{\n", to: &output)
      for (index, member) in members.enumerated() {
        appendIndent(indent + 1, to: &output)
        appendQuoted(member.key, to: &output)
        append(": ", to: &output)
        write(member.value, indent: indent + 1, to: &output)
        append(index < members.count - 1 ? ",\n" : "\n", to: &output)
      }
      appendIndent(indent, to: &output)
      output.append(UInt8(ascii: "}"))
    }
  }

  private static func append(_ text: StaticString, to output: inout [UInt8]) {
    text.withUTF8Buffer { output.append(contentsOf: $0) }
  }

  private static func appendIndent(_ depth: Int, to output: inout [UInt8]) {
    output.append(contentsOf: repeatElement(0x20, count: 2 * depth))
  }

  /// `text` as a JSON string literal.
  static func quoted(_ text: String) -> String {
    var output: [UInt8] = []
    appendQuoted(text, to: &output)
    return String(decoding: output, as: UTF8.self)
  }

  /// Appends `text` as a JSON string literal: runs of bytes that need no escape are copied at once.
  static func appendQuoted(_ text: String, to output: inout [UInt8]) {
    output.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { bytes in
      var runStart = 0
      var index = 0
      let count = bytes.count
      while index < count {
        let byte = bytes[index]
        // The common case: a byte that is written as it is.
        if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != 0xE2 {
          index += 1
          continue
        }
        var escape: StaticString? = nil
        var skip = 1
        switch byte {
        case UInt8(ascii: "\""): escape = "\\\""
        case UInt8(ascii: "\\"): escape = "\\\\"
        case 0x0A: escape = "\\n"
        case 0x0D: escape = "\\r"
        case 0x09: escape = "\\t"
        case 0x08: escape = "\\b"
        case 0x0C: escape = "\\f"
        case 0x00..<0x20: break
        case 0xE2
        where index + 2 < count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
          // U+2028 and U+2029.
          skip = 3
        default:
          index += 1
          continue
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
        if let escape {
          escape.withUTF8Buffer { output.append(contentsOf: $0) }
        } else {
          let value: UInt32 = skip == 3 ? (bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029) : UInt32(byte)
          let digits = Array("0123456789abcdef".utf8)
          output.append(contentsOf: [
            UInt8(ascii: "\\"), UInt8(ascii: "u"), digits[Int(value >> 12 & 0xF)], digits[Int(value >> 8 & 0xF)],
            digits[Int(value >> 4 & 0xF)], digits[Int(value & 0xF)],
          ])
        }
        index += skip
        runStart = index
      }
      output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count]))
    }
    output.append(UInt8(ascii: "\""))
  }
}
