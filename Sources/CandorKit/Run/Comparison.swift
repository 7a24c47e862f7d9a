import CandorXML
import Foundation

/// Several vendors assessed against one questionnaire, ranked.
public struct Comparison: Sendable {
  public var questionnaire: Questionnaire
  /// The vendors, best first: by verified score, then rating, then say-do gap, then vendor id.
  public var ranked: [VendorSummary]
  public var policy: Policy?

  public init(questionnaire: Questionnaire, vendors: [VendorSummary], policy: Policy? = nil) {
    self.questionnaire = questionnaire
    ranked = vendors.sorted { a, b in
      let (va, vb) = (a.verified ?? -1, b.verified ?? -1)
      if va != vb { return va > vb }
      if a.rating != b.rating { return a.rating < b.rating }
      let (ga, gb) = (a.sayDoGap ?? 0, b.sayDoGap ?? 0)
      if ga != gb { return ga < gb }
      return a.vendor.id < b.vendor.id
    }
    self.policy = policy
  }

  /// A comparison of assessments held in memory.
  public init(_ assessments: [Assessment], verdicts: [String: PolicyVerdict] = [:], policy: Policy? = nil) {
    self.init(
      questionnaire: assessments.first?.questionnaire
        ?? Questionnaire(
          id: "", version: "", title: "", description: nil, frameworks: [], behaviours: [], profile: .default,
          overridesProfile: false, domains: [], location: SourceLocation(file: "", line: 0, column: 0)),
      vendors: assessments.map { VendorSummary($0, verdict: verdicts[$0.vendor.id]) }, policy: policy)
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
    questionnaire.domains.enumerated().map { index, domain in
      let values = ranked.map { index < $0.domainVerified.count ? $0.domainVerified[index] : nil }
      let present = values.compactMap { $0 }
      var best = Set<Int>()
      var worst = Set<Int>()
      if ranked.count > 1, let high = present.max(), let low = present.min(), high != low {
        for (column, value) in values.enumerated() {
          if let value, abs(value - high) < 1e-12 { best.insert(column) }
          if let value, abs(value - low) < 1e-12 { worst.insert(column) }
        }
      }
      return DomainRow(domain: domain, verified: values, best: best, worst: worst)
    }
  }
}

/// Writes `comparison.xml`: a `<comparison>` with the ranking and one `<report>` per vendor, in ranking order.
public enum ComparisonXML {
  /// The document's opening (declaration, `<comparison>` and the ranking) and its closing tag; each vendor's
  /// `<report>` goes between them.
  public static func frame(_ comparison: Comparison) -> (opening: String, closing: String) {
    let writer = XMLWriter()
    writer.startElement("comparison", namespace: DocumentKind.comparison.namespace)
    writer.attribute("questionnaire", comparison.questionnaire.id)
    writer.attribute("questionnaire-version", comparison.questionnaire.version)
    writer.attribute("generator", ReportXML.generator)
    writer.attribute("policy", comparison.policy?.id)
    for (index, vendor) in comparison.ranked.enumerated() {
      writer.element(
        "rank",
        attributes: [
          "position": String(index + 1), "vendor": vendor.vendor.id, "verified": vendor.verified.map(Format.percent),
          "claimed": vendor.claimed.map(Format.percent), "say-do-gap": vendor.sayDoGap.map(Format.percent),
          "rating": vendor.rating.rawValue, "transparency": vendor.transparency.map(Format.percent),
          "gates": String(vendor.gates.count), "contradictions": String(vendor.contradictions),
          "strong-contradictions": String(vendor.strongContradictions),
          "policy-passed": vendor.verdict.map { String($0.passed) },
        ])
    }
    let text = writer.finish()
    let closing = "</comparison>\n"
    precondition(text.hasSuffix(closing), "the writer closes the comparison element last")
    return (String(text.dropLast(closing.count)), closing)
  }

  /// A vendor's report.xml as an element to embed: without its XML declaration.
  public static func fragment(ofReport document: String) -> String {
    guard document.hasPrefix("<?xml"), let newline = document.firstIndex(of: "\n") else { return document }
    return String(document[document.index(after: newline)...])
  }

  /// The whole document, for assessments held in memory.
  public static func document(_ comparison: Comparison, reports: [String: String]) -> String {
    let (opening, closing) = frame(comparison)
    return opening + comparison.ranked.map { fragment(ofReport: reports[$0.vendor.id] ?? "") }.joined() + closing
  }

  /// The whole document for `assessments`.
  public static func document(_ assessments: [Assessment], verdicts: [String: PolicyVerdict] = [:]) -> String {
    let comparison = Comparison(assessments, verdicts: verdicts)
    let reports = Dictionary(
      assessments.map { ($0.vendor.id, ReportXML.document($0, policy: verdicts[$0.vendor.id])) },
      uniquingKeysWith: { first, _ in first })
    return document(comparison, reports: reports)
  }
}

