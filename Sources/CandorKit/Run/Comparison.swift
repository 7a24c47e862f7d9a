import CandorXML

/// Several vendors assessed against one questionnaire, ranked.
public struct Comparison: Sendable {
  /// The assessments, best first: by verified score, then rating, then say-do gap, then vendor id.
  public var ranked: [Assessment]
  public var verdicts: [String: PolicyVerdict]
  public var policy: Policy?

  public init(_ assessments: [Assessment], verdicts: [String: PolicyVerdict] = [:], policy: Policy? = nil) {
    ranked = assessments.sorted { a, b in
      let (va, vb) = (a.verified ?? -1, b.verified ?? -1)
      if va != vb { return va > vb }
      if a.rating != b.rating { return a.rating < b.rating }
      let (ga, gb) = (a.sayDoGap ?? 0, b.sayDoGap ?? 0)
      if ga != gb { return ga < gb }
      return a.vendor.id < b.vendor.id
    }
    self.verdicts = verdicts
    self.policy = policy
  }

  /// For each domain, each vendor's verified score, with the best and worst marked.
  public struct DomainRow: Sendable {
    public var domain: Domain
    /// In ranking order; nil where the domain is not applicable for a vendor.
    public var verified: [Double?]
    public var best: Set<Int>
    public var worst: Set<Int>
  }

  public var domainMatrix: [DomainRow] {
    guard let first = ranked.first else { return [] }
    return first.questionnaire.domains.enumerated().map { index, domain in
      let values = ranked.map { $0.domains[index].verified }
      let present = values.compactMap { $0 }
      let high = present.max()
      let low = present.min()
      var best = Set<Int>()
      var worst = Set<Int>()
      if ranked.count > 1, let high, let low, high != low {
        for (column, value) in values.enumerated() {
          if let value, abs(value - high) < 1e-12 { best.insert(column) }
          if let value, abs(value - low) < 1e-12 { worst.insert(column) }
        }
      }
      return DomainRow(domain: domain, verified: values, best: best, worst: worst)
    }
  }
}

/// Writes `comparison.xml`: a `<comparison>` with the ranking and one `<report>` per vendor.
public enum ComparisonXML {
  public static func document(_ comparison: Comparison) -> String {
    let writer = XMLWriter()
    writer.startElement("comparison", namespace: DocumentKind.comparison.namespace)
    let questionnaire = comparison.ranked.first?.questionnaire
    writer.attribute("questionnaire", questionnaire?.id ?? "")
    writer.attribute("questionnaire-version", questionnaire?.version ?? "")
    writer.attribute("generator", ReportXML.generator)
    writer.attribute("policy", comparison.policy?.id)
    for (index, a) in comparison.ranked.enumerated() {
      writer.element(
        "rank",
        attributes: [
          "position": String(index + 1), "vendor": a.vendor.id, "verified": a.verified.map(Format.percent),
          "claimed": a.claimed.map(Format.percent), "say-do-gap": a.sayDoGap.map(Format.percent),
          "rating": a.rating.rawValue, "transparency": a.transparency.value.map(Format.percent),
          "gates": String(a.gates.count), "contradictions": String(a.contradictions.count),
          "strong-contradictions": String(a.contradictions.filter { $0.confidence.isAtLeast(.corroborated) }.count),
          "policy-passed": comparison.verdicts[a.vendor.id].map { String($0.passed) },
        ])
    }
    for assessment in comparison.ranked {
      ReportXML.write(
        assessment, policy: comparison.verdicts[assessment.vendor.id], to: writer, declareNamespace: false)
    }
    writer.endElement()
    return writer.finish()
  }
}

/// Renders `comparison.md` and draws the comparison chart.
public enum ComparisonMarkdown {
  public static func render(_ comparison: Comparison, templates: ReportTemplates, chartFile: String?) -> String {
    templates.render("comparison.md", context(comparison, chartFile: chartFile))
  }

