import ArgumentParser
import Foundation
import GradebookCore
import GradebookKit
import GradebookScorers

struct Scorers: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "List the scorer registry: each scorer, its targets and configuration keys.")

  func run() throws {
    for type in BuiltInScorers.registry.all {
      let d = type.description
      print("\(d.identifier)  (target: \(d.targets.map(\.rawValue).joined(separator: " or "))\(d.usesCriteria ? ", with criteria" : ""))")
      print("  \(d.summary)")
      switch d.uploads {
      case .none: break
      case .ownItem: print("  reads the item's uploads against its due time (extensions move it)")
      case .anyItem: print("  reads every item's uploads")
      }
      if d.ratesTalks { print("  rates talks: a target rated without a slot of its track is warned about") }
      print("  \(d.formula)")
      for key in d.keys {
        print("    \(key.name.padding(toLength: 22, withPad: " ", startingAt: 0)) [\(key.defaultValue)]  \(key.meaning)")
      }
      print("")
    }
  }
}
