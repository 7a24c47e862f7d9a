import Foundation
import Testing

/// `--format oscal` through the command line: one XML and one JSON document per vendor, for `assess` and `compare`.
@Suite(.serialized) struct OSCALCommandTests {
  @Test func assessWritesTheWorkedExampleAsTheGoldenFilesSay() throws {
    let out = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try CandorProcess.run([
      "assess", CandorProcess.fixture("reference/response-nimbus.xml"), "--questionnaire",
      CandorProcess.fixture("reference/questionnaire-mini.xml"), "--incidents",
      CandorProcess.fixture("reference/incidents-nimbus.xml"), "--as-of", "2026-10-01", "--format", "oscal",
      "--out", out.path,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted().filter {
      $0 != "candor-run.xml"
    }
    #expect(files == ["nimbus-cloud.oscal-ar.json", "nimbus-cloud.oscal-ar.xml"])
    for file in files {
      let written = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
      let golden = try String(contentsOfFile: CandorProcess.fixture("golden/\(file)"), encoding: .utf8)
      #expect(written == golden, "\(file) differs from Tests/Fixtures/golden/\(file)")
    }
  }

  @Test func compareWritesOneDocumentPairPerVendor() throws {
    let out = try CandorProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try CandorProcess.run([
      "compare", CandorProcess.package("Examples"), "--incidents", CandorProcess.package("Examples/incidents.xml"),
      "--format", "oscal", "--out", out.path,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let files = Set(try FileManager.default.contentsOfDirectory(atPath: out.path))
    for vendor in ["alderglen-cloud", "meridane-cloud", "oakhollow", "stratovane"] {
      #expect(files.contains("\(vendor).oscal-ar.xml") && files.contains("\(vendor).oscal-ar.json"), "\(vendor)")
    }
    #expect(files.subtracting(["candor-run.xml"]).count == 8, "\(files.sorted())")
  }
}
