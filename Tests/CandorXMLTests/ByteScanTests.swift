import Testing

@testable import CandorXML

/// The word-at-a-time scans against their byte-by-byte definitions, on random bytes at every offset.
@Suite struct ByteScanTests {
  /// Random buffers: mostly ASCII letters, with every byte class the scans care about mixed in.
  static func buffers() -> [[UInt8]] {
    var state: UInt64 = 7
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 33
    }
    let interesting: [UInt8] = [
      0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x22, 0x26, 0x3C, 0x3D, 0x3E, 0x3F, 0x7F, 0x80,
      0xBF, 0xC0, 0xC3, 0xE2, 0xEE, 0xEF, 0xF0, 0xFF,
    ]
    var result: [[UInt8]] = [[]]
    for length in 1..<300 {
      let rate = Int(next() % 12) + 1
      result.append(
        (0..<length).map { _ in
          next() % UInt64(rate) == 0 ? interesting[Int(next()) % interesting.count] : UInt8(0x41 + next() % 26)
        })
    }
    return result
  }

  @Test func leadBytesCountsEveryByteThatIsNotAContinuation() {
    for bytes in Self.buffers() {
      bytes.withUnsafeBufferPointer { buffer in
        for start in 0...min(bytes.count, 20) {
          for end in Set([start, bytes.count, (start + bytes.count) / 2, min(bytes.count, start + 9)]) {
            let expected = bytes[start..<end].filter { $0 & 0xC0 != 0x80 }.count
            #expect(ByteScan.leadBytes(buffer, from: start, to: end) == expected, "\(bytes) \(start)..<\(end)")
          }
        }
      }
    }
  }

  @Test func firstNonASCIIFindsTheFirstByteOf0x80OrMore() {
    for bytes in Self.buffers() {
      bytes.withUnsafeBufferPointer { buffer in
        for start in 0...min(bytes.count, 20) {
          let expected = bytes[start...].firstIndex { $0 >= 0x80 } ?? bytes.count
          #expect(ByteScan.firstNonASCII(buffer, from: start) == expected, "\(bytes) from \(start)")
        }
      }
    }
  }

  @Test func firstXMLSpecialFindsControlsQuotesAmpersandsBracketsAndEF() {
    let special: Set<UInt8> = Set((0..<0x20).map(UInt8.init)).union([0x22, 0x26, 0x3C, 0x3E, 0xEF])
    for bytes in Self.buffers() {
      bytes.withUnsafeBufferPointer { buffer in
        for start in 0...min(bytes.count, 20) {
          let expected = bytes[start...].firstIndex { special.contains($0) } ?? bytes.count
          #expect(ByteScan.firstXMLSpecial(buffer, from: start) == expected, "\(bytes) from \(start)")
        }
      }
    }
  }

  @Test func countFindsEveryByteEqualToTheOneAskedFor() {
    for bytes in Self.buffers() {
      bytes.withUnsafeBufferPointer { buffer in
        for byte: UInt8 in [0x0A, 0x00, 0x41, 0x80, 0xFF] {
          for start in 0...min(bytes.count, 20) {
            let expected = bytes[start...].filter { $0 == byte }.count
            #expect(ByteScan.count(byte, in: buffer, from: start, to: bytes.count) == expected, "\(bytes) \(byte)")
            let last = bytes[start...].lastIndex(of: 0x0A)
            #expect(ByteScan.lastLineFeed(buffer, from: start, to: bytes.count) == last)
          }
        }
      }
    }
  }

  @Test func everySingleByteValueIsClassifiedLikeTheDefinition() {
    for value in 0...255 {
      for position in 0..<16 {
        var bytes = [UInt8](repeating: 0x61, count: 16)
        bytes[position] = UInt8(value)
        bytes.withUnsafeBufferPointer { buffer in
          let isSpecial = value < 0x20 || [0x22, 0x26, 0x3C, 0x3E, 0xEF].contains(value)
          #expect(ByteScan.firstXMLSpecial(buffer, from: 0) == (isSpecial ? position : 16))
          #expect(ByteScan.firstNonASCII(buffer, from: 0) == (value >= 0x80 ? position : 16))
          #expect(ByteScan.leadBytes(buffer, from: 0, to: 16) == (value & 0xC0 == 0x80 ? 15 : 16))
          #expect(ByteScan.count(UInt8(value), in: buffer, from: 0, to: 16) == (value == 0x61 ? 16 : 1))
        }
      }
    }
  }
}

/// `SourceText` locations against counting lines and characters from the start of the file.
@Suite struct SourceTextLocationTests {
  @Test func everyOffsetHasTheLineAndColumnOfANaiveCount() {
    let lines = [
      "<a>", "  <b x=\"é€🚀\">déjà vu</b>", "", String(repeating: "ü", count: 300) + "<c/>",
      String(repeating: "x", count: 700), String(repeating: "\n", count: 150), "\u{FEFF}end",
    ]
    for withBOM in [false, true] {
      let bytes = (withBOM ? [0xEF, 0xBB, 0xBF] : []) + Array(lines.joined(separator: "\n").utf8)
      let source = SourceText(name: "f.xml", bytes: bytes)
      let bodyStart = withBOM ? 3 : 0
      var line = 1
      var column = 1
      for offset in 0...bytes.count {
        // Every offset at the start of a character (an error is never located inside one).
        if offset >= bodyStart, offset == bytes.count || bytes[offset] & 0xC0 != 0x80 {
          let location = source.location(ofOffset: offset)
          #expect(location.line == line && location.column == column, "offset \(offset)")
        }
        guard offset < bytes.count, offset >= bodyStart else { continue }
        if bytes[offset] == 0x0A {
          line += 1
          column = 1
        } else if offset + 1 >= bytes.count || bytes[offset + 1] & 0xC0 != 0x80 {
          column += 1
        }
      }
    }
  }
}
