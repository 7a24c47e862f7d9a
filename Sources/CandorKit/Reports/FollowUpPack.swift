/// Writes `<vendor>.followups.csv`, the follow-up pack to send the vendor: one row per follow-up (one per control,
/// plus one for the incidents without a published root cause), P1 first, with an empty column for the vendor's
/// answer. UTF-8 with a byte-order mark, so that spreadsheet programs open it as UTF-8; every cell that a spreadsheet
/// would take for a formula is made inert (``CSVText/inert(_:)``).
public enum FollowUpPack {
  /// The columns, in order.
  public static let columns = [
    "Priority", "Control", "Control title", "Questions", "Incidents", "Reasons", "Why", "Question to the vendor",
    "Contract ask", "Vendor's answer",
  ]

  /// The pack of `assessment`.
  public static func csv(_ assessment: Assessment) -> String {
    var text = "\u{FEFF}" + CSVText.record(columns)
    for followUp in assessment.followUps {
      let fields = [
        followUp.priority.rawValue, followUp.controlID ?? "", followUp.controlTitle ?? "",
        followUp.questionIDs.joined(separator: " "), followUp.incidentIDs.joined(separator: " "),
        followUp.kinds.map(\.rawValue).joined(separator: " "), followUp.why, followUp.question,
        followUp.contractAsk ?? "", "",
      ]
      text += CSVText.record(fields.map { CSVText.inert(Self.oneLine($0)) })
    }
    return text
  }

  /// Text on one line, its control characters removed: a cell never spans rows or hides characters.
  static func oneLine(_ text: String) -> String {
    var out = ""
    var pendingSpace = false
    for scalar in text.unicodeScalars {
      if scalar == "\n" || scalar == "\r" || scalar == "\t" || scalar == "\u{2028}" || scalar == "\u{2029}" {
        pendingSpace = !out.isEmpty
        continue
      }
      if MarkdownText.isHiddenControl(scalar) { continue }
      if pendingSpace {
        if out.last != " " { out.append(" ") }
        pendingSpace = false
      }
      out.unicodeScalars.append(scalar)
    }
    return out
  }
}
