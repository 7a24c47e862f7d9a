import Foundation
import Testing

@testable import CandorXML

#if canImport(Glibc)
  import Glibc
#endif

/// Hostile documents: each must be refused quickly with a clear message, nothing loaded and nothing leaked.
@Suite(.timeLimit(.minutes(1))) struct AttackTests {
  @Test func refusesAnXXEToALocalFile() {
    let found = problems(
      """
      <?xml version="1.0"?>
      <!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
      <r>&x;</r>
      """)
    #expect(found.count == 1)
    #expect(found[0].location.line == 2 && found[0].location.column == 1)
    #expect(found[0].message.contains("DOCTYPE is not allowed"))
    #expect(!found.description.contains("root:"))
  }

  @Test func refusesAnXXEToAURLWithoutMakingARequest() throws {
    let server = try LoopbackServer()
    let found = problems(
      """
      <!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:\(server.port)/secret">]>
      <r>&x;</r>
      """)
    #expect(found.first?.message.contains("DOCTYPE is not allowed") == true)
    #expect(server.connectionsAccepted(waiting: 0.3) == 0)
  }

  @Test func refusesAnExternalDTD() throws {
    let server = try LoopbackServer()
    let found = problems(
      """
      <?xml version="1.0"?>
      <!DOCTYPE r SYSTEM "http://127.0.0.1:\(server.port)/evil.dtd">
      <r/>
      """)
    #expect(found.first?.message.contains("DOCTYPE is not allowed") == true)
    #expect(server.connectionsAccepted(waiting: 0.3) == 0)
  }

  @Test func refusesParameterEntities() {
    let found = problems(
      """
      <!DOCTYPE r [
        <!ENTITY % file SYSTEM "file:///etc/hostname">
        <!ENTITY % wrap "<!ENTITY send SYSTEM 'http://127.0.0.1:9/?%file;'>">
        %wrap;
      ]>
      <r>&send;</r>
      """)
    #expect(found.count == 1)
    #expect(found[0].message.contains("DOCTYPE is not allowed"))
  }

  @Test func refusesBillionLaughs() {
    var entities = "<!ENTITY lol0 \"lol\">\n"
    for level in 1...9 {
      entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">\n"
    }
    let found = problems("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n\(entities)]>\n<lolz>&lol9;</lolz>")
    #expect(found.count == 1)
    #expect(found[0].message.contains("DOCTYPE is not allowed"))
  }

  @Test func refusesAQuadraticBlowUp() {
    let big = String(repeating: "A", count: 100_000)
    let body = String(repeating: "&a;", count: 50_000)
    let found = problems("<!DOCTYPE r [<!ENTITY a \"\(big)\">]>\n<r>\(body)</r>")
    #expect(found.count == 1)
    #expect(found[0].message.contains("DOCTYPE is not allowed"))
  }

  @Test func refusesNesting100000Deep() {
    let depth = 100_000
    let text = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
    let found = problems(text)
    #expect(found.count == 1)
    #expect(found[0].message.contains("nested more than 256 levels"))
  }

  @Test func appliesALowerDepthLimit() {
    let text = String(repeating: "<a>", count: 11) + String(repeating: "</a>", count: 11)
    let found = problems(text, limits: XMLLimits(maxBytes: 1 << 20, maxDepth: 10))
    #expect(found.first?.message == "elements nested more than 10 levels deep; the limit is 10")
    #expect(found.first?.location.column == 31)
    let fine = String(repeating: "<a>", count: 10) + String(repeating: "</a>", count: 10)
    #expect(problems(fine, limits: XMLLimits(maxBytes: 1 << 20, maxDepth: 10)).isEmpty)
  }

  @Test func refusesAFileOverTheSizeCap() {
    let text = "<r>" + String(repeating: "x", count: 2_000) + "</r>"
    let found = problems(text, limits: XMLLimits(maxBytes: 1_000))
    #expect(found.first?.message == "the file is 2007 bytes, more than the limit of 1000 bytes")
  }

  @Test func refusesTooManyElements() {
    let text = "<r>" + String(repeating: "<a/>", count: 100) + "</r>"
    let found = problems(text, limits: XMLLimits(maxBytes: 1 << 20, maxDepth: 256, maxElements: 50))
    #expect(found.first?.message.contains("more than 50 elements") == true)
  }

  @Test func refusesInvalidUTF8AtItsPosition() {
    let bytes = Array("<r>\n  <a>ok</a>\n  <b>".utf8) + [0xC3, 0x28] + Array("</b>\n</r>".utf8)
    let found = problems(bytes)
    #expect(found.count == 1)
    #expect(found[0].location == SourceLocation(file: "attack.xml", line: 3, column: 6))
    #expect(found[0].message == "invalid UTF-8 (byte 0xC3); candor accepts only UTF-8 text")
  }

  @Test func refusesOverlongAndSurrogateEncodings() {
    #expect(!problems([0x3C, 0x72, 0x3E, 0xC0, 0xAF, 0x3C, 0x2F, 0x72, 0x3E]).isEmpty)
    #expect(!problems([0x3C, 0x72, 0x3E, 0xED, 0xA0, 0x80, 0x3C, 0x2F, 0x72, 0x3E]).isEmpty)
  }

  @Test func refusesAUTF16Declaration() {
    let found = problems("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<r/>")
    #expect(found.count == 1)
    #expect(found[0].message == "the document declares encoding \"UTF-16\"; candor accepts only UTF-8")
    #expect(found[0].location.column == 31)
  }

  @Test func refusesUTF16Bytes() {
    var bytes: [UInt8] = [0xFF, 0xFE]
    for unit in "<?xml version=\"1.0\" encoding=\"UTF-16\"?><r/>".utf16 {
      bytes.append(UInt8(unit & 0xFF))
      bytes.append(UInt8(unit >> 8))
    }
    #expect(problems(bytes).first?.message.contains("UTF-16") == true)
  }

  @Test func refusesLatin1Declaration() {
    #expect(problems("<?xml version='1.0' encoding='ISO-8859-1'?><r/>").first?.message.contains("ISO-8859-1") == true)
  }

  @Test func refusesAGzipCompressedFile() {
    let gzip: [UInt8] = [
      0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xb3, 0xb1, 0xaf, 0xc8, 0xcd, 0x51, 0x28, 0x4b,
      0x2d, 0x2a, 0xce, 0xcc, 0xcf, 0xb3, 0x55, 0x32, 0xd4, 0x33, 0x50, 0xb2, 0xb7, 0xe3, 0xb2, 0x29, 0x2c, 0x4d,
      0x2d, 0x2e, 0x01, 0x8a, 0xe4, 0x25, 0x66, 0x16, 0xa5, 0x2a, 0x00, 0x95, 0xe4, 0x15, 0xdb, 0x2a, 0x95, 0x16,
      0xe5, 0x59, 0x25, 0x27, 0xe6, 0xa5, 0xe4, 0x17, 0x59, 0xa1, 0xc8, 0x5b, 0x19, 0x2a, 0xe9, 0xdb, 0x71, 0x01,
      0x00, 0x1b, 0x24, 0xd4, 0xd0, 0x4a, 0x00, 0x00, 0x00,
    ]
    let found = problems(gzip)
    #expect(found.count == 1)
    #expect(found[0].message.hasPrefix("the file is gzip-compressed data, not XML"))
  }

  @Test func refusesXIncludeWithoutLoadingIt() throws {
    // XInclude is never processed: the include element stays an unknown element for the schema to reject.
    let root = try parse(
      "<r xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"file:///etc/passwd\" parse=\"text\"/></r>"
    ).root()
    #expect(root.children.count == 1)
    #expect(root.children[0].text.isEmpty)
  }

  @Test func refusesAnUndeclaredEntity() {
    let found = problems("<r>&passwd;</r>")
    #expect(found.first?.message.contains("passwd") == true)
  }
}

/// A TCP server on 127.0.0.1 that counts the connections it receives, to prove that no request is made.
final class LoopbackServer: @unchecked Sendable {
  let port: UInt16
  private let socketDescriptor: Int32

  init() throws {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(descriptor, 8) == 0 else {
      close(descriptor)
      throw POSIXError(.EADDRINUSE)
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    socketDescriptor = descriptor
    port = UInt16(bigEndian: address.sin_port)
  }

  deinit {
    close(socketDescriptor)
  }

  /// How many connections are waiting or arrive within `seconds`.
  func connectionsAccepted(waiting seconds: Double) -> Int {
    var count = 0
    var descriptor = pollfd(fd: socketDescriptor, events: Int16(POLLIN), revents: 0)
    while poll(&descriptor, 1, Int32(seconds * 1000)) > 0 {
      let client = accept(socketDescriptor, nil, nil)
      if client >= 0 {
        count += 1
        close(client)
      }
    }
    return count
  }
}
