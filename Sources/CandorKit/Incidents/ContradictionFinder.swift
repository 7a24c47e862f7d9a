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
    for incident in incidents {
      for behaviour in control.contradictedBy {
        let observing = incident.findings.filter { finding in finding.observed.contains { $0.behaviour == behaviour } }
        guard
          let strongest = observing.enumerated().min(by: {
            ($0.element.confidence, $0.offset) < ($1.element.confidence, $1.offset)
          })?.element
        else { continue }
        found.append(
          Contradiction(
            controlID: control.id,
            controlTitle: control.title,
            claimed: claimed,
            incidentID: incident.id,
            incidentTitle: incident.title,
            behaviour: behaviour,
            behaviourDescription: questionnaire.behaviour(behaviour)?.description ?? behaviour,
            confidence: strongest.confidence,
            findingSource: strongest.source,
            findingSummary: strongest.summary,
            cap: profile.cap(for: strongest.confidence),
            fictional: incident.fictional))
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
