import ArgumentParser
import CandorXML

/// The limits every command that reads XML accepts: the size of a file and how large its structure may be.
struct LimitOptions: ParsableArguments {
  @Option(help: "The largest input file accepted, in bytes.")
  var maxBytes: Int = XMLLimits.default.maxBytes

  @OptionGroup var structure: XMLStructureOptions

  var xmlLimits: XMLLimits { structure.limits(maxBytes: maxBytes) }

  func validate() throws {
    guard maxBytes > 0 else { throw ValidationError("--max-bytes must be positive") }
  }
}

/// How large the structure of an XML document may be (see `XMLLimits`), for the commands whose `--max-bytes` is
/// about another file (`import`: the answers file; the limits here hold for the questionnaire and every part of an
/// .xlsx workbook).
struct XMLStructureOptions: ParsableArguments {
  @Option(help: "The deepest element nesting accepted (at most 256).")
  var maxDepth: Int = XMLLimits.default.maxDepth

  @Option(help: "The most elements accepted in one XML file.")
  var maxElements: Int = XMLLimits.default.maxElements

  @Option(help: "The most attributes one XML element may have (namespace declarations included).")
  var maxAttributes: Int = XMLLimits.default.maxAttributes

  @Option(help: "The most XML namespace declarations in scope at any element (its own and its ancestors').")
  var maxNamespaces: Int = XMLLimits.default.maxNamespaces

  @Option(help: "The most attributes in one XML file (they, with the elements, bound the memory a file takes).")
  var maxTotalAttributes: Int = XMLLimits.default.maxTotalAttributes

  /// The limits, with `maxBytes` for the size.
  func limits(maxBytes: Int) -> XMLLimits {
    XMLLimits(
      maxBytes: maxBytes, maxDepth: maxDepth, maxElements: maxElements, maxAttributes: maxAttributes,
      maxNamespaces: maxNamespaces, maxTotalAttributes: maxTotalAttributes)
  }

  func validate() throws {
    guard (1...256).contains(maxDepth) else { throw ValidationError("--max-depth must be between 1 and 256") }
    guard maxElements > 0 else { throw ValidationError("--max-elements must be positive") }
    guard maxAttributes > 0 else { throw ValidationError("--max-attributes must be positive") }
    guard maxNamespaces > 0 else { throw ValidationError("--max-namespaces must be positive") }
    guard maxTotalAttributes > 0 else { throw ValidationError("--max-total-attributes must be positive") }
  }
}
