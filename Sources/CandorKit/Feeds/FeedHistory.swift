import CandorXML

/// The history of one feed over its snapshots: for each incident, every text each update had and when it was seen,
/// the updates that disappeared, and whether the incident itself disappeared while younger incidents stayed.
///
/// Snapshots are taken in order of when they were made: the fetch time for snapshots from a store, otherwise the
/// feed's own updated time (the files given to `import` are snapshots of one feed, ordered so).
struct FeedHistory {
  struct Version {
    var text: String
    /// When this text was first seen: the update's stamp for its first text; for an edit, the entry's (or the
    /// update's) own updated time in the first snapshot that shows it when that falls after the previous snapshot,
    /// else that snapshot's time.
    var firstSeen: Timestamp
    /// The latest snapshot that showed this text.
    var lastSeen: Timestamp
    /// The latest time, in the first snapshot that showed this text, at which the source says the text could have
    /// been written (the update's or the entry's own updated time): an upper bound on when it appeared.
    var writtenBy: Timestamp
  }

  struct UpdateHistory {
    var key: String
    var latest: FeedUpdate
    var versions: [Version]
    /// Set when the update disappeared from a later snapshot that still showed the incident.
    var disappeared: (lastSeen: Timestamp, missingSince: Timestamp)?
  }

  struct IncidentHistory {
    var latest: FeedIncident
    var kind: FeedKind
    /// Updates in the order first seen.
    var updates: [UpdateHistory]
    var removed: RemovedFromFeed?
    /// The snapshots (by index) that showed the incident.
    var seenIn: [Int]
  }

  var incidents: [IncidentHistory] = []
  var snapshotTimes: [Timestamp] = []

  /// Builds the history of `snapshots`, all of one feed, in the order given (the caller sorts them).
  ///
  /// - Throws: ``InputError`` for a snapshot that cannot be placed in time, or an incident or update id that a
  ///   snapshot repeats.
  init(_ snapshots: [FeedSnapshot]) throws(InputError) {
    var index: [String: Int] = [:]
    var diagnostics = Diagnostics()
    for (number, snapshot) in snapshots.enumerated() {
      guard let time = snapshot.fetched ?? snapshot.time else {
        throw InputError(
          at: SourceLocation(file: snapshot.file, line: 1, column: 1),
          "cannot tell when this snapshot was made: the feed gives no updated time and no incident has a time")
      }
      snapshotTimes.append(time)
      var seenHere = Set<String>()
      var firstLocation: [String: SourceLocation] = [:]
      for incident in snapshot.incidents {
        guard seenHere.insert(incident.sourceID).inserted else {
          diagnostics.error(
            incident.location,
            "duplicate incident id \"\(incident.sourceID)\" (first at line \(firstLocation[incident.sourceID]?.line ?? 0))"
          )
          continue
        }
        firstLocation[incident.sourceID] = incident.location
        var keys = Set<String>()
        for update in incident.updates where !keys.insert(update.key).inserted {
          diagnostics.error(update.location, "incident \"\(incident.sourceID)\": duplicate update id \"\(update.key)\"")
        }
        if let position = index[incident.sourceID] {
          let previousTime = incidents[position].seenIn.last.map { snapshotTimes[$0] }
          Self.record(incident, snapshot: number, time: time, previousTime: previousTime, into: &incidents[position])
        } else {
          index[incident.sourceID] = incidents.count
          var history = IncidentHistory(latest: incident, kind: snapshot.kind, updates: [], removed: nil, seenIn: [])
          Self.record(incident, snapshot: number, time: time, previousTime: nil, into: &history)
          incidents.append(history)
        }
      }
      // Updates that the snapshot no longer shows, for incidents it still shows.
      for position in incidents.indices
      where incidents[position].seenIn.last == number && incidents[position].seenIn.count > 1 {
        let previous = incidents[position].seenIn[incidents[position].seenIn.count - 2]
        let current = Set(incidents[position].latest.updates.map(\.key))
        for updateIndex in incidents[position].updates.indices {
          let update = incidents[position].updates[updateIndex]
          if !current.contains(update.key), update.disappeared == nil, let last = update.versions.last,
            last.lastSeen == snapshotTimes[previous]
          {
            incidents[position].updates[updateIndex].disappeared = (last.lastSeen, time)
          }
        }
      }
    }
    try diagnostics.throwIfErrors()
    markRemoved(snapshots)
  }

  private static func record(
    _ incident: FeedIncident, snapshot: Int, time: Timestamp, previousTime: Timestamp?,
    into history: inout IncidentHistory
  ) {
    history.latest = incident
    history.seenIn.append(snapshot)
    for update in incident.updates {
      let writtenBy = max(update.posted, update.modified ?? incident.updated ?? update.posted)
      if let position = history.updates.firstIndex(where: { $0.key == update.key }) {
        history.updates[position].latest = update
        history.updates[position].disappeared = nil
        if let last = history.updates[position].versions.last, last.text == update.text {
          history.updates[position].versions[history.updates[position].versions.count - 1].lastSeen = time
        } else {
          // An edit: dated by the source's own updated time when it falls after the previous snapshot.
          var firstSeen = time
          if let own = update.modified ?? incident.updated, let previousTime, own > previousTime, own <= time {
            firstSeen = own
          }
          history.updates[position].versions.append(
            Version(
              text: update.text, firstSeen: max(firstSeen, update.posted), lastSeen: time,
              writtenBy: max(writtenBy, firstSeen)))
        }
      } else {
        history.updates.append(
          UpdateHistory(
            key: update.key, latest: update,
            versions: [Version(text: update.text, firstSeen: update.posted, lastSeen: time, writtenBy: writtenBy)],
            disappeared: nil))
      }
    }
  }

  /// An incident absent from the last snapshot that disappeared while a snapshot after its last showed an incident
  /// older than it (so it did not age out of the feed).
  private mutating func markRemoved(_ snapshots: [FeedSnapshot]) {
    guard let lastSnapshot = snapshots.indices.last else { return }
    for position in incidents.indices {
      guard let last = incidents[position].seenIn.last, last < lastSnapshot,
        let order = incidents[position].latest.orderTime
      else { continue }
      let next = last + 1
      let older = snapshots[next].incidents.contains { ($0.orderTime ?? order) < order }
      if older {
        incidents[position].removed = RemovedFromFeed(lastSeen: snapshotTimes[last], missingSince: snapshotTimes[next])
      }
    }
  }
}
