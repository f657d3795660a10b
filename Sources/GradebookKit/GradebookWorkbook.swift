import Foundation
import GradebookCore
import GradebookXLSX

/// Writes `gradebook.xlsx`: the *Gradebook* sheet (one row a student; item percents; component
/// subtotals, total and letter as live formulas over *Weights* and *Scale*, each with its cached
/// value), *Weights* and *Scale* (SPEC §9).
///
/// Weights lie in one row, in the same order and shape as the item cells, so
/// `SUMPRODUCT(items, weights)` works in Excel and LibreOffice. Excused and pending cells are blank
/// and so drop out of both numerator and denominator, giving exactly the engine's numbers.
public struct GradebookWorkbook {
  public let result: GradebookResult

  /// A writer for a scored course.
  public init(result: GradebookResult) { self.result = result }

  static let header = CellStyle(bold: true, fill: 0xDDE7F0, wrap: true)
  static let percent = CellStyle(numberFormat: "0.00")
  static let editable = CellStyle(numberFormat: "0.##", fill: 0xFFF6D5, unlocked: true)

  /// Writes the workbook to `path` (atomically).
  public func write(to path: String) throws {
    let workbook = try XLSXWorkbook(path: path, created: result.documentDate, title: "\(result.workspace.config.course) gradebook")
    let layout = Layout(rubric: result.workspace.rubric, scale: result.workspace.config.scale)
    try writeGradebook(try workbook.addSheet("Gradebook"), layout: layout)
    try writeWeights(try workbook.addSheet("Weights"), layout: layout)
    try writeScale(try workbook.addSheet("Scale"), layout: layout)
    try ScheduleReport(workspace: result.workspace, state: result.state).write(to: try workbook.addSheet("Schedule"))
    try workbook.close()
  }

  /// Where everything sits.
  struct Layout {
    let items: [Item]
    let components: [Component]
    let scale: [LetterStep]
    let firstItemColumn = 4
    var componentColumn: Int { firstItemColumn + items.count }
    var totalColumn: Int { componentColumn + components.count }
    var letterColumn: Int { totalColumn + 1 }

    init(rubric: Rubric, scale: [LetterStep]) {
      items = rubric.items
      components = rubric.components
      self.scale = scale
    }

    /// Item index range of a component (components hold consecutive items).
    func itemRange(of index: Int) -> Range<Int> {
      let start = components[..<index].reduce(0) { $0 + $1.items.count }
      return start..<(start + components[index].items.count)
    }

    /// `SUMPRODUCT` weighted mean over items `range` on `row`, blank when nothing counts.
    func weightedMean(_ range: Range<Int>, row: Int) -> String {
      let first = XLSXSheet.cellName(row, firstItemColumn + range.lowerBound)
      let last = XLSXSheet.cellName(row, firstItemColumn + range.upperBound - 1)
      let weights =
        "Weights!\(XLSXSheet.cellName(3, 1 + range.lowerBound, absolute: true)):\(XLSXSheet.cellName(3, range.upperBound, absolute: true))"
      let counted = "SUMPRODUCT(--(\(first):\(last)<>\"\"),\(weights))"
      return "IF(\(counted)=0,\"\",SUMPRODUCT(\(first):\(last),\(weights))/\(counted))"
    }

    func letter(row: Int) -> String {
      let total = XLSXSheet.cellName(row, totalColumn)
      let last = scale.count + 1
      return "IF(\(total)=\"\",\"\",INDEX(Scale!$A$2:$A$\(last),COUNTIF(Scale!$B$2:$B$\(last),\">\"&ROUND(\(total),2))+1))"
    }
  }

  func writeGradebook(_ sheet: XLSXSheet, layout: Layout) throws {
    let headers = ["student_id", "name", "email", "group"] + layout.items.map(\.id) + layout.components.map(\.title) + ["Total", "Letter"]
    try sheet.writeRow(0, headers.map(CellValue.text), style: Self.header)
    try sheet.setColumns(0, 0, width: 12)
    try sheet.setColumns(1, 1, width: 24)
    try sheet.setColumns(2, 2, width: 28)
    try sheet.setColumns(3, 3, width: 8)
    try sheet.setColumns(layout.firstItemColumn, layout.letterColumn, width: 12)
    sheet.freeze(rows: 1, columns: 2)
    try sheet.autofilter(firstRow: 0, firstColumn: 0, lastRow: max(1, result.grades.count), lastColumn: layout.letterColumn)
    let roster = result.workspace.roster
    for (index, grade) in result.grades.enumerated() {
      let row = index + 1
      let student = roster.student(id: grade.student)
      try sheet.writeRow(
        row,
        [
          .text(grade.student), .text(student?.name ?? ""), .text(student?.email ?? ""),
          .text(result.state.groups.groupOf[grade.student] ?? ""),
        ])
      for (column, cell) in grade.items.enumerated() {
        let value: CellValue = cell.status.counts ? .number(cell.percent ?? 0) : .blank
        try sheet.write(row, layout.firstItemColumn + column, value, style: Self.percent)
      }
      for (c, component) in layout.components.enumerated() {
        let formula = layout.weightedMean(layout.itemRange(of: c), row: row)
        let cached = result.componentPercent(component, of: grade)
        try sheet.write(
          row, layout.componentColumn + c, cached.map { .formula(formula, cached: $0) } ?? .textFormula(formula, cached: ""),
          style: Self.percent)
      }
      let totalFormula = layout.weightedMean(0..<layout.items.count, row: row)
      try sheet.write(
        row, layout.totalColumn, grade.total.map { .formula(totalFormula, cached: $0) } ?? .textFormula(totalFormula, cached: ""),
        style: Self.percent)
      try sheet.write(row, layout.letterColumn, .textFormula(layout.letter(row: row), cached: grade.letter ?? ""))
    }
  }

  func writeWeights(_ sheet: XLSXSheet, layout: Layout) throws {
    try sheet.writeRow(0, from: 0, [.text("item")] + layout.items.map { .text($0.id) }, style: Self.header)
    try sheet.writeRow(1, from: 0, [.text("title")] + layout.items.map { .text($0.title) })
    try sheet.writeRow(2, from: 0, [.text("component")] + layout.items.map { .text($0.componentID) })
    try sheet.write(3, 0, .text("weight"), style: Self.header)
    for (index, item) in layout.items.enumerated() {
      try sheet.write(3, 1 + index, .number(item.weight), style: Self.editable)
    }
    try sheet.write(5, 0, .text("Edit a weight in row 4: every subtotal, total and letter on the Gradebook sheet recomputes."))
    try sheet.setColumns(0, 0, width: 12)
    try sheet.setColumns(1, layout.items.count, width: 18)
    sheet.freeze(rows: 1, columns: 1)
  }

  func writeScale(_ sheet: XLSXSheet, layout: Layout) throws {
    try sheet.writeRow(0, [.text("letter"), .text("minimum")], style: Self.header)
    for (index, step) in layout.scale.enumerated() {
      try sheet.writeRow(index + 1, [.text(step.letter), .number(step.minimum)])
    }
    try sheet.write(
      layout.scale.count + 2, 0, .text("Highest first: a total (rounded to 2 decimals) gets the first letter whose minimum it reaches."))
  }
}
