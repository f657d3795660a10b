import GradebookCore

/// `contributions`: `group_id,rater,ratee,score`, within-group ratings for WebPA (RULES §38, §46).
struct ContributionFacts: FactParser {
  let context: ValidationContext
  var requiredColumns: [String] { InputKind.contributions.requiredColumns }
  var duplicates = DuplicateGuard()

  mutating func parse(_ row: TableRow, log: inout DiagnosticLog) -> [Fact] {
    let group = row["group_id"]
    guard let members = context.groups.members[group] else {
      log.error(row.line, "unknown group '\(group)'\(context.unknownGroupHint(group, line: row.line, log: &log))")
      return []
    }
    var ok = true
    for (column, id) in [("rater", row["rater"]), ("ratee", row["ratee"])] where !members.contains(id) {
      ok = false
      let known =
        context.roster.contains(id)
        ? "student '\(id)' is not a member of group '\(group)'" : "unknown \(column) '\(id)'\(Suggestion.hint(for: id, among: members))"
      log.error(row.line, "\(known) (\(column))")
    }
    guard let score = context.number(row["score"], what: "score", line: row.line, log: &log), ok else { return [] }
    guard score >= 0 else {
      log.error(row.line, "contribution score \(row["score"]) is negative")
      return []
    }
    let key = factKey(group, row["rater"], row["ratee"])
    guard duplicates.first(key, line: row.line, what: "contribution (\(group), \(row["rater"]), \(row["ratee"]))", log: &log) else {
      return []
    }
    var fact = Fact(.contributions, line: row.line, key: key, subject: group)
    fact.rater = row["rater"]
    fact.criterion = row["ratee"]
    fact.number = score
    return [fact]
  }
}
