import Foundation
import GradebookCore
import Testing

@testable import GradebookKit

/// The item detail sheet's peer spread: the sample standard deviation of a (target, criterion)'s
/// normalised peer values, blank under two values; staff and self ratings left out.
struct ItemDetailSheetTests {
  @Test func peerSpreadsHandComputedWhateverTheOrderOfRatings() throws {
    // talk: clarity max 5, depth max 10. s1's clarity from peers s2 (5), s4 (3), s5 (4), its depth
    // from s2 (8) only; the rows interleave targets so that s1's ratings come in several runs.
    let scores = """
      target,item,criterion,rater,score
      s1,talk,clarity,s2,5
      s1,talk,depth,s2,8
      s2,talk,clarity,s1,2
      s1,talk,clarity,s4,3
      s1,talk,clarity,ins,1
      s2,talk,clarity,s3,4
      s1,talk,clarity,s1,0
      s1,talk,clarity,s5,4

      """
    let ws = try TestWorkspace(sources: "  - {kind: groups, file: groups.csv}\n  - {kind: scores, file: s.csv}", files: ["s.csv": scores])
    let course = try ws.open()
    let outcomes = try course.importSources(by: "t")
    #expect(outcomes.allSatisfy { $0.status != .rejected }, "\(outcomes.flatMap(\.diagnostics))")
    let result = try course.score()
    let talk = try #require(result.workspace.rubric.item("talk"))
    let spreads = ItemDetailSheet(result: result, item: talk).peerSpreads()
    // s1 clarity: 1.0, 0.6, 0.8 → mean 0.8, sd √((0.04 + 0.04 + 0) / 2) = 0.2; depth: one value.
    let s1 = try #require(spreads["s1"])
    #expect(abs(s1[0]! - 0.2) < 1e-12)
    #expect(s1[1] == nil)
    // s2 clarity: 0.4, 0.8 → sd √(0.08) ≈ 0.2828.
    #expect(abs(spreads["s2"]![0]! - 0.08.squareRoot()) < 1e-12)
    #expect(spreads["s3"] == nil)
  }
}
