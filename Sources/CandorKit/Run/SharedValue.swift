import Foundation

/// A value worked out once, by the first thread that asks for it; a thread that asks meanwhile waits for it. Lets
/// renderers that run at the same time share one piece of work (the OSCAL tree of both OSCAL documents).
final class SharedValue<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var made: Value?
  private let make: @Sendable () -> Value

  init(_ make: @escaping @Sendable () -> Value) {
    self.make = make
  }

  var value: Value {
    lock.lock()
    defer { lock.unlock() }
    if let made { return made }
    let value = make()
    made = value
    return value
  }
}
