import CandorXML
import Foundation
import Testing

@testable import CandorKit

#if canImport(Glibc)
  import Glibc
#endif

/// The evidence-file checks of issue 14: each piece judged against its own hash (item 1), paths resolved below the
/// folder's descriptor whatever happens to the folder meanwhile (item 2), no pipe ever opened (item 3), each file
/// hashed once per run and none larger than the limit (item 5).
@Suite(.serialized, .timeLimit(.minutes(2))) struct EvidenceFileTests {
  /// A temporary folder with `evidence/` inside, removed by the caller.
  func folder() throws -> (root: URL, evidence: URL) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("candor-evidence-\(UUID().uuidString)")
    let evidence = root.appendingPathComponent("evidence")
    try FileManager.default.createDirectory(at: evidence, withIntermediateDirectories: true)
    return (root, evidence)
  }

  /// A response whose answers to Q1, Q2… each hold the evidence given (reference, SHA-256).
  func response(_ answers: [[(String, String?)]]) -> Response {
    let location = SourceLocation(file: "r.xml", line: 1, column: 1)
    return Response(
      questionnaireID: "scenario", questionnaireVersion: "1.0.0", vendor: Vendor(id: "acme", name: "Acme"),
      respondent: nil, submitted: CalendarDate("2026-10-01")!,
      answers: answers.enumerated().map { index, evidence in
        Answer(
          questionID: "Q\(index + 1)", value: .option("yes"), owner: nil, comment: nil,
          evidence: evidence.map {
            Evidence(
              kind: "document", origin: .independent, reference: $0.0, sha256: $0.1, validUntil: nil,
              description: "", location: location)
          }, location: location)
      }, location: location)
  }

  func write(_ text: String, to url: URL) throws {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  // MARK: - Item 1: each piece against its own hash

  /// The reproduction: the same `ref` twice, once with the right hash and once with 64 × `f`. The wrong one used to
  /// take the right one's state (and count as verified); swapped, the right one was reported as a mismatch.
  @Test(arguments: [false, true])
  func eachPieceOfEvidenceIsJudgedAgainstItsOwnHash(wrongFirst: Bool) throws {
    let (root, evidence) = try folder()
    defer { try? FileManager.default.removeItem(at: root) }
    try write("SOC 2 report", to: evidence.appendingPathComponent("soc2.pdf"))
    let right = Digest.sha256("SOC 2 report")
    let wrong = String(repeating: "f", count: 64)
    let pieces: [(String, String?)] = [("soc2.pdf", right), ("soc2.pdf", wrong)]
    let answers: [[(String, String?)]] = wrongFirst ? [[pieces[1]], [pieces[0]]] : [[pieces[0]], [pieces[1]]]
    let checks = EvidenceVerifier.check(response(answers), evidenceDirectory: evidence.path)
    #expect(checks.count == 2)
    #expect(checks.first { $0.expectedSHA256 == right }?.state == .verified)
    #expect(checks.first { $0.expectedSHA256 == wrong }?.state == .hashMismatch)

    // Scored: the answer with the right hash counts its evidence, the one with the wrong hash does not.
    var scenario = Scenario()
    scenario.questions = Scenario.yesNo("Q1", evidence: "required") + Scenario.yesNo("Q2", evidence: "required")
    let inputs = try scenario.inputs()
    let assessment = Assessor.assess(
      response(answers), questionnaire: inputs.questionnaire, incidents: [], evidenceFiles: checks)
    let rightQuestion = wrongFirst ? "Q2" : "Q1"
    let wrongQuestion = wrongFirst ? "Q1" : "Q2"
    #expect(assessment.question(rightQuestion)?.evidence.items.first?.state == .counted)
    #expect(assessment.question(rightQuestion)?.verified == 1)
    #expect(assessment.question(wrongQuestion)?.evidence.items.first?.state == .hashMismatch)
    #expect(assessment.question(wrongQuestion)?.verified == 0.5)
  }

  // MARK: - Item 2: the symbolic-link race

  /// `renameat2` (Linux), found at run time: the Swift Glibc module does not declare it.
  typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

  /// The reproduction: while the references are checked, a thread swaps a folder inside the evidence folder with a
  /// symbolic link to a folder outside it (renameat2 with RENAME_EXCHANGE, in a loop). Whatever the timing, nothing
  /// outside is ever hashed: each check gets the file inside, or a refusal.
  @Test func swappingAFolderForALinkNeverGetsAFileOutsideHashed() throws {
    guard dlsym(nil, "renameat2") != nil else { return }  // not Linux: nothing to race with
    let (root, evidence) = try folder()
    defer { try? FileManager.default.removeItem(at: root) }
    try write("inside", to: evidence.appendingPathComponent("sub/a.pdf"))
    try write("secret", to: root.appendingPathComponent("outside/a.pdf"))
    try FileManager.default.createSymbolicLink(
      atPath: evidence.appendingPathComponent("swap").path,
      withDestinationPath: root.appendingPathComponent("outside").path)
    let inside = Digest.sha256("inside")
    let secret = Digest.sha256("secret")
    // 1,600 references to the same file, each spelt differently so that each is resolved on its own.
    let references = (0..<1_600).map { "sub/" + String(repeating: "./", count: $0) + "a.pdf" }
    let stop = Flag()
    let swapper = Thread {
      let renameat2 = unsafeBitCast(dlsym(nil, "renameat2"), to: RenameAt2.self)
      let sub = evidence.appendingPathComponent("sub").path
      let swap = evidence.appendingPathComponent("swap").path
      var swaps = 0
      while !stop.isSet, swaps < 5_000_000 {
        _ = renameat2(AT_FDCWD, sub, AT_FDCWD, swap, 2)  // RENAME_EXCHANGE
        swaps += 1
      }
      stop.finish()
    }
    swapper.start()
    let hashes = EvidenceHashes()
    var checks: [EvidenceFileCheck] = []
    for chunk in stride(from: 0, to: references.count, by: 100) {
      let batch = references[chunk..<min(chunk + 100, references.count)].map { ($0, String?.none) }
      checks += EvidenceVerifier.check(response([batch]), evidenceDirectory: evidence.path, hashes: hashes)
    }
    stop.set()
    stop.waitUntilFinished()
    #expect(checks.count == 1_600)
    #expect(!checks.contains { $0.actualSHA256 == secret }, "a file outside the evidence folder was hashed")
    #expect(checks.allSatisfy { $0.actualSHA256 == inside || $0.state == .refused || $0.state == .missing })
    #expect(checks.contains { $0.actualSHA256 == inside })
  }

  /// Links inside the folder are followed as long as they stay inside; a link out, absolute or relative, a loop
  /// and a link to a folder outside are refused.
  @Test func linksAreFollowedOnlyBelowTheEvidenceFolder() throws {
    let (root, evidence) = try folder()
    defer { try? FileManager.default.removeItem(at: root) }
    try write("real", to: evidence.appendingPathComponent("docs/real.pdf"))
    try write("secret", to: root.appendingPathComponent("secret.pdf"))
    let links = [
      ("inside.pdf", "docs/real.pdf"), ("docs/up.pdf", "../docs/./real.pdf"), ("out-relative.pdf", "../secret.pdf"),
      ("out-absolute.pdf", root.appendingPathComponent("secret.pdf").path), ("loop.pdf", "loop.pdf"),
      ("parent", ".."), ("docs/deep", "../../.."),
    ]
    for (name, target) in links {
      try FileManager.default.createSymbolicLink(
        atPath: evidence.appendingPathComponent(name).path, withDestinationPath: target)
    }
    let references = [
      "inside.pdf", "docs/up.pdf", "out-relative.pdf", "out-absolute.pdf", "loop.pdf", "parent/secret.pdf",
      "docs/deep/secret.pdf", "docs", "absent.pdf",
    ]
    let checks = EvidenceVerifier.check(response([references.map { ($0, nil) }]), evidenceDirectory: evidence.path)
    let states = Dictionary(uniqueKeysWithValues: checks.map { ($0.reference, $0.state) })
    #expect(states["inside.pdf"] == .unhashed)
    #expect(states["docs/up.pdf"] == .unhashed)
    for escaping in ["out-relative.pdf", "out-absolute.pdf", "loop.pdf", "parent/secret.pdf", "docs/deep/secret.pdf"] {
      #expect(states[escaping] == .refused, "\(escaping)")
    }
    #expect(states["docs"] == .missing && states["absent.pdf"] == .missing)
    #expect(!checks.contains { $0.actualSHA256 == Digest.sha256("secret") })
  }

  // MARK: - Item 3: named pipes

  /// The reproduction: an evidence file that is a named pipe blocked the run forever in open(). It is refused
  /// without being opened.
  @Test func aNamedPipeIsRefusedWithoutBeingOpened() throws {
    let (root, evidence) = try folder()
    defer { try? FileManager.default.removeItem(at: root) }
    #expect(mkfifo(evidence.appendingPathComponent("pipe.pdf").path, 0o644) == 0)
    let checks = EvidenceVerifier.check(response([[("pipe.pdf", nil)]]), evidenceDirectory: evidence.path)
    #expect(checks.first?.state == .refused)
    #expect(checks.first?.detail == "is a named pipe (FIFO), not a regular file; it was not read")
  }

  // MARK: - Item 5: evidence volume

  /// The reproduction: one file referenced under 200 spellings was hashed 200 times. A file is hashed once per run,
  /// by device and inode, whatever the spelling, the link or the vendor that names it.
  @Test func aFileIsHashedOncePerRunWhateverNamesIt() throws {
    let (root, evidence) = try folder()
    defer { try? FileManager.default.removeItem(at: root) }
    try write(String(repeating: "x", count: 100_000), to: evidence.appendingPathComponent("x.pdf"))
    try FileManager.default.createSymbolicLink(
      atPath: evidence.appendingPathComponent("link.pdf").path, withDestinationPath: "x.pdf")
    let spellings = (0..<200).map { String(repeating: "./", count: $0) + "x.pdf" } + ["link.pdf"]
    let hashes = EvidenceHashes()
    let first = EvidenceVerifier.check(
      response([spellings.map { ($0, nil) }]), evidenceDirectory: evidence.path, hashes: hashes)
    let second = EvidenceVerifier.check(
      response([[("x.pdf", nil)]]), evidenceDirectory: evidence.path, hashes: hashes)
    #expect(first.count == 201 && first.allSatisfy { $0.state == .unhashed })
    #expect(second.first?.actualSHA256 == first.first?.actualSHA256)
    #expect(hashes.filesHashed == 1)
  }

  /// The reproduction: a 20 GB sparse file was hashed for a minute. A file over the limit is refused unread.
  @Test func aFileOverTheSizeLimitIsRefusedUnread() throws {
    let (root, evidence) = try folder()
    defer { try? FileManager.default.removeItem(at: root) }
    let path = evidence.appendingPathComponent("huge.bin").path
    let descriptor = open(path, O_WRONLY | O_CREAT, 0o644)
    #expect(ftruncate(descriptor, 20 << 30) == 0)
    close(descriptor)
    try write("small", to: evidence.appendingPathComponent("small.pdf"))
    let hashes = EvidenceHashes()
    let checks = EvidenceVerifier.check(
      response([[("huge.bin", nil), ("small.pdf", nil)]]), evidenceDirectory: evidence.path,
      limits: EvidenceLimits(maxFileBytes: 1 << 20), hashes: hashes)
    #expect(checks[0].state == .refused)
    #expect(
      checks[0].detail
        == "the file is 21474836480 bytes, more than the limit of 1048576 bytes for an evidence file; it was not read")
    #expect(checks[1].state == .unhashed)
    #expect(hashes.filesHashed == 1)
  }

  /// Evidence per answer and per response is bounded before anything is read from the response (the reproduction
  /// had 1.25 million pieces in one answer: 3.5 GB of memory and 1.45 GB of reports).
  @Test func evidenceIsBoundedPerAnswerAndPerResponse() throws {
    func responseText(_ perAnswer: [Int]) -> SourceText {
      var scenario = Scenario()
      scenario.answers = perAnswer.enumerated().map { index, count in
        "<answer question=\"Q\(index + 1)\" value=\"yes\">"
          + String(
            repeating: "<evidence kind=\"document\" origin=\"vendor\" ref=\"e.pdf\">E</evidence>\n", count: count)
          + "</answer>"
      }.joined(separator: "\n")
      return SourceText(name: "r.xml", bytes: Array(scenario.responseText.utf8))
    }
    var scenario = Scenario()
    scenario.questions = (1...3).map { Scenario.yesNo("Q\($0)") }.joined()
    let questionnaire = try InputLoader.questionnaire(
      SourceText(name: "q.xml", bytes: Array(scenario.questionnaireText.utf8))
    ).0
    let limits = ResponseLimits(maxAnswers: 10, maxEvidencePerAnswer: 3, maxEvidence: 5)
    #expect(throws: Never.self) {
      try InputLoader.response(responseText([3, 2]), questionnaire: questionnaire, content: limits)
    }
    #expect {
      try InputLoader.response(responseText([1, 4]), questionnaire: questionnaire, content: limits)
    } throws: { error in
      let diagnostic = (error as? InputError)?.diagnostics.first
      return diagnostic?.location.line == 9
        && diagnostic?.message
          == "more than 3 pieces of evidence for one answer; the limit is 3 (see --max-evidence-per-answer)"
    }
    #expect {
      try InputLoader.response(responseText([3, 2, 1]), questionnaire: questionnaire, content: limits)
    } throws: { error in
      (error as? InputError)?.diagnostics.first?.message
        == "more than 5 pieces of evidence in the response; the limit is 5 (see --max-evidence)"
    }
  }
}

/// A flag set by one thread and read by another, and a way to wait for the other thread to finish.
private final class Flag: @unchecked Sendable {
  private let condition = NSCondition()
  private var value = false
  private var finished = false

  var isSet: Bool {
    condition.lock()
    defer { condition.unlock() }
    return value
  }

  func set() {
    condition.lock()
    value = true
    condition.unlock()
  }

  func finish() {
    condition.lock()
    finished = true
    condition.broadcast()
    condition.unlock()
  }

  func waitUntilFinished() {
    condition.lock()
    while !finished { condition.wait() }
    condition.unlock()
  }
}
