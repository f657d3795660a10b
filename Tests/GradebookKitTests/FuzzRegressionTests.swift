import Foundation
import Testing

@testable import GradebookKit

/// Inputs that once crashed a fuzz target (`scripts/fuzz`), replayed through the same entry points:
/// `Regressions/FuzzCSV-*` as a CSV file, `Regressions/FuzzLoaders-*` as YAML text. Each must now be
/// read (or rejected) without a crash; a crash here stops the test process.
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
    } else if name.hasPrefix("FuzzLoaders-") {
      FuzzEntry.loadYAML(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self))
    } else {
      Issue.record("\(name): name it FuzzCSV-… or FuzzLoaders-… after the target that found it")
    }
  }
}
