import GradebookCore

/// Targets rated for a talk they hold no slot for: a student with scores for a paper presentation
/// but no paper-reading slot, a group with scores for a project talk but no project-talk slot. A
/// mistyped id in a staff file (`u3035101243` for `u3035101234`) gives a talk's scores to a student
/// who gave none, and nothing else says so. Told by every command that scores, like students in
/// no group.
///
/// Only for items whose scorer rates talks (``ScorerDescription/ratesTalks``), and only once the
/// track has sign-ups and at least one rated target holds a slot in it (an item that rates
/// something other than talks, or a course without sign-ups yet, says nothing).
struct UnslottedTalks: Sendable {
  /// The item, its track and the targets rated without a slot in it, in first-rated order.
  var item: Item
  var track: TrackName
  var targets: [String]
  /// The rubric's file: the warning stands at the item's line.
  var rubricPath: String

  /// Every such item's targets rated in `ratings` (by item) without a slot in `schedule`.
  static func find(workspace: Workspace, schedule: Schedule, ratings: [String: RatingList]) -> [UnslottedTalks] {
    var found: [UnslottedTalks] = []
    for item in workspace.rubric.items where item.ratesTalks {
      let track: TrackName = item.target == .student ? .paperReading : .projectTalks
      guard let held = schedule.byHolder[track], !held.isEmpty, let rated = ratings[item.id] else { continue }
      var seen = [Bool](repeating: false, count: rated.nameCount)  // targets by their numbers in the list
      var targets: [String] = []
      var anyHolds = false
      for i in rated.indices {
        let target = rated.targetNumber(at: i)
        guard !seen[target] else { continue }
        seen[target] = true
        if held[rated.name(target)] != nil {
          anyHolds = true
        } else {
          targets.append(rated.name(target))
        }
      }
      guard anyHolds, !targets.isEmpty else { continue }
      found.append(UnslottedTalks(item: item, track: track, targets: targets, rubricPath: workspace.rubric.path))
    }
    return found
  }

  /// One warning, naming the first ten targets.
  var diagnostic: Diagnostic {
    let shown = targets.listed()
    let who = track == .paperReading ? "student(s)" : "group(s)"
    return Diagnostic(
      .warning, path: rubricPath, line: item.line,
      "\(targets.count) \(who) have scores for \(item.id) but hold no \(track.rawValue) slot: \(shown) (a mistyped id in a score file, or a talk given without a sign-up? The scores count)"
    )
  }
}
