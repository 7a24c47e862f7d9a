import CandorXML

/// The manifest a run writes into its output folder, `candor-run.xml` (`urn:candor:run:1`, schema run.xsd): the
/// command, candor's version, the time, every input with its SHA-256 and every output with its media type and
/// SHA-256. It makes a run a unit: a later run into the folder knows which files are this run's (and replaces them
/// only with `--force`), and `candor validate` checks each output against its hash, for an auditor.
///
/// The reports themselves stay deterministic; the manifest alone holds the time of the run.
public struct RunManifest: Sendable, Equatable {
  /// The manifest's file name in the output folder.
  public static let fileName = "candor-run.xml"

  /// An input of the run: what it was for, the path as given and the SHA-256 of its bytes.
  public struct Input: Sendable, Hashable {
    /// questionnaire, response, incidents, policy, template or evidence.
    public var role: String
    public var file: String
    public var sha256: String

    public init(role: String, file: String, sha256: String) {
      self.role = role
      self.file = file
      self.sha256 = sha256
    }
  }

  /// assess, compare or demo.
  public var command: String
  /// "candor 0.2.0".
  public var generator: String
  /// When the run started (UTC, to the second); nil when the caller gave no clock.
  public var time: Timestamp?
  /// The command line after the program name.
  public var arguments: [String]
  public var inputs: [Input]
  /// The files written into the folder, in name order.
  public var outputs: [ReportFileReference]
  /// False when vendors were left out (`--keep-going`).
  public var complete: Bool

  public init(
    command: String, generator: String = ReportXML.generator, time: Timestamp? = nil, arguments: [String] = [],
    inputs: [Input] = [], outputs: [ReportFileReference] = [], complete: Bool = true
  ) {
    self.command = command
    self.generator = generator
    self.time = time
    self.arguments = arguments
    self.inputs = inputs
    self.outputs = outputs
    self.complete = complete
  }

  /// The manifest as a document.
  public func bytes() -> [UInt8] {
    let writer = XMLWriter(capacity: 1_024 + outputs.count * 160 + inputs.count * 200)
    writer.startElement("run", namespace: DocumentKind.run.namespace)
    writer.attribute("command", command)
    writer.attribute("generator", generator)
    writer.attribute("time", time.map { Timestamp.iso($0.secondsSinceEpoch) })
    writer.attribute("complete", complete ? nil : "false")
    for argument in arguments { writer.element("argument", text: argument) }
    for input in inputs {
      writer.element("input", attributes: ["role": input.role, "file": input.file, "sha256": input.sha256])
    }
    for output in outputs.sorted(by: { $0.name < $1.name }) {
      writer.element(
        "output", attributes: ["name": output.name, "media-type": output.mediaType, "sha256": output.sha256])
    }
    writer.endElement()
    return writer.finishBytes()
  }

  /// The manifest a validated `<run>` element holds.
  public init<E: ReadableElement>(_ root: E) {
    command = root.attribute("command") ?? ""
    generator = root.attribute("generator") ?? ""
    time = root.attribute("time").flatMap(Timestamp.init)
    complete = root.attribute("complete").map { $0 == "true" || $0 == "1" } ?? true
    arguments = root.children(named: "argument").map(\.text)
    inputs = root.children(named: "input").map {
      Input(role: $0.attribute("role") ?? "", file: $0.attribute("file") ?? "", sha256: $0.attribute("sha256") ?? "")
    }
    outputs = root.children(named: "output").map {
      ReportFileReference(
        name: $0.attribute("name") ?? "", mediaType: $0.attribute("media-type") ?? "",
        sha256: ($0.attribute("sha256") ?? "").lowercased())
    }
  }

  /// "candor compare, 2026-11-30T17:05:09Z, 31 files": the run in a few words, for messages.
  public var summary: String {
    "candor \(command)" + (time.map { ", \($0.text)" } ?? "")
      + ", \(outputs.count) file\(outputs.count == 1 ? "" : "s")"
  }
}

/// What a run records of itself, given by the command line: the command, its arguments and the time it started.
public struct RunRecord: Sendable {
  /// assess, compare or demo; nil for the run's own (assess or compare).
  public var command: String?
  public var arguments: [String]
  public var time: Timestamp?

  public init(command: String? = nil, arguments: [String] = [], time: Timestamp? = nil) {
    self.command = command
    self.arguments = arguments
    self.time = time
  }
}

extension RunManifest.Input {
  /// An input the assessment's own manifest lists (questionnaire, response or incident file).
  init(_ entry: InputManifestEntry) {
    self.init(role: entry.kind.rawValue, file: entry.file, sha256: entry.sha256)
  }

  /// The file at `path` as an input, hashed as it is now; none when it cannot be read.
  static func file(_ path: String, role: String) -> [RunManifest.Input] {
    guard case .success(let digest) = FileReferences.sha256(ofRegularFile: path) else { return [] }
    return [RunManifest.Input(role: role, file: path, sha256: digest)]
  }
}
