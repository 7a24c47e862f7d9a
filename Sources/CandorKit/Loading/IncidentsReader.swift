import CandorXML

/// Reads incident reports.
public enum IncidentsReader {
  /// Reads `root` (an `<incidents>`), collecting duplicate ids and timelines out of order; given the questionnaire,
  /// a finding that names an undeclared behaviour is a warning (incident files are shared across questionnaires).
  public static func read(_ root: Element, file: String, questionnaire: Questionnaire? = nil) -> (
    [Incident], [Diagnostic]
  ) {
    var diagnostics = Diagnostics()
    var ids = DuplicateFinder("incident")
    let behaviours = questionnaire.map { Set($0.behaviours.map(\.id)) }
    var suggestionsLeft = 20
    let incidents = root.children(named: "incident").map { element -> Incident in
      ids.check(element.string("id"), at: element.location(ofAttribute: "id"), into: &diagnostics)
      let timelineElement = element.child(named: "timeline")
      func time(_ name: String) -> Timestamp? { timelineElement?.timestamp(name) }
      let timeline = Timeline(
        started: time("started") ?? Timestamp(secondsSinceEpoch: 0),
        detected: time("detected"),
        resolved: time("resolved"),
        firstStatement: time("first-statement"),
        rootCausePublished: time("root-cause-published"))
      if let timelineElement, let started = time("started") {
        for name in ["detected", "resolved", "first-statement", "root-cause-published"] {
          if let moment = time(name), moment < started {
            diagnostics.error(
              timelineElement.location(ofAttribute: name),
              "\(name) (\(moment)) is before started (\(started)); the timeline is out of order")
          }
        }
        if let detected = time("detected"), let resolved = time("resolved"), resolved < detected, resolved >= started {
          diagnostics.error(
            timelineElement.location(ofAttribute: "resolved"),
            "resolved (\(resolved)) is before detected (\(detected)); the timeline is out of order")
        }
      }
      let statements = element.children(named: "statement").map { statement in
        Statement(
          at: statement.timestamp("at") ?? timeline.started,
          source: statement.string("source"),
          cause: statement.value("cause", default: .unknown),
          aiInvolvement: statement.value("ai-involvement", default: .notMentioned),
          text: statement.collapsedText,
          url: statement.optionalString("url"))
      }
      if let declared = timeline.firstStatement, let earliest = statements.map(\.at).min(), earliest < declared,
        let timelineElement
      {
        diagnostics.error(
          timelineElement.location(ofAttribute: "first-statement"),
          "first-statement (\(declared)) is after the statement made at \(earliest)")
      }
      let findings = element.children(named: "finding").map { finding in
        let observed = finding.children(named: "observed").map { observed in
          let id = observed.string("behaviour")
          if let behaviours, !id.isEmpty, !behaviours.contains(id), let questionnaire {
            suggestionsLeft -= 1
            let suggestion = suggestionsLeft >= 0 ? closestMatch(to: id, in: Array(behaviours)) : nil
            diagnostics.warning(
              observed.location(ofAttribute: "behaviour"),
              "behaviour \"\(id)\" is not declared by questionnaire \"\(questionnaire.id)\"; no control can be contradicted by it"
                + (suggestion.map { "; did you mean \"\($0)\"?" } ?? ""))
          }
          return ObservedBehaviour(behaviour: id, location: observed.location)
        }
        return Finding(
          source: finding.string("source"),
          origin: finding.value("origin", default: .independent),
          confidence: finding.value("confidence", default: .alleged),
          cause: finding.value("cause"),
          summary: finding.text(of: "summary"),
          observed: observed,
          url: finding.optionalString("url"),
          location: finding.location)
      }
      return Incident(
        id: element.string("id"),
        vendor: element.string("vendor"),
        severity: element.value("severity", default: .medium),
        fictional: element.bool("fictional", default: false),
        title: element.text(of: "title"),
        description: element.childText("description"),
        timeline: timeline,
        statements: statements,
        findings: findings,
        location: element.location,
        file: file)
    }
    return (incidents, diagnostics.all)
  }
}
