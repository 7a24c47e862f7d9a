import CandorXML

/// Reads one source file into a ``FeedSnapshot``: tells its kind from its content (or takes the one given) and hands
/// it to the reader of that kind.
public enum FeedReader {
  /// Reads `source`.
  ///
  /// - Parameters:
  ///   - kind: the kind to read it as; nil to tell it from the content.
  /// - Throws: ``InputError`` with every problem found, each at its file, line and column.
  public static func read(_ source: SourceText, as kind: FeedKind? = nil, limits: FeedLimits = .default)
    throws(InputError) -> FeedSnapshot
  {
    let start = SourceLocation(file: source.name, line: 0, column: 0)
    if source.bytes.count > limits.maxBytes {
      throw InputError(
        at: start, "the file is \(source.bytes.count) bytes, more than the limit of \(limits.maxBytes) bytes")
    }
    if let compressed = InputChecks.compressedKind(source.bytes) {
      throw InputError(at: start, "the file is \(compressed); decompress it first")
    }
    let first = source.bytes.drop { [0xEF, 0xBB, 0xBF, 0x20, 0x09, 0x0A, 0x0D].contains($0) }.first
    let snapshot: FeedSnapshot
    switch first {
    case UInt8(ascii: "<"):
      snapshot = try StatuspageFeedReader.read(source, limits: limits)
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      let root = try JSONDocument.parse(source, limits: limits.json)
      switch kind ?? detectJSON(root) {
      case .statuspageJSON: snapshot = try StatuspageJSONReader.read(root, source: source, limits: limits)
      case .googleCloudJSON: snapshot = try GoogleCloudReader.read(root, source: source, limits: limits)
      case .aiidJSON: snapshot = try AIIDReader.read(root, source: source, limits: limits)
      case let other?:
        throw InputError(at: start, "the file is JSON, not \(other.rawValue)")
      case nil:
        throw InputError(
          at: source.location(ofOffset: root.offset),
          "cannot tell which source this JSON comes from (Statuspage incidents.json, Google Cloud incidents.json or "
            + "AI Incident Database); name it with --from")
      }
    default:
      guard let csv = AIIDReader.csvKind(source) else {
        throw InputError(
          at: SourceLocation(file: source.name, line: 1, column: 1),
          "cannot tell the kind of this file: expected a Statuspage feed (Atom or RSS), Statuspage or Google Cloud "
            + "incidents.json, AI Incident Database JSON or a snapshot CSV")
      }
      if let kind, kind != csv, !(kind == .aiidCSV && csv == .aiidReportsCSV) {
        throw InputError(at: start, "the file is \(csv.rawValue), not \(kind.rawValue)")
      }
      snapshot = try AIIDReader.readCSV(source, limits: limits)
    }
    if let kind, kind != snapshot.kind, !(kind == .aiidCSV && snapshot.kind == .aiidReportsCSV) {
      throw InputError(at: start, "the file is \(snapshot.kind.rawValue), not \(kind.rawValue)")
    }
    return snapshot
  }

  /// The kind of a JSON source, told from its shape.
  static func detectJSON(_ root: JSONNode) -> FeedKind? {
    if root.member("data")?.member("incidents") != nil { return .aiidJSON }
    if let incidents = root.member("incidents")?.array {
      if root.member("page") != nil || incidents.first?.member("incident_updates") != nil { return .statuspageJSON }
      if incidents.first?.member("incident_id") != nil { return .aiidJSON }
      return root.member("page") != nil ? .statuspageJSON : nil
    }
    if let first = root.array?.first {
      if first.member("external_desc") != nil || first.member("begin") != nil { return .googleCloudJSON }
      if first.member("incident_id") != nil { return .aiidJSON }
    }
    return nil
  }
}
