import ArgumentParser
import CandorXML

/// The limits every command that reads input accepts.
struct LimitOptions: ParsableArguments {
  @Option(help: "The largest input file accepted, in bytes.")
  var maxBytes: Int = XMLLimits.default.maxBytes

  @Option(help: "The deepest element nesting accepted (at most 256).")
  var maxDepth: Int = XMLLimits.default.maxDepth

  @Option(help: "The most elements accepted in one XML file.")
  var maxElements: Int = XMLLimits.default.maxElements

  var xmlLimits: XMLLimits { XMLLimits(maxBytes: maxBytes, maxDepth: maxDepth, maxElements: maxElements) }

  func validate() throws {
    guard maxBytes > 0 else { throw ValidationError("--max-bytes must be positive") }
    guard (1...256).contains(maxDepth) else { throw ValidationError("--max-depth must be between 1 and 256") }
    guard maxElements > 0 else { throw ValidationError("--max-elements must be positive") }
  }
}
