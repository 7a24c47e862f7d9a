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

  /// Whether no vendor of the comparison had incident data.
  public var lacksIncidentData: Bool { ranked.contains { $0.incidentData == .none } }
}

/// Writes `comparison.xml`: per vendor, in ranking order, the summary (every number of the report's `<summary>`),
/// the domain scores, the policy verdict and a reference (file name, media type, SHA-256) to each of its report
/// files. It does not embed the reports: the references make it verifiable (`candor validate` checks them).
public enum ComparisonXML {
  public static func document(_ comparison: Comparison) -> String {
    writer(comparison).finish()
  }

  /// The comparison written, unfinished: ``XMLWriter/withFinishedBytes(_:)`` hands its bytes on without a copy.
  static func writer(_ comparison: Comparison) -> XMLWriter {
    // About 2 KB a vendor with the shipped questionnaire; reserved pages that are never written cost no memory.
    let writer = XMLWriter(capacity: 4_096 + comparison.ranked.count * 4_096)
    writer.startElement("comparison", namespace: DocumentKind.comparison.namespace)
    writer.attribute("questionnaire", comparison.questionnaire.id)
    writer.attribute("questionnaire-version", comparison.questionnaire.version)
    writer.attribute("generator", ReportXML.generator)
    writer.attribute("policy", comparison.policy?.id)
    let domains = comparison.questionnaire.domains
    for (index, vendor) in comparison.ranked.enumerated() {
      writer.startElement("vendor")
      writer.attribute("position", String(index + 1))
      writer.attribute("id", vendor.vendor.id)
      writer.attribute("name", vendor.vendor.name)
      writer.attribute("as-of", vendor.asOf.description)
      vendor.writeSummary(to: writer)
      for (position, domain) in domains.enumerated() {
        writer.startElement("domain")
        writer.attribute("id", domain.id)
        writer.attribute(
          "claimed", position < vendor.domainClaimed.count ? vendor.domainClaimed[position].map(Format.percent) : nil)
        writer.attribute(
          "verified",
          position < vendor.domainVerified.count ? vendor.domainVerified[position].map(Format.percent) : nil)
        writer.endElement()
      }
      for control in vendor.gatedControls {
        writer.startElement("gated-control")
        writer.attribute("control", control.controlID)
        writer.attribute("effect", control.effect.rawValue)
        writer.text(control.reason)
        writer.endElement()
      }
      if let verdict = vendor.verdict { ReportXML.writePolicy(verdict, to: writer) }
      for file in vendor.files {
        writer.startElement("report-file")
        writer.attribute("name", file.name)
        writer.attribute("media-type", file.mediaType)
        writer.attribute("sha256", file.sha256)
        writer.endElement()
      }
      writer.endElement()
    }
    writer.endElement()
    return writer
  }
}

/// A comparison as a ``ReportDocument``: the ranking with a legend, the chart, the policy verdicts, the verified
/// score per domain and the gated controls; Markdown and HTML are rendered from it.
public enum ComparisonReport {
  /// The most vendors the domain matrix shows side by side.
  public static let matrixColumns = 20

