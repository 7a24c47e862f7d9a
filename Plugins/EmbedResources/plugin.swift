import Foundation
import PackagePlugin

/// Embeds the shipped questionnaires, framework data, schemas, templates and examples into `CandorKit` as Swift
/// string literals, so that the `candor` binary works from any directory and when copied elsewhere.
@main
struct EmbedResources: BuildToolPlugin {
  /// The folders (relative to the package) whose files are embedded, with the file endings taken from each.
  static let folders: [(folder: String, endings: [String])] = [
    ("Questionnaires", ["xml", "xsd"]),
    ("Templates", ["mustache", "css"]),
    ("Examples", ["xml"]),
  ]

  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let root = context.package.directoryURL
    var inputs: [URL] = []
    var relativePaths: [String] = []
    let fileManager = FileManager.default
    for (folder, endings) in Self.folders {
      let base = root.appending(path: folder)
      guard
        let enumerator = fileManager.enumerator(
          at: base, includingPropertiesForKeys: [.isRegularFileKey])
      else { continue }
      for case let url as URL in enumerator where endings.contains(url.pathExtension) {
        let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
        relativePaths.append(relative)
        inputs.append(url)
      }
    }
    relativePaths.sort()
    let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
    return [
      .buildCommand(
        displayName: "Embedding \(relativePaths.count) resource files into \(target.name)",
        executable: try context.tool(named: "candor-embed").url,
        arguments: [output.path, root.path] + relativePaths,
        inputFiles: inputs,
        outputFiles: [output]
      )
    ]
  }
}
