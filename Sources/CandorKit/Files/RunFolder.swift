import CandorXML
import Foundation

/// The output folder of `assess`, `compare` and `demo` as the unit of one run, kept by its manifest
/// (``RunManifest``, `candor-run.xml`):
///
/// - A folder that holds an earlier run's manifest is refused unless the run is forced (a demo replaces an earlier
///   demo's files by itself); nothing is read or written before that check.
/// - A forced run replaces the earlier run's files as one step: its own files and the earlier run's unchanged
///   files are the only ones touched. Before anything is moved, every file this run writes must be new or an
///   earlier run's file as that run wrote it, and every earlier file it removes must be unchanged; a file no
///   manifest lists, or one changed since, is never replaced or removed, even when forced: the run stops first.
/// - While files are moved, removed and the manifest replaced, the folder holds ``replacingName``, a manifest
///   listing every file of both runs; a folder left with it (the run was killed) is known to mix two runs:
///   `candor validate` says so, and the next run into it must be forced, and then replaces the files of both.
///
/// Concurrent runs into one folder never meet: the folder is locked for the run by its ``StagedOutput``.
struct RunFolder {
  /// The manifest of a replacement in progress (or interrupted).
  static let replacingName = ".candor-run-replacing.xml"

  let directory: String
  /// The command of the run: assess, compare or demo.
  let command: String
  /// The files earlier runs wrote: by name, the SHA-256s its content may have (empty: any content, a file an
  /// interrupted replacement listed, which holds the one run's version or the other's).
  private(set) var earlier: [String: Set<String>] = [:]

  /// Opens `directory` for a run of `command`.
  ///
  /// - Throws: ``InputError`` when the folder holds an earlier run's files and `force` is false, or a manifest in it
  ///   is not a valid run manifest (then candor cannot tell which files are whose).
  init(_ directory: String, command: String, force: Bool, limits: XMLLimits) throws(InputError) {
    self.directory = directory
    self.command = command
    let current = try Self.manifest(at: path(RunManifest.fileName), limits: limits)
    let replacing = try Self.manifest(at: path(Self.replacingName), limits: limits)
    let location = SourceLocation(file: directory, line: 0, column: 0)
    if let replacing, !force {
      throw InputError(
        at: location,
        "an earlier run into this folder (\(replacing.summary)) was interrupted while it replaced the files of the "
          + "run before it, so the folder may hold files of both; add --force to replace them all with this run's, "
          + "or choose another --out")
    }
    if let current, !force, !(command == "demo" && current.command == "demo") {
      throw InputError(
        at: location,
        "the folder holds the files of an earlier run (\(current.summary)), listed in its \(RunManifest.fileName); "
          + "add --force to replace them with this run's, or choose another --out")
    }
    for output in current?.outputs ?? [] { earlier[output.name, default: []].insert(output.sha256) }
    // After an interruption, a file the replacement listed holds either run's version: any content is candor's.
    for output in replacing?.outputs ?? [] { earlier[output.name] = [] }
  }

  /// Opens the output folder of a run configured by `configuration`, whose own command is `command` (the
  /// configuration's record may name another: a demo is a comparison).
  init(_ configuration: RunConfiguration, command: String) throws(InputError) {
    try self.init(
      configuration.outputDirectory, command: configuration.record.command ?? command, force: configuration.force,
      limits: configuration.limits)
  }

  private func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

  /// The manifest at `path`, nil when there is none.
  private static func manifest(at path: String, limits: XMLLimits) throws(InputError) -> RunManifest? {
    var status = stat()
    guard lstat(path, &status) == 0 else { return nil }
    let problems: [Diagnostic]
    do {
      let source = try InputFiles.read(path, maxBytes: limits.maxBytes)
      let document = try DocumentReader.read(source, expecting: .run, limits: limits)
      if document.schemaDiagnostics.isEmpty { return RunManifest(document.root) }
      problems = document.schemaDiagnostics
    } catch {
      problems = error.diagnostics
    }
    throw InputError(
      problems.filter { $0.severity == .error }.prefix(5).map {
        Diagnostic(
          .error, at: $0.location,
          "\($0.message); this run manifest says which files an earlier run wrote, and without it candor cannot "
            + "tell them from yours: move it away, or choose another --out")
      })
  }

  /// Checks, before anything is moved into place, that each of `outputs` is new or an earlier run's file as that
  /// run wrote it, and that each earlier file this run would remove is unchanged.
  ///
  /// - Throws: ``InputError`` naming every file candor would replace or remove without having written it so.
  func checkReplacements(_ outputs: [String]) throws(InputError) {
    var problems = Diagnostics()
    let written = Set(outputs)
    for name in (outputs + earlier.keys.filter { !written.contains($0) }).sorted() {
      let path = self.path(name)
      var status = stat()
      guard lstat(path, &status) == 0 else { continue }  // new, or already gone
      let action = written.contains(name) ? "replace" : "remove"
      let location = SourceLocation(file: path, line: 0, column: 0)
      guard let recorded = earlier[name] else {
        problems.error(
          location,
          "exists, and no run manifest in the folder lists it: candor did not write it (or did not record it), and "
            + "does not \(action) it, even with --force; move it away, or choose another --out")
        continue
      }
      switch FileReferences.sha256(ofRegularFile: path) {
      case .failure(let problem):
        problems.error(
          location, "\(problem.reason); candor does not \(action) it: move it away, or choose another --out")
      case .success(let digest) where !recorded.isEmpty && !recorded.contains(digest):
        problems.error(
          location,
          "has changed since the earlier run wrote it (its SHA-256 is not the one \(RunManifest.fileName) records); "
            + "candor does not \(action) a file it did not write so, even with --force: move it away, or choose "
            + "another --out")
      case .success:
        break
      }
    }
    try problems.throwIfErrors()
  }

