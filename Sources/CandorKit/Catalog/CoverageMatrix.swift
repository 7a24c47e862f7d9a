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
    let controls = questionnaire.controls
    frameworks = questionnaire.frameworks.filter { onlyFramework == nil || $0.id == onlyFramework }.map { declared in
      // Each mapping to this framework as the position of its control and the reference (not a copy of the
      // control per mapping: every row scans them).
      let mapped = controls.indices.flatMap { index in
        controls[index].mappings.filter { $0.framework == declared.id }.map {
          (control: index, reference: $0.reference)
        }
      }
      // The controls of the mappings that `includes` accepts, each once, in questionnaire order.
      func covering(where includes: (String) -> Bool) -> [Control] {
        var seen = Set<String>()
        var result: [Control] = []
        for mapping in mapped where includes(mapping.reference) && seen.insert(controls[mapping.control].id).inserted {
          result.append(controls[mapping.control])
        }
        return result
      }
      guard let data = catalog.framework(declared.id) else {
        var order: [String] = []
        for mapping in mapped where !order.contains(mapping.reference) { order.append(mapping.reference) }
        let rows = order.map { reference in
          Row(
            framework: declared.id, reference: reference, title: nil, key: false,
            controls: covering { $0 == reference })
        }
        return FrameworkCoverage(id: declared.id, title: declared.title, hasReferenceData: false, rows: rows)
      }
      let mappedExactly = Set(mapped.map(\.reference))
      let rows = data.references.filter { $0.key || mappedExactly.contains($0.id) }.map { reference in
        Row(
          framework: declared.id, reference: reference.id, title: reference.title, key: reference.key,
          controls: covering { reference.covers($0) })
      }
      return FrameworkCoverage(id: declared.id, title: data.title, hasReferenceData: true, rows: rows)
    }
  }
}
