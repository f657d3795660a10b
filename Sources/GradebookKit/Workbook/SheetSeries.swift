import GradebookXLSX

/// Rows that go on to a new sheet when one is full: a sheet holds 1,048,576 rows, and a MOOC's
/// list of peer reviews can be longer. Sheets after the first are named `Name 2`, `Name 3`, …
/// and each starts with the header row.
final class SheetSeries {
  /// Rows a sheet holds (Excel's limit; smaller in tests).
  static let excelRows = 1_048_576

  let workbook: XLSXWorkbook
  let name: String
  let header: [CellValue]
  let rowLimit: Int
  /// Called on each new sheet before its header (column widths, frozen panes).
  let setUp: (XLSXSheet) throws -> Void
  private var taken: Set<String>
  private var sheet: XLSXSheet
  private var row = 0
  private(set) var sheets = 1

  /// Adds the first sheet, `name`, with its header. `taken` holds the workbook's sheet names in
  /// lower case.
  init(
    workbook: XLSXWorkbook, name: String, header: [CellValue], taken: Set<String>, rowLimit: Int = SheetSeries.excelRows,
    setUp: @escaping (XLSXSheet) throws -> Void
  ) throws {
    (self.workbook, self.name, self.header, self.rowLimit, self.setUp) = (workbook, name, header, rowLimit, setUp)
    self.taken = taken.union([name.lowercased()])
    sheet = try workbook.addSheet(name)
    try start()
  }

  private func start() throws {
    try setUp(sheet)
    try sheet.writeRow(0, header, style: GradebookWorkbook.header)
    row = 1
  }

  /// Writes a row, on a new sheet if this one is full.
  func append(_ values: [CellValue], style: CellStyle? = nil) throws {
    if row >= rowLimit {
      sheets += 1
      let next = workbook.sheetName(for: "\(name) \(sheets)", taken: taken)
      taken.insert(next.lowercased())
      sheet = try workbook.addSheet(next)
      try start()
    }
    try sheet.writeRow(row, values, style: style)
    row += 1
  }

  /// Leaves a blank row (none at the top of a new sheet).
  func skip() { if row < rowLimit { row += 1 } }
}
