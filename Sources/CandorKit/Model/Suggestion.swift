/// "Did you mean …?": the nearest known name to a mistyped one.
public enum Suggestion {
  /// The candidate nearest to `text` by edit distance, ignoring case (at most a third of its length, and at least
  /// one edit allowed), ties broken by the candidates' sorted order; nil when none is that close.
  public static func closest(to text: String, in candidates: [String]) -> String? {
    guard text.count <= 120 else { return nil }
    let target = Array(text.lowercased())
    var best: (distance: Int, candidate: String)?
    for candidate in candidates.sorted() {
      let other = Array(candidate.lowercased())
      guard abs(other.count - target.count) <= max(1, target.count / 3) else { continue }
      var previous = Array(0...other.count)
      for (i, a) in target.enumerated() {
        var current = [i + 1]
        for (j, b) in other.enumerated() {
          current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a == b ? 0 : 1)))
        }
        previous = current
      }
      let distance = previous[other.count]
      if distance <= max(1, target.count / 3), distance < (best?.distance ?? Int.max) {
        best = (distance, candidate)
      }
    }
    return best?.candidate
  }
}
