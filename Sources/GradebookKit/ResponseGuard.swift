import GradebookCore

/// Finds duplicate scores in a forms export: the same (target, item, criterion, rater) twice is an
/// error at the later row, the first stands (RULES §46), exactly as ``DuplicateGuard`` finds it,
/// but remembering one entry a response instead of one a criterion (a 100,000-student export has
/// 4 million scores in 800,000 responses).
///
/// A (target, rater) pair answered once is kept as its line and a bit mask of the criteria it
/// scored (criteria numbered by their position in the map, at most 64). When the pair is answered
/// again, the first answer's criteria move into a per-criterion ``DuplicateGuard`` with its line,
/// and the pair is checked there from then on.
struct ResponseGuard {
  /// The map's criterion ids, by position.
  let criterionIDs: [String]
  private var once = KeyHashTable<(line: Int32, criteria: UInt64)>()
  private var repeated = DuplicateGuard()

  init(criterionIDs: [String]) {
    precondition(criterionIDs.count <= 64, "a map reads at most 64 criteria")
    self.criterionIDs = criterionIDs
  }

  /// `true` when none of the criteria at the positions set in `mask` was scored by `rater` for
  /// `target` before; otherwise logs an error naming the first line.
  mutating func first(target: String, item: String, rater: String, mask: UInt64, line: Int, log: inout DiagnosticLog) -> Bool {
    let pair = KeyHash(parts: target, item, rater)
    guard let earlier = once.updateValue((Int32(clamping: line), mask), forKey: pair) else { return true }
    // Answered before: mask 0 marks a pair already moved to the per-criterion guard.
    once.updateValue((earlier.line, 0), forKey: pair)
    for position in ResponsePoints.ScoredPositions(mask: earlier.criteria) {
      _ = repeated.first(KeyHash(parts: target, item, criterionIDs[position], rater), line: Int(earlier.line), what: "", log: &log)
    }
    for position in ResponsePoints.ScoredPositions(mask: mask) {
      let key = KeyHash(parts: target, item, criterionIDs[position], rater)
      guard repeated.first(key, line: line, what: "response from '\(rater)' about '\(target)'", log: &log) else { return false }
    }
    return true
  }
}
