/// Reads a `multipart/form-data` body (RFC 7578 over RFC 2046): the parts between the boundary delimiters, each with
/// its header fields and its bytes.
///
/// candor reads these itself rather than through MultipartKit 4.7.1, whose header-name check indexes a 128-entry
/// table with any byte: a non-ASCII byte in a header name stops the process. Here every byte of the input is
/// allowed anywhere; the caller caps the body's size before, and the reader caps the number of parts, of header
/// fields and their lengths. Errors are values, never a crash.
public enum MultipartReader {
  /// One part: its header fields (names lower-cased) and its content.
  public struct Part: Sendable, Equatable {
    public var headers: [String: String]
    public var body: ArraySlice<UInt8>

    /// The field name of `Content-Disposition: form-data; name="…"`.
    public var name: String? { headers["content-disposition"].flatMap { HeaderParameters.value("name", in: $0) } }

    /// The file name of `Content-Disposition: …; filename="…"`, when the part is a file.
    public var fileName: String? {
      headers["content-disposition"].flatMap { HeaderParameters.value("filename", in: $0) }
    }
  }

  /// Why a body cannot be read.
  public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
  }

  /// The most parts of one body, header fields of one part, and bytes of one header line.
  public static let maxParts = 2_000
  public static let maxHeaders = 16
  public static let maxHeaderLine = 8_192

  /// The parts of `body`, delimited by `boundary` (the `boundary` parameter of the Content-Type).
  public static func parts(_ body: [UInt8], boundary: String) throws(Problem) -> [Part] {
    let boundaryBytes = Array(boundary.utf8)
    guard (1...70).contains(boundaryBytes.count), boundaryBytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
      throw Problem("the multipart boundary is not 1 to 70 printable ASCII characters")
    }
    let delimiter = Array("--".utf8) + boundaryBytes
    // The first delimiter starts the body or follows a preamble's CRLF.
    var position: Int
    if body.starts(with: delimiter) {
      position = delimiter.count
    } else if let found = find(Array("\r\n".utf8) + delimiter, in: body, from: 0) {
      position = found + 2 + delimiter.count
    } else {
      throw Problem("the body has no multipart boundary")
    }
    let next = Array("\r\n".utf8) + delimiter
    var parts: [Part] = []
    while true {
      // After a delimiter: "--" closes the body; otherwise optional spaces or tabs, then CRLF.
      if has(Array("--".utf8), in: body, at: position) { return parts }
      while position < body.count, body[position] == 0x20 || body[position] == 0x09 { position += 1 }
      guard has(Array("\r\n".utf8), in: body, at: position) else {
        throw Problem("a multipart boundary is not followed by a line break")
      }
      position += 2
      guard parts.count < maxParts else { throw Problem("more than \(maxParts) parts") }
      var headers: [String: String] = [:]
      // Header lines until an empty line.
      while !has(Array("\r\n".utf8), in: body, at: position) {
        guard let end = find(Array("\r\n".utf8), in: body, from: position, within: maxHeaderLine) else {
          throw Problem("a part's header line is unterminated or longer than \(maxHeaderLine) bytes")
        }
        let line = body[position..<end]
        guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex else {
          throw Problem("a part's header line has no field name")
        }
        let nameBytes = line[line.startIndex..<colon]
        guard nameBytes.allSatisfy(isTokenByte) else { throw Problem("a part's header field name is not a token") }
        guard let value = String(validating: line[(colon + 1)...], as: UTF8.self) else {
          throw Problem("a part's header field is not UTF-8")
        }
        guard headers.count < maxHeaders else { throw Problem("a part has more than \(maxHeaders) header fields") }
        headers[String(decoding: nameBytes, as: UTF8.self).lowercased()] = value.trimmedSpaces
        position = end + 2
      }
      position += 2
      guard let end = find(next, in: body, from: position) else {
        throw Problem("a part is not closed by the multipart boundary")
      }
      parts.append(Part(headers: headers, body: body[position..<end]))
      position = end + next.count
    }
  }

  /// Whether `needle` is in `haystack` at `index`.
  static func has(_ needle: [UInt8], in haystack: [UInt8], at index: Int) -> Bool {
    index >= 0 && index + needle.count <= haystack.count && haystack[index..<index + needle.count].elementsEqual(needle)
  }

  /// The first index of `needle` in `haystack` at or after `start` (and, with `within`, before `start + within`).
  static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int, within: Int? = nil) -> Int? {
    guard let first = needle.first, start >= 0 else { return nil }
    let limit = min(haystack.count - needle.count, within.map { start + $0 } ?? haystack.count)
    var index = start
    while index <= limit {
      if haystack[index] == first, has(needle, in: haystack, at: index) { return index }
      index += 1
    }
    return nil
  }

  /// RFC 9110's token characters.
  static func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
    case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E: true
    default: false
    }
  }
}

/// Parameters of a header value such as `form-data; name="file"; filename="a.pdf"` (quoted strings may hold `;`
/// and escaped quotes).
public enum HeaderParameters {
  /// The value of parameter `name` (case-insensitive), unquoted; nil when absent.
  public static func value(_ name: String, in header: String) -> String? {
    let wanted = name.lowercased()
    var characters = header[...]
    // Skip the first item (the disposition type or the media type).
    guard let firstSemicolon = characters.firstIndex(of: ";") else { return nil }
    characters = characters[characters.index(after: firstSemicolon)...]
    while !characters.isEmpty {
      characters = characters.drop { $0 == " " || $0 == "\t" }
      let key = characters.prefix { $0 != "=" && $0 != ";" }
      characters = characters.dropFirst(key.count)
      var value = ""
      if characters.first == "=" {
        characters = characters.dropFirst()
        if characters.first == "\"" {
          characters = characters.dropFirst()
          var escaped = false
          while let character = characters.first {
            characters = characters.dropFirst()
            if escaped {
              value.append(character)
              escaped = false
            } else if character == "\\" {
              escaped = true
            } else if character == "\"" {
              break
            } else {
              value.append(character)
            }
          }
          characters = characters.drop { $0 != ";" }
        } else {
          let raw = characters.prefix { $0 != ";" }
          value = String(raw).trimmedSpaces
          characters = characters.dropFirst(raw.count)
        }
      }
      if characters.first == ";" { characters = characters.dropFirst() }
      if key.trimmedSpaces.lowercased() == wanted { return value }
    }
    return nil
  }
}

extension StringProtocol {
  /// Without leading and trailing spaces and tabs.
  var trimmedSpaces: String {
    let trimmed = drop { $0 == " " || $0 == "\t" }
    return String(trimmed.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