/// Renders `comparison.md` and draws the comparison chart.
public enum ComparisonMarkdown {
  public static func render(_ comparison: Comparison, templates: ReportTemplates, chartFile: String?) -> String {
    templates.render("comparison.md", context(comparison, chartFile: chartFile))
  }

  public static func context(_ comparison: Comparison, chartFile: String?) -> [String: Any] {
    let percent: (Double?) -> String = { $0.map(Format.percent) ?? "n/a" }
    var context: [String: Any] = [
      "questionnaireTitle": comparison.questionnaire.title,
      "questionnaireID": comparison.questionnaire.id,
      "questionnaireVersion": comparison.questionnaire.version,
      "vendorCount": String(comparison.ranked.count),
      "generator": ReportXML.generator,
      "hasChart": chartFile != nil,
      "chartFile": chartFile ?? "",
      "hasPolicy": comparison.policy != nil,
      "policyID": comparison.policy?.id ?? "",
      "policyTitle": comparison.policy?.title ?? "",
    ]
    context["ranking"] = comparison.ranked.enumerated().map { index, a -> [String: Any] in
      [
        "position": String(index + 1), "vendorID": a.vendor.id, "vendorName": a.vendor.name,
        "rating": a.rating.rawValue, "verified": percent(a.verified), "claimed": percent(a.claimed),
        "gap": percent(a.sayDoGap), "transparency": percent(a.transparency), "gates": String(a.gates.count),
        "contradictions": String(a.contradictions), "strongContradictions": String(a.strongContradictions),
        "asOf": a.asOf.description, "report": "\(a.vendor.id).report.md",
        "policy": a.verdict.map { $0.passed ? "passed" : "FAILED" } ?? "",
        "hasFailedRequirements": a.verdict.map { !$0.passed } ?? false,
        "failedRequirements": a.verdict.map {
          $0.requirements.filter { !$0.met }.map(\.explanation).joined(separator: "; ")
        }
          ?? "",
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
/// moved into place together.
public enum CompareRun {
  public static func run(_ configuration: RunConfiguration, progress: RunProgress? = nil) throws(InputError)
    -> (RunOutcome, Comparison)
  {
    let context = try RunContext(configuration)
    if configuration.formats.contains(.md) { context.templates.prepare(["comparison.md"]) }
    let output = try StagedOutput(directory: configuration.outputDirectory)
    let results = VendorPipeline.run(context, output: output, progress: progress)
    var comparison = Comparison(questionnaire: context.questionnaire, vendors: [], policy: context.policy)
    let outcome = try results.finish(output: output, keepGoing: configuration.keepGoing) {
      (output, summaries) throws(InputError) in
      comparison = Comparison(questionnaire: context.questionnaire, vendors: summaries, policy: context.policy)
      try stageComparison(comparison, formats: configuration.formats, templates: context.templates, output: output)
    }
    return (
      RunOutcome(
        vendors: comparison.ranked, written: outcome.written, diagnostics: outcome.diagnostics,
        incomplete: outcome.incomplete), comparison
    )
  }

  /// Stages comparison.md, comparison.svg and comparison.xml; the XML is assembled from the vendors' staged
  /// report.xml files (copied on every core, a buffer per thread), so that memory does not grow with the number of
  /// vendors.
  static func stageComparison(
    _ comparison: Comparison, formats: Set<ReportFormat>, templates: ReportTemplates, output: StagedOutput
  ) throws(InputError) {
    let chartFile = formats.contains(.svg) ? "comparison.svg" : nil
    if formats.contains(.md) {
      try output.stage(
        "comparison.md", ComparisonMarkdown.render(comparison, templates: templates, chartFile: chartFile))
    }
    if let chartFile { try output.stage(chartFile, ComparisonMarkdown.chart(comparison)) }
    guard formats.contains(.xml) else { return }
    let (opening, closing) = ComparisonXML.frame(comparison)
    var assembly = FileAssembly()
    assembly.append(Array(opening.utf8))
    for vendor in comparison.ranked {
      guard let path = output.temporaryPath(for: "\(vendor.vendor.id).report.xml") else { continue }
      do throws(FileAssembly.Failure) {
        try assembly.appendXMLBody(ofFileAt: path)
      } catch {
        let final = (output.directory as NSString).appendingPathComponent("comparison.xml")
        throw InputError(at: SourceLocation(file: final, line: 0, column: 0), error.message)
      }
    }
    assembly.append(Array(closing.utf8))
    try output.stage("comparison.xml") { (descriptor) throws(StagedOutput.StageFailure) in
      do throws(FileAssembly.Failure) {
        try assembly.write(to: descriptor)
      } catch {
        throw StagedOutput.StageFailure(message: error.message)
      }
    }
  }
}
