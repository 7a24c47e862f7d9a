import CandorXML

/// Bounds on what one JSON document may cost.
public struct JSONLimits: Hashable, Sendable {
  /// The deepest nesting of arrays and objects. Default 64.
  public var maxDepth: Int
  /// The most values (strings, numbers, literals, arrays, objects) in one document. Default 5,000,000.
  public var maxValues: Int

  public static let `default` = JSONLimits(maxDepth: 64, maxValues: 5_000_000)

  public init(maxDepth: Int, maxValues: Int) {
    self.maxDepth = maxDepth
    self.maxValues = maxValues
  }
}

/// A JSON value (RFC 8259) that knows where it is written, so that a reader can name the file, line, column and
/// field of anything it does not accept. Numbers keep their text (ids and epoch seconds are read from it exactly).
///
/// Parsed by candor's own small parser rather than Foundation's: the depth and value count are bounded before
/// anything is built, every syntax error has a line and column, and the tree carries each value's offset.
public struct JSONNode: Sendable {
  public enum Kind: Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONNode])
    /// Members in document order (a key written twice is an error when parsing).
    case object([(key: String, value: JSONNode)])
  }

  public var kind: Kind
  /// The byte offset of the value's first character.
  public var offset: Int

  /// The member `key` of an object; nil for a missing member or a value that is not an object.
  public subscript(key: String) -> JSONNode? {
    guard case .object(let members) = kind else { return nil }
    return members.first { $0.key == key }?.value
  }

  /// The member `key`, treating JSON `null` as absent.
  public func member(_ key: String) -> JSONNode? {
    guard let value = self[key] else { return nil }
    if case .null = value.kind { return nil }
    return value
  }

  public var string: String? {
    if case .string(let text) = kind { return text }
    return nil
  }

  public var array: [JSONNode]? {
    if case .array(let values) = kind { return values }
    return nil
  }

  public var isObject: Bool {
    if case .object = kind { return true }
    return false
  }

  /// A number's text, or a string's (sources write ids and epoch seconds both ways).
  public var scalarText: String? {
    switch kind {
    case .number(let text), .string(let text): text
    default: nil
    }
  }

  /// "an object", "a string", … for messages.
  public var kindDescription: String {
    switch kind {
    case .null: "null"
    case .bool: "a boolean"
    case .number: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }
}

/// Parses JSON text into ``JSONNode``s with their offsets.
public enum JSONDocument {
  /// Parses `source` (UTF-8; a byte-order mark is accepted).
  ///
  /// - Throws: ``InputError`` at the line and column of the first syntax error, or of the value that exceeds
  ///   `limits`.
  public static func parse(_ source: SourceText, limits: JSONLimits = .default) throws(InputError) -> JSONNode {
    var parser = JSONParser(bytes: source.bytes, limits: limits)
    do throws(JSONParser.Failure) {
      return try parser.document()
    } catch {
      throw InputError(at: source.location(ofOffset: error.offset), error.message)
    }
  }
}

/// A recursive-descent parser over the bytes; recursion is bounded by `limits.maxDepth`.
struct JSONParser {
  struct Failure: Error {
    var offset: Int
    var message: String
  }

  let bytes: [UInt8]
  let limits: JSONLimits
  var index = 0
  var depth = 0
  var values = 0

  init(bytes: [UInt8], limits: JSONLimits) {
    self.bytes = bytes
    self.limits = limits
  }

  mutating func document() throws(Failure) -> JSONNode {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
      || (bytes.count >= 2 && (bytes[0] == 0 || bytes[1] == 0))
    {
      throw Failure(offset: 0, message: "the file is UTF-16 or UTF-32; candor accepts only UTF-8 JSON")
    }
    skipSpace()
    guard index < bytes.count else { throw Failure(offset: index, message: "the file is empty; expected JSON") }
    let value = try parseValue()
    skipSpace()
    guard index == bytes.count else {
      throw Failure(offset: index, message: "unexpected \(describe(index)) after the JSON value; expected the end")
    }
    return value
  }

