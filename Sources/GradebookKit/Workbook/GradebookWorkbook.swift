import Foundation
import GradebookCore
import GradebookXLSX

/// Writes `gradebook.xlsx` (SPEC §9): *Gradebook* (live formulas over *Weights* and *Scale*, each with
/// its cached value), *Weights*, *Scale*, *Status* (what the colours mean, cell by cell), one detail
/// sheet per item, *Schedule*, *Peer review*, *Audit* and *Distribution* (a chart of the totals).
///
/// The workbook is written in libxlsxwriter's constant-memory mode: every sheet is written row by
/// row, in order, so a 100,000-student gradebook takes bounded memory.
public struct GradebookWorkbook {
  public let result: GradebookResult
  /// Batches for the *Audit* sheet.
  public var batches: [Batch]
  /// Only *Gradebook* and what its formulas read (*Weights*, *Scale*).
  public var gradebookOnly: Bool

  /// A writer for a scored course.
  public init(result: GradebookResult, batches: [Batch] = [], gradebookOnly: Bool = false) {
    self.result = result
    self.batches = batches
    self.gradebookOnly = gradebookOnly
  }

  static let header = CellStyle(bold: true, fill: 0xDDE7F0, wrap: true)
  static let percent = CellStyle(numberFormat: "0.00")

  /// Writes the workbook to `path` (atomically; through it when it is a link, a device or a pipe).
  public func write(to path: String) throws {
    try AtomicFile.staged(path) { try writeWorkbook(to: $0) }
  }

  private func writeWorkbook(to path: String) throws {
    let workbook = try XLSXWorkbook(
      path: path, constantMemory: true, created: result.documentDate, title: "\(result.workspace.config.course) gradebook")
    let layout = GradebookLayout(rubric: result.workspace.rubric, scale: result.workspace.config.scale, students: result.grades.count)
    var taken: Set<String> = ["gradebook", "weights", "scale", "status", "schedule", "peer review", "audit", "distribution"]
    try GradebookSheet(result: result, layout: layout, gradebookOnly: gradebookOnly).write(to: try workbook.addSheet("Gradebook"))
    try WeightsSheet(layout: layout).write(to: try workbook.addSheet("Weights"))
    try writeScale(try workbook.addSheet("Scale"), layout: layout)
    if gradebookOnly { return try workbook.close() }
    try StatusSheet(result: result, layout: layout).write(to: try workbook.addSheet("Status"))
    for item in layout.items {
      let name = workbook.sheetName(for: item.id, taken: taken)
      taken.insert(name.lowercased())
      try ItemDetailSheet(result: result, item: item).write(to: try workbook.addSheet(name))
    }
    try ScheduleReport(workspace: result.workspace, state: result.state).write(to: try workbook.addSheet("Schedule"))
    try PeerReviewSheet(result: result).write(to: workbook, taken: taken)
    try AuditSheet(batches: batches).write(to: try workbook.addSheet("Audit"))
    try DistributionSheet(result: result, layout: layout).write(to: try workbook.addSheet("Distribution"))
    try workbook.close()
  }

  func writeScale(_ sheet: XLSXSheet, layout: GradebookLayout) throws {
    try sheet.writeRow(0, [.text("letter"), .text("minimum")], style: Self.header)
    for (index, step) in layout.scale.enumerated() {
      try sheet.writeRow(index + 1, [.text(step.letter), .number(step.minimum)])
    }
    try sheet.write(
      layout.scale.count + 2, 0, .text("Highest first: a total (rounded to 2 decimals) gets the first letter whose minimum it reaches."))
  }
}

/// Where everything sits on the *Gradebook* sheet (the *Status* sheet mirrors it).
struct GradebookLayout {
  let items: [Item]
  let components: [Component]
  let scale: [LetterStep]
  let students: Int
  let firstItemColumn = 4
  var componentColumn: Int { firstItemColumn + items.count }
  var totalColumn: Int { componentColumn + components.count }
  var letterColumn: Int { totalColumn + 1 }
  var lastRow: Int { max(1, students) }

  init(rubric: Rubric, scale: [LetterStep], students: Int) {
    items = rubric.items
    components = rubric.components
    self.scale = scale
    self.students = students
  }

