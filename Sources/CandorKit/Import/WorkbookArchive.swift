import CandorXML
import Foundation
import ZIPFoundation

/// The ZIP archive of an .xlsx workbook, from which XML parts are read one at a time, each parsed with CandorXML's
/// hardened parser (so a DOCTYPE in any part is refused).
///
/// A ZIP bomb cannot cost more than the limits: a part's uncompressed size, as the archive's central directory
/// declares it, is checked against ``ImportLimits/maxPartBytes`` and, with the parts read before it, against
/// ``ImportLimits/maxTotalBytes`` before anything is extracted; and since a declared size can lie, the bytes are
/// counted again while they are inflated, and extraction stops as soon as either limit is passed.
///
/// The archive is read from a private temporary copy of the bytes, unlinked as soon as it is open: ZIPFoundation's
/// in-memory reader traps on a seek past the end of the data and leaks when the directory record is missing (both
/// found by fuzzing; the inputs are kept in Tests/Fixtures/fuzz/csv), while its file reader reads short at the end
/// of a file like any C stream.
///
/// Not `Sendable`: the archive reads from one open file.
final class WorkbookArchive {
  let file: String
  let limits: ImportLimits
  private let archive: Archive
  private let entries: [String: Entry]
  /// Uncompressed bytes extracted so far.
  private var extracted = 0

  /// Whether `bytes` hold a complete end-of-central-directory record where ZIPFoundation looks for one: the
  /// signature nearest the end (at least 22 bytes before it), followed by its fixed fields and its whole comment.
  static func hasEndOfCentralDirectory(_ bytes: [UInt8]) -> Bool {
    let recordSize = 22
    guard bytes.count >= recordSize else { return false }
    var offset = bytes.count - recordSize
    while offset >= 0 {
      if bytes[offset] == 0x50, bytes[offset + 1] == 0x4B, bytes[offset + 2] == 0x05, bytes[offset + 3] == 0x06 {
        let commentLength = Int(bytes[offset + 20]) | Int(bytes[offset + 21]) << 8
        return offset + recordSize + commentLength <= bytes.count
      }
      offset -= 1
    }
    return false
  }

