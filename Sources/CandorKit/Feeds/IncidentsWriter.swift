import CandorXML

/// Writes ``Incident`` values as an incidents document (`urn:candor:incidents:1`, schema incidents.xsd) with
/// ``XMLWriter``: every value escaped, deterministic, indented. What ``IncidentsReader`` reads back is what was
/// written, so that an import into its own output changes nothing.
public enum IncidentsWriter {
  /// The document; `notes` become comments before the root element (one per line given).
  public static func document(sources: [IncidentSource], incidents: [Incident], notes: [String] = []) -> String {
    let writer = XMLWriter(capacity: 64 << 10)
    for note in notes { writer.comment(" \(note) ") }
    writer.startElement("incidents", namespace: DocumentKind.incidents.namespace)
    for source in sources {
      writer.element(
        "source",
        attributes: ["id": source.id, "kind": source.kind, "url": source.url, "licence": source.licence],
        text: source.note)
    }
    for incident in incidents { write(incident, to: writer) }
    writer.endElement()
    return writer.finish()
  }

  private static func write(_ incident: Incident, to writer: XMLWriter) {
    writer.startElement("incident")
    writer.attribute("id", incident.id)
    writer.attribute("vendor", incident.vendor)
    writer.attribute("severity", incident.severity.rawValue)
    if incident.fictional { writer.attribute("fictional", "true") }
    writer.attribute("source", incident.source)
    writer.attribute("source-id", incident.sourceID)
    writer.attribute("url", incident.url)
    if !incident.statementsCollected { writer.attribute("statements", "not-collected") }
    writer.element("title", text: incident.title)
    if let description = incident.description { writer.element("description", text: description) }
    let timeline = incident.timeline
    writer.element(
      "timeline",
      attributes: [
        "started": timeline.started.text, "detected": timeline.detected?.text, "resolved": timeline.resolved?.text,
        "first-statement": timeline.firstStatement?.text,
        "root-cause-published": timeline.rootCausePublished?.text,
      ])
    for statement in incident.statements { write(statement, to: writer) }
    for finding in incident.findings {
      writer.startElement("finding")
      writer.attribute("source", finding.source)
      writer.attribute("origin", finding.origin.rawValue)
      writer.attribute("confidence", finding.confidence.rawValue)
      writer.attribute("cause", finding.cause?.rawValue)
      writer.attribute("url", finding.url)
      writer.element("summary", text: finding.summary)
      for observed in finding.observed { writer.element("observed", attributes: ["behaviour": observed.behaviour]) }
      for reference in finding.references { writer.element("reference", attributes: ["url": reference]) }
      writer.endElement()
    }
    for revision in incident.revisions {
      writer.startElement("revision")
      writer.attribute("update", revision.update)
      writer.attribute("at", revision.at.text)
      if revision.addsRootCause { writer.attribute("adds-root-cause", "true") }
      for (name, text) in [("before", revision.before), ("after", revision.after)] {
        guard let text else { continue }
        writer.element(
          name, attributes: ["first-seen": text.firstSeen.text, "last-seen": text.lastSeen.text], text: text.text)
      }
      writer.endElement()
    }
    if let removed = incident.removedFromFeed {
      writer.element(
        "removed-from-feed",
        attributes: ["last-seen": removed.lastSeen.text, "missing-since": removed.missingSince.text])
    }
    writer.endElement()
  }

  private static func write(_ statement: Statement, to writer: XMLWriter) {
    writer.startElement("statement")
    writer.attribute("at", statement.at.text)
    writer.attribute("source", statement.source)
    if statement.cause != .unknown { writer.attribute("cause", statement.cause.rawValue) }
    if statement.aiInvolvement != .notMentioned { writer.attribute("ai-involvement", statement.aiInvolvement.rawValue) }
    writer.attribute("url", statement.url)
    writer.attribute("update", statement.update)
    writer.attribute("status", statement.status)
    writer.attribute("displayed-at", statement.displayedAt?.text)
    if let derivation = statement.derivation {
      writer.attribute("derived", "keyword")
      func words(_ list: [String]) -> String? { list.isEmpty ? nil : list.joined(separator: "; ") }
      writer.attribute("cause-matched", words(derivation.cause))
      writer.attribute("ai-involvement-matched", words(derivation.aiInvolvement))
      writer.attribute("root-cause-matched", words(derivation.rootCause))
    }
    if statement.publishesRootCause { writer.attribute("root-cause", "true") }
    writer.attribute("seen", statement.seen?.text)
    if statement.truncated { writer.attribute("truncated", "true") }
    writer.text(statement.text)
    writer.endElement()
  }
}
