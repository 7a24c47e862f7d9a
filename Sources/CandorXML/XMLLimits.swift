/// Bounds on what a single XML input may cost. Inputs come from parties with a reason to game them.
public struct XMLLimits: Hashable, Sendable {
  /// The largest input accepted, in bytes; checked before any parsing. Default 64 MiB.
  public var maxBytes: Int
  /// The deepest element nesting accepted. libxml2 refuses more than 256 levels on its own (without
  /// `XML_PARSE_HUGE`, which candor never sets); this limit can only be lower.
  public var maxDepth: Int
  /// The largest number of elements in one document.
  public var maxElements: Int

  /// The default limits: 64 MiB, depth 256, 2,000,000 elements.
  public static let `default` = XMLLimits(maxBytes: 64 << 20, maxDepth: 256, maxElements: 2_000_000)

  /// Creates limits.
  public init(maxBytes: Int, maxDepth: Int = 256, maxElements: Int = 2_000_000) {
    self.maxBytes = maxBytes
    self.maxDepth = min(maxDepth, 256)
    self.maxElements = maxElements
  }
}