  /// The comparison's document; `chart` is the chart's file name when one is written, `reportExtension` the
  /// extension the vendor reports are linked with ("md" or "html").
  public static func document(_ comparison: Comparison, chart: String?, reportExtension: String) -> ReportDocument {
    let c = comparison
    let percent: (Double?) -> String = { $0.map(Format.percent) ?? "n/a" }
    var blocks: [ReportDocument.Block] = []
    var intro =
      "\(c.ranked.count) vendor\(c.ranked.count == 1 ? "" : "s") assessed against \(c.questionnaire.title) "
      + "(\(c.questionnaire.id) \(c.questionnaire.version))"
    if let policy = c.policy { intro += ", with policy \(policy.id) (\(policy.title))" }
    blocks.append(.paragraph([.t(intro + ".")]))
    let withoutData = c.ranked.filter { $0.incidentData == .none }.map(\.vendor.id)
    if !withoutData.isEmpty {
      blocks.append(
        .callout(
          .warning,
          [
            .t(
              "No incident data for \(Format.list(withoutData)): the say-do comparison was not made for "
                + (withoutData.count == c.ranked.count ? "any vendor" : "them")
                + ", so no contradiction can show; their transparency index rests on their answers alone.")
          ]))
    }
    let incomplete = c.ranked.filter { !$0.completeness.isComplete }
    if !incomplete.isEmpty {
      blocks.append(
        .callout(
          .warning,
          [
            .t(
              "Incomplete responses: "
                + incomplete.map { "\($0.vendor.id) (\($0.completeness.text))" }.joined(separator: ", ")
                + ". Unanswered questions count 0.")
          ]))
    }
    let rows = c.ranked.enumerated().map { index, v -> [[ReportDocument.Inline]] in
      var row: [[ReportDocument.Inline]] = [
        [.t(String(index + 1))],
        [
          .link([.t(v.vendor.name)], target: .file("\(v.vendor.id).report.\(reportExtension)")), .lineBreak,
          .code(v.vendor.id),
        ],
        [.rating(v.rating, suffix: v.completeness.isComplete ? "" : " (incomplete)")],
        [.t(percent(v.verified))], [.t(percent(v.claimed))], [.t(percent(v.sayDoGap))], [.t(percent(v.transparency))],
        [.t("\(v.completeness.answered)/\(v.completeness.questions)")], [.t(v.incidentData.name)],
        [
          .t(
            v.incidentData == .none
              ? "not compared" : "\(v.contradictedControls.count) (\(v.contradictionFindings))")
        ],
        [.t(String(v.gatedControls.count))], [.t(v.asOf.description)],
      ]
      if c.policy != nil {
        row.append(v.verdict.map { $0.passed ? [.t("passed")] : [.b("FAILED")] } ?? [.t("")])
      }
      return row
    }
    var columns: [ReportDocument.Table.Column] = [
      .init("#", numeric: true), .init("Vendor"), .init("Rating", nowrap: true), .init("Verified", numeric: true),
      .init("Claimed", numeric: true), .init("Say-do gap", numeric: true), .init("Transparency", numeric: true),
      .init("Answered", numeric: true), .init("Incident data"),
      .init("Contradicted controls (findings)", numeric: true), .init("Gated controls", numeric: true),
      .init("As of", nowrap: true),
    ]
    if c.policy != nil { columns.append(.init("Policy")) }
    var section: [ReportDocument.Block] = [
      .table(
        ReportDocument.Table(
          columns: columns, rows: rows,
          legend: [
            .t(
              "Ranked by verified score. Rating: the risk the vendor's agents pose, from the verified score and the "
                + "gates. Verified: what survives evidence, ownership and observed incidents (0–100); claimed: what "
                + "the answers claim; say-do gap: claimed minus verified. Transparency: candour about incidents "
                + "(0–100). Answered: scored questions answered, of all. Incident data: none means the say-do "
                + "comparison was not made. Contradicted controls: claims contradicted at reported confidence or "
                + "stronger, with the control × behaviour × incident findings behind them in brackets (alleged "
                + "findings are not counted). Gated controls: critical controls that set a floor under the rating.")
          ]))
    ]
    section.append(
      .figure(
        ReportDocument.Figure(
          caption: "Verified, claimed and transparency per vendor", file: chart, svg: ComparisonChart.svg(c))))
    blocks.append(.section(ReportDocument.Section(id: "ranking", title: "Ranking", blocks: section)))
    if c.policy != nil {
      blocks.append(
        .section(
          ReportDocument.Section(
            id: "policy", title: "Policy verdicts",
            blocks: [
              .list(
                ordered: false,
                items: c.ranked.map { v in
                  guard let verdict = v.verdict else { return [.t(v.vendor.id)] }
                  let failed = verdict.requirements.filter { !$0.met }.map(\.explanation)
                  return [.t("\(v.vendor.id): "), verdict.passed ? .b("passed") : .b("FAILED")]
                    + (failed.isEmpty ? [] : [.t(". Not met: " + failed.joined(separator: "; "))])
                })
            ])))
    }
    let matrix = c.domainMatrix
    let shown = min(c.ranked.count, ComparisonReport.matrixColumns)
    blocks.append(
      .section(
        ReportDocument.Section(
          id: "domains", title: "Verified score by domain",
          blocks: [
            .table(
              ReportDocument.Table(
                columns: [.init("Domain")] + c.ranked.prefix(shown).map { .init($0.vendor.id, numeric: true) },
                rows: matrix.map { row in
                  [[.t("\(row.domain.id) \(row.domain.title)")]]
                    + row.verified.prefix(shown).enumerated().map { column, value in
                      let mark = row.best.contains(column) ? " (best)" : row.worst.contains(column) ? " (worst)" : ""
                      return [.t(percent(value) + mark)]
                    }
                },
                legend: [
                  .t(
                    "Verified score out of 100; best and worst marked per domain among all vendors; n/a: not "
                      + "applicable."
                      + (shown < c.ranked.count
                        ? " The first \(shown) vendors of the ranking are shown; every vendor's domain scores are in "
                          + "comparison.xml." : ""))
                ]))
          ])))
    let gated = c.ranked.flatMap { v in v.gatedControls.map { (v.vendor.id, $0) } }
    blocks.append(
      .section(
        ReportDocument.Section(
          id: "gates", title: "Gated controls",
          blocks: gated.isEmpty
            ? [.paragraph([.t("No gate fired.")])]
            : [
              .table(
                ReportDocument.Table(
                  columns: [.init("Vendor"), .init("Control"), .init("Rating at least"), .init("Why (worst reason)")],
                  rows: gated.map { vendor, control in
                    [
                      [.t(vendor)], [.t(control.controlID)], [.rating(control.effect, suffix: "")],
                      [.t(control.reason)],
                    ]
                  },
                  legend: [.t("One row per vendor and critical control; a control's other reasons are in its report.")]
                ))
            ])))
    blocks.append(.paragraph([.t("Generated by \(ReportXML.generator).")]))
    return ReportDocument(title: "Vendor comparison: governance of autonomous operations agents", blocks: blocks)
  }
}