  /// Writes `bytes` to a new file in a private temporary folder (mode 0700), opens it as an archive, and removes
  /// the file and the folder at once (the open archive keeps reading the unlinked file).
  static func openPrivateCopy(of bytes: [UInt8]) throws -> Archive {
    var template = Array((NSTemporaryDirectory() + "/candor-xlsx-XXXXXX").utf8CString)
    guard
      let folder = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }).map({ String(cString: $0) })
    else {
      throw InputError(at: .init(file: "", line: 0, column: 0), "cannot create a temporary folder to read the workbook")
    }
    let path = folder + "/workbook.zip"
    defer {
      unlink(path)
      rmdir(folder)
    }
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
    else {
      throw InputError(at: .init(file: "", line: 0, column: 0), "cannot write a temporary copy of the workbook")
    }
    return try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
  }

  /// Opens the archive in `source`.
  ///
  /// - Throws: ``InputError`` when the bytes are not a readable ZIP archive or list more entries than allowed.
  init(_ source: SourceText, limits: ImportLimits) throws(InputError) {
    self.file = source.name
    self.limits = limits
    let whole = SourceLocation(file: source.name, line: 0, column: 0)
    let archive: Archive
    guard Self.hasEndOfCentralDirectory(source.bytes) else {
      throw InputError(at: whole, "the .xlsx workbook is damaged: its ZIP directory cannot be read")
    }
    do {
      archive = try Self.openPrivateCopy(of: source.bytes)
    } catch let error as InputError {
      throw InputError(error.diagnostics.map { Diagnostic($0.severity, at: whole, $0.message) })
    } catch {
      throw InputError(at: whole, "the .xlsx workbook is damaged: its ZIP directory cannot be read")
    }
    var entries: [String: Entry] = [:]
    var count = 0
    for entry in archive {
      count += 1
      if count > limits.maxEntries {
        throw InputError(
          at: whole,
          "the archive lists more than \(limits.maxEntries) entries, the limit; an .xlsx workbook of answers has "
            + "a few dozen")
      }
      guard entries[entry.path] == nil else {
        throw InputError(
          at: whole,
          "the archive has two entries named \(entry.path); a workbook has one part per name (which one a program "
            + "reads differs, so candor reads neither)")
      }
      entries[entry.path] = entry
    }
    self.archive = archive
    self.entries = entries
  }

  private var whole: SourceLocation { SourceLocation(file: file, line: 0, column: 0) }

  /// Whether the archive has a part at `path`.
  func has(_ path: String) -> Bool { entries[path] != nil }

  /// The part at `path`, parsed, as values; nil when the archive has no such part. For the small parts.
  ///
  /// - Throws: ``InputError`` for a part over the limits (declared or while inflating), a damaged entry, or XML
  ///   that the hardened parser refuses (located in the part, named `file[path]`).
  func document(_ path: String) throws(InputError) -> Element? {
    try parse(path).map { $0.root() }
  }

  /// Calls `body` with the root of the part at `path`, read straight from the parsed tree (no copy of it is made,
  /// and it is freed when `body` returns); nil when the archive has no such part. For the large parts.
  func withDocument<R>(_ path: String, _ body: (Node) -> R) throws(InputError) -> R? {
    try parse(path).map { $0.withRoot(body) }
  }

  /// The part at `path` parsed with the part limits; nil when there is no such part.
  private func parse(_ path: String) throws(InputError) -> ParsedDocument? {
    guard let bytes = try bytes(of: path) else { return nil }
    let source = SourceText(name: "\(file)[\(path)]", bytes: bytes)
    var xmlLimits = limits.xml
    xmlLimits.maxBytes = limits.maxPartBytes
    xmlLimits.maxElements = min(xmlLimits.maxElements, limits.maxPartElements)
    xmlLimits.maxTotalAttributes = min(xmlLimits.maxTotalAttributes, limits.maxPartAttributes)
    do {
      return try ParsedDocument.parse(source, limits: xmlLimits)
    } catch {
      throw InputError(error.problems.map { Diagnostic(.error, at: $0.location, $0.message) })
    }
  }

  /// The uncompressed bytes of the part at `path`; nil when there is no such part.
  func bytes(of path: String) throws(InputError) -> [UInt8]? {
    guard let entry = entries[path] else { return nil }
    guard entry.type == .file else {
      throw InputError(at: whole, "\(path) in the archive is not a file")
    }
    let declared = entry.uncompressedSize
    if declared > UInt64(limits.maxPartBytes) {
      throw InputError(
        at: whole,
        "part \(path) declares \(declared) bytes uncompressed, more than the limit of \(limits.maxPartBytes) bytes "
          + "per part (a ZIP bomb?); refused before extracting anything")
    }
    if UInt64(extracted) + declared > UInt64(limits.maxTotalBytes) {
      throw InputError(
        at: whole,
        "part \(path) declares \(declared) bytes uncompressed; with the \(extracted) bytes of the parts read "
          + "before it, more than the limit of \(limits.maxTotalBytes) bytes for one workbook; refused before "
          + "extracting it")
    }
    let partLimit = min(limits.maxPartBytes, limits.maxTotalBytes - extracted)
    var data: [UInt8] = []
    data.reserveCapacity(Int(declared))
    var overflowed = false
    do {
      _ = try archive.extract(entry, bufferSize: 64 << 10, skipCRC32: false) { chunk in
        if data.count + chunk.count > partLimit {
          overflowed = true
          throw CancellationError()
        }
        data.append(contentsOf: chunk)
      }
    } catch {
      if overflowed {
        let which =
          partLimit == limits.maxPartBytes
          ? "the limit of \(limits.maxPartBytes) bytes per part"
          : "the limit of \(limits.maxTotalBytes) bytes for one workbook"
        throw InputError(
          at: whole,
          "part \(path) expands to more than \(which), although the archive declares \(declared) bytes "
            + "(a ZIP bomb); extraction stopped")
      }
      throw InputError(at: whole, "part \(path) cannot be extracted: the archive is damaged (\(error))")
    }
    extracted += data.count
    return data
  }
}
