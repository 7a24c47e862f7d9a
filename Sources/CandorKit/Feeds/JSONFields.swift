import CandorXML

/// Typed reading of a JSON object's members, each problem collected as a diagnostic at the member's line and
/// column and naming its path (`incidents[3].incident_updates[0].created_at`).
struct JSONFields {
  let source: SourceText
  var diagnostics = Diagnostics()

  init(source: SourceText) {
    self.source = source
  }

  func location(_ value: JSONNode) -> SourceLocation { source.location(ofOffset: value.offset) }

  mutating func error(_ value: JSONNode, _ path: String, _ message: String) {
    diagnostics.error(location(value), "\(path): \(message)")
  }

  /// The array at `key` of `object`; an error when it is missing (and `required`) or not an array.
  mutating func array(_ object: JSONNode, _ key: String, path: String, required: Bool = true) -> [JSONNode] {
    guard let value = object.member(key) else {
      if required { error(object, path, "the member \"\(key)\" is missing; expected an array") }
      return []
    }
    guard let elements = value.array else {
      error(value, "\(path).\(key)", "expected an array, found \(value.kindDescription)")
      return []
    }
    return elements
  }

  /// The text of a string (or number) member; nil when absent or null, an error when `required`.
  mutating func text(_ object: JSONNode, _ key: String, path: String, required: Bool = false) -> String? {
    guard let value = object.member(key) else {
      if required { error(object, path, "the member \"\(key)\" is missing; expected a string") }
      return nil
    }
    guard let text = value.scalarText else {
      error(value, "\(path).\(key)", "expected a string, found \(value.kindDescription)")
      return nil
    }
    return text
  }

  /// A time member (see ``FeedTime/parse(_:)``); nil when absent or null.
  mutating func time(_ object: JSONNode, _ key: String, path: String, required: Bool = false) -> Timestamp? {
    guard let value = object.member(key) else {
      if required { error(object, path, "the member \"\(key)\" is missing; expected a date and time") }
      return nil
    }
    guard let text = value.scalarText else {
      error(value, "\(path).\(key)", "expected a date and time, found \(value.kindDescription)")
      return nil
    }
    switch FeedTime.parse(text) {
    case .success(let time): return time
    case .failure(let message):
      error(value, "\(path).\(key)", message)
      return nil
    }
  }

  /// Refuses more than `limit` `items`, at the first one over the limit.
  func check(_ items: [JSONNode], limit: Int, what: String, path: String? = nil, option: String) throws(InputError) {
    guard items.count > limit else { return }
    throw InputError(
      at: location(items[limit]),
      (path.map { "\($0): " } ?? "") + "more than \(limit) \(what); the limit is \(limit) (see \(option))")
  }
}
