import Foundation
import GradebookCore
import GradebookXLSX

/// The *Gradebook* sheet: one row a student; item percents; component subtotals, total and letter as
/// formulas with the engine's values cached; coloured by each cell's status (from *Status*), with a legend.
struct GradebookSheet {
  let result: GradebookResult
  let layout: GradebookLayout
  /// Without the *Status* sheet there are no status colours.
  var gradebookOnly = false

  /// The colours, as (status word on *Status*, fill, legend text).
  static let statusColours: [(status: String, fill: UInt32, legend: String)] = [
    ("missing", 0xF8D7DA, "missing or no slot: counts as 0"),
    ("late", 0xFFE8CC, "late: a late penalty applied"),
    ("override", 0xFFF3BF, "override: set by the instructor"),
    ("excused", 0xE5DBFF, "excused: blank, counts for nothing"),
    ("pending", 0xE9ECEF, "pending: no data yet, counts for nothing"),
  ]

  func write(to sheet: XLSXSheet) throws {
    let roster = result.workspace.roster
    let headers = ["student_id", "name", "email", "group"] + layout.items.map(\.id) + layout.components.map(\.title) + ["Total", "Letter"]
    let nameWidth = min(40, max(12, result.grades.map { roster.student(id: $0.student)?.name.count ?? 0 }.max() ?? 0) + 2)
    let emailWidth = min(44, max(12, result.grades.map { roster.student(id: $0.student)?.email.count ?? 0 }.max() ?? 0) + 2)
    try sheet.setColumns(0, 0, width: Double(max(12, (result.grades.map(\.student.count).max() ?? 0) + 2)))
    try sheet.setColumns(1, 1, width: Double(nameWidth))
    try sheet.setColumns(2, 2, width: Double(emailWidth))
    try sheet.setColumns(3, 3, width: 9)
    try sheet.setColumns(layout.firstItemColumn, layout.letterColumn, width: 13)
    try sheet.setColumns(layout.letterColumn + 2, layout.letterColumn + 2, width: 36)
    sheet.freeze(rows: 1, columns: 2)
    try sheet.autofilter(firstRow: 0, firstColumn: 0, lastRow: layout.lastRow, lastColumn: layout.letterColumn)
    try sheet.writeRow(0, headers.map(CellValue.text), style: GradebookWorkbook.header)
    try sheet.write(0, layout.letterColumn + 2, .text("Legend"), style: GradebookWorkbook.header)
    for item in layout.items {
      try sheet.comment(
        0, layout.firstItemColumn + layout.items.firstIndex { $0.id == item.id }!,
        "\(item.title)\nweight \(ConfigReader.format(item.weight)), scorer \(item.scorerID); percent 0–100")
    }
    try sheet.comment(
      0, layout.totalColumn,
      "Σ weight × percent / Σ weight over the items that count (excused and pending cells are blank and drop out). Weights are on the Weights sheet."
    )
    try sheet.comment(
      0, layout.letterColumn, "The first letter on the Scale sheet whose minimum the total, rounded to 2 decimals, reaches.")
    let rows = max(result.grades.count, Self.statusColours.count)
    let formulas = Formulas(layout)
    for index in 0..<rows {
      let row = index + 1
      if index < result.grades.count { try writeStudent(result.grades[index], at: index, row: row, formulas: formulas, to: sheet) }
      if index < Self.statusColours.count {
        let colour = Self.statusColours[index]
        try sheet.write(row, layout.letterColumn + 2, .text(colour.legend), style: CellStyle(fill: colour.fill))
      }
    }
    guard !result.grades.isEmpty, !layout.items.isEmpty, !gradebookOnly else { return }
    let firstCell = XLSXSheet.cellName(1, layout.firstItemColumn)
    for colour in Self.statusColours {
      try sheet.highlight(
        firstRow: 1, firstColumn: layout.firstItemColumn, lastRow: result.grades.count, lastColumn: layout.componentColumn - 1,
        when: colour.status == "missing"
          ? "OR(Status!\(firstCell)=\"missing\",Status!\(firstCell)=\"no slot\")" : "Status!\(firstCell)=\"\(colour.status)\"",
        style: CellStyle(numberFormat: "0.00", fill: colour.fill))
    }
  }

  /// The formulas of a student's row, made once and filled in with each row's number.
  struct Formulas {
    let components: [RowFormula]
    let total: RowFormula
    let letter: RowFormula

    init(_ layout: GradebookLayout) {
      components = layout.components.indices.map { c in RowFormula { layout.weightedMean(layout.itemRange(of: c), row: $0) } }
      total = RowFormula { layout.weightedMean(0..<layout.items.count, row: $0) }
      letter = RowFormula(layout.letter(row:))
    }
  }

  /// Writes the row of the student at `index` in the roster (grades are in roster order).
  func writeStudent(_ grade: StudentGrade, at index: Int, row: Int, formulas: Formulas, to sheet: XLSXSheet) throws {
    let student = result.workspace.roster.student(id: grade.student, expectedAt: index)
    try sheet.writeRow(
      row,
      [
        .text(grade.student), .text(student?.name ?? ""), .text(student?.email ?? ""),
        .text(result.state.groups.groupOf[grade.student] ?? ""),
      ])
    for (column, cell) in grade.items.enumerated() {
      let value: CellValue = cell.status.counts ? .number(cell.percent ?? 0) : .blank
      try sheet.write(row, layout.firstItemColumn + column, value, style: GradebookWorkbook.percent)
    }
    for (c, component) in layout.components.enumerated() {
      let formula = formulas.components[c](row: row)
      let cached = result.componentPercent(component, of: grade)
      try sheet.write(
        row, layout.componentColumn + c, cached.map { .formula(formula, cached: $0) } ?? .textFormula(formula, cached: ""),
        style: GradebookWorkbook.percent)
    }
    let totalFormula = formulas.total(row: row)
    try sheet.write(
      row, layout.totalColumn, grade.total.map { .formula(totalFormula, cached: $0) } ?? .textFormula(totalFormula, cached: ""),
      style: GradebookWorkbook.percent)
    try sheet.write(row, layout.letterColumn, .textFormula(formulas.letter(row: row), cached: grade.letter ?? ""))
  }
}

/// *Status*: the status of every cell of *Gradebook*, at the same address (the colours read it).
struct StatusSheet {
  let result: GradebookResult
  let layout: GradebookLayout

  /// `graded`, `late`, `missing`, `no slot`, `excused`, `pending` or `override`.
  static func word(_ cell: ItemGrade) -> String {
    if cell.status == .graded, cell.scored?.late == true { return "late" }
    return cell.status.rawValue
  }

  func write(to sheet: XLSXSheet) throws {
    try sheet.setColumns(0, 3, width: 14)
    try sheet.setColumns(layout.firstItemColumn, max(layout.firstItemColumn, layout.componentColumn - 1), width: 12)
    sheet.freeze(rows: 1, columns: 2)
    try sheet.writeRow(
      0, (["student_id", "name", "email", "group"] + layout.items.map(\.id)).map(CellValue.text), style: GradebookWorkbook.header)
    for (index, grade) in result.grades.enumerated() {
      let student = result.workspace.roster.student(id: grade.student)
      try sheet.writeRow(
        index + 1,
        [
          .text(grade.student), .text(student?.name ?? ""), .text(student?.email ?? ""),
          .text(result.state.groups.groupOf[grade.student] ?? ""),
        ] + grade.items.map { .text(Self.word($0)) })
    }
  }
}
