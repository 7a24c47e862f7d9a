import Foundation

/// A file written from pieces, in order: bytes held in memory and byte ranges of files already on disk (a
/// comparison.xml is its frame and every vendor's staged report.xml). Every piece's offset in the result is known
/// before anything is written, so the file ranges are copied by one thread per core at once, each with a buffer of
/// its own, reading and writing at explicit offsets (`pread`, `pwrite`): the copy of thousands of reports uses every
/// core, and memory holds one buffer per thread whatever the number of reports.
struct FileAssembly: Sendable {
  enum Piece: Sendable {
    case bytes([UInt8])
    /// `count` bytes of the file at `path` from byte `offset`.
    case range(path: String, offset: Int, count: Int)

    var count: Int {
      switch self {
      case .bytes(let bytes): bytes.count
      case .range(_, _, let count): count
      }
    }
  }

  /// Why a piece could not be read or the result written.
  struct Failure: Error, Sendable {
    var path: String
    var message: String
  }

  private(set) var pieces: [Piece] = []
  /// The size of the result.
  private(set) var size = 0

  mutating func append(_ bytes: [UInt8]) {
    guard !bytes.isEmpty else { return }
    pieces.append(.bytes(bytes))
    size += bytes.count
  }

  /// Appends the file at `path` without its first line when that line is an XML declaration (`<?xml … ?>`), so
  /// that a document's root element can be embedded in another document.
  mutating func appendXMLBody(ofFileAt path: String) throws(Failure) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw Self.failure(path, "cannot read") }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw Self.failure(path, "cannot read") }
    let fileSize = Int(status.st_size)
    var head = [UInt8](repeating: 0, count: min(fileSize, 256))
    let read = head.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
    guard read == head.count else { throw Self.failure(path, "cannot read") }
    var start = 0
    if head.starts(with: Array("<?xml".utf8)), let newline = head.firstIndex(of: 0x0A) { start = newline + 1 }
    guard fileSize > start else { return }
    pieces.append(.range(path: path, offset: start, count: fileSize - start))
    size += fileSize - start
  }

  /// Writes every piece to `descriptor`, an empty file open for writing; a piece that cannot be read whole (the
  /// file was removed or shortened since it was added) fails the whole write.
  func write(to descriptor: Int32, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws(Failure) {
    let offsets = Self.offsets(of: pieces)
    let groups = Self.groups(of: pieces, size: size, count: max(1, min(threads, pieces.count)))
    let failures = FailureList()
    let pieces = self.pieces
    DispatchQueue.concurrentPerform(iterations: groups.count) { group in
      let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
      defer { buffer.deallocate() }
      for index in groups[group] {
        do throws(Failure) {
          try Self.copy(pieces[index], to: descriptor, at: offsets[index], buffer: buffer)
        } catch {
          failures.record(error, order: index)
          return
        }
      }
    }
    if let failure = failures.first { throw failure }
  }

  /// The offset of each piece in the result.
  private static func offsets(of pieces: [Piece]) -> [Int] {
    var offsets: [Int] = []
    offsets.reserveCapacity(pieces.count)
    var position = 0
    for piece in pieces {
      offsets.append(position)
      position += piece.count
    }
    return offsets
  }

  /// Contiguous groups of pieces of about the same number of bytes, at most `count`: one per thread.
  private static func groups(of pieces: [Piece], size: Int, count: Int) -> [Range<Int>] {
    var groups: [Range<Int>] = []
    var groupStart = 0
    var bytes = 0
    for (index, piece) in pieces.enumerated() {
      bytes += piece.count
      if bytes >= size * (groups.count + 1) / count || index == pieces.count - 1 {
        groups.append(groupStart..<index + 1)
        groupStart = index + 1
      }
    }
    return groups
  }

  private static func copy(_ piece: Piece, to output: Int32, at offset: Int, buffer: UnsafeMutableRawBufferPointer)
    throws(Failure)
  {
    switch piece {
    case .bytes(let bytes):
      try writeAll(bytes, to: output, at: offset)
    case .range(let path, let start, let count):
      let input = open(path, O_RDONLY | O_CLOEXEC)
      guard input >= 0 else { throw failure(path, "cannot read") }
      defer { close(input) }
      var done = 0
      while done < count {
        let read = pread(input, buffer.baseAddress, min(buffer.count, count - done), off_t(start + done))
        if read < 0 && errno == EINTR { continue }
        guard read >= 0 else { throw failure(path, "cannot read") }
        guard read > 0 else { throw Failure(path: path, message: "cannot read \(path): the file became shorter") }
        try writeAll(UnsafeRawBufferPointer(rebasing: buffer[..<read]), to: output, at: offset + done)
        done += read
      }
    }
  }

  /// Writes all of `bytes` to `output` from byte `offset`, however many calls it takes.
  static func writeAll(_ bytes: [UInt8], to output: Int32, at offset: Int) throws(Failure) {
    let result = bytes.withUnsafeBytes { bytes in
      Result { () throws(Failure) in try writeAll(bytes, to: output, at: offset) }
    }
    try result.get()
  }

  private static func writeAll(_ bytes: UnsafeRawBufferPointer, to output: Int32, at offset: Int) throws(Failure) {
    var done = 0
    while done < bytes.count {
      let written = pwrite(output, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { throw Failure(path: "", message: String(cString: strerror(errno))) }
      done += written
    }
  }

  /// A failure with the system's reason (`errno`).
  private static func failure(_ path: String, _ what: String) -> Failure {
    let reason = String(cString: strerror(errno))
    return Failure(path: path, message: "\(what) \(path): \(reason)")
  }

  /// The failures of the copying threads; the one of the earliest piece is reported.
  private final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [(order: Int, failure: Failure)] = []

    func record(_ failure: Failure, order: Int) {
      lock.lock()
      failures.append((order, failure))
      lock.unlock()
    }

    var first: Failure? {
      lock.lock()
      defer { lock.unlock() }
      return failures.min { $0.order < $1.order }?.failure
    }
  }
}
