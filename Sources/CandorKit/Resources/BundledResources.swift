import CandorXML

/// The files shipped inside the `candor` binary: schemas, the default questionnaire, framework data, templates and
/// examples. They are compiled in (see the EmbedResources build plugin), so the binary works from any directory
/// and when copied elsewhere.
public enum BundledResources {
  /// The path of the default questionnaire.
  public static let defaultQuestionnairePath = "Questionnaires/aiops-governance.xml"

  /// The bundled default questionnaire (embedded at build time, so always present).
  public static var defaultQuestionnaire: SourceText { source(defaultQuestionnairePath)! }

  /// The text of the bundled file at `path` (relative to the package, e.g. "Templates/report.md.mustache").
  public static func text(_ path: String) -> String? { EmbeddedFiles.texts[path] }

  /// The bundled file at `path` as a source, named `<bundled>/path` in messages, and trusted: a run does not validate
  /// it against its schema again (BundledResourcesTests does, for every bundled document).
  public static func source(_ path: String) -> SourceText? {
    text(path).map { SourceText(name: "<bundled>/" + path, bytes: Array($0.utf8), trusted: true) }
  }

  /// The paths of the bundled files under `folder`, sorted.
  public static func paths(under folder: String) -> [String] {
    EmbeddedFiles.texts.keys.filter { $0.hasPrefix(folder + "/") }.sorted()
  }
}
