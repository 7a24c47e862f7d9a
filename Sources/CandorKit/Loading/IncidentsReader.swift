import CandorXML

/// Reads incident reports.
public enum IncidentsReader {
  /// Reads `root` (an `<incidents>`), collecting duplicate ids and timelines out of order; given the questionnaire,
  /// a finding that names an undeclared behaviour is a warning (incident files are shared across questionnaires).
  /// Without `descriptions`, each incident's description is left out: no report shows it, and an assessment holds
  /// every incident it reads (only `candor incidents import`, which writes incidents back, needs it).
  public static func read<E: ReadableElement>(
    _ root: E, file: String, questionnaire: Questionnaire? = nil, descriptions: Bool = true
  ) -> ([Incident], [Diagnostic]) {
    var diagnostics = Diagnostics()
    var ids = DuplicateFinder("incident")
    let behaviours = questionnaire.map { Set($0.behaviours.map(\.id)) }
    var suggestionsLeft = 20
    // Sources and behaviour ids repeat across a file's incidents: one copy of each is kept.
    var interned = Interner()
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
        var read = Statement(
          at: statement.timestamp("at") ?? timeline.started,
          source: interned(statement.string("source")),
          cause: statement.value("cause", default: .unknown),
          aiInvolvement: statement.value("ai-involvement", default: .notMentioned),
          text: statement.collapsedText,
          url: statement.optionalString("url"))
        readImported(statement, into: &read)
        return read
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
          let id = interned(observed.string("behaviour"))
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
        var read = Finding(
          source: interned(finding.string("source")),
          origin: finding.value("origin", default: .independent),
          confidence: finding.value("confidence", default: .alleged),
          cause: finding.value("cause"),
          summary: finding.text(of: "summary"),
          observed: observed,
          url: finding.optionalString("url"),
          location: finding.location)
        read.references = finding.children(named: "reference").compactMap { $0.optionalString("url") }
        return read
      }
      var incident = Incident(
        id: element.string("id"),
        vendor: element.string("vendor"),
        severity: element.value("severity", default: .medium),
        fictional: element.bool("fictional", default: false),
        title: element.text(of: "title"),
        description: descriptions ? element.childText("description") : nil,
        timeline: timeline,
        statements: statements,
        findings: findings,
        location: element.location,
        file: file)
      readImported(element, into: &incident)
      return incident
    }
    return (incidents, diagnostics.all)
  }

  /// The `<source>` elements of `root` (an `<incidents>`): where its imported incidents came from.
  public static func sources<E: ReadableElement>(_ root: E) -> [IncidentSource] {
    root.children(named: "source").map { source in
      IncidentSource(
        id: source.string("id"), kind: source.string("kind"), url: source.optionalString("url"),
        licence: source.optionalString("licence"), note: source.collapsedText)
    }
  }

  /// The parts of an incident that `candor incidents import` writes: where it came from, revisions, removal.
  private static func readImported<E: ReadableElement>(_ element: E, into incident: inout Incident) {
    var imported = Incident.Imported()
    imported.source = element.optionalString("source")
    imported.sourceID = element.optionalString("source-id")
    imported.url = element.optionalString("url")
    imported.statementsCollected = element.string("statements") != "not-collected"
    imported.revisions = element.children(named: "revision").map { revision in
      let at = revision.timestamp("at") ?? incident.timeline.started
      func text(_ name: String) -> RevisionText? {
        revision.child(named: name).map { child in
          RevisionText(
            text: child.collapsedText, firstSeen: child.timestamp("first-seen") ?? at,
            lastSeen: child.timestamp("last-seen") ?? at)
        }
      }
      return Revision(
        update: revision.string("update"), at: at,
        before: text("before") ?? RevisionText(text: "", firstSeen: at, lastSeen: at), after: text("after"),
        addsRootCause: revision.bool("adds-root-cause", default: false))
    }
    imported.removedFromFeed = element.child(named: "removed-from-feed").flatMap { removed in
      guard let lastSeen = removed.timestamp("last-seen"), let missingSince = removed.timestamp("missing-since") else {
        return nil
      }
      return RemovedFromFeed(lastSeen: lastSeen, missingSince: missingSince)
    }
    incident.imported.fields = imported
  }

  /// The attributes of a statement that `candor incidents import` writes.
  private static func readImported<E: ReadableElement>(_ element: E, into statement: inout Statement) {
    var imported = statement.imported.fields
    imported.update = element.optionalString("update")
    imported.status = element.optionalString("status")
    imported.displayedAt = element.timestamp("displayed-at")
    imported.publishesRootCause = element.bool("root-cause", default: false)
    imported.seen = element.timestamp("seen")
    imported.truncated = element.bool("truncated", default: false)
    if element.optionalString("derived") == "keyword" {
      func words(_ name: String) -> [String] {
        (element.optionalString(name) ?? "").split(separator: ";").map { Element.collapse(String($0)) }.filter {
          !$0.isEmpty
        }
      }
      imported.derivation = KeywordDerivation(
        cause: words("cause-matched"), aiInvolvement: words("ai-involvement-matched"),
        rootCause: words("root-cause-matched"))
    }
    statement.imported.fields = imported
  }
}

/// Keeps one copy of each distinct string, so that values that repeat share their storage.
struct Interner {
  private var strings = Set<String>()

  mutating func callAsFunction(_ string: String) -> String {
    if let existing = strings.firstIndex(of: string) { return strings[existing] }
    strings.insert(string)
    return string
  }
}
