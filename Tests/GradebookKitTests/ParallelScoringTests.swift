import Foundation
import GradebookCore
import Testing

@testable import GradebookKit

/// Items are scored side by side; results and errors must be exactly those of scoring one by one.
struct ParallelScoringTests {
  @Test func parallelMapKeepsIndexOrderWhateverOrderPartsFinishIn() {
    let values = parallelMap(200) { index in
      usleep(UInt32((index * 7919) % 13) * 100)
      return index * index
    }
    #expect(values == (0..<200).map { $0 * $0 })
  }

  /// Two items whose scorers both fail: the error is always the first item's (rubric order), as it
  /// was when items were scored one at a time, however the threads interleave.
  @Test func theFirstFailingItemInRubricOrderIsTheErrorReported() throws {
    let rubric = """
      id: test
      title: Test rubric
      components:
        - id: all
          title: All
          weight: 100
          items:
            - id: first
              title: First
              weight: 50
              scorer: external
              target: student
              config: {command: [sh, -c, "sleep 0.3; echo not-json-first"]}
            - id: second
              title: Second
              weight: 50
              scorer: external
              target: student
              config: {command: [sh, -c, "echo not-json-second"]}

      """
    let ws = try TestWorkspace(rubric: rubric)
    let course = try ws.open()
    _ = try course.importSources(by: "t")
    for _ in 0..<3 {
      do {
        _ = try course.score()
        Issue.record("scoring should have failed")
      } catch {
        #expect("\(error)".contains("not-json-first"), "\(error)")
        #expect(!"\(error)".contains("not-json-second"), "\(error)")
      }
    }
  }
}
