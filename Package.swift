// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "candor",
  // macOS 14: Hummingbird 2 needs it.
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "candor", targets: ["candor"]),
    .executable(name: "candor-serve", targets: ["candor-serve"]),
    .library(name: "CandorKit", targets: ["CandorKit"]),
    .library(name: "CandorXML", targets: ["CandorXML"]),
    .library(name: "CandorServer", targets: ["CandorServer"]),
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
    // `candor serve`: the HTTP server, router, cookies and middleware (and HummingbirdTesting for the route, browser
    // and load tests). No traits: neither swift-configuration nor full Foundation is needed.
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
    // `candor serve`: team sessions (SessionMiddleware) and bcrypt password hashes (HummingbirdBcrypt).
    .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    // `candor serve`: the register of rounds in SQLite (WAL, migrations, transactions); needs libsqlite3-dev.
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    // `candor incidents snapshot` fetches feeds with it (SwiftNIO and BoringSSL, linked in: Foundation's URLSession
    // would make every command load libcurl and thirty shared libraries at start, about 5 ms); and `candor serve`'s
    // load test: 50 connections at once (HummingbirdTesting's own AsyncHTTPClient setup pools 8 and gives each
    // request 15 s, too little under the sanitizers). Built for HummingbirdTesting already.
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    // `candor serve`: HTTP header names (Hummingbird's own header types; already in its dependency graph).
    .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
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
        "CandorKit", "CandorFetch",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // `candor serve` runs this program: a web server and SQLite linked into `candor` cost every other command about
    // 2.5 ms at start (the runtime scans 1,800 more protocol conformances; BENCHMARKS.md), and a command line that
    // reads untrusted files in a pipeline is better without a server in it.
    .executableTarget(
      name: "candor-serve",
      dependencies: [
        "CandorKit", "CandorServer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // `candor incidents snapshot`'s HTTPS transfer (AsyncHTTPClient), kept out of CandorKit so that the fuzz harness
    // and the library's users do not build SwiftNIO.
    .target(
      name: "CandorFetch",
      dependencies: [
        "CandorKit", "CandorXML",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
      ]
    ),
    // multipart/form-data bodies of `candor serve` (no dependency, so that the fuzz harness reaches it cheaply).
    .target(name: "CandorForms"),
    // The register of `candor serve` (GRDB); only CandorServer imports it.
    .target(name: "CandorStore", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
    // `candor serve`: routes, middleware and views over CandorKit and CandorStore.
    .target(
      name: "CandorServer",
      dependencies: [
        "CandorKit", "CandorStore", "CandorXML", "CandorForms",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
        .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
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
    .target(name: "CandorFuzzHarness", dependencies: ["CandorKit", "CandorXML", "CandorForms"]),
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
        "CandorKit", "CandorXML", "CandorFuzzHarness", "CandorTestSupport", "CandorFetch",
        // Builds .xlsx workbooks (and ZIP bombs) for the import tests.
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]
    ),
    .testTarget(name: "CandorEndToEndTests", dependencies: ["CandorKit", "CandorXML", "CandorTestSupport"]),
    .testTarget(
      name: "CandorServerTests",
      dependencies: [
        "CandorServer", "CandorKit", "CandorStore", "CandorXML", "CandorTestSupport", "CandorForms",
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
      ],
      // The browser walkthrough is a Python script the browser test runs by its path.
      exclude: ["Browser/walkthrough.py"]
    ),
    .testTarget(
      name: "CandorCorpusTests", dependencies: ["CandorCorpus", "CandorKit", "CandorXML", "CandorTestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