  public static func context(_ comparison: Comparison, chartFile: String?) -> [String: Any] {
    let percent: (Double?) -> String = { $0.map(Format.percent) ?? "n/a" }
    let first = comparison.ranked.first
    var context: [String: Any] = [
      "questionnaireTitle": first?.questionnaire.title ?? "",
      "questionnaireID": first?.questionnaire.id ?? "",
      "questionnaireVersion": first?.questionnaire.version ?? "",
      "vendorCount": String(comparison.ranked.count),
      "generator": ReportXML.generator,
      "hasChart": chartFile != nil,
      "chartFile": chartFile ?? "",
      "hasPolicy": comparison.policy != nil,
      "policyID": comparison.policy?.id ?? "",
      "policyTitle": comparison.policy?.title ?? "",
    ]
    context["ranking"] = comparison.ranked.enumerated().map { index, a -> [String: Any] in
      let verdict = comparison.verdicts[a.vendor.id]
      return [
        "position": String(index + 1), "vendorID": a.vendor.id, "vendorName": a.vendor.name,
        "rating": a.rating.rawValue, "verified": percent(a.verified), "claimed": percent(a.claimed),
        "gap": percent(a.sayDoGap), "transparency": percent(a.transparency.value), "gates": String(a.gates.count),
        "contradictions": String(a.contradictions.count),
        "strongContradictions": String(a.contradictions.filter { $0.confidence.isAtLeast(.corroborated) }.count),
        "asOf": a.asOf.description, "report": "\(a.vendor.id).report.md",
        "policy": verdict.map { $0.passed ? "passed" : "FAILED" } ?? "",
        "hasFailedRequirements": verdict.map { !$0.passed } ?? false,
        "failedRequirements": verdict.map {
          $0.requirements.filter { !$0.met }.map(\.explanation).joined(separator: "; ")
        } ?? "",
      ]
    }
    context["vendorColumns"] = comparison.ranked.map { ["id": $0.vendor.id] }
    context["domains"] = comparison.domainMatrix.map { row -> [String: Any] in
      [
        "id": row.domain.id, "title": row.domain.title,
        "cells": row.verified.enumerated().map { column, value -> [String: Any] in
          let mark = row.best.contains(column) ? " (best)" : row.worst.contains(column) ? " (worst)" : ""
          return ["value": percent(value) + mark]
        },
      ]
    }
    context["gates"] = comparison.ranked.flatMap { a in
      a.gates.map { ["vendor": a.vendor.id, "effect": $0.effect.rawValue, "reason": $0.reason] }
    }
    context["hasGates"] = comparison.ranked.contains { !$0.gates.isEmpty }
    return context
  }

  /// Verified (and claimed) score per vendor, in ranking order.
  public static func chart(_ comparison: Comparison) -> String {
    ReportChart.svg(
      title: "Verified and claimed score per vendor",
      legend: ["claimed", "verified"],
      rows: comparison.ranked.map {
        ReportChart.Series(label: "\($0.vendor.name) (\($0.rating.rawValue))", values: [$0.claimed, $0.verified])
      })
  }
}

/// Runs `candor compare`: every vendor's reports, plus comparison.md, comparison.xml and comparison.svg, all
/// written together.
public enum CompareRun {
  public static func run(_ configuration: RunConfiguration) throws(InputError) -> (RunOutcome, Comparison) {
    let templates =
      try configuration.templatesDirectory.map { path throws(InputError) in
        try ReportTemplates.load(directory: path)
      } ?? ReportTemplates.bundled()
    let policy = try configuration.policy.map { path throws(InputError) in
      try PolicyLoader.load(path, limits: configuration.limits)
    }
    let inputs = try AssessRun.load(configuration)
    if let policy, let path = configuration.policy {
      let problems = PolicyLoader.check(policy, against: inputs.questionnaire, file: path)
      if !problems.isEmpty { throw InputError(problems) }
    }
    let assessments = AssessRun.assess(inputs, configuration)
    var verdicts: [String: PolicyVerdict] = [:]
    var files: [ReportFileWriter.File] = []
    for assessment in assessments {
      let verdict = policy.map { PolicyEvaluator.evaluate($0, assessment) }
      verdicts[assessment.vendor.id] = verdict
      files += AssessRun.reportFiles(
        assessment, formats: configuration.formats, templates: templates, policy: verdict)
    }
    let comparison = Comparison(assessments, verdicts: verdicts, policy: policy)
    let chartFile = configuration.formats.contains(.svg) ? "comparison.svg" : nil
    if configuration.formats.contains(.md) {
      files.append(
        .init(
          name: "comparison.md",
          content: ComparisonMarkdown.render(comparison, templates: templates, chartFile: chartFile)))
    }
    if configuration.formats.contains(.xml) {
      files.append(.init(name: "comparison.xml", content: ComparisonXML.document(comparison)))
    }
    if let chartFile { files.append(.init(name: chartFile, content: ComparisonMarkdown.chart(comparison))) }
    let written = try ReportFileWriter.write(files, to: configuration.outputDirectory)
    return (
      RunOutcome(assessments: comparison.ranked, verdicts: verdicts, written: written, warnings: inputs.warnings),
      comparison
    )
  }
}
