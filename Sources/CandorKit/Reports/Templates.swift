import Foundation
import Mustache

/// The Mustache templates of the Markdown reports: the bundled ones, or those in a folder the user gives.
///
/// Every template is rendered with the `MARKDOWN` content type, which escapes each `{{value}}` so that vendor
/// text cannot change the document's structure; a template that declares another content type keeps it.
public struct ReportTemplates: Sendable {
  let library: MustacheLibrary
  /// Where the templates came from, for messages.
  public let origin: String

  /// The names of the templates candor renders.
  public static let names = ["report.md", "comparison.md", "diff.md", "catalog.md"]

  /// The bundled templates.
  public static func bundled() -> ReportTemplates {
    var texts: [String: String] = [:]
    for name in names { texts[name] = BundledResources.text("Templates/\(name).mustache") }
    // The bundled templates are tested; a parse failure here is a build defect.
    return try! ReportTemplates(texts: texts, origin: "<bundled>/Templates")
  }

  /// Templates from `directory` (files `report.md.mustache` and so on); any template missing there is taken from
  /// the bundled set.
  ///
  /// - Throws: ``InputError`` naming the file and the position of a template that does not parse.
  public static func load(directory: String) throws(InputError) -> ReportTemplates {
    var texts: [String: String] = [:]
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
      } else {
        texts[name] = BundledResources.text("Templates/\(name).mustache")
      }
    }
    return try ReportTemplates(texts: texts, origin: directory)
  }

  init(texts: [String: String], origin: String) throws(InputError) {
    MarkdownContentTypeRegistration.ensure()
    var library = MustacheLibrary()
    for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
      let body = text.contains("{{% CONTENT_TYPE") ? text : "{{% CONTENT_TYPE: MARKDOWN}}" + text
      do {
        try library.register(body, named: name)
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
    self.library = library
    self.origin = origin
  }

  /// Renders template `name` with `context`.
  public func render(_ name: String, _ context: [String: Any]) -> String {
    library.render(context, withTemplate: name) ?? ""
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
