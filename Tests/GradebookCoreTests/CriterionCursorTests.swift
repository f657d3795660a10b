import GradebookCore
import Testing

/// Scorers find criteria through the cursor: the same answer as searching the list by id, in any order.
struct CriterionCursorTests {
  @Test func positionsAreTheRubricOrderWhateverTheOrderOfAsking() {
    let criteria = ["question", "approach", "critique"].map { Criterion(id: $0, title: $0, max: 5, weight: 1) }
    var cursor = CriterionCursor(criteria)
    let asked = ["approach", "approach", "question", "critique", "nope", "critique", "approach"]
    #expect(asked.map { cursor.position(of: $0) } == [1, 1, 0, 2, nil, 2, 1])
    var empty = CriterionCursor([])
    #expect(empty.position(of: "question") == nil)
  }
}
