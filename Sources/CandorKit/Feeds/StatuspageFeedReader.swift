import CandorXML

/// Reads an Atlassian Statuspage `history.atom` or `history.rss` feed.
///
/// The feed is XML and goes through candor's hardened parse (a DOCTYPE is refused, so no entity and no external
/// fetch). Each entry (item) is one incident: its id (`guid`), title, link, `published` (`pubDate`) and `updated`.
/// Its updates are HTML inside the entry (`content` or `description`), parsed by ``HTMLFragment``: one paragraph per
/// update, newest first, each `<small>Aug <var>20</var>, <var>17:32</var> UTC</small><br><strong>Update</strong> -
/// text`. The stamps have no year: see ``YearInference``.
enum StatuspageFeedReader {
  static let atomNamespace = "http://www.w3.org/2005/Atom"
  /// Labels of scheduled maintenance, which is left out.
  static let maintenanceLabels: Set<String> = ["scheduled", "in progress", "verifying", "completed"]

  static func read(_ source: SourceText, limits: FeedLimits) throws(InputError) -> FeedSnapshot {
    let document: ParsedDocument
    do {
      document = try ParsedDocument.parse(source, limits: limits.xml)
    } catch {
      throw InputError(error.problems.map(\.diagnostic))
    }
    let root = document.root()
    var diagnostics = Diagnostics()
    var snapshot: FeedSnapshot
    let entries: [Element]
    if root.name == "feed", root.namespace == atomNamespace {
      let identity = root.childText("id") ?? alternateLink(root) ?? source.name
      snapshot = FeedSnapshot(kind: .statuspageAtom, file: source.name, identity: "feed:\(identity)")
      snapshot.title = root.childText("title")
      snapshot.url = alternateLink(root)
      snapshot.updated = time(root.child(named: "updated"), into: &diagnostics)
      entries = root.children(named: "entry")
    } else if root.name == "rss", root.namespace == nil, let channel = root.child(named: "channel") {
      let link = FeedText.url(channel.childText("link"))
      snapshot = FeedSnapshot(
        kind: .statuspageRSS, file: source.name, identity: "feed:\(link ?? channel.childText("title") ?? source.name)")
      snapshot.title = channel.childText("title")
      snapshot.url = link
      snapshot.updated = time(
        channel.child(named: "lastBuildDate") ?? channel.child(named: "pubDate"), into: &diagnostics)
      entries = channel.children(named: "item")
    } else {
      throw InputError(
        at: root.location,
        "expected an Atom <feed xmlns=\"\(atomNamespace)\"> or an RSS <rss><channel>, found <\(root.name)>")
    }
    if entries.count > limits.maxIncidents {
      throw InputError(
        at: entries[limits.maxIncidents].location,
        "more than \(limits.maxIncidents) entries; the limit is \(limits.maxIncidents) (see --max-incidents)")
    }
    for entry in entries {
      do throws(InputError) {
        if let incident = try readEntry(
          entry, atom: snapshot.kind == .statuspageAtom, limits: limits, into: &diagnostics)
        {
          snapshot.incidents.append(incident)
        } else {
          snapshot.skipped.append((entry.location, "scheduled maintenance"))
        }
      } catch {
        diagnostics.append(contentsOf: error.diagnostics)
      }
    }
    try diagnostics.throwIfErrors()
    return snapshot
  }

  static func alternateLink(_ element: Element) -> String? {
    let links = element.children(named: "link")
    let alternate = links.first { ($0.attribute("rel") ?? "alternate") == "alternate" }
    return FeedText.url(alternate?.attribute("href"))
  }

  static func time(_ element: Element?, into diagnostics: inout Diagnostics) -> Timestamp? {
    guard let element else { return nil }
    switch FeedTime.parse(element.collapsedText) {
    case .success(let time): return time
    case .failure(let message):
      diagnostics.error(element.location, "<\(element.name)>: \(message)")
      return nil
    }
  }

