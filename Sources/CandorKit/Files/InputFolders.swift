import CandorXML
import Foundation

/// The files a command reads for the paths it is given, the same way in every command: a file is read as given; a
/// folder is read for the candor documents of the kinds the command wants, directly inside it, sorted by name, and
/// every other entry of the folder is skipped with a note that says why (not XML, another kind of document and the
/// option that takes it, a response to another questionnaire, a subfolder).
///
/// Telling a file's kind costs a look at its first 64 KiB (``DocumentPeek``); the file is fully checked when it is
/// loaded. A file whose kind cannot be told that way is kept, so that loading it reports what is wrong with it.
public enum InputFolders {
  /// The files selected and the notes about the entries skipped.
  public struct Selection: Sendable {
    public var files: [String] = []
    /// One note per entry skipped, at the entry's path.
    public var skipped: [Diagnostic] = []

    public init(files: [String] = [], skipped: [Diagnostic] = []) {
      self.files = files
      self.skipped = skipped
    }
  }

  /// The questionnaire responses must answer to be selected from a folder.
  public struct QuestionnaireID: Sendable, Hashable {
    public var id: String
    public var version: String

    public init(id: String, version: String) {
      self.id = id
      self.version = version
    }
  }

  /// Selects the files to read for `paths`.
  ///
  /// - Parameters:
  ///   - kinds: the kinds of document wanted from folders; nil for every candor document.
  ///   - questionnaire: when given, a response in a folder that answers another questionnaire (id or version) is
  ///     skipped.
  /// - Throws: ``InputError`` when a folder cannot be listed.
  public static func select(
    _ paths: [String], kinds: Set<DocumentKind>?, questionnaire: QuestionnaireID? = nil
  ) throws(InputError) -> Selection {
    var selection = Selection()
    for path in paths {
      guard isFolder(path) else {
        selection.files.append(path)  // a file, or a path whose problem reading it reports
        continue
      }
      let names: [String]
      do {
        names = try FileManager.default.contentsOfDirectory(atPath: path)
      } catch {
        throw InputError(at: SourceLocation(file: path, line: 0, column: 0), "cannot list the folder")
      }
      let base = path.hasSuffix("/") ? path : path + "/"
      // Files that are not XML are noted together, one note per folder: a report folder has many.
      var notXML: [String] = []
      for name in names.sorted() where !name.hasPrefix(".") {
        let file = base + name
        if !isFolder(file), (name as NSString).pathExtension.lowercased() != "xml" {
          notXML.append(name)
        } else if let reason = skipReason(file, kinds: kinds, questionnaire: questionnaire, folder: base) {
          selection.skipped.append(Diagnostic(.note, at: SourceLocation(file: file, line: 0, column: 0), reason))
        } else {
          selection.files.append(file)
        }
      }
      if !notXML.isEmpty {
        let shown = Format.firstOf(notXML, atMost: 4)
        let checked = names.contains(RunManifest.fileName) && (kinds?.contains(.run) ?? true)
        selection.skipped.append(
          Diagnostic(
            .note, at: SourceLocation(file: base, line: 0, column: 0),
            (checked ? "not read, but checked against \(RunManifest.fileName): " : "skipped ")
              + "\(notXML.count) file\(notXML.count == 1 ? "" : "s") that \(notXML.count == 1 ? "is" : "are") not XML: "
              + shown))
      }
    }
    return selection
  }

  private static func isFolder(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
  }

  /// Why the folder entry `file` is not read, or nil when it is.
  static func skipReason(_ file: String, kinds: Set<DocumentKind>?, questionnaire: QuestionnaireID?, folder: String)
    -> String?
  {
    if isFolder(file) { return "skipped: a folder (only the files directly inside \(folder) are read)" }
    guard let peek = DocumentPeek.peek(file) else { return nil }
    guard let kind = peek.kind else {
      // A known root element in another namespace is left for the loader to name the namespace expected.
      if DocumentKind.allCases.contains(where: { $0.rootElement == peek.rootName }) { return nil }
      return "skipped: not a candor document (its root element is <\(peek.rootName)>)"
    }
    if let kinds, !kinds.contains(kind) {
      let wanted = kinds.sorted { $0.rawValue < $1.rawValue }.map(\.withArticle).joined(separator: " or ")
      return "skipped: \(kind.withArticle) document, not \(wanted)" + (kind.optionHint.map { "; \($0)" } ?? "")
    }
    if kind == .response, let questionnaire, let id = peek.attributes["questionnaire"],
      let version = peek.attributes["questionnaire-version"], id != questionnaire.id || version != questionnaire.version
    {
      return "skipped: a response to questionnaire \(id) \(version), not to \(questionnaire.id) "
        + "\(questionnaire.version), the questionnaire of this run (--questionnaire names another)"
    }
    return nil
  }
}

