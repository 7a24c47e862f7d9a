import CLibXML2

/// Process-wide libxml2 set-up, done once, and the C callbacks candor installs. Callbacks are plain functions of this
/// library (never closures in `main.swift`, whose top-level code is main-actor isolated).
enum LibXML2Runtime {
  /// Initialises libxml2 and installs the deny-all external entity loader, once per process.
  /// `xmlCleanupParser` is never called: it is process-wide and Foundation links the same library.
  private static let initialised: Bool = {
    xmlInitParser()
    xmlSetExternalEntityLoader(denyExternalEntity)
    candor_silence_thread_errors(ignoreThreadError)
    return true
  }()

  /// Makes sure libxml2 is initialised, and that this thread's errors go nowhere near standard error.
  static func prepare() {
    _ = initialised
    candor_silence_thread_errors(ignoreThreadError)
  }
}

/// The external entity loader: refuses every external resource (DTDs, entities, XIncludes), whatever the URL.
/// Documents with a DOCTYPE are refused before this could be reached; this is the second line of defence.
private func denyExternalEntity(
  _ url: UnsafePointer<CChar>?, _ id: UnsafePointer<CChar>?, _ context: xmlParserCtxtPtr?
) -> xmlParserInputPtr? {
  if let context, let state = ParseState.from(context) {
    let what = url.map { String(cString: $0) } ?? id.map { String(cString: $0) } ?? "an external resource"
    state.refuse(at: state.currentOffset(context), "refused to load \(what): candor never loads external resources")
    xmlStopParser(context)
  }
  return nil
}

/// Errors raised outside a parser or validation context: dropped (the operation fails on its own terms).
private func ignoreThreadError(_ userData: UnsafeMutableRawPointer?, _ error: UnsafeRawPointer?) {}

/// The parser's structured-error callback: `userData` is the parser context (libxml2 passes `ctxt->userData`).
func recordParserError(_ userData: UnsafeMutableRawPointer?, _ error: UnsafeRawPointer?) {
  guard let userData, let error else { return }
  let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
  guard let state = ParseState.from(context) else { return }
  state.recordLibraryError(error.assumingMemoryBound(to: xmlError.self).pointee)
}

/// Wraps libxml2's own start-element handler to remember where each start tag begins, and to enforce the limits.
func recordStartElement(
  _ userData: UnsafeMutableRawPointer?,
  _ localName: UnsafePointer<xmlChar>?,
  _ prefix: UnsafePointer<xmlChar>?,
  _ uri: UnsafePointer<xmlChar>?,
  _ namespaceCount: Int32,
  _ namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
  _ attributeCount: Int32,
  _ defaultedCount: Int32,
  _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
) {
  guard let userData else { return }
  let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
  guard let state = ParseState.from(context) else { return }
  let tagOffset = state.tagStart(before: state.currentOffset(context))
  state.elementCount += 1
  if state.elementCount > state.limits.maxElements {
    state.refuse(
      at: tagOffset, "more than \(state.limits.maxElements) elements; the limit is \(state.limits.maxElements)")
    xmlStopParser(context)
    return
  }
  if Int(context.pointee.nameNr) >= state.limits.maxDepth {
    state.refuse(
      at: tagOffset,
      "elements nested more than \(state.limits.maxDepth) levels deep; the limit is \(state.limits.maxDepth)")
    xmlStopParser(context)
    return
  }
  xmlSAX2StartElementNs(
    userData, localName, prefix, uri, namespaceCount, namespaces, attributeCount, defaultedCount, attributes)
  if let node = context.pointee.node {
    // Offset + 1, so that 0 keeps meaning "unknown".
    node.pointee._private = UnsafeMutableRawPointer(bitPattern: tagOffset + 1)
  }
}

/// Refuses any document type declaration: no DTD, no entity declaration, no external subset is ever read.
func refuseDocumentType(
  _ userData: UnsafeMutableRawPointer?, _ name: UnsafePointer<xmlChar>?, _ externalID: UnsafePointer<xmlChar>?,
  _ systemID: UnsafePointer<xmlChar>?
) {
  guard let userData else { return }
  let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
  guard let state = ParseState.from(context) else { return }
  let offset = state.lastOccurrence(of: "<!DOCTYPE", before: state.currentOffset(context))
  state.refuse(
    at: offset,
    "a DOCTYPE is not allowed: candor files have no DTD and no entities (refused before anything was loaded)")
  xmlStopParser(context)
}

/// The structured-error callback of schema validation: `userData` is the `ValidationCollector`.
func recordValidationError(_ userData: UnsafeMutableRawPointer?, _ error: UnsafeRawPointer?) {
  guard let userData, let error else { return }
  let collector = Unmanaged<ValidationCollector>.fromOpaque(userData).takeUnretainedValue()
  collector.record(error.assumingMemoryBound(to: xmlError.self).pointee)
}
