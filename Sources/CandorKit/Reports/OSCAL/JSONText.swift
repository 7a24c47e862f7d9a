/// A JSON value with object keys kept in the order they were given, so that output is deterministic without
/// sorting (flags such as `uuid` first, then children in the schema's order, as NIST's examples write them).
enum JSONValue {
  case string(String)
  case array([JSONValue])
  case object([(key: String, value: JSONValue)])
}

/// Writes JSON deterministically: two-space indentation, keys in the given order, strings escaped as RFC 8259
/// requires (plus U+2028 and U+2029, which JavaScript source cannot hold), other characters as UTF-8.
enum JSONText {
  /// `value` as text, ending with a newline.
  static func write(_ value: JSONValue) -> String {
    var output = ""
    write(value, indent: 0, to: &output)
    output += "\n"
    return output
  }

  private static func write(_ value: JSONValue, indent: Int, to output: inout String) {
    switch value {
    case .string(let text):
      output += quoted(text)
    case .array(let items):
      guard !items.isEmpty else {
        output += "[]"
        return
      }
      output += "[\n"
      for (index, item) in items.enumerated() {
        output += String(repeating: "  ", count: indent + 1)
        write(item, indent: indent + 1, to: &output)
        output += index < items.count - 1 ? ",\n" : "\n"
      }
      output += String(repeating: "  ", count: indent) + "]"
    case .object(let members):
      guard !members.isEmpty else {
        output += "{}"
        return
      }
      output += "{\n"
      for (index, member) in members.enumerated() {
        output += String(repeating: "  ", count: indent + 1) + quoted(member.key) + ": "
        write(member.value, indent: indent + 1, to: &output)
        output += index < members.count - 1 ? ",\n" : "\n"
      }
      output += String(repeating: "  ", count: indent) + "}"
    }
  }

  /// `text` as a JSON string literal.
  static func quoted(_ text: String) -> String {
    // Most strings need no escape: copy them whole.
    let needsEscape = text.utf8.contains { byte in
      byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0xE2
    }
    guard needsEscape else { return "\"" + text + "\"" }
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case "\u{08}": result += "\\b"
      case "\u{0C}": result += "\\f"
      default:
        if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
          let hex = String(scalar.value, radix: 16)
          result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }
}