  private func describe(_ offset: Int) -> String {
    guard offset < bytes.count else { return "end of file" }
    let byte = bytes[offset]
    if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
    return "byte 0x\(String(byte, radix: 16, uppercase: true))"
  }

  private mutating func skipSpace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  private mutating func count(at offset: Int) throws(Failure) {
    values += 1
    if values > limits.maxValues {
      throw Failure(
        offset: offset, message: "more than \(limits.maxValues) JSON values; the limit is \(limits.maxValues)")
    }
  }

  private mutating func parseValue() throws(Failure) -> JSONNode {
    let start = index
    try count(at: start)
    guard index < bytes.count else { throw Failure(offset: index, message: "unexpected end of file; expected a value") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try parseObject()
    case UInt8(ascii: "["): return try parseArray()
    case UInt8(ascii: "\""): return JSONNode(kind: .string(try parseString()), offset: start)
    case UInt8(ascii: "t"):
      try literal("true")
      return JSONNode(kind: .bool(true), offset: start)
    case UInt8(ascii: "f"):
      try literal("false")
      return JSONNode(kind: .bool(false), offset: start)
    case UInt8(ascii: "n"):
      try literal("null")
      return JSONNode(kind: .null, offset: start)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return JSONNode(kind: .number(try parseNumber()), offset: start)
    default:
      throw Failure(offset: index, message: "unexpected \(describe(index)); expected a JSON value")
    }
  }

  private mutating func literal(_ word: String) throws(Failure) {
    let expected = Array(word.utf8)
    guard index + expected.count <= bytes.count, bytes[index..<index + expected.count].elementsEqual(expected) else {
      throw Failure(offset: index, message: "unexpected \(describe(index)); expected a JSON value")
    }
    index += expected.count
  }

  private mutating func enter(at offset: Int) throws(Failure) {
    depth += 1
    if depth > limits.maxDepth {
      throw Failure(
        offset: offset,
        message: "arrays and objects nested more than \(limits.maxDepth) levels deep; the limit is \(limits.maxDepth)")
    }
  }

