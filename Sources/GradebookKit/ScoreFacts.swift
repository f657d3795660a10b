import GradebookCore

/// `scores` in long form: `target,item,criterion,rater,score[,comment][,submitted_at]` (SPEC §4).
///
/// An empty score cell is "not rated" (its comment, if any, is kept); a duplicate
/// (target, item, criterion, rater) in one file is an error at the later row.
struct ScoreFacts: FactParser {
  let context: ValidationContext
  var requiredColumns: [String] { InputKind.scores.requiredColumns }
  var duplicates = DuplicateGuard()

  mutating func parse(_ row: TableRow, log: inout DiagnosticLog) -> [Fact] {
    guard let item = context.item(row["item"], line: row.line, log: &log) else { return [] }
    let target = context.target(row["target"], of: item, line: row.line, log: &log)
    let rater = context.rater(row["rater"], line: row.line, log: &log)
    let criterionID = row["criterion"]
    let criterion = item.criterion(criterionID)
    if criterion == nil {
      let known = item.criteria.map(\.id)
      log.error(
        row.line,
        known.isEmpty
          ? "item '\(item.id)' has no criteria to score (its scorer computes it)"
          : "unknown criterion '\(criterionID)' of item '\(item.id)'\(Suggestion.hint(for: criterionID, among: known))")
    }
    var at: Instant?
    if row.has("submitted_at"), !row["submitted_at"].isEmpty {
      at = context.timestamp(row["submitted_at"], column: "submitted_at", line: row.line, log: &log)
    }
    let scoreText = row["score"]
    let comment = row.raw("comment").trimmedASCII
    var points: Double?
    if !scoreText.isEmpty, let criterion {
      points = context.number(scoreText, what: "score", line: row.line, log: &log)
      if let p = points, !(0...criterion.max).contains(p) {
        log.error(row.line, "score \(scoreText) is out of range 0..\(ConfigReader.format(criterion.max)) for criterion '\(criterion.id)'")
        points = nil
        return []
      }
      if points == nil { return [] }
    }
    guard let target, let rater, let criterion else { return [] }
    var facts: [Fact] = []
    if let points {
      let key = factKey(target, item.id, criterion.id, rater)
      guard duplicates.first(key, line: row.line, what: "score for (\(target), \(item.id), \(criterion.id), \(row["rater"]))", log: &log)
      else { return [] }
      var fact = Fact(.scores, line: row.line, key: key, subject: target)
      (fact.item, fact.criterion, fact.rater, fact.number) = (item.id, criterion.id, rater, points)
      fact.at = at?.milliseconds
      fact.text = comment.isEmpty ? nil : comment
      facts.append(fact)
    } else if !comment.isEmpty {
      var fact = Fact(.scores, line: row.line, key: factKey(target, item.id, "#comment:" + criterion.id, rater), subject: target)
      (fact.item, fact.criterion, fact.rater, fact.text) = (item.id, "", rater, comment)
      fact.at = at?.milliseconds
      facts.append(fact)
    }
    return facts
  }
}
