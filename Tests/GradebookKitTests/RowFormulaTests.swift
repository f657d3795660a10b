import Foundation
import GradebookCore
import Testing

@testable import GradebookKit

/// *Gradebook*'s formulas are made once and filled in with each row's number: the same text as
/// building each from its parts.
struct RowFormulaTests {
  @Test func aFilledInFormulaEqualsTheFormulaBuiltForItsRow() throws {
    let workspace = try TestWorkspace().open().workspace
    let layout = GradebookLayout(rubric: workspace.rubric, scale: workspace.config.scale, students: 100_000)
    let formulas = GradebookSheet.Formulas(layout)
    #expect(formulas.components.count == layout.components.count)
    for row in [0, 1, 8, 9, 10, 99, 12_345, 100_000, 1_048_575] {
      for c in layout.components.indices {
        #expect(formulas.components[c](row: row) == layout.weightedMean(layout.itemRange(of: c), row: row))
      }
      #expect(formulas.total(row: row) == layout.weightedMean(0..<layout.items.count, row: row))
      #expect(formulas.letter(row: row) == layout.letter(row: row))
    }
    #expect(formulas.total(row: 1).contains("E2:F2"))  // the row's own cells, 1-based
  }

  @Test func numbersThatAreNotTheRowStayAsWritten() {
    let formula = RowFormula { "SUM(A\($0 + 1):C\($0 + 1))*Weights!$B$4+\($0 + 1)" }
    #expect(formula(row: 3) == "SUM(A4:C4)*Weights!$B$4+4")
    #expect(formula(row: 41) == "SUM(A42:C42)*Weights!$B$4+42")
  }
}
