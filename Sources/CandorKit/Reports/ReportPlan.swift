import CandorXML

/// What every report on one questionnaire shares, worked out once per run instead of once per vendor: the rows of
/// the regulation coverage (which framework references each control covers, with the reference titles) and the
/// attributes that every report.xml writes the same.
///
/// Internal: a run builds it from the questionnaire its vendors are assessed against. A report rendered without one
/// builds its own, with the same result.
struct ReportPlan: Sendable {
  /// One coverage row without the vendor's scores: the reference and the controls that cover or support it.
  struct CoverageRow: Sendable {
    var framework: String
    var reference: String
    var title: String?
    /// The covering controls (a direct mapping), with their position in the questionnaire's controls.
    var controls: [(id: String, title: String, index: Int)]
    /// The controls whose mappings to the reference are all supporting, with their position.
    var supporting: [(id: String, title: String, index: Int)]
  }

  /// The attributes that are the same in every report.xml, written once: start tags of the domains, controls
  /// (with their mappings), questions (per control) and coverage rows, and the profile's settings.
  struct XMLParts: Sendable {
    var domains: [[UInt8]]
    var controls: [[UInt8]]
    var mappings: [[[UInt8]]]
    var questions: [[[UInt8]]]
    var coverage: [[UInt8]]
    /// The profile the settings are written for.
    var profile: ScoringProfile
    var settings: [[UInt8]]
  }

  let coverage: [CoverageRow]
  let xml: XMLParts
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
          controls: row.controls.map { ($0.id, $0.title, position[$0.id] ?? 0) },
          supporting: row.supportingControls.map { ($0.id, $0.title, position[$0.id] ?? 0) })
      }
    }
    xml = XMLParts(
      domains: questionnaire.domains.map { domain in
        XMLWriter.attributeBytes([
          "id": domain.id, "title": domain.title, "weight": Format.number(domain.weight),
          "transparency": String(domain.transparency),
        ])
      },
      controls: controls.map { control in
        XMLWriter.attributeBytes([
          "id": control.id, "title": control.title, "weight": Format.number(control.weight),
          "critical": String(control.critical), "owner": control.owner.rawValue,
        ])
      },
      mappings: controls.map { control in
        control.mappings.map {
          XMLWriter.attributeBytes(["framework": $0.framework, "ref": $0.reference, "strength": $0.strength.rawValue])
        }
      },
      questions: controls.map { control in
        control.questions.map { XMLWriter.attributeBytes(["id": $0.id, "weight": Format.number($0.weight)]) }
      },
      coverage: coverage.map {
        XMLWriter.attributeBytes(["framework": $0.framework, "ref": $0.reference, "title": $0.title])
      },
      profile: questionnaire.profile,
      settings: ProfileDescription.settings(questionnaire.profile).map {
        XMLWriter.attributeBytes(["name": $0.0, "value": $0.1])
      })
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
