import CandorXML

/// `candor catalog`: the questionnaire's domains and controls, and per framework the coverage matrix.
public enum CatalogOutput {
  /// The Markdown catalog.
  public static func markdown(
    _ questionnaire: Questionnaire, catalog: FrameworkCatalog, framework: String?, templates: ReportTemplates
  ) -> String {
    templates.render("catalog.md", context(questionnaire, catalog: catalog, framework: framework))
  }

  public static func context(_ questionnaire: Questionnaire, catalog: FrameworkCatalog, framework: String?)
    -> [String: Any]
  {
    let matrix = CoverageMatrix(questionnaire: questionnaire, catalog: catalog, onlyFramework: framework)
    let mappings = questionnaire.controls.flatMap(\.mappings)
    var context: [String: Any] = [
      "title": questionnaire.title, "id": questionnaire.id, "version": questionnaire.version,
      "domainCount": String(questionnaire.domains.count), "controlCount": String(questionnaire.controls.count),
      "questionCount": String(questionnaire.questions.count),
      "behaviourCount": String(questionnaire.behaviours.count),
      "criticalCount": String(questionnaire.controls.filter(\.critical).count),
      "mappingCount": String(mappings.count), "directCount": String(mappings.filter(\.isDirect).count),
      "supportingCount": String(mappings.filter { !$0.isDirect }.count),
      "showControls": framework == nil,
    ]
    context["domains"] = questionnaire.domains.map { domain -> [String: Any] in
      [
        "id": domain.id, "title": domain.title, "weight": Format.number(domain.weight),
        "transparency": domain.transparency,
        "controls": domain.controls.map { control -> [String: Any] in
          [
            "id": control.id, "title": control.title, "critical": control.critical, "owner": control.owner.rawValue,
            "weight": Format.number(control.weight), "questions": String(control.questions.count),
            "contradictedBy": control.contradictedBy.joined(separator: ", "),
            "mappings": control.mappings.map {
              "\($0.framework) \($0.reference)" + ($0.isDirect ? "" : " (supporting)")
            }.joined(separator: "; "),
          ]
        },
      ]
    }
    context["frameworks"] = matrix.frameworks.map { coverage -> [String: Any] in
      let data = catalog.framework(coverage.id)
      let mapped = questionnaire.controls.flatMap(\.mappings).filter { $0.framework == coverage.id }
      let supportedOnly = coverage.supportedOnlyKeyReferences
      let uncovered = coverage.uncoveredKeyReferences
      return [
        "id": coverage.id, "title": coverage.title, "hasData": coverage.hasReferenceData,
        "directCount": String(mapped.filter(\.isDirect).count),
        "supportingCount": String(mapped.filter { !$0.isDirect }.count),
        "notes": (data?.notes ?? []).map { ["text": $0] },
        "hasBinds": coverage.rows.contains { $0.binds != nil },
        "rows": coverage.rows.map { row -> [String: Any] in
          [
            "reference": row.reference, "title": row.title ?? "", "key": row.key, "binds": row.binds ?? "",
            "controls": row.controls.isEmpty ? "—" : row.controls.map(\.id).joined(separator: ", "),
            "supporting": row.supportingControls.isEmpty
              ? "—" : row.supportingControls.map(\.id).joined(separator: ", "),
          ]
        },
        "uncoveredList": uncovered.map { "\($0.reference) (\($0.title ?? ""))" }.joined(separator: "; "),
        "hasUncovered": !uncovered.isEmpty,
        "supportedOnlyList": supportedOnly.map { row in
          "\(row.reference) (\(row.title ?? "")), supported by "
            + row.supportingControls.map(\.id).joined(separator: ", ")
        }.joined(separator: "; "),
        "hasSupportedOnly": !supportedOnly.isEmpty,
        "hasGaps": !uncovered.isEmpty || !supportedOnly.isEmpty,
        "calendars": (data?.calendars ?? []).map { calendar -> [String: Any] in
          [
            "profile": calendar.profile, "title": calendar.title, "status": calendar.statusText,
            "sources": calendar.sources.map { ["title": $0.title, "url": $0.url ?? ""] },
            "milestones": calendar.milestones.map { ["date": $0.date.description, "text": $0.text] },
          ]
        },
      ]
    }
    return context
  }

