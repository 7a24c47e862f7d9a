/// Finds the claims that observed behaviours contradict: a control whose claimed score is at least the profile's
/// minimum, and one of whose `contradicted-by` behaviours was observed in a finding of an incident of the same
/// vendor within the window. One contradiction per control, incident and behaviour, at the confidence of the
/// strongest finding that observed it.
public enum ContradictionFinder {
  /// The contradictions of `control` (claimed `claimed`) given the vendor's incidents in the window.
  public static func contradictions(
    of control: Control, claimed: Double?, incidents: [Incident], questionnaire: Questionnaire,
    profile: ScoringProfile
  ) -> [Contradiction] {
    guard let claimed, claimed >= profile.contradictionMinimumClaimed, !control.contradictedBy.isEmpty else {
      return []
    }
    var found: [Contradiction] = []
    // Indices rather than `for incident in incidents`: an incident is read in place, not copied, for every control.
    for incidentIndex in incidents.indices {
      let findings = incidents[incidentIndex].findings
      for behaviour in control.contradictedBy {
        // The strongest finding that observed the behaviour; the first of equally strong ones.
        var strongestIndex: Int? = nil
        for index in findings.indices where findings[index].observed.contains(where: { $0.behaviour == behaviour }) {
          if let best = strongestIndex, findings[best].confidence <= findings[index].confidence { continue }
          strongestIndex = index
        }
        guard let strongestIndex else { continue }
        let strongest = findings[strongestIndex]
        found.append(
          Contradiction(
            controlID: control.id,
            controlTitle: control.title,
            claimed: claimed,
            incidentID: incidents[incidentIndex].id,
            incidentTitle: incidents[incidentIndex].title,
            behaviour: behaviour,
            behaviourDescription: questionnaire.behaviour(behaviour)?.description ?? behaviour,
            confidence: strongest.confidence,
            findingSource: strongest.source,
            findingSummary: strongest.summary,
            cap: profile.cap(for: strongest.confidence),
            fictional: incidents[incidentIndex].fictional))
      }
    }
    return found
  }

  /// Whether `incident` counts for an assessment as of `asOf`: it started no earlier than the window start (later
  /// incidents count too: they test the claims).
  public static func isInWindow(_ incident: Incident, windowStart: CalendarDate) -> Bool {
    incident.timeline.started >= windowStart.startOfDay
  }
}
