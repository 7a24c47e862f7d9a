import CandorXML
import Foundation

/// `candor validate`: every file checked on its own (schema and semantics), responses and incident files also
/// against their questionnaire, and every problem reported with its location.
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
    var questionnaires: [Questionnaire] = []
    if let given {
      do {
        let (questionnaire, warnings) = try InputLoader.questionnaire(given, catalog: catalog, limits: limits)
        questionnaires.append(questionnaire)
        diagnostics.append(contentsOf: warnings)
      } catch {
        diagnostics.append(contentsOf: error.diagnostics)
      }
    }
    let documents = parallelMap(sources) { source in
      Result { () throws(InputError) in try DocumentReader.read(source, limits: limits) }
    }
    var kinds: [(file: String, kind: DocumentKind?)] = []
    var responses: [(Response, Element)] = []
    var incidentRoots: [(Element, String)] = []
    // Questionnaires first, so that the others can be checked against them.
    for (source, result) in zip(sources, documents) {
      guard case .success(let document) = result, document.kind == .questionnaire else { continue }
      let (questionnaire, semantic) = QuestionnaireReader.read(document.root, catalog: catalog)
      diagnostics.append(contentsOf: document.schemaDiagnostics + semantic)
      if source.name != given?.name { questionnaires.append(questionnaire) }
    }
    for (source, result) in zip(sources, documents) {
      switch result {
      case .failure(let error):
        kinds.append((source.name, nil))
        diagnostics.append(contentsOf: error.diagnostics)
      case .success(let document):
        kinds.append((source.name, document.kind))
        switch document.kind {
        case .questionnaire:
          break
        case .response:
          let (response, semantic) = ResponseReader.read(document.root)
          diagnostics.append(contentsOf: document.schemaDiagnostics + semantic)
          responses.append((response, document.root))
        case .incidents:
          diagnostics.append(contentsOf: document.schemaDiagnostics)
          incidentRoots.append((document.root, source.name))
        case .frameworks:
          let (_, semantic) = FrameworkReader.read(document.root)
          diagnostics.append(contentsOf: document.schemaDiagnostics + semantic)
        case .comparison:
          diagnostics.append(contentsOf: document.schemaDiagnostics)
          // The report files it refers to, in its folder, must be the ones it was written with.
          if document.schemaDiagnostics.isEmpty {
            diagnostics.append(
              contentsOf: FileReferences.check(
                FileReferences.ofComparison(document.root),
                in: (source.name as NSString).deletingLastPathComponent.isEmpty
                  ? "." : (source.name as NSString).deletingLastPathComponent,
                document: (source.name as NSString).lastPathComponent))
          }
        case .report, .diff, .catalog, .policy:
          diagnostics.append(contentsOf: document.schemaDiagnostics)
        }
      }
    }
    let bundled = given == nil ? bundledQuestionnaire(catalog: catalog) : nil
    for (response, root) in responses {
      let match =
        given != nil
        ? questionnaires.first
        : (questionnaires + [bundled].compactMap { $0 }).first {
          $0.id == response.questionnaireID && $0.version == response.questionnaireVersion
        }
      if let match {
        diagnostics.append(contentsOf: ResponseReader.check(response, against: match, root: root))
      }
    }
    for (root, file) in incidentRoots {
      // Behaviours are checked against the questionnaire given, or the only one among the files.
      let vocabulary = given != nil ? questionnaires.first : (questionnaires.count == 1 ? questionnaires.first : nil)
      diagnostics.append(contentsOf: IncidentsReader.read(root, file: file, questionnaire: vocabulary).1)
    }
    return Outcome(diagnostics: deduplicated(diagnostics.sorted), kinds: kinds)
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
