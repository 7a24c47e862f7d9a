/// Scores how candid a vendor was about an incident: timeliness, root cause, attribution and AI involvement.
public enum DisclosureScorer {
  public static func disclosure(of incident: Incident, profile: ScoringProfile) -> IncidentDisclosure {
    IncidentDisclosure(
      incident: incident,
      timeliness: timeliness(incident, profile.timeliness),
      rootCause: rootCause(incident, profile.rootCause),
      attribution: attribution(incident, profile),
      aiInvolvement: aiInvolvement(incident, profile),
      figures: figures(of: incident))
  }

  /// The measured figures of `incident`: time to the first statement, update cadence up to the resolution, time to
  /// the root cause, and the edits after the fact its revisions record.
  public static func figures(of incident: Incident) -> DisclosureFigures {
    let timeline = incident.timeline
    let reference = timeline.detected ?? timeline.started
    let times = incident.statements.map(\.at).sorted()
    let during = times.filter { time in timeline.resolved.map { time <= $0 } ?? true }
    let gaps = zip(during, during.dropFirst()).map { ($1.secondsSinceEpoch - $0.secondsSinceEpoch) / 60 }.sorted()
    let median: Double? =
      gaps.isEmpty
      ? nil : gaps.count % 2 == 1 ? gaps[gaps.count / 2] : (gaps[gaps.count / 2 - 1] + gaps[gaps.count / 2]) / 2
    let rootCauseFrom = timeline.resolved ?? timeline.started
    let edited = Set(incident.revisions.filter { $0.after != nil }.map(\.update))
    let removed = Set(incident.revisions.filter { $0.after == nil }.map(\.update))
    return DisclosureFigures(
      hoursToFirstStatement: incident.firstStatement.map { max(0, reference.hours(until: $0)) },
      updates: incident.statements.count,
      medianUpdateGapMinutes: median, longestUpdateGapMinutes: gaps.last,
      daysToRootCause: timeline.rootCausePublished.map { max(0, rootCauseFrom.days(until: $0)) },
      editedStatements: edited.count, removedStatements: removed.count,
      rootCauseEdits: incident.revisions.filter(\.addsRootCause).count,
      backdatedStatements: incident.statements.filter { statement in
        statement.displayedAt.map { $0 < statement.at } ?? false
      }
      .count,
      removedFromFeed: incident.removedFromFeed != nil)
  }

  static func timeliness(_ incident: Incident, _ clock: ScoringProfile.Clock) -> DisclosurePart {
    let rule =
      "≤ \(Format.number(clock.within)) h → 1, ≤ \(Format.number(clock.partialWithin)) h → "
      + "\(Format.number(clock.partial)), later → \(Format.number(clock.late)), never → 0 (NIS2 Art. 23(4) clocks)"
    let (reference, from) =
      incident.timeline.detected.map { ($0, "detection") } ?? (incident.timeline.started, "the start")
    guard let first = incident.firstStatement else {
      return DisclosurePart(name: "timeliness", score: 0, measured: "no public statement", rule: rule)
    }
    let hours = max(0, reference.hours(until: first))
    let score = hours <= clock.within ? 1 : hours <= clock.partialWithin ? clock.partial : clock.late
    return DisclosurePart(
      name: "timeliness", score: score,
      measured: "first public statement \(Duration.hoursAndMinutes(hours)) after \(from) (\(first))", rule: rule)
  }

  static func rootCause(_ incident: Incident, _ clock: ScoringProfile.Clock) -> DisclosurePart {
    let rule =
      "≤ \(Format.number(clock.within)) days → 1, ≤ \(Format.number(clock.partialWithin)) days → "
      + "\(Format.number(clock.partial)), later → \(Format.number(clock.late)), never → 0"
    let (reference, from) =
      incident.timeline.resolved.map { ($0, "resolution") } ?? (incident.timeline.started, "the start (unresolved)")
    guard let published = incident.timeline.rootCausePublished else {
      return DisclosurePart(name: "root cause", score: 0, measured: "no root cause published", rule: rule)
    }
    let days = max(0, reference.days(until: published))
    let score = days <= clock.within ? 1 : days <= clock.partialWithin ? clock.partial : clock.late
    return DisclosurePart(
      name: "root cause", score: score,
      measured: "root cause published \(Format.number(days)) days after \(from) (\(published))", rule: rule)
  }

  static func attribution(_ incident: Incident, _ profile: ScoringProfile) -> DisclosurePart? {
    let rule =
      "the stated cause equals the strongest finding's → 1; differs from a confirmed or corroborated finding → "
      + "\(Format.number(profile.attributionMismatch[.corroborated] ?? 0)), a reported one → "
      + "\(Format.number(profile.attributionMismatch[.reported] ?? 0)), an alleged one → "
      + "\(Format.number(profile.attributionMismatch[.alleged] ?? 0))"
    guard let finding = incident.strongestFinding, let found = finding.cause else { return nil }
    guard let statement = incident.latestStatement else {
      return DisclosurePart(
        name: "attribution", score: 0,
        measured: "no public statement of a cause; the \(finding.confidence.rawValue) finding says \(found.rawValue)",
        rule: rule)
    }
    let score = statement.cause == found ? 1 : profile.attributionMismatch[finding.confidence] ?? 0
    return DisclosurePart(
      name: "attribution", score: score,
      measured: "stated \(statement.cause.rawValue); the strongest finding (\(finding.confidence.rawValue), "
        + "\(finding.source)) says \(found.rawValue)",
      rule: rule)
  }

  static func aiInvolvement(_ incident: Incident, _ profile: ScoringProfile) -> DisclosurePart? {
    let naming = incident.findings.filter {
      ($0.cause == .aiAgent || $0.cause == .automation) && $0.confidence.isAtLeast(.reported)
    }
    guard let strongest = naming.min(by: { $0.confidence < $1.confidence }) else { return nil }
    let rule =
      "where a finding at reported or stronger names automation or an AI agent: acknowledged → "
      + "\(Format.number(profile.aiAcknowledged)), not mentioned → \(Format.number(profile.aiNotMentioned)), "
      + "denied → \(Format.number(profile.aiDenied)) (\(Format.number(profile.aiDeniedReportedOnly)) if only reported)"
    let found = "the \(strongest.confidence.rawValue) finding names \(strongest.cause!.rawValue)"
    guard let statement = incident.latestStatement else {
      return DisclosurePart(name: "AI involvement", score: 0, measured: "no public statement; \(found)", rule: rule)
    }
    let score: Double
    switch statement.aiInvolvement {
    case .acknowledged: score = profile.aiAcknowledged
    case .notMentioned: score = profile.aiNotMentioned
    case .denied:
      score = strongest.confidence.isAtLeast(.corroborated) ? profile.aiDenied : profile.aiDeniedReportedOnly
    }
    return DisclosurePart(
      name: "AI involvement", score: score, measured: "\(statement.aiInvolvement.rawValue); \(found)", rule: rule)
  }
}

/// Durations written for people.
enum Duration {
  /// "29 h 35 min", "45 min", "3 days 2 h".
  static func hoursAndMinutes(_ hours: Double) -> String {
    let totalMinutes = Int((hours * 60).rounded())
    let (h, m) = (totalMinutes / 60, totalMinutes % 60)
    if h == 0 { return "\(m) min" }
    if h >= 96 { return "\(h / 24) days \(h % 24) h" }
    return m == 0 ? "\(h) h" : "\(h) h \(m) min"
  }
}
