import Foundation
import Mustache

/// The Mustache templates of the Markdown outputs: the bundled ones (the diff and the catalog), and those in a
/// folder the user gives, which may also replace the Markdown of the vendor report and of the comparison (candor
/// writes those from their report document, ``VendorReport`` and ``ComparisonReport``, when no template replaces them).
///
/// Every template is rendered with the `MARKDOWN` content type, which escapes each `{{value}}` so that vendor
/// text cannot change the document's structure; a template that declares another content type keeps it.
public struct ReportTemplates: Sendable {
  /// The templates, parsed when first rendered (the bundled ones) or all at once (a user's folder, so that a
  /// template that does not parse is reported before anything is written).
  private let store: Store
  /// Where the templates came from, for messages.
  public let origin: String
  /// The names whose template comes from the user's folder.
  let userNames: Set<String>

  /// The names of the templates a user's folder may hold.
  public static let names = ["report.md", "comparison.md", "diff.md", "catalog.md"]
  /// The names of the bundled templates (the others are written from their report document unless a user's
  /// template replaces them).
  public static let bundledNames = ["diff.md", "catalog.md"]

  /// The bundled templates. They are parsed when first used: a run that writes no Markdown never parses them.
  public static func bundled() -> ReportTemplates {
    var texts: [String: String] = [:]
    for name in bundledNames { texts[name] = BundledResources.text("Templates/\(name).mustache") }
    return ReportTemplates(store: Store(pending: texts), origin: "<bundled>/Templates", userNames: [])
  }

  /// Whether template `name` is the user's (so that candor renders it with Mustache instead of its own writer).
  public func isUserTemplate(_ name: String) -> Bool { userNames.contains(name) }

  /// Templates from `directory` (files `report.md.mustache` and so on); a bundled template missing there is taken
  /// from the bundled set.
  ///
  /// - Throws: ``InputError`` naming the file and the position of a template that does not parse.
  public static func load(directory: String) throws(InputError) -> ReportTemplates {
    var texts: [String: String] = [:]
    var userNames: Set<String> = []
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw InputError(at: .init(file: directory, line: 0, column: 0), "the templates folder does not exist")
    }
    for name in names {
      let path = (directory as NSString).appendingPathComponent("\(name).mustache")
      if FileManager.default.fileExists(atPath: path) {
        let source = try InputFiles.read(path, maxBytes: 4 << 20)
        guard let text = String(validating: source.bytes, as: UTF8.self) else {
          throw InputError(at: .init(file: path, line: 1, column: 1), "the template is not valid UTF-8")
        }
        texts[name] = text
        userNames.insert(name)
      } else if bundledNames.contains(name) {
        texts[name] = BundledResources.text("Templates/\(name).mustache")
      }
    }
    return try ReportTemplates(texts: texts, origin: directory, userNames: userNames)
  }

  init(texts: [String: String], origin: String, userNames: Set<String>) throws(InputError) {
    MarkdownContentTypeRegistration.ensure()
    var library = MustacheLibrary()
    for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
      do {
        try library.register(Self.body(text), named: name)
      } catch {
        let file = origin + "/" + name + ".mustache"
        if let parseError = error as? MustacheTemplate.ParserError {
          throw InputError(
            at: .init(file: file, line: parseError.context.lineNumber, column: parseError.context.columnNumber),
            "the template does not parse: \(parseError.error)")
        }
        throw InputError(at: .init(file: file, line: 0, column: 0), "the template does not parse: \(error)")
      }
    }
    self.init(store: Store(library: library), origin: origin, userNames: userNames)
  }

  private init(store: Store, origin: String, userNames: Set<String>) {
    self.store = store
    self.origin = origin
    self.userNames = userNames
  }

  /// The template text as registered: with the MARKDOWN content type unless it declares its own.
  fileprivate static func body(_ text: String) -> String {
    text.contains("{{% CONTENT_TYPE") ? text : "{{% CONTENT_TYPE: MARKDOWN}}" + text
  }

  /// Renders template `name` with `context`.
  public func render(_ name: String, _ context: [String: Any]) -> String {
    store.library(for: name).render(context, withTemplate: name) ?? ""
  }

  /// Starts parsing the bundled templates `names` on another thread, so that they are ready when first rendered
  /// (rendering waits for a parse in progress).
  public func prepare(_ names: [String]) {
    let store = store
    DispatchQueue.global().async {
      for name in names { _ = store.library(for: name) }
    }
  }

  /// The parsed templates, and the bundled ones not parsed yet.
  private final class Store: @unchecked Sendable {
    private let lock = NSLock()
    private var library: MustacheLibrary
    private var pending: [String: String]

    init(library: MustacheLibrary = MustacheLibrary(), pending: [String: String] = [:]) {
      self.library = library
      self.pending = pending
    }

    /// The library, with template `name` parsed if it was pending.
    func library(for name: String) -> MustacheLibrary {
      lock.lock()
      defer { lock.unlock() }
      if let text = pending.removeValue(forKey: name) {
        MarkdownContentTypeRegistration.ensure()
        // The bundled templates are tested; a parse failure here is a build defect.
        try! library.register(ReportTemplates.body(text), named: name)
      }
      return library
    }
  }
}

/// Registers the MARKDOWN content type once per process.
enum MarkdownContentTypeRegistration {
  private static let registered: Bool = {
    MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
    return true
  }()

  static func ensure() { _ = registered }
}
