// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "candor",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "candor", targets: ["candor"]),
    .library(name: "CandorKit", targets: ["CandorKit"]),
    .library(name: "CandorXML", targets: ["CandorXML"]),
    .executable(name: "candor-corpus", targets: ["candor-corpus"]),
  ],
  dependencies: [
    // The command line: subcommands, options, --help.
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    // Markdown reports from user-replaceable templates.
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    // SHA-256 of inputs and evidence files.
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    // Reading .xlsx answers (a ZIP of XML parts).
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
  ],
  targets: [
    .systemLibrary(
      name: "CLibXML2",
      pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
    ),
    .target(name: "CandorXML", dependencies: ["CLibXML2"]),
    .target(
      name: "CandorKit",
      dependencies: [
        "CandorXML",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      plugins: ["EmbedResources"]
    ),
    .executableTarget(
      name: "candor",
      dependencies: [
        "CandorKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // A deterministic synthetic corpus (vendor responses and incidents) for benchmarks and scale tests.
    .target(name: "CandorCorpus", dependencies: ["CandorKit"]),
    .executableTarget(
      name: "candor-corpus",
      dependencies: [
        "CandorCorpus", "CandorKit", "CandorXML",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The fuzzing harness (a library, so that the tests replay the regression corpus) and its libFuzzer entry.
    .target(name: "CandorFuzzHarness", dependencies: ["CandorKit", "CandorXML"]),
    .target(name: "CLibFuzzerDriver"),
    .executableTarget(name: "candor-fuzz", dependencies: ["CandorFuzzHarness", "CLibFuzzerDriver"]),
    .executableTarget(name: "candor-embed", path: "Plugins/Tools/candor-embed"),
    .plugin(
      name: "EmbedResources",
      capability: .buildTool(),
      dependencies: ["candor-embed"]
    ),
    // Shared test assertions (the checks that every output states the same numbers), used by the test targets.
    .target(name: "CandorTestSupport", dependencies: ["CandorKit"], path: "Tests/CandorTestSupport"),
    .testTarget(name: "CandorXMLTests", dependencies: ["CandorXML", "CLibXML2"]),
    .testTarget(
      name: "CandorKitTests",
      dependencies: [
        "CandorKit", "CandorXML", "CandorFuzzHarness", "CandorTestSupport",
        // Builds .xlsx workbooks (and ZIP bombs) for the import tests.
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]
    ),
    .testTarget(name: "CandorEndToEndTests", dependencies: ["CandorKit", "CandorXML", "CandorTestSupport"]),
    .testTarget(
      name: "CandorCorpusTests", dependencies: ["CandorCorpus", "CandorKit", "CandorXML", "CandorTestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
