/// Byte scans that look at eight bytes at a time (one 64-bit word), for the loops that run over every byte of an
/// input or an output: the line index of a file, UTF-8 checks and escaping. Each has a byte-by-byte twin in the
/// tests that it must agree with.
enum ByteScan {
  private static let highBits: UInt64 = 0x8080_8080_8080_8080
  private static let ones: UInt64 = 0x0101_0101_0101_0101

  @inline(__always)
  private static func word(_ base: UnsafePointer<UInt8>, _ offset: Int) -> UInt64 {
    UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
  }

  /// The number of UTF-8 lead bytes (every byte that is not a continuation byte 10xxxxxx) in
  /// `buffer[start..<end]`: the number of characters of well-formed UTF-8.
  static func leadBytes(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
    guard let base = buffer.baseAddress, start < end else { return 0 }
    var index = start
    var continuations = 0
    while index + 8 <= end {
      let value = word(base, index)
      // Bit 7 set and bit 6 clear, in every byte: the shift moves bit 6 under bit 7 of the same byte.
      continuations += (value & ~(value << 1) & highBits).nonzeroBitCount
      index += 8
    }
    while index < end {
      if base[index] & 0xC0 == 0x80 { continuations += 1 }
      index += 1
    }
    return (end - start) - continuations
  }

  /// The number of bytes equal to `byte` in `buffer[start..<end]`.
  static func count(_ byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
    guard let base = buffer.baseAddress, start < end else { return 0 }
    let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    let pattern = ones &* UInt64(byte)
    var index = start
    var found = 0
    while index + 8 <= end {
      let value = word(base, index) ^ pattern
      // The high bit of each byte of `value` that is zero, exactly: adding 0x7F to the low seven bits carries into
      // the high bit for every other byte, and never across bytes.
      found += (~(((value & low) &+ low) | value | low)).nonzeroBitCount
      index += 8
    }
    while index < end {
      if base[index] == byte { found += 1 }
      index += 1
    }
    return found
  }

  /// The offset of the last line feed in `buffer[start..<end]`, if any.
  static func lastLineFeed(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
    var index = end - 1
    while index >= start {
      if buffer[index] == 0x0A { return index }
      index -= 1
    }
    return nil
  }

  /// The offset of the first byte at or after `start` that is not ASCII (0x80 or more), or `buffer.count`.
  static func firstNonASCII(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    guard let base = buffer.baseAddress else { return buffer.count }
    var index = start
    let count = buffer.count
    while index + 8 <= count, word(base, index) & highBits == 0 { index += 8 }
    while index < count, base[index] < 0x80 { index += 1 }
    return index
  }

  /// Whether some byte of `value` equals `byte` (exact as a yes or no).
  @inline(__always)
  private static func hasByte(_ value: UInt64, _ byte: UInt8) -> Bool {
    let flipped = value ^ (ones &* UInt64(byte))
    return (flipped &- ones) & ~flipped & highBits != 0
  }

  /// The offset of the first byte at or after `start` that XML output may have to escape or remove — a control
  /// character (below 0x20), `"`, `&`, `<`, `>`, or 0xEF (the lead byte of U+FFFE and U+FFFF) — or `buffer.count`.
  static func firstXMLSpecial(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    guard let base = buffer.baseAddress else { return buffer.count }
    var index = start
    let count = buffer.count
    while index + 8 <= count {
      let value = word(base, index)
      // A byte below 0x20: subtracting 0x20 borrows into bit 7 only where the byte was below it (bytes of 0x80 and
      // more are excluded by `~value`).
      let control = (value &- ones &* 0x20) & ~value & highBits != 0
      if control || hasByte(value, 0x22) || hasByte(value, 0x26) || hasByte(value, 0x3C) || hasByte(value, 0x3E)
        || hasByte(value, 0xEF)
      {
        break
      }
      index += 8
    }
    while index < count {
      switch base[index] {
      case 0..<0x20, 0x22, 0x26, 0x3C, 0x3E, 0xEF: return index
      default: index += 1
      }
    }
    return count
  }
}
