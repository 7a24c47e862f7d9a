#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Checks made on the raw bytes before libxml2 sees them: size, compressed or non-UTF-8 data, byte validity and the
/// encoding declaration. Each failure is a precise problem; none of them reaches the parser.
public enum InputChecks {
  /// The first problem with `source`, if any, and otherwise the offset at which XML starts (after a UTF-8 BOM).
  static func check(_ source: SourceText, limits: XMLLimits) -> Result<Int, XMLProblem> {
    let bytes = source.bytes
    func problem(_ offset: Int, _ message: String) -> Result<Int, XMLProblem> {
      .failure(XMLProblem(location: source.location(ofOffset: offset), message: message))
    }
    if bytes.count > limits.maxBytes {
      return problem(
        0, "the file is \(bytes.count) bytes, more than the limit of \(limits.maxBytes) bytes")
    }
    if bytes.isEmpty {
      return problem(0, "the file is empty; expected an XML document")
    }
    if let kind = compressedKind(bytes) {
      return problem(0, "the file is \(kind), not XML; decompress it first (candor reads only plain UTF-8 XML)")
    }
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
      || (bytes.count >= 2 && (bytes[0] == 0 || bytes[1] == 0))
    {
      return problem(0, "the file is UTF-16 or UTF-32; candor accepts only UTF-8: save it as UTF-8")
    }
    let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    if start == 3, bytes[3...].starts(with: [0xEF, 0xBB, 0xBF]) {
      return problem(3, "two byte-order marks at the start of the file; remove one (candor reads plain UTF-8)")
    }
    // libxml2 takes a NUL byte for the end of the input: whatever follows it would never be read.
    if let nul = firstNUL(bytes, from: start) {
      return problem(
        nul, "a NUL byte (0x00): XML text cannot contain one (is the file binary, or has something been appended?)")
    }
    if let bad = firstInvalidUTF8(bytes, from: start) {
      let byte = String(bytes[bad], radix: 16, uppercase: true)
      return problem(bad, "invalid UTF-8 (byte 0x\(byte)); candor accepts only UTF-8 text")
    }
    if let (offset, declared) = declaredEncoding(bytes, from: start) {
      let normalised = declared.lowercased()
      if normalised != "utf-8" && normalised != "utf8" {
        return problem(offset, "the document declares encoding \"\(declared)\"; candor accepts only UTF-8")
      }
    }
    return .success(start)
  }

  /// The offset of the first NUL byte at or after `start`, if any.
  static func firstNUL(_ bytes: [UInt8], from start: Int) -> Int? {
    bytes.withUnsafeBufferPointer { buffer -> Int? in
      guard let base = buffer.baseAddress, start < buffer.count,
        let found = memchr(base + start, 0, buffer.count - start)
      else { return nil }
      return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
  }

  /// A description of a compressed or archive format the bytes start with.
  public static func compressedKind(_ bytes: [UInt8]) -> String? {
    if bytes.starts(with: [0x1F, 0x8B]) { return "gzip-compressed data" }
    if bytes.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return "xz-compressed data" }
    if bytes.starts(with: [0x42, 0x5A, 0x68]) { return "bzip2-compressed data" }
    if bytes.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return "zstd-compressed data" }
    if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "a ZIP archive" }
    return nil
  }

  /// The offset of the first byte that does not belong to well-formed UTF-8 (overlong forms, surrogates and values
  /// above U+10FFFF included), if any.
  static func firstInvalidUTF8(_ bytes: [UInt8], from start: Int) -> Int? {
    bytes.withUnsafeBufferPointer { buffer -> Int? in
      var index = start
      let count = buffer.count
      while index < count {
        let byte = buffer[index]
        if byte < 0x80 {
          index = ByteScan.firstNonASCII(buffer, from: index + 1)
          continue
        }
        let length: Int
        var minimum: UInt32
        var scalar: UInt32
        switch byte {
        case 0xC2...0xDF: (length, minimum, scalar) = (2, 0x80, UInt32(byte & 0x1F))
        case 0xE0...0xEF: (length, minimum, scalar) = (3, 0x800, UInt32(byte & 0x0F))
        case 0xF0...0xF4: (length, minimum, scalar) = (4, 0x10000, UInt32(byte & 0x07))
        default: return index
        }
        guard index + length <= count else { return index }
        for next in 1..<length {
          let continuation = buffer[index + next]
          guard continuation & 0xC0 == 0x80 else { return index }
          scalar = scalar << 6 | UInt32(continuation & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
        index += length
      }
      return nil
    }
  }

  /// The encoding named in the XML declaration, with the offset of its value, if the document has one.
  static func declaredEncoding(_ bytes: [UInt8], from start: Int) -> (Int, String)? {
    let prefix = Array("<?xml".utf8)
    guard bytes.count >= start + prefix.count, Array(bytes[start..<start + prefix.count]) == prefix else {
      return nil
    }
    let limit = min(bytes.count, start + 512)
    guard
      let end = (start..<limit - 1).first(where: {
        bytes[$0] == UInt8(ascii: "?") && bytes[$0 + 1] == UInt8(ascii: ">")
      })
    else { return nil }
    let declaration = Array(bytes[start..<end])
    let key = Array("encoding".utf8)
    guard
      let keyStart = (0..<max(0, declaration.count - key.count)).first(where: {
        Array(declaration[$0..<$0 + key.count]) == key
      })
    else { return nil }
    var index = keyStart + key.count
    while index < declaration.count, declaration[index] != UInt8(ascii: "\""), declaration[index] != UInt8(ascii: "'") {
      index += 1
    }
    guard index < declaration.count else { return nil }
    let quote = declaration[index]
    let valueStart = index + 1
    var valueEnd = valueStart
    while valueEnd < declaration.count, declaration[valueEnd] != quote { valueEnd += 1 }
    let value = String(decoding: declaration[valueStart..<valueEnd], as: UTF8.self)
    return (start + valueStart, value)
  }
}
