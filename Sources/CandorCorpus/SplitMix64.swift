/// SplitMix64 (Steele, Lea and Flood, 2014): a small, fast, well-distributed pseudo-random generator whose whole
/// state is one 64-bit word. The corpus uses it instead of the system generator so that one seed gives the same
/// bytes on every platform and Swift version.
public struct SplitMix64: Sendable {
  private var state: UInt64

  /// A generator starting from `seed`.
  public init(seed: UInt64) {
    state = seed
  }

  /// A generator for item `index` of the stream called `stream`, independent of every other item: vendor 7's
  /// response is the same whatever the number of vendors or incidents.
  public init(seed: UInt64, stream: UInt64, index: Int) {
    var mixer = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
    let base = mixer.next()
    self.init(seed: base &+ UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15)
    _ = next()
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `0..<bound` (`bound` > 0), by the multiply-shift method.
  public mutating func below(_ bound: Int) -> Int {
    precondition(bound > 0, "below(_:) needs a positive bound")
    return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
  }

  /// A number in `range`.
  public mutating func int(in range: ClosedRange<Int>) -> Int {
    range.lowerBound + below(range.upperBound - range.lowerBound + 1)
  }

  /// A number in [0, 1) with 53 random bits.
  public mutating func unit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// True with probability `probability`.
  public mutating func chance(_ probability: Double) -> Bool {
    unit() < probability
  }

  /// One element of a non-empty array.
  public mutating func pick<T>(_ items: [T]) -> T {
    items[below(items.count)]
  }

  /// `count` distinct elements of `items` (all of them when there are fewer), in the array's order.
  public mutating func sample<T>(_ items: [T], count: Int) -> [T] {
    var chosen = Set<Int>()
    let wanted = min(count, items.count)
    while chosen.count < wanted { chosen.insert(below(items.count)) }
    return chosen.sorted().map { items[$0] }
  }
}
