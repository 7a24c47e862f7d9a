// The libFuzzer driver (built with -sanitize=fuzzer,address and -DCANDOR_FUZZ by scripts/fuzz.sh), or, in a
// normal build, a replayer that runs the harness on the files named on the command line.
// The target is chosen by CANDOR_FUZZ_TARGET: xml, questionnaire, response, incidents, csv, feedxml, feedhtml,
// feedjson, aiidcsv or multipart.
import CandorFuzzHarness
import Foundation

#if CANDOR_FUZZ
  import CLibFuzzerDriver
#endif

let fuzzTarget: FuzzHarness.Target = {
  let name = ProcessInfo.processInfo.environment["CANDOR_FUZZ_TARGET"] ?? "xml"
  guard let target = FuzzHarness.Target(rawValue: name) else {
    try? FileHandle.standardError.write(contentsOf: Data("candor-fuzz: unknown CANDOR_FUZZ_TARGET \(name)\n".utf8))
    exit(2)
  }
  return target
}()

/// One input, as libFuzzer hands it over.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  FuzzHarness.run(fuzzTarget, bytes)
  return 0
}

@main
enum FuzzMain {
  static func main() {
    #if CANDOR_FUZZ
      _ = fuzzTarget
      var argc = CommandLine.argc
      var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
      exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOne(data, size) })
    #else
      for path in CommandLine.arguments.dropFirst() {
        guard let data = FileManager.default.contents(atPath: path) else { continue }
        let bytes = [UInt8](data)
        _ = bytes.withUnsafeBufferPointer { fuzzOne($0.baseAddress, $0.count) }
      }
    #endif
  }
}
