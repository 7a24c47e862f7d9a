import CandorXML
import Foundation

/// `candor validate`: every file checked on its own (schema and semantics), responses and incident files also
/// against their questionnaire, and every problem reported with its location.
///
/// Each file is parsed once, on every core, and read straight from the parsed tree (no element tree is built);
/// questionnaires among the files are read first so that the others can be checked against them.
public enum Validator {
  /// The outcome of validating a set of files.
  public struct Outcome: Sendable {
    /// Every problem, errors and warnings, sorted by file and position.
    public var diagnostics: [Diagnostic]
    /// Each file and the kind detected (nil when it could not be told).
    public var kinds: [(file: String, kind: DocumentKind?)]
    /// Whether no error was found (warnings allowed).
    public var isValid: Bool { !diagnostics.contains { $0.severity == .error } }
  }

  /// What reading one file gave.
  private struct Checked: Sendable {
    var kind: DocumentKind?
    var diagnostics: [Diagnostic] = []
    /// A questionnaire read from the file.
    var questionnaire: Questionnaire?
    /// A response or an incident file that must be checked again once the questionnaires among the files are
    /// known (none matched when it was read).
    var deferred = false
  }

  /// Validates `sources`.
  ///
  /// - Parameters:
  ///   - questionnaire: the questionnaire to check responses and incidents against; when nil, a questionnaire
  ///     among `sources` (or the bundled one) with the response's id and version is used.
  public static func validate(
    _ sources: [SourceText], questionnaire given: SourceText? = nil,
    catalog: FrameworkCatalog = InputLoader.bundledCatalog, limits: XMLLimits = .default
  ) -> Outcome {
    var diagnostics = Diagnostics()
    var givenQuestionnaire: Questionnaire?
    if let given {
      do {
        let (questionnaire, warnings) = try InputLoader.questionnaire(given, catalog: catalog, limits: limits)
        givenQuestionnaire = questionnaire
        diagnostics.append(contentsOf: warnings)
      } catch {
        diagnostics.append(contentsOf: error.diagnostics)
      }
    }
    let bundled = given == nil ? bundledQuestionnaire(catalog: catalog) : nil
    // First pass, in parallel: every file read once; responses and incidents checked against the questionnaire
    // given (or the bundled one) when it fits.
    let known = [givenQuestionnaire, bundled].compactMap { $0 }
    var checked = parallelMap(sources) { source in
      read(source, known: known, given: given != nil, catalog: catalog, limits: limits)
    }
    // Second pass, for the few files that need a questionnaire found among the files.
    let fromFiles = given == nil ? checked.compactMap(\.questionnaire) : []
    if !fromFiles.isEmpty {
      for index in checked.indices where checked[index].deferred {
        checked[index] = read(
          sources[index], known: fromFiles + known, given: false, catalog: catalog, limits: limits,
          vocabulary: fromFiles.count == 1 ? fromFiles[0] : nil)
      }
    }
    for item in checked { diagnostics.append(contentsOf: item.diagnostics) }
    return Outcome(
      diagnostics: deduplicated(diagnostics.sorted), kinds: zip(sources, checked).map { ($0.name, $1.kind) })
  }

  /// Reads one file of any kind and checks it.
  ///
  /// - Parameters:
  ///   - known: the questionnaires a response may match (by id and version).
  ///   - given: whether `known.first` was given with --questionnaire (then every response and incident file is
  ///     checked against it, whatever its id).
  ///   - vocabulary: the questionnaire whose behaviours an incident file is checked against when none was given.
  private static func read(
    _ source: SourceText, known: [Questionnaire], given: Bool, catalog: FrameworkCatalog, limits: XMLLimits,
    vocabulary: Questionnaire? = nil
  ) -> Checked {
    do {
      return try DocumentReader.read(source, limits: limits) { kind, root, schema throws(InputError) in
        var result = Checked(kind: kind, diagnostics: schema)
        switch kind {
        case .questionnaire:
          let (questionnaire, semantic) = QuestionnaireReader.read(root, catalog: catalog)
          result.diagnostics += semantic
          result.questionnaire = questionnaire
        case .response:
          let (response, semantic) = ResponseReader.read(root)
          result.diagnostics += semantic
          let match =
            given
            ? known.first
            : known.first { $0.id == response.questionnaireID && $0.version == response.questionnaireVersion }
          if let match {
            result.diagnostics += ResponseReader.check(response, against: match, root: root)
          } else {
            result.deferred = true
          }
        case .incidents:
          // Behaviours are checked against the questionnaire given, or the only one among the files.
          let against = given ? known.first : vocabulary
          result.diagnostics += IncidentsReader.read(root, file: source.name, questionnaire: against).1
          result.deferred = !given && vocabulary == nil
        case .frameworks:
          result.diagnostics += FrameworkReader.read(root).1
        case .comparison:
          // The report files it refers to, in its folder, must be the ones it was written with.
          if schema.isEmpty {
            let folder = (source.name as NSString).deletingLastPathComponent
            result.diagnostics += FileReferences.check(
              FileReferences.ofComparison(root), in: folder.isEmpty ? "." : folder,
              document: (source.name as NSString).lastPathComponent)
          }
        case .run:
          // Every output of the run, in the manifest's folder, must be the file the run wrote.
          if schema.isEmpty { result.diagnostics += RunFolder.check(root, file: source.name) }
        case .report, .diff, .catalog, .policy:
          break
        }
        return result
      }
    } catch {
      return Checked(kind: nil, diagnostics: error.diagnostics)
    }
  }

  /// The bundled default questionnaire, when it loads.
  static func bundledQuestionnaire(catalog: FrameworkCatalog) -> Questionnaire? {
    guard let source = BundledResources.source(BundledResources.defaultQuestionnairePath) else { return nil }
    return try? InputLoader.questionnaire(source, catalog: catalog).0
  }

  private static func deduplicated(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    var seen = Set<Diagnostic>()
    return diagnostics.filter { seen.insert($0).inserted }
  }
}