  /// The XML catalog (`<catalog>` in `urn:candor:report:1`).
  public static func xml(_ questionnaire: Questionnaire, catalog: FrameworkCatalog, framework: String?) -> String {
    let matrix = CoverageMatrix(questionnaire: questionnaire, catalog: catalog, onlyFramework: framework)
    let writer = XMLWriter()
    writer.startElement("catalog", namespace: DocumentKind.report.namespace)
    writer.attribute("questionnaire", questionnaire.id)
    writer.attribute("questionnaire-version", questionnaire.version)
    writer.attribute("generator", ReportXML.generator)
    if framework == nil {
      for domain in questionnaire.domains {
        writer.startElement("domain")
        writer.attribute("id", domain.id)
        writer.attribute("title", domain.title)
        writer.attribute("weight", Format.number(domain.weight))
        writer.attribute("transparency", String(domain.transparency))
        for control in domain.controls {
          writer.startElement("control")
          writer.attribute("id", control.id)
          writer.attribute("title", control.title)
          writer.attribute("weight", Format.number(control.weight))
          writer.attribute("critical", String(control.critical))
          writer.attribute("owner", control.owner.rawValue)
          writer.attribute("questions", String(control.questions.count))
          for mapping in control.mappings {
            writer.element(
              "mapping",
              attributes: [
                "framework": mapping.framework, "ref": mapping.reference, "strength": mapping.strength.rawValue,
              ])
          }
          for behaviour in control.contradictedBy {
            writer.element("contradicted-by", attributes: ["behaviour": behaviour])
          }
          writer.endElement()
        }
        writer.endElement()
      }
    }
    for coverage in matrix.frameworks {
      let data = catalog.framework(coverage.id)
      writer.startElement("framework")
      writer.attribute("id", coverage.id)
      writer.attribute("title", coverage.title)
      writer.attribute("reference-data", String(coverage.hasReferenceData))
      for note in data?.notes ?? [] { writer.element("note", text: note) }
      for row in coverage.rows {
        let reference = data?.reference(row.reference)
        writer.startElement("reference")
        writer.attribute("ref", row.reference)
        writer.attribute("title", row.title)
        writer.attribute("key", String(row.key))
        writer.attribute(
          "party", reference.flatMap { $0.parties.isEmpty ? nil : $0.parties.map(\.rawValue) }?.joined(separator: " "))
        writer.attribute("condition", reference?.condition?.rawValue)
        writer.attribute("covered", String(row.isCovered))
        writer.attribute("supported", String(!row.supportingControls.isEmpty))
        for control in row.controls { writer.element("covered-by", attributes: ["control": control.id]) }
        for control in row.supportingControls {
          writer.element("supported-by", attributes: ["control": control.id])
        }
        writer.endElement()
      }
      for calendar in data?.calendars ?? [] {
        writer.startElement("calendar")
        writer.attribute("profile", calendar.profile)
        writer.attribute("title", calendar.title)
        writer.attribute("status", calendar.status.rawValue)
        writer.attribute("official-journal", calendar.officialJournal)
        for source in calendar.sources { writer.element("source", attributes: ["url": source.url], text: source.title) }
        for milestone in calendar.milestones {
          writer.element("milestone", attributes: ["date": milestone.date.description], text: milestone.text)
        }
        writer.endElement()
      }
      writer.endElement()
    }
    writer.endElement()
    return writer.finish()
  }
}

/// Runs `candor catalog`.
public enum CatalogRun {
  public static func run(
    questionnaire path: String?, framework given: String?, xml: Bool, templates directory: String?, limits: XMLLimits
  ) throws(InputError) -> String {
    let source = try InputFiles.questionnaire(path, maxBytes: limits.maxBytes)
    let questionnaire = try InputLoader.questionnaire(source, limits: limits).0
    // The framework's id in any case: --framework EU-AI-Act is eu-ai-act.
    let ids = questionnaire.frameworks.map(\.id)
    let framework = try given.map { (given: String) throws(InputError) -> String in
      if let id = ids.first(where: { $0.lowercased() == given.lowercased() }) { return id }
      throw InputError(
        at: .init(file: "--framework", line: 0, column: 0),
        "questionnaire \"\(questionnaire.id)\" does not map to framework \"\(given)\"; it maps to "
          + ids.joined(separator: ", ")
          + (Suggestion.closest(to: given, in: ids).map { "; did you mean \($0)?" } ?? ""))
    }
    if xml { return CatalogOutput.xml(questionnaire, catalog: InputLoader.bundledCatalog, framework: framework) }
    let templates =
      try directory.map { path throws(InputError) in try ReportTemplates.load(directory: path) }
      ?? ReportTemplates.bundled()
    return CatalogOutput.markdown(
      questionnaire, catalog: InputLoader.bundledCatalog, framework: framework, templates: templates)
  }
}
