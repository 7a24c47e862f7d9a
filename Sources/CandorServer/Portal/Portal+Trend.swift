import CandorKit
import CandorStore
import Foundation

extension Portal {
  /// A vendor across rounds: its verified score, say-do gap and transparency per submitted round, as a table and a
  /// chart, and the diff (CandorKit's ``DiffRun``) between its last two rounds of the same questionnaire.
  func trend(vendorID: String) async throws -> [String: Any] {
    let rows = try await store.submissions(vendorID: vendorID)
    guard let last = rows.last else {
      throw PortalError.notFound("No submitted round of vendor \"\(vendorID)\" yet.")
    }
    var model: [String: Any] = [
      "title": "\(last.participant.vendorName) across rounds", "vendorName": last.participant.vendorName,
      "vendorID": vendorID,
      "rounds": rows.map { row -> [String: Any] in
        [
          "name": row.round.name, "href": "/rounds/\(row.round.id ?? 0)", "asOf": row.submission.asOf,
          "rating": row.submission.rating, "verified": Shown.score(row.submission.verified),
          "gap": Shown.score(row.submission.sayDoGap), "transparency": Shown.score(row.submission.transparency),
          "claimed": Shown.score(row.submission.claimed),
        ]
      },
      "chart": TrendChart(rows.map { ($0.round.name, $0.submission) }).model,
      "single": rows.count == 1,
    ]
    // The diff of the last two rounds that answered the same questionnaire version.
    let comparable = rows.filter {
      $0.round.questionnaireID == last.round.questionnaireID
        && $0.round.questionnaireVersion == last.round.questionnaireVersion
    }
    if comparable.count >= 2 {
      let old = comparable[comparable.count - 2]
      let new = comparable[comparable.count - 1]
      let path = { (submission: Submission) in
        self.data.path("\(submission.folder)/reports/\(vendorID).report.xml")
      }
      do {
        let diff = try DiffRun.compare(
          old: try InputFiles.read(path(old.submission)), new: try InputFiles.read(path(new.submission)))
        model["diff"] = Self.diffModel(diff, oldName: old.round.name, newName: new.round.name)
      } catch {
        model["diffProblem"] = "The two latest reports could not be compared: \(error)"
      }
    }
    return model
  }

  static func diffModel(_ diff: RoundDiff, oldName: String, newName: String) -> [String: Any] {
    [
      "old": oldName, "new": newName, "oldRating": diff.old.rating.rawValue, "newRating": diff.new.rating.rawValue,
      "ratingTrend": diff.ratingTrend.rawValue.replacing("-", with: " "),
      "scores": diff.scores.map { score -> [String: Any] in
        [
          "measure": score.measure.replacing("-", with: " "), "old": score.old?.description ?? "n/a",
          "new": score.new?.description ?? "n/a", "change": score.change?.signed ?? "n/a",
        ]
      },
      "controls": diff.controls.map { control -> [String: Any] in
        [
          "id": control.id, "title": control.title, "trend": control.trend.rawValue.replacing("-", with: " "),
          "oldVerified": control.oldVerified?.description ?? "n/a",
          "newVerified": control.newVerified?.description ?? "n/a",
          "oldStatus": control.oldStatus, "newStatus": control.newStatus,
        ]
      },
      "hasControls": !diff.controls.isEmpty,
      "contradictions": diff.contradictions.map { change -> [String: Any] in
        [
          "change": change.change.rawValue, "control": change.control, "incident": change.incident,
          "behaviour": change.behaviour,
        ]
      },
      "hasContradictions": !diff.contradictions.isEmpty,
    ]
  }
}

/// The trend chart's geometry: one line per measure over the rounds, on a 0–100 scale. Numbers only; the labels
/// are text nodes the template escapes.
struct TrendChart {
  let model: [String: Any]

  init(_ rounds: [(name: String, submission: Submission)]) {
    let width = 640.0
    let height = 260.0
    let left = 48.0
    let right = 24.0
    let top = 16.0
    let bottom = 40.0
    let plotWidth = width - left - right
    let plotHeight = height - top - bottom
    let step = rounds.count > 1 ? plotWidth / Double(rounds.count - 1) : 0
    func x(_ index: Int) -> Double { rounds.count > 1 ? left + Double(index) * step : left + plotWidth / 2 }
    func y(_ value: Double) -> Double { top + plotHeight * (1 - min(max(value, 0), 1)) }
    let measures: [(name: String, key: String, value: (Submission) -> Double?)] = [
      ("Verified score", "verified", { $0.verified }),
      ("Say-do gap", "gap", { $0.sayDoGap }),
      ("Transparency", "transparency", { $0.transparency }),
    ]
    let lines = measures.map { measure -> [String: Any] in
      let points = rounds.enumerated().compactMap { index, round -> (Double, Double, String)? in
        measure.value(round.submission).map { (x(index), y($0), Shown.score($0)) }
      }
      return [
        "name": measure.name, "key": measure.key,
        "points": points.map { String(format: "%.1f,%.1f", $0.0, $0.1) }.joined(separator: " "),
        "dots": points.map { ["x": String(format: "%.1f", $0.0), "y": String(format: "%.1f", $0.1), "label": $0.2] },
      ]
    }
    let grid = stride(from: 0, through: 100, by: 25).map { value -> [String: Any] in
      ["y": String(format: "%.1f", y(Double(value) / 100)), "label": String(value)]
    }
    let labels = rounds.enumerated().map { index, round -> [String: Any] in
      ["x": String(format: "%.1f", x(index)), "text": String(round.name.prefix(24))]
    }
    model = [
      "width": String(Int(width)), "height": String(Int(height)), "left": String(left),
      "right": String(width - right), "labelY": String(height - 12), "lines": lines, "grid": grid, "labels": labels,
    ]
  }
}
