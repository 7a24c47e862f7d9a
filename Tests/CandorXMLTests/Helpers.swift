@testable import CandorXML

/// A source from a string, named like a file.
func source(_ text: String, name: String = "test.xml") -> SourceText {
  SourceText(name: name, bytes: Array(text.utf8))
}

/// Parses `text`, expecting success.
func parse(_ text: String, name: String = "test.xml", limits: XMLLimits = .default) throws -> ParsedDocument {
  try ParsedDocument.parse(source(text, name: name), limits: limits)
}

/// Parses `bytes` expecting failure, and returns the problems.
func problems(_ bytes: [UInt8], limits: XMLLimits = .default) -> [XMLProblem] {
  do {
    _ = try ParsedDocument.parse(SourceText(name: "attack.xml", bytes: bytes), limits: limits)
    return []
  } catch {
    return error.problems
  }
}

func problems(_ text: String, limits: XMLLimits = .default) -> [XMLProblem] {
  problems(Array(text.utf8), limits: limits)
}
