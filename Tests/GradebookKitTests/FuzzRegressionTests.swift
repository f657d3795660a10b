import Foundation
import TestSupport
import Testing

@testable import GradebookKit

/// Inputs that once crashed a fuzz target (`scripts/fuzz`), replayed through the same entry points:
/// `Regressions/FuzzCSV-*` as a CSV file, `FuzzImport-*` as every kind of input to the sample course,
/// `FuzzLoaders-*` as YAML text. Each must now be read (or rejected) without a crash; a crash here
/// stops the test process.
struct FuzzRegressionTests {
  static let folder = CLI.root.appendingPathComponent("Tests/GradebookKitTests/Regressions")

  static var inputs: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
  }

  @Test func thereAreRegressionInputsToReplay() {
    #expect(Self.inputs.contains { $0.hasPrefix("FuzzLoaders-") })
  }

  @Test(arguments: inputs) func replaysWithoutACrash(name: String) throws {
    let path = Self.folder.appendingPathComponent(name).path
    if name.hasPrefix("FuzzCSV-") {
      FuzzEntry.readCSV(path)
    } else if name.hasPrefix("FuzzImport-") {
      let course = try FuzzEntry.prepareCourse(
        sample: CLI.root.appendingPathComponent("Samples/data8018").path, in: Scratch.path("fuzz").path)
      FuzzEntry.importCSV(path, into: course, map: "maps/forms-peer.yaml")
    } else if name.hasPrefix("FuzzLoaders-") {
      FuzzEntry.loadYAML(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self))
    } else {
      Issue.record("\(name): name it FuzzCSV-…, FuzzImport-… or FuzzLoaders-… after the target that found it")
    }
  }
}
