import GradebookCore

/// `scores` in long form: `target,item,criterion,rater,score[,comment][,submitted_at]` (SPEC §4).
///
/// An empty score cell is "not rated" (its comment, if any, is kept); a duplicate
/// (target, item, criterion, rater) in one file is an error at the later row.
///
/// The reading thread checks a row, duplicates included (``parse(_:log:)``); the storing thread
/// writes it from its parts (``settle(_:log:store:into:)``). A row once crossed the threads as a
/// `Fact` with its key joined: allocations made on one thread and freed on the other, which made
/// the reading thread an import's bottleneck. (Checking duplicates on the storing thread instead
/// left the reading thread idle half the time.)
struct ScoreFacts: FactParser {
  let context: ValidationContext
  var requiredColumns: [String] { InputKind.scores.requiredColumns }
  var duplicates = DuplicateGuard()
  /// The columns' positions in this file, found at its first row.
  private var positions: Positions?
  /// The highest score and the number of scores of each item's criteria in the file (by position
  /// in the item), items in order of first sight, for ``finish(log:)``; and the last row's item.
  private var scales: [(item: Item, highest: [Double], count: [Int])] = []
  private var lastScale = -1

  init(context: ValidationContext) { self.context = context }

  private struct Positions {
    var target: Int?, item: Int?, criterion: Int?, rater: Int?, score: Int?, comment: Int?, submitted: Int?
    init(_ row: TableRow) {
      (target, item, criterion, rater) =
        (row.position(of: "target"), row.position(of: "item"), row.position(of: "criterion"), row.position(of: "rater"))
      (score, comment, submitted) = (row.position(of: "score"), row.position(of: "comment"), row.position(of: "submitted_at"))
    }
  }

  /// A row checked on the reading thread: a score, or a comment without one (`points` nil).
  struct Score {
    var line: Int
    var target: String, item: String, criterion: String, rater: String
    var points: Double?
    var at: Int64?
    var comment: String?
  }

  /// On the reading thread: the row's score, or `nil` when it has an error or is "not rated".
  mutating func parse(_ row: TableRow, log: inout DiagnosticLog) -> Score? {
    let columns = positions ?? Positions(row)
    positions = columns
    guard let item = context.item(row[at: columns.item], line: row.line, log: &log) else { return nil }
    let target = context.target(row[at: columns.target], of: item, line: row.line, log: &log)
    let raterText = row[at: columns.rater]
    let rater = context.rater(raterText, line: row.line, log: &log)
    let criterionID = row[at: columns.criterion]
    let criterionIndex = item.criteria.firstIndex { $0.id == criterionID }
    let criterion = criterionIndex.map { item.criteria[$0] }
    if criterion == nil {
      log.error(
        row.line,
        item.criteria.isEmpty
          ? "item '\(item.id)' has no criteria to score (its scorer computes it)"
          : "unknown criterion '\(criterionID)' of item '\(item.id)'\(ValidationContext.hint(criterionID, among: item.criteria.map { ($0.id, $0.title) }, "criterion"))"
      )
    }
    var at: Instant?
    if columns.submitted != nil {
      let text = row[at: columns.submitted]
      if !text.isEmpty { at = context.timestamp(text, column: "submitted_at", line: row.line, log: &log) }
    }
    let scoreText = row[at: columns.score]
    let comment = row.raw(at: columns.comment).trimmedASCII
    var points: Double?
    if !scoreText.isEmpty, let criterion {
      points = context.number(scoreText, what: "score", line: row.line, log: &log, blankMeansNotRated: true)
      if let p = points, !(0...criterion.max).contains(p) {
        log.error(row.line, "score \(scoreText) is out of range 0..\(ConfigReader.format(criterion.max)) for criterion '\(criterion.id)'")
        return nil
      }
      if points == nil { return nil }
      if let p = points, let criterionIndex { noteScale(p, item: item, criterion: criterionIndex) }
    }
    guard let target, let rater, let criterion, points != nil || !comment.isEmpty else { return nil }
    if points != nil {
      guard
        duplicates.first(
          KeyHash(parts: target, item.id, criterion.id, rater), line: row.line,
          what: "score for (\(target), \(item.id), \(criterion.id), \(raterText))", log: &log)
      else { return nil }
    }
    return Score(
      line: row.line, target: target, item: item.id, criterion: criterion.id, rater: rater, points: points, at: at?.milliseconds,
      comment: comment.isEmpty ? nil : comment)
  }

  /// Notes a score for ``finish(log:)``: rows come grouped by item, so the last row's item is
  /// looked at first.
  private mutating func noteScale(_ points: Double, item: Item, criterion: Int) {
    if lastScale < 0 || scales[lastScale].item.id != item.id {
      if let known = scales.firstIndex(where: { $0.item.id == item.id }) {
        lastScale = known
      } else {
        let zeros = item.criteria.count
        scales.append((item, Array(repeating: 0, count: zeros), Array(repeating: 0, count: zeros)))
        lastScale = scales.count - 1
      }
    }
    scales[lastScale].highest[criterion] = max(scales[lastScale].highest[criterion], points)
    scales[lastScale].count[criterion] += 1
  }

  /// A criterion whose scores (10 or more) never go above half its max in the file — scored out of
  /// 5 where the rubric says 10, which halves every score, silently — is warned about once.
  mutating func finish(log: inout DiagnosticLog) {
    for (item, highest, count) in scales {
      for (index, criterion) in item.criteria.enumerated()
      where criterion.looksScaledDown(highest: highest[index], count: count[index]) {
        let top = ConfigReader.format(highest[index]), max = ConfigReader.format(criterion.max)
        log.warning(
          nil,
          "no score of criterion '\(criterion.id)' of item '\(item.id)' is above \(top), in \(count[index]) scores, though it is out of \(max): scored on a smaller scale? Each score counts out of \(max)"
        )
      }
    }
  }

  /// On the storing thread: the score's row. A comment without a score is kept under its own key,
  /// `target|item|#comment:criterion|rater`.
  func settle(_ score: Score?, log: inout DiagnosticLog, store: Bool, into writer: inout FactWriter) throws {
    guard let score, store else { return }
    try writer.writeScore(
      line: score.line, target: score.target, item: score.item, criterion: score.criterion, rater: score.rater, points: score.points,
      at: score.at, comment: score.comment)
  }
}
