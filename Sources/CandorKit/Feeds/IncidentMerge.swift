/// How imported incidents combine with each other and with an existing incidents file.
///
/// - The same incident from two sources of one family (a Statuspage page's JSON and its Atom feed): the statements
///   and timeline of the richer source are kept (JSON, then Atom, then RSS); `root-cause-published` is the earliest
///   any of them gives; revisions and finding references are united.
/// - Into an existing file (`--into`): an incident of the file that the import also has takes the imported
///   statements, timeline, revisions and removal note, and keeps everything written by hand: statements without an
///   `update` id, findings whose source the import does not produce, the description, `detected`, `fictional`, and
///   the title and severity of an incident that was not imported before (no `source`). `root-cause-published`,
///   `first-statement` and `started` take the earliest of the two; revisions are united. Incidents of the file that
///   the import does not have are kept as they are, in their order; new incidents follow, by start and id.
enum IncidentMerge {
  /// Combines the incidents of several sources, each list with the richness of its source.
  static func combine(_ lists: [(richness: Int, incidents: [Incident])]) -> [Incident] {
    var order: [String] = []
    var chosen: [String: (richness: Int, incident: Incident)] = [:]
    for (richness, incidents) in lists {
      for incident in incidents {
        guard let current = chosen[incident.id] else {
          order.append(incident.id)
          chosen[incident.id] = (richness, incident)
          continue
        }
        let (keep, other) = richness > current.richness ? (incident, current.incident) : (current.incident, incident)
        var merged = keep
        merged.timeline.rootCausePublished = earliest(
          keep.timeline.rootCausePublished, other.timeline.rootCausePublished)
        merged.revisions = unite(keep.revisions, other.revisions)
        merged.findings = uniteFindings(keep.findings, other.findings)
        chosen[incident.id] = (max(richness, current.richness), merged)
      }
    }
    return order.compactMap { chosen[$0]?.incident }
  }

  /// `imported` merged into `existing` (see the type's documentation).
  static func into(existing: [Incident], imported: [Incident]) -> [Incident] {
    let importedByID = Dictionary(imported.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let existingIDs = Set(existing.map(\.id))
    var result: [Incident] = existing.map { old in
      guard let new = importedByID[old.id] else { return old }
      var merged = new
      let handStatements = old.statements.filter { $0.update == nil }
      merged.statements = (new.statements + handStatements).enumerated().sorted {
        ($0.element.at, $0.offset) < ($1.element.at, $1.offset)
      }.map(\.element)
      let importedSources = Set(new.findings.map(\.source))
      merged.findings = new.findings + old.findings.filter { !importedSources.contains($0.source) }
      merged.description = old.description ?? new.description
      merged.fictional = old.fictional
      if old.source == nil {
        merged.title = old.title
        merged.severity = old.severity
      }
      merged.timeline.detected = old.timeline.detected
      merged.timeline.started = min(old.timeline.started, new.timeline.started)
      merged.timeline.rootCausePublished = earliest(new.timeline.rootCausePublished, old.timeline.rootCausePublished)
      let handFirst = handStatements.map(\.at).min()
      merged.timeline.firstStatement = [new.timeline.firstStatement, old.timeline.firstStatement, handFirst]
        .compactMap { $0 }.min()
      if merged.timeline.resolved == nil { merged.timeline.resolved = old.timeline.resolved }
      merged.revisions = unite(old.revisions, new.revisions)
      merged.removedFromFeed = new.removedFromFeed ?? old.removedFromFeed
      merged.statementsCollected = new.statementsCollected || !merged.statements.isEmpty
      return merged
    }
    let added = imported.filter { !existingIDs.contains($0.id) }.sorted {
      ($0.timeline.started, $0.id) < ($1.timeline.started, $1.id)
    }
    result += added
    return result
  }

  static func earliest(_ a: Timestamp?, _ b: Timestamp?) -> Timestamp? {
    switch (a, b) {
    case (let a?, let b?): min(a, b)
    case (let a?, nil): a
    case (nil, let b?): b
    case (nil, nil): nil
    }
  }

  /// The revisions of `first` and then those of `second` that `first` does not have (same update, same texts).
  static func unite(_ first: [Revision], _ second: [Revision]) -> [Revision] {
    var result = first
    for revision in second
    where !result.contains(where: {
      $0.update == revision.update && $0.before.text == revision.before.text && $0.after?.text == revision.after?.text
    }) {
      result.append(revision)
    }
    return result
  }

  /// Findings of `first`, with the references of same-source findings of `second` added, then `second`'s others.
  static func uniteFindings(_ first: [Finding], _ second: [Finding]) -> [Finding] {
    var result = first
    for finding in second {
      if let index = result.firstIndex(where: { $0.source == finding.source }) {
        for reference in finding.references where !result[index].references.contains(reference) {
          result[index].references.append(reference)
        }
      } else {
        result.append(finding)
      }
    }
    return result
  }
}