  /// Moves `output`'s staged files into place and makes `manifest` the folder's, as one step: the replacement
  /// manifest first (every file of the earlier run and this one), then this run's files, then the earlier run's
  /// files this run does not write are removed, then the manifest, and the replacement manifest last.
  ///
  /// - Returns: the paths of this run's files, the manifest last.
  func commit(_ output: StagedOutput, manifest: RunManifest) throws(InputError) -> [String] {
    let finalManifest = path(RunManifest.fileName)
    // Every file of both runs: this run's, and the earlier files still there (checked unchanged), as they are.
    var union = manifest
    let new = Set(manifest.outputs.map(\.name))
    for name in earlier.keys.filter({ !new.contains($0) }).sorted() {
      guard case .success(let digest) = FileReferences.sha256(ofRegularFile: path(name)) else { continue }
      union.outputs.append(
        ReportFileReference(name: name, mediaType: ReportFileReference.mediaType(of: name), sha256: digest))
    }
    let replacing = try writeTemporary(union.bytes(), for: Self.replacingName)
    let next: String
    do {
      next = try writeTemporary(manifest.bytes(), for: RunManifest.fileName)
    } catch {
      unlink(replacing)
      output.discard()
      throw error
    }
    guard rename(replacing, path(Self.replacingName)) == 0 else {
      let reason = String(cString: strerror(errno))
      for file in [replacing, next] { unlink(file) }
      output.discard()
      throw InputError(
        at: SourceLocation(file: path(Self.replacingName), line: 0, column: 0),
        "cannot mark the folder as being replaced, so nothing was moved into place: \(reason)")
    }
    let written: [String]
    do {
      written = try output.moveIntoPlace()
    } catch {
      unlink(next)
      throw error
    }
    // The folder stays locked until the manifest is in place.
    defer { output.release() }
    for name in earlier.keys where !new.contains(name) { unlink(path(name)) }
    guard rename(next, finalManifest) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(next)
      throw InputError(
        at: SourceLocation(file: finalManifest, line: 0, column: 0),
        "cannot move the run manifest into place: \(reason); the folder keeps \(Self.replacingName), which lists "
          + "every file of this run and the earlier one")
    }
    unlink(path(Self.replacingName))
    return written + [finalManifest]
  }

  /// Writes `bytes` to a temporary file in the folder (removed on an interrupt, and by the next run if left).
  private func writeTemporary(_ bytes: [UInt8], for name: String) throws(InputError) -> String {
    let temporary = path("\(ReportFileWriter.temporaryPrefix)\(getpid())-run-\(name)")
    let descriptor = InterruptCleanup.shared.createTemporary(temporary)
    var written = descriptor >= 0
    if written {
      written = (try? FileAssembly.writeAll(bytes, to: descriptor, at: 0)) != nil
      written = close(descriptor) == 0 && written
    }
    guard written else {
      unlink(temporary)
      InterruptCleanup.shared.forget([temporary])
      throw InputError(at: SourceLocation(file: path(name), line: 0, column: 0), "cannot write the run manifest")
    }
    return temporary
  }

  // MARK: - Checking a run folder

  /// What `candor validate` finds in the run manifest `file` (its root `root`): every output checked against its
  /// SHA-256 in the manifest's folder; an error when a replacement of the folder's files was interrupted; a note
  /// naming the files of the folder that the manifest does not list (candor did not write them in this run).
  static func check<E: ReadableElement>(_ root: E, file: String) -> [Diagnostic] {
    let folder =
      (file as NSString).deletingLastPathComponent.isEmpty ? "." : (file as NSString).deletingLastPathComponent
    let name = (file as NSString).lastPathComponent
    let references = FileReferences.ofRunManifest(root)
    var diagnostics = FileReferences.check(references, in: folder, document: name)
    if access((folder as NSString).appendingPathComponent(replacingName), F_OK) == 0 {
      diagnostics.append(
        Diagnostic(
          .error, at: root.location,
          "the run that wrote this folder was interrupted while it replaced an earlier run's files "
            + "(\(replacingName) is still there): the folder may hold files of both runs; run it again with --force"))
    }
    let listed = Set(references.map(\.name) + [name])
    let others = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
      !$0.hasPrefix(".") && !listed.contains($0)
    }.sorted()
    if !others.isEmpty {
      let shown = Format.firstOf(others, atMost: 4)
      diagnostics.append(
        Diagnostic(
          .note, at: root.location,
          "\(others.count) file\(others.count == 1 ? "" : "s") in the folder \(others.count == 1 ? "is" : "are") not "
            + "among the run's outputs: \(shown)"))
    }
    return diagnostics
  }
}
