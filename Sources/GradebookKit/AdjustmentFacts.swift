import GradebookCore

/// `adjustments`: `student_id,item,action,value,reason,by` — `excuse`, `override` (percent 0–100),
/// `extend` (a duration) (RULES §5, §46).
struct AdjustmentFacts: FactParser {
  let context: ValidationContext
  var requiredColumns: [String] { InputKind.adjustments.requiredColumns }
  var duplicates = DuplicateGuard()
  /// Items already warned about (an extension on an item with no due time).
  var undated: Set<String> = []

  mutating func parse(_ row: TableRow, log: inout DiagnosticLog) -> [Fact] {
    let student = context.student(row["student_id"], line: row.line, log: &log)
    let item = context.item(row["item"], line: row.line, log: &log)
    let action = row["action"].lowercased()
    let value = row["value"]
    var number: Double?
    switch action {
    case "excuse": number = nil
    case "override":
      guard let percent = context.number(value, what: "override value", line: row.line, log: &log) else { return [] }
      guard (0...100).contains(percent) else {
        log.error(row.line, "override value \(value) is outside 0..100 (a percent)")
        return []
      }
      // A fraction written for a percent (0.85 for 85%) would give the student 0.85%: said.
      if percent > 0, percent <= 1 {
        log.warning(
          row.line,
          "override value \(value) is read as \(value)% (the value is a percent); for \(ConfigReader.format(percent * 100))% write \(ConfigReader.format(percent * 100))"
        )
      }
      number = percent
    case "extend":
      guard let span = TimeSpan(parsing: value), span.milliseconds > 0 else {
        let meant = TimeSpan.compactForm(of: value).map { " (did you mean '\($0)'?)" } ?? ""
        log.error(row.line, "extension '\(value)' is not a duration such as 48h, 2d or 1h30m (at most 1,000 years)\(meant)")
        return []
      }
      number = Double(span.milliseconds)
    default:
      log.error(
        row.line,
        "unknown action '\(row["action"])'\(Suggestion.hint(for: action, amongWords: ["excuse", "override", "extend"])) (excuse, override or extend)"
      )
      return []
    }
    guard let student, let item else { return [] }
    guard
      duplicates.first(factKey(student, item.id, action), line: row.line, what: "adjustment (\(student), \(item.id), \(action))", log: &log)
    else { return [] }
    if row["reason"].isEmpty { log.warning(row.line, "adjustment without a reason") }
    if action == "extend", !context.workspace.rubric.readsExtensions(of: item), undated.insert(item.id).inserted {
      log.warning(
        row.line, "item '\(item.id)' is scored by \(item.scorerID), which has no due time: its extensions in this file change nothing")
    }
    var fact = Fact(.adjustments, line: row.line, key: factKey(student, item.id, action), subject: student)
    fact.item = item.id
    fact.criterion = action
    fact.number = number
    fact.text = row.raw("reason")
    fact.rater = row["by"]
    return [fact]
  }
}