/// The comparison chart: claimed, verified and transparency per vendor, each vendor's rating in words and colour.
enum ComparisonChart {
  static func svg(_ comparison: Comparison) -> String {
    ReportChart.svg(
      title: "Verified, claimed and transparency per vendor",
      legend: ["claimed", "verified", "transparency"],
      rows: comparison.ranked.map {
        ReportChart.Series(
          label: "\($0.vendor.name) (\($0.vendor.id))", rating: $0.rating,
          values: [$0.claimed, $0.verified, $0.transparency])
      })
  }
}

/// Renders `comparison.md` (from the comparison's document, or a user's `comparison.md.mustache`) and draws the
/// comparison chart.
public enum ComparisonMarkdown {
  public static func render(_ comparison: Comparison, templates: ReportTemplates, chartFile: String?) -> String {
    if templates.isUserTemplate("comparison.md") {
      return templates.render("comparison.md", context(comparison, chartFile: chartFile))
    }
    return MarkdownRenderer.render(ComparisonReport.document(comparison, chart: chartFile, reportExtension: "md"))
  }

  /// The values a user's `comparison.md.mustache` sees.
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
        "rating": a.rating.rawValue, "ratingText": a.ratingText, "verified": percent(a.verified),
        "claimed": percent(a.claimed), "gap": percent(a.sayDoGap), "transparency": percent(a.transparency),
        "gatedControls": String(a.gatedControls.count), "contradictedControls": String(a.contradictedControls.count),
        "contradictionFindings": String(a.contradictionFindings), "allegedFindings": String(a.allegedFindings),
        "answered": String(a.completeness.answered), "questions": String(a.completeness.questions),
        "incidentData": a.incidentData.name, "asOf": a.asOf.description, "report": "\(a.vendor.id).report.md",
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
      a.gatedControls.map { ["vendor": a.vendor.id, "effect": $0.effect.rawValue, "reason": $0.reason] }
    }
    context["hasGates"] = comparison.ranked.contains { !$0.gates.isEmpty }
    return context
  }

  /// Verified, claimed and transparency per vendor, in ranking order.
  public static func chart(_ comparison: Comparison) -> String { ComparisonChart.svg(comparison) }
}

/// Runs `candor compare`: every vendor's reports, plus comparison.md, .html, .xml and .svg, all moved into place
/// together.
public enum CompareRun {
  public static func run(_ configuration: RunConfiguration, progress: RunProgress? = nil) throws(InputError)
    -> (RunOutcome, Comparison)
  {
    let (output, folder, context) = try VendorPipeline.open(configuration, command: "compare")
    if configuration.formats.contains(.md), context.templates.isUserTemplate("comparison.md") {
      context.templates.prepare(["comparison.md"])
    }
    let results = VendorPipeline.run(context, output: output, progress: progress)
    var comparison = Comparison(questionnaire: context.questionnaire, vendors: [], policy: context.policy)
    let outcome = try results.finish(output: output, folder: folder, keepGoing: configuration.keepGoing) {
      (output, summaries) throws(InputError) in
      comparison = Comparison(questionnaire: context.questionnaire, vendors: summaries, policy: context.policy)
      return try stageComparison(
        comparison, formats: configuration.formats, templates: context.templates, output: output)
    }
    return (
      RunOutcome(
        vendors: comparison.ranked, written: outcome.written, diagnostics: outcome.diagnostics,
        incomplete: outcome.incomplete), comparison
    )
  }

  /// Stages comparison.md, comparison.html, comparison.svg and comparison.xml; returns them as written.
  static func stageComparison(
    _ comparison: Comparison, formats: Set<ReportFormat>, templates: ReportTemplates, output: StagedOutput
  ) throws(InputError) -> [ReportFileReference] {
    var staged: [ReportFileReference] = []
    func stage(_ name: String, _ bytes: UnsafeRawBufferPointer) throws(InputError) {
      try output.stage(name, buffer: bytes)
      staged.append(
        ReportFileReference(
          name: name, mediaType: ReportFileReference.mediaType(of: name), sha256: Digest.sha256(bytes)))
    }
    func stage(_ name: String, _ bytes: [UInt8]) throws(InputError) {
      try bytes.withUnsafeBytes { buffer in Result { () throws(InputError) in try stage(name, buffer) } }.get()
    }
    let chartFile = formats.contains(.svg) ? "comparison.svg" : nil
    if formats.contains(.md) {
      try stage(
        "comparison.md", Array(ComparisonMarkdown.render(comparison, templates: templates, chartFile: chartFile).utf8))
    }
    if formats.contains(.html) {
      try stage(
        "comparison.html",
        Array(
          HTMLRenderer.render(ComparisonReport.document(comparison, chart: chartFile, reportExtension: "html")).utf8))
    }
    if let chartFile { try stage(chartFile, Array(ComparisonMarkdown.chart(comparison).utf8)) }
    if formats.contains(.xml) {
      try ComparisonXML.writer(comparison).withFinishedBytes { (bytes) throws(InputError) in
        try stage("comparison.xml", bytes)
      }
    }
    return staged
  }
}
