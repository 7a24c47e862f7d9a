import CLibXML2

/// What one parse collects, reached from libxml2's callbacks through the parser context's `_private` field.
final class ParseState {
  let source: SourceText
  /// Where the bytes handed to libxml2 start in `source` (3 after a UTF-8 byte-order mark, else 0).
  let base: Int
  let limits: XMLLimits
  var problems: [XMLProblem] = []
  /// Set when candor itself stopped the parser (a DOCTYPE, an external resource, a limit): later errors are noise.
  var refused = false
  var elementCount = 0

  init(source: SourceText, base: Int, limits: XMLLimits) {
    self.source = source
    self.base = base
    self.limits = limits
  }

  static func from(_ context: xmlParserCtxtPtr) -> ParseState? {
    guard let pointer = context.pointee._private else { return nil }
    return Unmanaged<ParseState>.fromOpaque(pointer).takeUnretainedValue()
  }

  /// The byte offset in `source` that the parser has reached.
  func currentOffset(_ context: xmlParserCtxtPtr) -> Int {
    let consumed = Int(xmlByteConsumed(context))
    return consumed < 0 ? base : consumed + base
  }

  /// The offset of the `<` that opens the tag the parser is in (attribute values cannot contain `<`).
  func tagStart(before offset: Int) -> Int {
    source.bytes.withUnsafeBufferPointer { bytes in
      var index = min(offset, bytes.count) - 1
      while index > base, bytes[index] != UInt8(ascii: "<") { index -= 1 }
      return max(index, base)
    }
  }

  /// The offset of the last occurrence of `pattern` that starts before `offset`, or `offset` itself.
  func lastOccurrence(of pattern: String, before offset: Int) -> Int {
    let needle = Array(pattern.utf8)
    var index = min(offset, source.bytes.count - needle.count)
    while index >= base {
      if source.bytes[index..<index + needle.count].elementsEqual(needle) { return index }
      index -= 1
    }
    return offset
  }

  /// Records a refusal by candor itself; only the first is kept.
  func refuse(at offset: Int, _ message: String) {
    guard !refused else { return }
    refused = true
    problems.append(XMLProblem(location: source.location(ofOffset: offset), message: message))
  }

  /// Records an error reported by libxml2 (warnings are dropped).
  func recordLibraryError(_ error: xmlError) {
    guard !refused, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
    var message = error.message.map { String(cString: $0) } ?? "malformed XML"
    message = MessageText.shorteningQuoted(Self.tidy(message), quote: "'")
    if message.hasPrefix("Excessive depth in document") {
      message = "elements nested more than \(limits.maxDepth) levels deep; the limit is \(limits.maxDepth)"
    }
    let location = source.location(line: Int(error.line), column: Int(error.int2))
    let problem = XMLProblem(location: location, message: message)
    if problems.last != problem { problems.append(problem) }
  }

  /// Trims libxml2's trailing newline and turns its first letter into lower case, like a compiler message.
  static func tidy(_ message: String) -> String {
    var text = message.trimmed(of: " \n\r\t")
    if let first = text.first, first.isUppercase, text.dropFirst().first?.isLowercase == true {
      text = first.lowercased() + text.dropFirst()
    }
    return text
  }
}

extension String {
  /// The string without leading and trailing characters from `set` (a small stand-in for Foundation's).
  func trimmed(of set: String) -> String {
    let scalars = Set(set.unicodeScalars)
    var view = Substring(self).unicodeScalars
    while let first = view.first, scalars.contains(first) { view.removeFirst() }
    while let last = view.last, scalars.contains(last) { view.removeLast() }
    return String(view)
  }
}