  private mutating func parseObject() throws(Failure) -> JSONNode {
    let start = index
    try enter(at: start)
    defer { depth -= 1 }
    index += 1
    var members: [(key: String, value: JSONNode)] = []
    var keys = Set<String>()
    skipSpace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return JSONNode(kind: .object(members), offset: start)
    }
    while true {
      skipSpace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
        throw Failure(offset: index, message: "unexpected \(describe(index)); expected a member name in quotes")
      }
      let keyOffset = index
      let key = try parseString()
      guard keys.insert(key).inserted else {
        throw Failure(offset: keyOffset, message: "member \"\(key)\" is written twice in this object")
      }
      skipSpace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw Failure(offset: index, message: "unexpected \(describe(index)); expected ':' after the member name")
      }
      index += 1
      skipSpace()
      members.append((key, try parseValue()))
      skipSpace()
      guard index < bytes.count else {
        throw Failure(
          offset: index,
          message: "unexpected end of file; expected ',' or '}' (the object opened at offset \(start) is not closed)")
      }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "}") {
        index += 1
        return JSONNode(kind: .object(members), offset: start)
      }
      throw Failure(offset: index, message: "unexpected \(describe(index)); expected ',' or '}'")
    }
  }

  private mutating func parseArray() throws(Failure) -> JSONNode {
    let start = index
    try enter(at: start)
    defer { depth -= 1 }
    index += 1
    var elements: [JSONNode] = []
    skipSpace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return JSONNode(kind: .array(elements), offset: start)
    }
    while true {
      skipSpace()
      elements.append(try parseValue())
      skipSpace()
      guard index < bytes.count else {
        throw Failure(offset: index, message: "unexpected end of file; expected ',' or ']'")
      }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return JSONNode(kind: .array(elements), offset: start)
      }
      throw Failure(offset: index, message: "unexpected \(describe(index)); expected ',' or ']'")
    }
  }

  private mutating func parseNumber() throws(Failure) -> String {
    let start = index
    func digits() -> Int {
      let from = index
      while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
      return index - from
    }
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    let integerStart = index
    let integerDigits = digits()
    guard integerDigits > 0 else { throw Failure(offset: index, message: "a number needs digits") }
    if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") {
      throw Failure(offset: integerStart, message: "a number may not start with 0 (leading zeros are not JSON)")
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard digits() > 0 else { throw Failure(offset: index, message: "expected digits after the decimal point") }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
      guard digits() > 0 else { throw Failure(offset: index, message: "expected digits in the exponent") }
    }
    return String(decoding: bytes[start..<index], as: UTF8.self)
  }

  /// A string starting at the opening quote; escapes decoded, the UTF-8 checked.
  private mutating func parseString() throws(Failure) -> String {
    let start = index
    index += 1
    var result: [UInt8] = []
    while true {
      guard index < bytes.count else {
        throw Failure(offset: start, message: "the string that starts here is never closed (missing '\"')")
      }
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        index += 1
        break
      }
      if byte < 0x20 {
        throw Failure(
          offset: index,
          message:
            "a control character (0x\(String(byte, radix: 16))) in a string; write it as an escape (\\n, \\t, \\u00XX)")
      }
      if byte == UInt8(ascii: "\\") {
        try parseEscape(into: &result)
        continue
      }
      result.append(byte)
      index += 1
    }
    guard let text = String(validating: result, as: UTF8.self) else {
      throw Failure(offset: start, message: "the string is not valid UTF-8; candor accepts only UTF-8 JSON")
    }
    return text
  }

  private mutating func parseEscape(into result: inout [UInt8]) throws(Failure) {
    let escapeStart = index
    index += 1
    guard index < bytes.count else { throw Failure(offset: escapeStart, message: "an escape at the end of the file") }
    let letter = bytes[index]
    index += 1
    switch letter {
    case UInt8(ascii: "\""): result.append(0x22)
    case UInt8(ascii: "\\"): result.append(0x5C)
    case UInt8(ascii: "/"): result.append(0x2F)
    case UInt8(ascii: "b"): result.append(0x08)
    case UInt8(ascii: "f"): result.append(0x0C)
    case UInt8(ascii: "n"): result.append(0x0A)
    case UInt8(ascii: "r"): result.append(0x0D)
    case UInt8(ascii: "t"): result.append(0x09)
    case UInt8(ascii: "u"):
      var scalar = try hex4(at: escapeStart)
      if (0xD800...0xDBFF).contains(scalar) {
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
          throw Failure(
            offset: escapeStart,
            message: "a lone high surrogate (\\u\(String(scalar, radix: 16))); expected a low surrogate to follow")
        }
        index += 2
        let low = try hex4(at: escapeStart)
        guard (0xDC00...0xDFFF).contains(low) else {
          throw Failure(offset: escapeStart, message: "a high surrogate not followed by a low surrogate")
        }
        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
      } else if (0xDC00...0xDFFF).contains(scalar) {
        throw Failure(offset: escapeStart, message: "a lone low surrogate (\\u\(String(scalar, radix: 16)))")
      }
      guard let unicode = Unicode.Scalar(scalar) else {
        throw Failure(offset: escapeStart, message: "an escape that is not a Unicode scalar")
      }
      result.append(contentsOf: Array(String(Character(unicode)).utf8))
    default:
      throw Failure(
        offset: escapeStart, message: "an unknown escape; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
    }
  }

  private mutating func hex4(at escapeStart: Int) throws(Failure) -> UInt32 {
    guard index + 4 <= bytes.count else {
      throw Failure(offset: escapeStart, message: "a \\u escape needs four hexadecimal digits")
    }
    var value: UInt32 = 0
    for byte in bytes[index..<index + 4] {
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: throw Failure(offset: escapeStart, message: "a \\u escape needs four hexadecimal digits")
      }
      value = value << 4 | UInt32(digit)
    }
    index += 4
    return value
  }
}
