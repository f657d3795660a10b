import GradebookCore

/// An item's comments found by target, in the order the item has them, without copying them: the
/// positions of each target's comments, one run a target, over the item's own array (shared with
/// the course state). Grouping copies of 800,000 comments by target was 80 MB of a report run at
/// 100,000 students.
struct CommentsByTarget: Sendable {
  private let comments: [Comment]
  /// Positions in `comments`, each target's together, in their order there.
  private let order: [Int32]
  /// Each target's run in `order`.
  private let runs: [String: Range<Int>]

  /// Indexes `comments` (counted by target, then placed: two passes, no sorting).
  init(_ comments: [Comment]) {
    var counts: [String: Int] = [:]
    for comment in comments { counts[comment.target, default: 0] += 1 }
    // Runs laid end to end, empty at first: each one's upper bound moves as its places fill.
    var runs: [String: Range<Int>] = [:]
    runs.reserveCapacity(counts.count)
    var start = 0
    for (target, count) in counts {
      runs[target] = start..<start
      start += count
    }
    var order = [Int32](repeating: 0, count: comments.count)
    for (position, comment) in comments.enumerated() {
      let run = runs[comment.target]!
      order[run.upperBound] = Int32(position)
      runs[comment.target] = run.lowerBound..<(run.upperBound + 1)
    }
    (self.comments, self.order, self.runs) = (comments, order, runs)
  }

  /// The comments about `target`, in the item's order.
  subscript(target: String) -> [Comment]? {
    runs[target].map { run in order[run].map { comments[Int($0)] } }
  }
}
