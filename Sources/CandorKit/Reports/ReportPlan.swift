/// What every report on one questionnaire shares, worked out once per run instead of once per vendor: the rows of
/// the regulation coverage (which framework references each control covers, with the reference titles).
///
/// Internal: a run builds it from the questionnaire its vendors are assessed against. A report rendered without one
/// builds its own, with the same result.
struct ReportPlan: Sendable {
  /// One coverage row without the vendor's scores: the reference and the controls that cover it.
  struct CoverageRow: Sendable {
    var framework: String
    var reference: String
    var title: String?
    /// The covering controls, with their position in the questionnaire's controls.
    var controls: [(id: String, title: String, index: Int)]
  }

  let coverage: [CoverageRow]
  /// The questionnaire's control ids in order, to check that an assessment was made against it.
  let controlIDs: [String]

  init(questionnaire: Questionnaire, catalog: FrameworkCatalog = InputLoader.bundledCatalog) {
    let controls = questionnaire.controls
    controlIDs = controls.map(\.id)
    var position: [String: Int] = [:]
    for (index, control) in controls.enumerated() where position[control.id] == nil { position[control.id] = index }
    let matrix = CoverageMatrix(questionnaire: questionnaire, catalog: catalog)
    coverage = matrix.frameworks.flatMap { framework in
      framework.rows.map { row in
        CoverageRow(
          framework: row.framework, reference: row.reference, title: row.title,
          controls: row.controls.map { ($0.id, $0.title, position[$0.id] ?? 0) })
      }
    }
  }

  /// Whether `assessment` is of the questionnaire this plan was made for (the same controls in the same order).
  func fits(_ assessment: Assessment) -> Bool {
    var index = 0
    for domain in assessment.domains {
      for score in domain.controls {
        guard index < controlIDs.count, controlIDs[index] == score.control.id else { return false }
        index += 1
      }
    }
    return index == controlIDs.count
  }
}
