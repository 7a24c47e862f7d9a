import Foundation
import Testing

@testable import CandorKit

/// comparison.xml's assembly: byte ranges of staged files and bytes in memory, copied on several threads.
@Suite struct FileAssemblyTests {
  /// A fresh folder, removed at the end of `body`.
  static func withFolder(_ body: (String) throws -> Void) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("candor-assembly-\(UUID().uuidString)")
      .path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try body(folder)
  }

  /// Deterministic bytes of a given length that never contain a newline (so that a declaration line ends where the
  /// test says).
  static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(0x20 + (state >> 33) % 90)
    }
  }

  @Test(arguments: [1, 2, 3, 7])
  func writesThePiecesInOrderWithoutTheDeclarations(threads: Int) throws {
    try Self.withFolder { folder in
      var assembly = FileAssembly()
      var expected: [UInt8] = Array("<comparison>\n".utf8)
      assembly.append(expected)
      // Sizes around the copy buffer (1 MiB) and tiny ones; with and without an XML declaration.
      let sizes = [0, 1, 100, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 << 20, 5, 70_000, 2]
      for (index, size) in sizes.enumerated() {
        let body = Self.bytes(size, seed: UInt64(index))
        let declared = index % 2 == 0
        let content = (declared ? Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".utf8) : []) + body
        let path = "\(folder)/part-\(index).xml"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(content)))
        try assembly.appendXMLBody(ofFileAt: path)
        expected += body
      }
      assembly.append(Array("</comparison>\n".utf8))
      expected += Array("</comparison>\n".utf8)
      #expect(assembly.size == expected.count)
      let output = "\(folder)/out.xml"
      #expect(FileManager.default.createFile(atPath: output, contents: nil))
      let descriptor = open(output, O_WRONLY)
      try assembly.write(to: descriptor, threads: threads)
      close(descriptor)
      let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
      #expect(written.count == expected.count)
      #expect(written == expected)
    }
  }

  @Test func aPartRemovedOrShortenedAfterItWasAddedFailsTheWrite() throws {
    try Self.withFolder { folder in
      for change in ["removed", "shortened"] {
        var assembly = FileAssembly()
        assembly.append(Array("<comparison>".utf8))
        for index in 0..<4 {
          let path = "\(folder)/\(change)-\(index).xml"
          #expect(FileManager.default.createFile(atPath: path, contents: Data(Self.bytes(3000, seed: 9))))
          try assembly.appendXMLBody(ofFileAt: path)
        }
        let victim = "\(folder)/\(change)-2.xml"
        if change == "removed" {
          try FileManager.default.removeItem(atPath: victim)
        } else {
          #expect(truncate(victim, 1000) == 0)
        }
        let output = "\(folder)/out-\(change).xml"
        #expect(FileManager.default.createFile(atPath: output, contents: nil))
        let descriptor = open(output, O_WRONLY)
        defer { close(descriptor) }
        #expect {
          try assembly.write(to: descriptor, threads: 2)
        } throws: { error in
          let message = (error as? FileAssembly.Failure)?.message ?? ""
          return message.contains(victim)
            && message.contains(change == "removed" ? "No such file or directory" : "became shorter")
        }
      }
    }
  }

  @Test func aMissingPartIsRefusedWhenAdded() throws {
    try Self.withFolder { folder in
      var assembly = FileAssembly()
      #expect {
        try assembly.appendXMLBody(ofFileAt: "\(folder)/absent.report.xml")
      } throws: { error in
        (error as? FileAssembly.Failure)?.message
          == "cannot read \(folder)/absent.report.xml: No such file or directory"
      }
    }
  }
}
