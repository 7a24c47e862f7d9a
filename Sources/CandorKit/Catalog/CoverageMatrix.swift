/// For each framework a questionnaire maps to: which references its controls cover, and which key references of
/// the framework no control covers.
///
/// Only a direct mapping covers a reference; a control whose mappings to a reference are all supporting is listed
/// apart, as supporting it (see ``MappingStrength``).
public struct CoverageMatrix: Sendable {
  /// One reference and the controls that cover or support it.
  public struct Row: Sendable {
    public var framework: String
    public var reference: String
    /// The reference's short title from the framework data, when known.
    public var title: String?
    /// Whether the framework data marks the reference as key.
    public var key: Bool
    /// Whom the reference binds and when ("provider, if high-risk"), when the framework data says.
    public var binds: String?
    /// The controls with a direct mapping that this reference covers (the reference itself or one below it), in
    /// questionnaire order.
    public var controls: [Control]
    /// The controls whose mappings this reference covers are all supporting, in questionnaire order.
    public var supportingControls: [Control]

    /// Whether some control covers the reference directly.
    public var isCovered: Bool { !controls.isEmpty }
  }

  /// The rows of one framework.
  public struct FrameworkCoverage: Sendable {
    public var id: String
    public var title: String
    /// Whether framework reference data was available.
    public var hasReferenceData: Bool
    public var rows: [Row]

    /// The key references that no control maps to at all, directly or in support.
    public var uncoveredKeyReferences: [Row] {
      rows.filter { $0.key && $0.controls.isEmpty && $0.supportingControls.isEmpty }
    }

    /// The key references that only supporting mappings reach: not covered, but not silent either.
    public var supportedOnlyKeyReferences: [Row] {
      rows.filter { $0.key && $0.controls.isEmpty && !$0.supportingControls.isEmpty }
    }
  }

  public var frameworks: [FrameworkCoverage]

  /// Builds the matrix of `questionnaire`; with `onlyFramework`, for that framework alone.
  ///
  /// Rows are the framework's key references and the references mapped exactly (directly or in support), in the
  /// framework data's order (mapped references without data follow, in questionnaire order).
  public init(questionnaire: Questionnaire, catalog: FrameworkCatalog, onlyFramework: String? = nil) {
    let controls = questionnaire.controls
    frameworks = questionnaire.frameworks.filter { onlyFramework == nil || $0.id == onlyFramework }.map { declared in
      // Each mapping to this framework as the position of its control, the reference and whether it is direct
      // (not a copy of the control per mapping: every row scans them).
      let mapped = controls.indices.flatMap { index in
        controls[index].mappings.filter { $0.framework == declared.id }.map {
          (control: index, reference: $0.reference, direct: $0.isDirect)
        }
      }
      // The controls of the mappings that `includes` accepts, each once, in questionnaire order: those with a
      // direct mapping, and those whose accepted mappings are all supporting.
      func covering(where includes: (String) -> Bool) -> (direct: [Control], supporting: [Control]) {
        var direct = Set<Int>()
        var seen = Set<Int>()
        var any: [Int] = []
        for mapping in mapped where includes(mapping.reference) {
          if seen.insert(mapping.control).inserted { any.append(mapping.control) }
          if mapping.direct { direct.insert(mapping.control) }
        }
        // Control positions ascend with the mappings' order, so `any` is already in questionnaire order.
        return (
          any.filter { direct.contains($0) }.map { controls[$0] },
          any.filter { !direct.contains($0) }.map { controls[$0] }
        )
      }
      guard let data = catalog.framework(declared.id) else {
        var order: [String] = []
        for mapping in mapped where !order.contains(mapping.reference) { order.append(mapping.reference) }
        let rows = order.map { reference in
          let found = covering { $0 == reference }
          return Row(
            framework: declared.id, reference: reference, title: nil, key: false, binds: nil,
            controls: found.direct, supportingControls: found.supporting)
        }
        return FrameworkCoverage(id: declared.id, title: declared.title, hasReferenceData: false, rows: rows)
      }
      let mappedExactly = Set(mapped.map(\.reference))
      let rows = data.references.filter { $0.key || mappedExactly.contains($0.id) }.map { reference in
        let found = covering { reference.covers($0) }
        return Row(
          framework: declared.id, reference: reference.id, title: reference.title, key: reference.key,
          binds: reference.binds, controls: found.direct, supportingControls: found.supporting)
      }
      return FrameworkCoverage(id: declared.id, title: data.title, hasReferenceData: true, rows: rows)
    }
  }
}
