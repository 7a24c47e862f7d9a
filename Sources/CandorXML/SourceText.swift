/// The bytes of an input file with an index of its lines and characters, to turn byte offsets into lines and
/// columns.
///
/// The index costs a fixed fraction of the file, whatever its content: for every block of 64 bytes it keeps the
/// number of line breaks and of characters before the block and where the line holding the block's first byte
/// starts (24 bytes per 64, 3/8 of the file's size). A file of nothing but line breaks costs no more than any other.
public final class SourceText: Sendable {
  /// The file name used in locations.
  public let name: String
  /// The file's bytes (a leading UTF-8 byte-order mark included, as read).
  public let bytes: [UInt8]
  /// Bytes shipped inside candor (its questionnaire, framework catalog, examples): their validity against their
  /// schemas is a test of candor's suite, so a run does not validate them again. Never set for a user's file.
  public let trusted: Bool
  /// For every block of `blockSize` bytes: what lies before it.
  private let blocks: [Block]
  private static let blockSize = 64

  /// What lies before a block: enough to locate any byte of it with one scan of at most one block.
  private struct Block {
    /// Line feeds before the block.
    var lines: Int
    /// Characters (UTF-8 lead bytes) before the block.
    var characters: Int
    /// The offset at which the line holding the block's first byte starts.
    var lineStart: Int
  }

  /// Indexes `bytes`, read from the file called `name`; `trusted` only for bytes shipped inside candor.
  public init(name: String, bytes: [UInt8], trusted: Bool = false) {
    self.name = name
    self.bytes = bytes
    self.trusted = trusted
    var blocks: [Block] = []
    blocks.reserveCapacity(bytes.count / Self.blockSize + 1)
    bytes.withUnsafeBufferPointer { buffer in
      var block = Block(lines: 0, characters: 0, lineStart: 0)
      var blockStart = 0
      while blockStart < buffer.count {
        blocks.append(block)
        let blockEnd = min(blockStart + Self.blockSize, buffer.count)
        block.characters += ByteScan.leadBytes(buffer, from: blockStart, to: blockEnd)
        let lineFeeds = ByteScan.count(0x0A, in: buffer, from: blockStart, to: blockEnd)
        if lineFeeds > 0, let last = ByteScan.lastLineFeed(buffer, from: blockStart, to: blockEnd) {
          block.lines += lineFeeds
          block.lineStart = last + 1
        }
        blockStart = blockEnd
      }
    }
    self.blocks = blocks
  }

  /// The number of characters (UTF-8 lead bytes) in `bytes[0..<offset]`.
  private func characters(before offset: Int) -> Int {
    guard offset > 0 else { return 0 }
    let block = offset / Self.blockSize
    let count = block < blocks.count ? blocks[block].characters : 0
    return bytes.withUnsafeBufferPointer { buffer in
      count + ByteScan.leadBytes(buffer, from: block * Self.blockSize, to: min(offset, buffer.count))
    }
  }

  /// The location of the byte at `offset`: its 1-based line and its 1-based column in Unicode scalars.
  public func location(ofOffset offset: Int) -> SourceLocation {
    let offset = max(0, min(offset, bytes.count))
    let block = min(offset / Self.blockSize, max(blocks.count - 1, 0))
    let blockStart = block * Self.blockSize
    var (line, lineStart) = blocks.isEmpty ? (0, 0) : (blocks[block].lines, blocks[block].lineStart)
    bytes.withUnsafeBufferPointer { buffer in
      let end = min(offset, buffer.count)
      if let last = ByteScan.lastLineFeed(buffer, from: blockStart, to: end) {
        line += ByteScan.count(0x0A, in: buffer, from: blockStart, to: end)
        lineStart = last + 1
      }
    }
    // A byte-order mark takes no column.
    if lineStart == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
      lineStart = min(3, offset)
    }
    // Columns count characters (lead bytes), so that a multi-byte character is one column.
    let column = 1 + characters(before: offset) - characters(before: lineStart)
    return SourceLocation(file: name, line: line + 1, column: column)
  }

  /// The location of a 1-based line and column as libxml2 reports them.
  public func location(line: Int, column: Int) -> SourceLocation {
    SourceLocation(file: name, line: max(line, 1), column: max(column, 1))
  }
}

extension SourceText {
  /// Where attribute `name` is written in the start tag that begins at `tagOffset`, by tokenising the tag (which is
  /// well-formed once the document parsed). A prefixed attribute matches by its local name too.
  func attributeOffset(tagOffset: Int, name: String) -> Int? {
    let wanted = Array(name.utf8)
    var index = tagOffset + 1
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    func isNameEnd(_ byte: UInt8) -> Bool {
      isSpace(byte) || byte == UInt8(ascii: "=") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
    }
    guard tagOffset >= 0, tagOffset < bytes.count, bytes[tagOffset] == UInt8(ascii: "<") else { return nil }
    // Skip the element name.
    while index < bytes.count, !isNameEnd(bytes[index]) { index += 1 }
    while index < bytes.count {
      while index < bytes.count, isSpace(bytes[index]) { index += 1 }
      guard index < bytes.count, bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") else {
        return nil
      }
      let nameStart = index
      while index < bytes.count, !isNameEnd(bytes[index]) { index += 1 }
      let written = bytes[nameStart..<index]
      let localName = written.lastIndex(of: UInt8(ascii: ":")).map { written[($0 + 1)...] } ?? written
      if written.elementsEqual(wanted) || localName.elementsEqual(wanted) {
        return nameStart
      }
      // Skip `= "value"`.
      while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "'") {
        index += 1
      }
      guard index < bytes.count else { return nil }
      let quote = bytes[index]
      index += 1
      while index < bytes.count, bytes[index] != quote { index += 1 }
      index += 1
    }
    return nil
  }
}