/// A look at a file's root start tag, from its first 64 KiB, to tell its kind without parsing it: the root
/// element's local name, its namespace and its attributes (values taken as written, without entity decoding).
///
/// This only picks files out of a folder; every file read is then parsed with the hardened parser and validated.
public struct DocumentPeek: Sendable {
  /// The root element's local name.
  public var rootName: String
  /// The root element's namespace, from the `xmlns` (or `xmlns:prefix`) attribute of its start tag.
  public var namespace: String?
  /// The root element's other attributes, as written.
  public var attributes: [String: String]

  /// The kind the root element names, if any.
  public var kind: DocumentKind? { DocumentKind.detect(name: rootName, namespace: namespace) }

  /// The peek of the file at `path`; nil when it cannot be read or no start tag is found.
  /// Only a regular file is opened (see ``RegularFile``): a named pipe in a folder used to block the run forever.
  static func peek(_ path: String) -> DocumentPeek? {
    guard case .success(let (descriptor, _)) = RegularFile.open(path) else { return nil }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: 65_536)
    var filled = 0
    while filled < bytes.count {
      let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { break }
      filled += count
    }
    return peek(bytes: Array(bytes[..<filled]))
  }

  /// The peek of `bytes`, the start of a document; nil when no start tag is found.
  public static func peek(bytes: [UInt8]) -> DocumentPeek? {
    var index = 0
    while index < bytes.count {
      guard let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")), open + 1 < bytes.count else { return nil }
      let next = bytes[open + 1]
      if next == UInt8(ascii: "?") || next == UInt8(ascii: "!") {
        // Skip a declaration or processing instruction (to "?>": its text may hold ">"), a comment (to "-->") or
        // another markup declaration (to ">").
        let closing =
          next == UInt8(ascii: "?")
          ? "?>" : bytes[(open + 1)...].starts(with: Array("!--".utf8)) ? "-->" : ">"
        guard let end = find(Array(closing.utf8), in: bytes, from: open + 2) else { return nil }
        index = end + closing.utf8.count
        continue
      }
      return startTag(bytes, from: open + 1)
    }
    return nil
  }

  /// Reads the start tag whose name begins at `start`.
  private static func startTag(_ bytes: [UInt8], from start: Int) -> DocumentPeek? {
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    func isNameEnd(_ byte: UInt8) -> Bool {
      isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
    }
    var index = start
    func name() -> String {
      let begin = index
      while index < bytes.count, !isNameEnd(bytes[index]) { index += 1 }
      return String(decoding: bytes[begin..<index], as: UTF8.self)
    }
    let qualified = name()
    guard !qualified.isEmpty else { return nil }
    var attributes: [String: String] = [:]
    while index < bytes.count {
      while index < bytes.count, isSpace(bytes[index]) { index += 1 }
      guard index < bytes.count, bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") else { break }
      let attribute = name()
      while index < bytes.count, isSpace(bytes[index]) { index += 1 }
      guard !attribute.isEmpty, index < bytes.count, bytes[index] == UInt8(ascii: "=") else { return nil }
      index += 1
      while index < bytes.count, isSpace(bytes[index]) { index += 1 }
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
        return nil
      }
      let quote = bytes[index]
      guard let end = bytes[(index + 1)...].firstIndex(of: quote) else { return nil }
      attributes[attribute] = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
      index = end + 1
    }
    let parts = qualified.split(separator: ":", maxSplits: 1).map(String.init)
    let prefix = parts.count == 2 ? parts[0] : nil
    let local = parts.last ?? qualified
    let namespace = attributes[prefix.map { "xmlns:\($0)" } ?? "xmlns"]
    return DocumentPeek(
      rootName: local, namespace: namespace, attributes: attributes.filter { !$0.key.hasPrefix("xmlns") })
  }

  private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
    guard needle.count <= bytes.count else { return nil }
    var index = start
    while index + needle.count <= bytes.count {
      if bytes[index..<index + needle.count].elementsEqual(needle) { return index }
      index += 1
    }
    return nil
  }
}
