/// Fields that most values leave at their defaults, kept behind one pointer (nil while they are all defaults), so
/// that the value holding them stays small: a run holds every incident it reads, 100,000 at 10,000 vendors.
protocol OutOfLineFields: Hashable, Sendable {
  /// Every field at its default.
  init()
}

/// Storage for ``OutOfLineFields``, copied on write and compared by value.
struct OutOfLine<Fields: OutOfLineFields>: Hashable, Sendable {
  private final class Storage: Sendable {
    let fields: Fields
    init(_ fields: Fields) { self.fields = fields }
  }

  private var storage: Storage?

  init() {}

  /// The fields; setting them to their defaults releases the storage.
  var fields: Fields {
    get { storage?.fields ?? Fields() }
    set { storage = newValue == Fields() ? nil : Storage(newValue) }
  }

  static func == (lhs: OutOfLine, rhs: OutOfLine) -> Bool { lhs.storage === rhs.storage || lhs.fields == rhs.fields }

  func hash(into hasher: inout Hasher) { hasher.combine(fields) }
}
