/// For each framework a questionnaire maps to: which references its controls cover, and which key references of
/// the framework no control covers.
public struct CoverageMatrix: Sendable {
  /// One reference and the controls that cover it.
  public struct Row: Sendable {
    public var framework: String
    public var reference: String
    /// The reference's short title from the framework data, when known.
    public var title: String?
    /// Whether the framework data marks the reference as key.
    public var key: Bool
    /// The controls whose mappings this reference covers (the reference itself or one below it), in
    /// questionnaire order.
    public var controls: [Control]
  }

  /// The rows of one framework.
  public struct FrameworkCoverage: Sendable {
    public var id: String
    public var title: String
    /// Whether framework reference data was available.
    public var hasReferenceData: Bool
    public var rows: [Row]

    /// The key references that no control covers.
    public var uncoveredKeyReferences: [Row] { rows.filter { $0.key && $0.controls.isEmpty } }
  }

  public var frameworks: [FrameworkCoverage]

  /// Builds the matrix of `questionnaire`; with `onlyFramework`, for that framework alone.
  ///
  /// Rows are the framework's key references and the references mapped exactly, in the framework data's order
  /// (mapped references without data follow, in questionnaire order).
  public init(questionnaire: Questionnaire, catalog: FrameworkCatalog, onlyFramework: String? = nil) {
    frameworks = questionnaire.frameworks.filter { onlyFramework == nil || $0.id == onlyFramework }.map { declared in
      let mapped = questionnaire.controls.flatMap { control in
        control.mappings.filter { $0.framework == declared.id }.map { (control, $0.reference) }
      }
      func covering(_ reference: Framework.Reference) -> [Control] {
        var seen = Set<String>()
        return mapped.filter { reference.covers($0.1) }.map(\.0).filter { seen.insert($0.id).inserted }
      }
      guard let data = catalog.framework(declared.id) else {
        var order: [String] = []
        for (_, reference) in mapped where !order.contains(reference) { order.append(reference) }
        let rows = order.map { reference in
          var seen = Set<String>()
          return Row(
            framework: declared.id, reference: reference, title: nil, key: false,
            controls: mapped.filter { $0.1 == reference }.map(\.0).filter { seen.insert($0.id).inserted })
        }
        return FrameworkCoverage(id: declared.id, title: declared.title, hasReferenceData: false, rows: rows)
      }
      let mappedExactly = Set(mapped.map(\.1))
      let rows = data.references.filter { $0.key || mappedExactly.contains($0.id) }.map { reference in
        Row(
          framework: declared.id, reference: reference.id, title: reference.title, key: reference.key,
          controls: covering(reference))
      }
      return FrameworkCoverage(id: declared.id, title: data.title, hasReferenceData: true, rows: rows)
    }
  }
}