  /// Item index range of a component (components hold consecutive items).
  func itemRange(of index: Int) -> Range<Int> {
    let start = components[..<index].reduce(0) { $0 + $1.items.count }
    return start..<(start + components[index].items.count)
  }

  /// `SUMPRODUCT` weighted mean over items `range` on `row`, blank when nothing counts. Weights lie in
  /// one row of *Weights*, the same shape as the item cells.
  func weightedMean(_ range: Range<Int>, row: Int) -> String {
    let first = XLSXSheet.cellName(row, firstItemColumn + range.lowerBound)
    let last = XLSXSheet.cellName(row, firstItemColumn + range.upperBound - 1)
    let weights =
      "Weights!\(XLSXSheet.cellName(3, 1 + range.lowerBound, absolute: true)):\(XLSXSheet.cellName(3, range.upperBound, absolute: true))"
    let counted = "SUMPRODUCT(--(\(first):\(last)<>\"\"),\(weights))"
    return "IF(\(counted)=0,\"\",SUMPRODUCT(\(first):\(last),\(weights))/\(counted))"
  }

  /// The letter: the first *Scale* step whose minimum the total, rounded to 2 decimals, reaches.
  func letter(row: Int) -> String {
    let total = XLSXSheet.cellName(row, totalColumn)
    let last = scale.count + 1
    return "IF(\(total)=\"\",\"\",INDEX(Scale!$A$2:$A$\(last),COUNTIF(Scale!$B$2:$B$\(last),\">\"&ROUND(\(total),2))+1))"
  }
}

/// *Weights*: one editable row of item weights, laid out like the item cells of *Gradebook*.
struct WeightsSheet {
  let layout: GradebookLayout
  static let editable = CellStyle(numberFormat: "0.##", fill: 0xFFF6D5, unlocked: true)

  func write(to sheet: XLSXSheet) throws {
    try sheet.setColumns(0, 0, width: 12)
    try sheet.setColumns(1, max(1, layout.items.count), width: 18)
    sheet.freeze(rows: 1, columns: 1)
    try sheet.writeRow(0, from: 0, [.text("item")] + layout.items.map { .text($0.id) }, style: GradebookWorkbook.header)
    try sheet.writeRow(1, from: 0, [.text("title")] + layout.items.map { .text($0.title) })
    try sheet.writeRow(2, from: 0, [.text("component")] + layout.items.map { .text($0.componentID) })
    try sheet.write(3, 0, .text("weight"), style: GradebookWorkbook.header)
    for (index, item) in layout.items.enumerated() {
      try sheet.write(3, 1 + index, .number(item.weight), style: Self.editable)
    }
    try sheet.requireDecimal(
      firstRow: 3, firstColumn: 1, lastRow: 3, lastColumn: max(1, layout.items.count), minimum: 0,
      message: "Each item's weight in the total (≥ 0). Changing it recomputes every subtotal, total and letter.")
    try sheet.comment(3, 0, "Edit a weight in this row: every subtotal, total and letter on the Gradebook sheet recomputes.")
    try sheet.write(5, 0, .text("Edit a weight in row 4: every subtotal, total and letter on the Gradebook sheet recomputes."))
  }
}

/// A formula that differs from row to row only in its row numbers (`E2:G2` on row 2, `E3:G3` on
/// row 3), made once and filled in for each row: building it from its parts for each of
/// 100,000 students took a third of the Swift side of writing *Gradebook*.
struct RowFormula {
  /// The formula's text between its row numbers.
  let pieces: [String]

  /// The formula `make` writes for a (0-based) row, for any row. `make` must give the row's number
  /// wherever the formula names the row, and no other number that depends on it.
  init(_ make: (Int) -> String) {
    // A row past the last one a sheet can have: its number is in the text only where `make` put the row.
    let marker = 987_654_320
    pieces = make(marker).components(separatedBy: String(marker + 1))
  }

  /// The formula on (0-based) `row`.
  func callAsFunction(row: Int) -> String {
    let number = String(row + 1)
    var text = ""
    text.reserveCapacity(pieces.reduce(0) { $0 + $1.utf8.count } + (pieces.count - 1) * number.utf8.count)
    for (index, piece) in pieces.enumerated() {
      if index > 0 { text += number }
      text += piece
    }
    return text
  }
}
