/// Bounds on what a single XML input may cost. Inputs come from parties with a reason to game them.
///
/// Every document candor parses is held to them: questionnaires, responses, incident files, policies, reports read
/// back by `diff`, and every XML part of an .xlsx workbook. The attribute and namespace limits are checked on the raw
/// bytes before libxml2 sees them (``ParsedDocument/parse(_:limits:)``), because libxml2 2.9 spends time that grows
/// with the square of an element's attributes and namespace declarations before any callback could stop it.
public struct XMLLimits: Hashable, Sendable {
  /// The largest input accepted, in bytes; checked before any parsing. Default 64 MiB.
  public var maxBytes: Int
  /// The deepest element nesting accepted. libxml2 refuses more than 256 levels on its own (without
  /// `XML_PARSE_HUGE`, which candor never sets); this limit can only be lower.
  public var maxDepth: Int
  /// The largest number of elements in one document.
  public var maxElements: Int
  /// The most attributes one element may have, namespace declarations included. Default 64.
  public var maxAttributes: Int
  /// The most namespace declarations in scope at any element: its own and its ancestors' together (each one costs
  /// a look-up of every element and prefixed attribute below it). Default 64.
  public var maxNamespaces: Int
  /// The most attributes in the whole document, namespace declarations included. Each costs libxml2 about 200
  /// bytes of tree, for as few as 5 bytes of input (` a=""`), so this and ``maxElements``, not the size, bound the
  /// memory a document can take. Default 4,000,000.
  public var maxTotalAttributes: Int

  /// The default limits: 64 MiB, depth 256, 2,000,000 elements, 64 attributes per element, 64 namespace
  /// declarations in scope, 4,000,000 attributes in all.
  public static let `default` = XMLLimits(maxBytes: 64 << 20)

  /// Creates limits.
  public init(
    maxBytes: Int, maxDepth: Int = 256, maxElements: Int = 2_000_000, maxAttributes: Int = 64, maxNamespaces: Int = 64,
    maxTotalAttributes: Int = 4_000_000
  ) {
    self.maxBytes = maxBytes
    self.maxDepth = min(maxDepth, 256)
    self.maxElements = maxElements
    self.maxAttributes = maxAttributes
    self.maxNamespaces = maxNamespaces
    self.maxTotalAttributes = maxTotalAttributes
  }
}
