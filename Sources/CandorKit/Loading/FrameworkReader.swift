import CandorXML

/// Reads framework reference data.
public enum FrameworkReader {
  /// Reads `root` (a `<framework>`), checking duplicate references and calendar profiles.
  public static func read<E: ReadableElement>(_ root: E) -> (Framework, [Diagnostic]) {
    var diagnostics = Diagnostics()
    var ids = DuplicateFinder("reference")
    var profiles = DuplicateFinder("calendar profile")
    let references = root.children(named: "reference").map { element in
      ids.check(element.string("id"), at: element.location(ofAttribute: "id"), into: &diagnostics)
      return Framework.Reference(
        id: element.string("id"), title: element.collapsedText, key: element.bool("key", default: false),
        parties: element.string("party").split(separator: " ").compactMap { Framework.Party(rawValue: String($0)) },
        condition: element.value("condition"), location: element.location)
    }
    let calendars = root.children(named: "calendar").map { element in
      profiles.check(element.string("profile"), at: element.location(ofAttribute: "profile"), into: &diagnostics)
      var previous: CalendarDate?
      let milestones = element.children(named: "milestone").map { milestone in
        let date = milestone.date("date") ?? CalendarDate(year: 1970, month: 1, day: 1)!
        if let previous, date < previous {
          diagnostics.error(
            milestone.location(ofAttribute: "date"), "milestones must be in date order; \(date) is before \(previous)")
        }
        previous = date
        return Framework.Milestone(
          date: date, text: milestone.collapsedText)
      }
      let status: Framework.LegalStatus = element.value("status", default: .proposal)
      let officialJournal = element.optionalString("official-journal")
      if status == .inForce, officialJournal == nil {
        diagnostics.error(
          element.location(ofAttribute: "status"),
          "a calendar in force must name its Official Journal reference in official-journal")
      }
      return Framework.Calendar(
        profile: element.string("profile"), title: element.string("title"), status: status,
        officialJournal: officialJournal, sources: sources(of: element), milestones: milestones)
    }
    let framework = Framework(
      id: root.string("id"),
      shortName: root.string("short-name"),
      title: root.text(of: "title"),
      sources: sources(of: root),
      notes: root.children(named: "note").map(\.collapsedText),
      references: references,
      calendars: calendars,
      location: root.location)
    return (framework, diagnostics.all)
  }

  private static func sources<E: ReadableElement>(of element: E) -> [Framework.Source] {
    element.children(named: "source").map { Framework.Source(title: $0.collapsedText, url: $0.optionalString("url")) }
  }
}