  /// One entry, or nil for scheduled maintenance.
  private static func readEntry(_ entry: Element, atom: Bool, limits: FeedLimits, into diagnostics: inout Diagnostics)
    throws(InputError) -> FeedIncident?
  {
    let link = atom ? alternateLink(entry) : FeedText.url(entry.childText("link"))
    let guid = atom ? entry.childText("id") : entry.childText("guid")
    guard let sourceID = incidentCode(link: link) ?? guid.map(Element.collapse).flatMap(lastComponent) else {
      throw InputError(at: entry.location, "the entry has neither a link to its incident nor an id")
    }
    let published = time(entry.child(named: atom ? "published" : "pubDate"), into: &diagnostics)
    let updated = atom ? time(entry.child(named: "updated"), into: &diagnostics) : nil
    guard let content = entry.child(named: atom ? "content" : "description") else {
      throw InputError(at: entry.location, "the entry has no <\(atom ? "content" : "description")> with its updates")
    }
    guard let reference = published ?? updated else {
      throw InputError(
        at: entry.location,
        "the entry has no <\(atom ? "published" : "pubDate")> or <updated>: the year of its update stamps cannot be told"
      )
    }
    let fragment: HTMLFragment
    do {
      fragment = try HTMLFragment.parse(content.text, limits: limits.html)
    } catch {
      throw InputError(at: content.location, "the entry's HTML is refused: \(error.message)")
    }
    let stamped = try StampedUpdates.read(fragment, at: content.location, limits: limits)
    if stamped.isEmpty {
      throw InputError(
        at: content.location,
        "no update found in the entry's HTML; expected paragraphs like <p><small>Aug 20, 17:32 UTC</small><br>"
          + "<strong>Update</strong> - text</p>")
    }
    if stamped.contains(where: { maintenanceLabels.contains($0.label) }) { return nil }
    let times = try YearInference.times(stamped.map(\.stamp), reference: reference, at: content.location)
    // Keys: the stamp to the minute and the rank among updates with the same stamp, counted from the oldest.
    var ranks: [Timestamp: Int] = [:]
    var updates: [FeedUpdate] = []
    for (update, posted) in zip(stamped, times).reversed() {
      let rank = ranks[posted, default: 0] + 1
      ranks[posted] = rank
      updates.append(
        FeedUpdate(
          key: "\(posted.text)#\(rank)", status: update.label, posted: posted, displayed: nil, modified: nil,
          text: update.text, location: content.location))
    }
    // Resolved: the latest "resolved" update, unless the incident was reopened after it.
    var resolved: Timestamp?
    if let index = updates.lastIndex(where: { $0.status == "resolved" }),
      !updates[(index + 1)...].contains(where: { ["investigating", "identified"].contains($0.status) })
    {
      resolved = updates[index].posted
    }
    return FeedIncident(
      sourceID: sourceID, title: entry.childText("title") ?? sourceID, url: link, severity: nil, statedStart: nil,
      resolved: resolved, updated: updated, published: published, updates: updates, location: entry.location)
  }

  /// The incident code in a Statuspage incident link (`https://www.githubstatus.com/incidents/bhbcjn4n3jzp`), which
  /// is also the incident's id in the page's JSON API.
  static func incidentCode(link: String?) -> String? {
    guard let link, let range = link.range(of: "/incidents/") else { return nil }
    let code = link[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    return code.isEmpty ? nil : String(code)
  }

  /// The last `/`- or `:`-separated part of an id (`tag:…:Incident/31233568` → `31233568`).
  static func lastComponent(_ id: String) -> String? {
    let last = id.split(whereSeparator: { $0 == "/" || $0 == ":" }).last.map(String.init)
    return last.flatMap { $0.isEmpty ? nil : $0 }
  }
}

/// The updates in a Statuspage entry's HTML, newest first, with their stamps as written.
struct StampedUpdates {
  var stamp: String
  /// The update's label in lower case (investigating, identified, update, monitoring, resolved, postmortem, …).
  var label: String
  var text: String

