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

  /// Items start largest first, equal estimates in rubric order; a feedback item's work is the
  /// ratings of the item it reviews (it has none of its own), so it starts before the upload item.
  @Test func itemsStartLargestFirst() throws {
    #expect(GradebookResult.startOrder([5, 100, 100, 0, 7]) == [1, 2, 4, 0, 3])
    #expect(GradebookResult.startOrder([]) == [])
    let course = try Course(path: try CLI.sampleCopy().path)
    _ = try course.importSources(by: "test")
    let result = try course.score()
    let context = GradebookResult.context(workspace: result.workspace, state: result.state)
    let items = result.workspace.rubric.items
    let feedback = try #require(items.first { $0.scorerID == "feedback-quality" })
    let reviewed = try #require(items.first { $0.scorerID == "presentation-quality" })
    let students = result.workspace.roster.students.count
    #expect(feedback.scorer.workEstimate(feedback, in: context) == context.ratings[reviewed.id]!.count + students)
    #expect(reviewed.scorer.workEstimate(reviewed, in: context) == context.ratings[reviewed.id]!.count + students)
    let order = GradebookResult.startOrder(items.map { $0.scorer.workEstimate($0, in: context) })
    let upload = try #require(items.firstIndex { $0.scorerID == "on-time-upload" })
    #expect(order.firstIndex(of: items.firstIndex { $0.id == feedback.id }!)! < order.firstIndex(of: upload)!)
  }

  /// The sample course scored side by side gives exactly the outcomes of scoring one item after
  /// another, every student's score, status and evidence.
  @Test func scoringSideBySideEqualsScoringOneByOne() throws {
    let course = try Course(path: try CLI.sampleCopy().path)
    _ = try course.importSources(by: "test")
    let result = try course.score()
    let context = GradebookResult.context(workspace: result.workspace, state: result.state)
    for item in result.workspace.rubric.items {
      let alone = try item.scorer.score(item, in: context)
      switch (alone, result.outcomes[item.id]) {
      case (.pending(let a), .pending(let b)?): #expect(a == b)
      case (.scored(let a), .scored(let b)?): #expect(a == b, "item \(item.id)")
      default: Issue.record("item \(item.id): \(alone) vs \(String(describing: result.outcomes[item.id]))")
      }
    }
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
