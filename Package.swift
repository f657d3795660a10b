// swift-tools-version:6.0
import PackageDescription

/// `scripts/release-build --size` (the benchmark's smoke run, `bench/run --quick`) builds in the
/// debug configuration, where the packages we depend on compile without optimisation (GRDB in 17 s
/// instead of 65 s on 2 cores; the benchmark's hot paths call SQLite directly), and sets
/// GRADEBOOK_OPTIMIZE_OWN so that our own targets are still optimised for size (file by file: the
/// debug build's per-file objects and index store do not take whole-module optimisation).
let optimizeOwn = Context.environment["GRADEBOOK_OPTIMIZE_OWN"] != nil

/// One set of settings for every target (STYLE.md §10).
let settings: [SwiftSetting] =
  [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
  ] + (optimizeOwn ? [.unsafeFlags(["-Osize"])] : [])

/// Each built-in scorer is its own target under `Plugins/<Name>/`, depending on the core only.
let scorerPlugins = [
  "OnTimeUpload", "PresentationQuality", "FeedbackQuality", "Proposal", "FinalProject", "External",
]

var targets: [Target] = [
  // C libraries from Debian, wrapped as system-library targets (only the wrappers import them).
  .systemLibrary(name: "CCSV", path: "Sources/CCSV"),
  .systemLibrary(name: "CXLSXWriter", path: "Sources/CXLSXWriter", pkgConfig: "xlsxwriter"),
  .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "libcrypto"),
  .systemLibrary(name: "CMinizip", path: "Sources/CMinizip", pkgConfig: "minizip"),
  .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib"),

  // The rubric engine: model, loading, Scorer protocol, registry, totals. Imports no C.
  .target(
    name: "GradebookCore",
    dependencies: [.product(name: "Yams", package: "Yams")],
    swiftSettings: settings),

  // Thin wrappers: the only Swift code that sees libcsv / libxlsxwriter / libcrypto / minizip / zlib.
  .target(name: "GradebookCSV", dependencies: ["CCSV"], swiftSettings: settings),
  .target(name: "GradebookXLSX", dependencies: ["CXLSXWriter", "CZlib"], swiftSettings: settings),
  .target(name: "GradebookHash", dependencies: ["COpenSSL"], swiftSettings: settings),
  .target(name: "GradebookZip", dependencies: ["CMinizip"], swiftSettings: settings),

  // The catalog of built-in scorers.
  .target(
    name: "GradebookScorers",
    dependencies: ["GradebookCore"] + scorerPlugins.map { .target(name: "\($0)Scorer") },
    swiftSettings: settings),

  // Import, store, scoring run, exporters: what the CLI calls.
  .target(
    name: "GradebookKit",
    dependencies: [
      "GradebookCore", "GradebookCSV", "GradebookXLSX", "GradebookHash", "GradebookZip",
      "GradebookScorers", .product(name: "GRDB", package: "GRDB.swift"),
    ],
    swiftSettings: settings),

  .executableTarget(
    name: "gradebook",
    dependencies: [
      "GradebookKit",
      .product(name: "ArgumentParser", package: "swift-argument-parser"),
      .product(name: "GRDB", package: "GRDB.swift"),
    ],
    swiftSettings: settings),

  .testTarget(
    name: "GradebookCoreTests", dependencies: ["GradebookCore", "TestSupport"], swiftSettings: settings),
  .testTarget(
    name: "GradebookCSVTests", dependencies: ["GradebookCSV", "TestSupport"], swiftSettings: settings),
  // What several test targets share (a seeded random generator, a scratch folder removed at exit).
  .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: settings),
  .testTarget(
    name: "ScorerTests", dependencies: ["GradebookCore", "GradebookScorers", "TestSupport"],
    swiftSettings: settings),
  .testTarget(
    name: "GradebookKitTests",
    dependencies: [
      "GradebookKit", "GradebookScorers", "GradebookHash", "GradebookZip", "TestSupport",
      .product(name: "GRDB", package: "GRDB.swift"),
    ],
    exclude: ["Snapshots", "Regressions"], swiftSettings: settings),
]

targets += scorerPlugins.map { name in
  .target(
    name: "\(name)Scorer", dependencies: ["GradebookCore"], path: "Plugins/\(name)",
    swiftSettings: settings)
}

let package = Package(
  name: "Gradebook",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "gradebook", targets: ["gradebook"]),
    .library(name: "GradebookKit", targets: ["GradebookKit"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
  ],
  targets: targets
)
