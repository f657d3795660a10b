import GradebookCore

/// `uploads`: `student_id,item,submitted_at[,file]`.
struct UploadFacts: FactParser {
  let context: ValidationContext
  var requiredColumns: [String] { InputKind.uploads.requiredColumns }
  /// Items already warned about (an upload for an item no scorer reads uploads of).
  var unread: Set<String> = []

  mutating func parse(_ row: TableRow, log: inout DiagnosticLog) -> [Fact] {
    let student = context.student(row["student_id"], line: row.line, log: &log)
    let item = context.item(row["item"], line: row.line, log: &log)
    let at = context.timestamp(row["submitted_at"], column: "submitted_at", line: row.line, log: &log)
    guard let student, let item, let at else { return [] }
    if !context.workspace.rubric.readsUploads(of: item), unread.insert(item.id).inserted {
      log.warning(
        row.line, "item '\(item.id)' is scored by \(item.scorerID), which reads no uploads: its uploads in this file count for nothing")
    }
    var fact = Fact(.uploads, line: row.line, key: factKey(student, item.id, String(at.milliseconds)), subject: student)
    fact.item = item.id
    fact.at = at.milliseconds
    fact.text = row["file"]
    return [fact]
  }
}
