#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The bytes of an input file with an index of its line starts, to turn byte offsets into lines and columns.
public final class SourceText: Sendable {
  /// The file name used in locations.
  public let name: String
  /// The file's bytes (a leading UTF-8 byte-order mark included, as read).
  public let bytes: [UInt8]
  /// The byte offset at which each line starts; the first is 0.
  private let lineStarts: [Int]
  /// For every block of `blockSize` bytes, the number of characters (UTF-8 lead bytes) before it, so that a column
  /// costs at most one block's scan, however long the line (a whole file on one line included).
  private let charactersBeforeBlock: [Int]
  private static let blockSize = 64

  /// Indexes `bytes`, read from the file called `name`.
  public init(name: String, bytes: [UInt8]) {
    self.name = name
    self.bytes = bytes
    var starts = [0]
    starts.reserveCapacity(bytes.count / 40 + 1)
    var blocks: [Int] = []
    blocks.reserveCapacity(bytes.count / Self.blockSize + 1)
    bytes.withUnsafeBufferPointer { buffer in
      var characters = 0
      var blockStart = 0
      while blockStart < buffer.count {
        blocks.append(characters)
        let blockEnd = min(blockStart + Self.blockSize, buffer.count)
        characters += ByteScan.leadBytes(buffer, from: blockStart, to: blockEnd)
        blockStart = blockEnd
      }
      guard let base = buffer.baseAddress else { return }
      var index = 0
      while index < buffer.count, let newline = memchr(base + index, 0x0A, buffer.count - index) {
        index = base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
        starts.append(index)
      }
    }
    self.lineStarts = starts
    self.charactersBeforeBlock = blocks
  }

  /// The number of characters (UTF-8 lead bytes) in `bytes[0..<offset]`.
  private func characters(before offset: Int) -> Int {
    guard offset > 0 else { return 0 }
    let block = offset / Self.blockSize
    let count = block < charactersBeforeBlock.count ? charactersBeforeBlock[block] : 0
    return bytes.withUnsafeBufferPointer { buffer in
      count + ByteScan.leadBytes(buffer, from: block * Self.blockSize, to: min(offset, buffer.count))
    }
  }

  /// The location of the byte at `offset`: its 1-based line and its 1-based column in Unicode scalars.
  public func location(ofOffset offset: Int) -> SourceLocation {
    let offset = max(0, min(offset, bytes.count))
    // The last line start that is <= offset.
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
    }
    var lineStart = lineStarts[low]
    // A byte-order mark takes no column.
    if lineStart == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
      lineStart = min(3, offset)
    }
    // Columns count characters (lead bytes), so that a multi-byte character is one column.
    let column = 1 + characters(before: offset) - characters(before: lineStart)
    return SourceLocation(file: name, line: low + 1, column: column)
  }

  /// The location of a 1-based line and column as libxml2 reports them.
  public func location(line: Int, column: Int) -> SourceLocation {
    SourceLocation(file: name, line: max(line, 1), column: max(column, 1))
  }

  /// The byte offset of the start of the 1-based `line`, if the file has it.
  func offset(ofLine line: Int) -> Int? {
    guard line >= 1, line <= lineStarts.count else { return nil }
    return lineStarts[line - 1]
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
