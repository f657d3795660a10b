// swift-tools-version:6.0
// libFuzzer targets for the CSV reader, the importers and the YAML loaders; built only by scripts/fuzz
// (with -sanitize=fuzzer), so the main package's builds never see them.
import PackageDescription

let package = Package(
  name: "GradebookFuzz",
  dependencies: [.package(path: "..")],
  targets: [
    .target(name: "FuzzDriver"),
    .executableTarget(name: "FuzzCSV", dependencies: ["FuzzDriver", .product(name: "GradebookKit", package: "main")]),
    .executableTarget(name: "FuzzImport", dependencies: ["FuzzDriver", .product(name: "GradebookKit", package: "main")]),
    .executableTarget(name: "FuzzLoaders", dependencies: ["FuzzDriver", .product(name: "GradebookKit", package: "main")]),
  ]
)
