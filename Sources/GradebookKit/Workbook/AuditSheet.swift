import Foundation
import GradebookCore
import GradebookXLSX

/// *Audit*: every import batch — file, kind, SHA-256, rows, who, when, whether it still counts, and
/// the map (with its SHA-256), encoding and delimiter it was read with.
struct AuditSheet {
  let batches: [Batch]

  func write(to sheet: XLSXSheet) throws {
    try sheet.setColumns(0, 0, width: 7)
    try sheet.setColumns(1, 1, width: 30)
    try sheet.setColumns(2, 2, width: 14)
    try sheet.setColumns(3, 3, width: 66)
    try sheet.setColumns(4, 4, width: 8)
    try sheet.setColumns(5, 7, width: 22)
    try sheet.setColumns(8, 8, width: 44)
    sheet.freeze(rows: 1, columns: 0)
    try sheet.writeRow(
      0, ["batch", "file", "kind", "sha256", "rows", "imported by", "imported at", "state", "read with"].map(CellValue.text),
      style: GradebookWorkbook.header)
    for (index, batch) in batches.enumerated() {
      let state = batch.withdrawn ? "withdrawn" : batch.replacedBy.map { "replaced by batch \($0)" } ?? "current"
      try sheet.writeRow(
        index + 1,
        [
          .number(Double(batch.id)), .text(batch.path), .text(batch.kind), .text(batch.sha256), .number(Double(batch.rows)),
          .text(batch.importedBy), .text(batch.importedAt), .text(state), .text(batch.readWith),
        ])
    }
  }
}
