import CandorKit
import CandorStore
import Foundation
import Hummingbird
import ZIPFoundation

extension Portal {
  /// The names of a submission's files: the response, and the reports of its vendor.
  static func submissionFileNames(vendorID: String) -> [String] {
    ["response.xml"]
      + ["report.html", "report.md", "report.xml", "chart.svg", "followups.csv", "oscal-ar.xml", "oscal-ar.json"].map {
        "\(vendorID).\($0)"
      }
  }

  /// A file of a submission, downloaded; only the names of ``submissionFileNames(vendorID:)`` are served.
  func submissionFile(_ submission: Submission, vendorID: String, name: String) throws -> Response {
    guard Self.submissionFileNames(vendorID: vendorID).contains(name) else {
      throw PortalError.notFound("No such file.")
    }
    let relative = name == "response.xml" ? "\(submission.folder)/response.xml" : "\(submission.folder)/reports/\(name)"
    guard let data = FileManager.default.contents(atPath: data.path(relative)) else {
      throw PortalError.notFound("No such file in this submission.")
    }
    if name.hasSuffix(".report.html") {
      // The self-contained HTML report (CandorKit's HTMLRenderer) is shown in the browser, under its own policy: its
      // hashed style sheet and nothing else, sandboxed, never framed.
      return Response(
        status: .ok,
        headers: [
          .contentType: "text/html; charset=utf-8",
          .contentSecurityPolicy: HTMLRenderer.contentSecurityPolicy + "; frame-ancestors 'none'; sandbox",
        ], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
    let types = [
      ".xml": "application/xml", ".json": "application/json", ".md": "text/markdown; charset=utf-8",
      ".svg": "image/svg+xml", ".csv": "text/csv; charset=utf-8",
    ]
    let type = types.first { name.hasSuffix($0.key) }?.value ?? "application/octet-stream"
    return Views.download(Array(data), name: name, type: type)
  }

  /// An evidence file, downloaded under its original name (as an attachment, never rendered).
  func evidenceDownload(_ file: EvidenceFile) throws -> Response {
    let relative = "\(data.evidenceFolder(file.participantID))/\(file.storedName)"
    guard let bytes = FileManager.default.contents(atPath: data.path(relative)) else {
      throw PortalError.notFound("The evidence file is missing from the data folder.")
    }
    return Views.download(Array(bytes), name: file.originalName)
  }

  /// A ZIP of a round: per submitted vendor its response, its reports (with the OSCAL files) and its evidence
  /// files; the round's questionnaire, policy and incident files; audited.
  func export(roundID: Int64, team: TeamSession) async throws -> Response {
    guard let (round, files) = try await store.round(id: roundID) else { throw PortalError.notFound("No such round.") }
    let participants = try await store.participants(roundID: roundID)
    let stem = "round-\(roundID)"
    var entries: [(path: String, file: String)] = []
    if let questionnaire = round.questionnaireFile {
      entries.append(("\(stem)/inputs/questionnaire.xml", questionnaire))
    }
    if let policy = round.policyFile { entries.append(("\(stem)/inputs/policy.xml", policy)) }
    for (index, file) in files.enumerated() {
      entries.append(("\(stem)/inputs/incidents-\(index + 1).xml", file.file))
    }
    for overview in participants {
      guard let submission = overview.submission, let participantID = overview.participant.id else { continue }
      let vendor = overview.participant.vendorID
      entries.append(("\(stem)/\(vendor)/response.xml", "\(submission.folder)/response.xml"))
      for name in Self.submissionFileNames(vendorID: vendor).dropFirst()
      where FileManager.default.fileExists(atPath: data.path("\(submission.folder)/reports/\(name)")) {
        entries.append(("\(stem)/\(vendor)/reports/\(name)", "\(submission.folder)/reports/\(name)"))
      }
      for file in try await store.evidence(participantID: participantID) {
        entries.append(
          ("\(stem)/\(vendor)/evidence/\(file.storedName)", "\(data.evidenceFolder(participantID))/\(file.storedName)"))
      }
    }
    let archive: Archive
    do {
      archive = try Archive(accessMode: .create)
      for entry in entries {
        let url = URL(fileURLWithPath: data.path(entry.file))
        guard let bytes = FileManager.default.contents(atPath: url.path) else { continue }
        try archive.addEntry(
          with: entry.path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate,
          provider: { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) })
      }
    } catch {
      throw PortalError.storage("the export could not be assembled: \(error)")
    }
    guard let zip = archive.data else { throw PortalError.storage("the export could not be assembled") }
    try await store.appendAudit(
      at: now(), actor: "team:\(team.email)", .roundExported, roundID: roundID,
      detail: "\(entries.count) files, \(zip.count) bytes")
    return Views.download(Array(zip), name: "\(stem).zip", type: "application/zip")
  }
}
