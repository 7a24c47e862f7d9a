import ArgumentParser
import CandorKit
import CandorXML

struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check questionnaires, responses, incident files and framework data.",
    discussion: """
      Tells each file's kind from its root element and namespace, validates it against its schema and checks \
      what a schema cannot (duplicate ids, answers to unknown questions, values that are not options, number \
      bands, undeclared behaviours, timelines out of order, mappings to unknown references). Responses and \
      incident files are checked against --questionnaire, or against a questionnaire among the files (or the \
      bundled one) with the same id and version. A comparison.xml is checked against the report files it refers \
      to. A folder is read for its candor documents; the other files in it are skipped, each named with the \
      reason.

      Every problem is printed on standard error as 'file:line:column: error: message'. Exit status 0 when every \
      file is valid (warnings allowed), 2 otherwise.

      \(HelpText.limits)
      """)

  @Argument(help: "The files to check, or folders of them.", completion: .file(extensions: ["xml"]))
  var files: [String]

  @Option(help: "The questionnaire to check responses and incidents against.")
  var questionnaire: String?

  @OptionGroup(title: "Limits", visibility: .hidden) var limits: LimitOptions

  func run() throws {
    var diagnostics: [Diagnostic] = []
    var sources: [SourceText] = []
    var selection = InputFolders.Selection()
    do {
      selection = try InputFolders.select(files, kinds: nil)
    } catch {
      diagnostics += error.diagnostics
    }
    diagnostics += selection.skipped
    if selection.files.isEmpty && diagnostics.allSatisfy({ $0.severity == .note }) {
      diagnostics.append(
        Diagnostic(
          .error, at: SourceLocation(file: Format.list(files), line: 0, column: 0), "no candor document to check"))
    }
    for file in selection.files {
      do {
        sources.append(try InputFiles.read(file, maxBytes: limits.maxBytes))
      } catch {
        diagnostics += error.diagnostics
      }
    }
    var questionnaireSource: SourceText?
    if let questionnaire {
      do {
        questionnaireSource = try InputFiles.read(questionnaire, maxBytes: limits.maxBytes)
      } catch {
        diagnostics += error.diagnostics
      }
    }
    let outcome = Validator.validate(sources, questionnaire: questionnaireSource, limits: limits.xmlLimits)
    diagnostics += outcome.diagnostics
    Terminal.report(diagnostics)
    let errors = diagnostics.filter { $0.severity == .error }
    for (file, kind) in outcome.kinds {
      let failed = errors.contains { $0.location.file == file }
      Terminal.output("\(file): \(kind.map(\.rawValue) ?? "unknown document"): \(failed ? "invalid" : "valid")")
    }
    if !errors.isEmpty {
      throw ExitCode(2)
    }
  }
}
