import CandorForms
import Foundation
import Hummingbird
import Testing

@testable import CandorServer

/// Reading form bodies: the fields and files of both encodings, and bad bodies refused without a crash.
@Suite struct SubmittedFormTests {
  static let boundary = "b0undary"

  static func multipart(_ parts: [String]) -> ByteBuffer {
    ByteBuffer(string: parts.map { "--\(boundary)\r\n\($0)\r\n" }.joined() + "--\(boundary)--\r\n")
  }

  @Test func readsFieldsAndFilesOfAMultipartForm() throws {
    let body = Self.multipart([
      "Content-Disposition: form-data; name=\"q.A-1.value\"\r\n\r\nyes",
      "Content-Disposition: form-data; name=\"q.A-1.file\"; filename=\"a \\\"quoted\\\" name.pdf\"\r\n"
        + "Content-Type: application/pdf\r\n\r\n%PDF-1.4",
      "Content-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n\r\n",
    ])
    let form = try SubmittedForm.read(
      contentType: "multipart/form-data; boundary=\(Self.boundary)", body: body)
    #expect(form.value("q.A-1.value") == "yes")
    #expect(form.files("q.A-1.file").map(\.fileName) == ["a \"quoted\" name.pdf"])
    #expect(form.files("q.A-1.file").first?.bytes == Array("%PDF-1.4".utf8))
    #expect(form.files("empty").isEmpty)
  }

  @Test func refusesDuplicateFieldsAndBodiesThatAreNotForms() {
    #expect(throws: PortalError.self) {
      try SubmittedForm.read(
        contentType: "multipart/form-data; boundary=\(Self.boundary)",
        body: Self.multipart([
          "Content-Disposition: form-data; name=\"a\"\r\n\r\n1", "Content-Disposition: form-data; name=\"a\"\r\n\r\n2",
        ]))
    }
    #expect(throws: PortalError.self) {
      try SubmittedForm.read(contentType: "application/json", body: ByteBuffer(string: "{}"))
    }
    #expect(throws: PortalError.self) {
      try SubmittedForm.read(contentType: "application/x-www-form-urlencoded", body: ByteBuffer(string: "a=1&a=2"))
    }
  }

  /// Random and mangled bodies of both kinds: each is read or refused with a PortalError, never a crash.
  @Test func manglesBodiesWithoutCrashing() {
    var generator = SplitMix(seed: 0x6361_6E64_6F72)
    let seeds = [
      Array("csrf=abc&q.A-1.value=yes&q.A-1.comment=%E2%9C%93+ok&go=save".utf8),
      Array(
        String(
          buffer: Self.multipart([
            "Content-Disposition: form-data; name=\"csrf\"\r\n\r\nabc",
            "Content-Disposition: form-data; name=\"f\"; filename=\"x.pdf\"\r\n\r\n%PDF",
          ])
        ).utf8),
    ]
    for round in 0..<3000 {
      var bytes = seeds[round % 2]
      for _ in 0..<(1 + Int(generator.next() % 8)) {
        guard !bytes.isEmpty else { break }
        let index = Int(generator.next() % UInt64(bytes.count))
        switch generator.next() % 3 {
        case 0: bytes[index] = UInt8(truncatingIfNeeded: generator.next())
        case 1: bytes.remove(at: index)
        default: bytes.insert(Array("%=&;\"\r\n-".utf8)[Int(generator.next() % 8)], at: index)
        }
      }
      let type =
        round % 2 == 0
        ? "application/x-www-form-urlencoded" : "multipart/form-data; boundary=\(Self.boundary)"
      do {
        _ = try SubmittedForm.read(contentType: type, body: ByteBuffer(bytes: bytes))
      } catch {
        // A refusal is a PortalError, with a message for people.
        #expect(!error.message.isEmpty)
      }
    }
  }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// The multipart reader on the fixtures: the seeds of its fuzz target and the input that stopped MultipartKit.
@Suite struct MultipartReaderTests {
  static func fixture(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: TestPortal.package("Tests/Fixtures/\(path)"))))
  }

  @Test func readsTheSeeds() throws {
    let parts = try MultipartReader.parts(try Self.fixture("multipart/answers.txt"), boundary: "candor-fuzz")
    #expect(parts.map(\.name) == ["csrf", "q.IDP-01.1.value", "q.IDP-01.1.file"])
    #expect(parts[2].fileName == "résumé; \"x\".pdf")
    #expect(Array(parts[2].body) == Array("%PDF-1.4\r\n".utf8))
    let empty = try MultipartReader.parts(try Self.fixture("multipart/empty-file.txt"), boundary: "candor-fuzz")
    #expect(empty.count == 1)
    #expect(empty[0].fileName == "")
    #expect(empty[0].body.isEmpty)
  }

  @Test func refusesANonASCIIHeaderNameWithoutStopping() throws {
    let bytes = try Self.fixture("fuzz/multipart/multipartkit-header-name-byte.txt")
    #expect(throws: MultipartReader.Problem.self) { try MultipartReader.parts(bytes, boundary: "candor-fuzz") }
  }

  @Test func refusesUnclosedAndOversizedParts() {
    #expect(throws: MultipartReader.Problem.self) {
      try MultipartReader.parts(
        Array("--b\r\nContent-Disposition: form-data; name=a\r\n\r\nno end".utf8), boundary: "b")
    }
    let header = "--b\r\nX: " + String(repeating: "a", count: MultipartReader.maxHeaderLine) + "\r\n\r\n\r\n--b--"
    #expect(throws: MultipartReader.Problem.self) { try MultipartReader.parts(Array(header.utf8), boundary: "b") }
    #expect(throws: MultipartReader.Problem.self) {
      try MultipartReader.parts([], boundary: String(repeating: "b", count: 71))
    }
  }
}