  /// Every paragraph with a `<small>` stamp: the stamp, the `<strong>` label and the text after it.
  static func read(_ fragment: HTMLFragment, at location: SourceLocation, limits: FeedLimits) throws(InputError)
    -> [StampedUpdates]
  {
    var result: [StampedUpdates] = []
    for case .element(let paragraph) in fragment.nodes where paragraph.name == "p" {
      var stamp: String?
      var label: String?
      var rest: [HTMLFragment.Node] = []
      for node in paragraph.children {
        if case .element(let element) = node {
          if stamp == nil, element.name == "small" {
            stamp = element.text
            continue
          }
          if stamp != nil, label == nil, element.name == "strong" {
            label = element.text
            continue
          }
          if stamp != nil, label == nil, element.name == "br" { continue }
        }
        if stamp != nil { rest.append(node) }
      }
      guard let stamp else { continue }
      var text = Element.collapse(HTMLFragment(nodes: rest).text)
      if text.hasPrefix("-") { text = String(text.dropFirst()).trimmedWhitespace }
      result.append(StampedUpdates(stamp: stamp, label: FeedText.label(label?.lowercased(), or: "update"), text: text))
      if result.count > limits.maxUpdates {
        throw InputError(
          at: location, "more than \(limits.maxUpdates) updates in one entry; the limit is \(limits.maxUpdates)")
      }
    }
    return result
  }
}

/// The year of Statuspage's yearless update stamps (`Aug 20, 17:32 UTC`), from the entry's own time.
///
/// The stamps are listed newest first. The newest takes the year (of the entry's published time, the year before or
/// the year after) that puts it closest to that time; each older stamp takes the year of the stamp before it or the
/// year before that, whichever puts it closer to, and normally just before, the stamp before it. So `Jan 1, 00:20`
/// followed by `Dec 31, 23:50` crosses into the previous year. A stamp that carries its own year keeps it.
enum YearInference {
  /// A stamp's parts.
  struct Stamp {
    var month: Int
    var day: Int
    var year: Int?
    var clock: (hour: Int, minute: Int, second: Int)
    var offset: Int
  }

  static func times(_ stamps: [String], reference: Timestamp, at location: SourceLocation) throws(InputError)
    -> [Timestamp]
  {
    var result: [Timestamp] = []
    var previous: Timestamp = reference
    var previousYear = reference.date.year
    for (index, text) in stamps.enumerated() {
      let stamp: Stamp
      switch parse(text) {
      case .success(let parsed): stamp = parsed
      case .failure(let message): throw InputError(at: location, "update stamp \"\(text)\": \(message)")
      }
      let candidates =
        stamp.year.map { [$0] }
        ?? (index == 0 ? [previousYear - 1, previousYear, previousYear + 1] : [previousYear, previousYear - 1])
      var best: Timestamp?
      for year in candidates {
        guard let date = CalendarDate(year: year, month: stamp.month, day: stamp.day) else { continue }
        let time = FeedTime.instant(date, stamp.clock, stamp.offset)
        if let current = best,
          abs(current.secondsSinceEpoch - previous.secondsSinceEpoch)
            <= abs(time.secondsSinceEpoch - previous.secondsSinceEpoch)
        {
          continue
        }
        best = time
      }
      guard let time = best, FeedTime.isPlausible(time) else {
        throw InputError(
          at: location,
          "update stamp \"\(text)\" is not a real date in \(candidates.map(String.init).joined(separator: " or "))")
      }
      result.append(time)
      previous = time
      previousYear = time.date.year
    }
    return result
  }

  /// `Aug 20, 17:32 UTC`, `Aug 20, 2025 - 17:32 UTC`, `August 20, 17:32:05 PDT`, `Aug 20, 17:32 +0200`.
  static func parse(_ text: String) -> Parsed<Stamp> {
    let separators: Set<Character> = [" ", ",", "\u{A0}"]
    let ignored: Set<String> = ["-", "–", "at"]
    let tokens = text.split(whereSeparator: { separators.contains($0) }).map(String.init).filter {
      !ignored.contains($0.lowercased())
    }
    let expected = "expected a stamp like \"Aug 20, 17:32 UTC\""
    guard tokens.count == 4 || tokens.count == 5, let month = FeedTime.month(tokens[0]),
      let day = Int(tokens[1]), (1...31).contains(day)
    else { return .failure(expected) }
    var year: Int?
    var next = 2
    if tokens.count == 5 {
      guard tokens[2].count == 4, let value = Int(tokens[2]) else { return .failure(expected) }
      year = value
      next = 3
    }
    guard let clock = FeedTime.clock(tokens[next]) else { return .failure("no valid time of day; \(expected)") }
    switch FeedTime.zone(tokens[next + 1]) {
    case .success(let offset): return .success(Stamp(month: month, day: day, year: year, clock: clock, offset: offset))
    case .failure(let message): return .failure(message)
    }
  }
}
