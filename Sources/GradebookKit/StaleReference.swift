import Foundation
import GRDB
import GradebookCore

/// A name in stored scores that the course no longer has: a rater neither on the staff nor on the
/// roster (a TA taken off `course.yaml`, a student dropped after the import; RULES §24 derives a role
/// from the course as it is now, so their scores count as a peer's), or an item or criterion gone
/// from the rubric (those scores are ignored). Told as a warning at the earliest stored score,
/// instead of changing grades silently.
public struct StaleReference: Sendable, Hashable {
  public enum Name: Sendable, Hashable {
    case rater(String)
    case item(String)
    case criterion(item: String, criterion: String)

    /// What it names, in the plural: `raters`, `items`, `criteria`.
    var kind: String {
      switch self {
      case .rater: "raters"
      case .item: "items"
      case .criterion: "criteria"
      }
    }
  }
  /// What is no longer known.
  public var name: Name
  /// How many current scores (or uploads or adjustments, as `kind` says) carry it.
  public var scores: Int
  /// The kind of stored fact that names it: scores, uploads or adjustments.
  public var kind: InputKind = .scores
  /// Where the earliest of them came from.
  public var first: SourceRef

  /// The warning for it, at its first score.
  public var warning: Diagnostic {
    let (what, fix): (String, String)
    let facts = "\(scores) stored \(kind == .uploads ? "upload" : kind == .adjustments ? "adjustment" : "score")(s)"
    switch name {
    case .rater(let rater):
      what = "rater '\(rater)' is neither on the staff nor on the roster now; their \(facts) count as a peer's"
      fix = "put them back in course.yaml or the roster"
    case .item(let item):
      what = "the rubric has no item '\(item)' now; \(facts) for it are ignored"
      fix = "put the item back in the rubric"
    case .criterion(let item, let criterion):
      what = "item '\(item)' has no criterion '\(criterion)' now; \(facts) for it are ignored"
      fix = "put the criterion back in the rubric"
    }
    return Diagnostic(.warning, path: first.path, line: first.line, "\(what) (\(fix), or withdraw batch \(first.batch))")
  }

  /// Uploads and adjustments for items the rubric no longer has (a renamed upload item would
  /// otherwise leave every student without an upload, silently), one a kind and item.
  static func unknownItems(uploads: [String: [Upload]], adjustments: [Adjustment], rubric: Rubric) -> [StaleReference] {
    var found: [StaleReference] = []
    for (item, list) in uploads where rubric.item(item) == nil {
      let first = list.map(\.source).min { ($0.batch, $0.line) < ($1.batch, $1.line) }!
      found.append(StaleReference(name: .item(item), scores: list.count, kind: .uploads, first: first))
    }
    for (item, list) in Dictionary(grouping: adjustments.filter { rubric.item($0.item) == nil }, by: \.item) {
      let first = list.map(\.source).min { ($0.batch, $0.line) < ($1.batch, $1.line) }!
      found.append(StaleReference(name: .item(item), scores: list.count, kind: .adjustments, first: first))
    }
    return found
  }

  /// Whether any loaded rating has a criterion its item no longer has, or a peer rater not on the
  /// roster: one pass over millions of ratings, in parts of half a million on every core, with nothing
  /// hashed but a rater's id once a run of their ratings.
  static func anyIn(_ ratingsByItem: [[Rating]], items: [Item], roster: Roster) -> Bool {
    var parts: [(item: Int, ratings: Range<Int>)] = []
    for position in items.indices {
      for start in stride(from: 0, to: ratingsByItem[position].count, by: 500_000) {
        parts.append((position, start..<min(start + 500_000, ratingsByItem[position].count)))
      }
    }
    let work = parts
    return parallelMap(work.count) { index in
      let (position, range) = work[index]
      let criteria = items[position].criteria
      var cursor = CriterionCursor(criteria)
      var lastPeer = ""
      for rating in ratingsByItem[position][range] {
        if !criteria.isEmpty, cursor.position(of: rating.criterion) == nil { return true }
        if rating.role == .peer, rating.rater != lastPeer {
          guard roster.contains(rating.rater) else { return true }
          lastPeer = rating.rater
        }
      }
      return false
    }.contains(true)
  }

  /// Every stale name in the current scores, counted, earliest source first (a second reading of
  /// the scores: only when ``anyIn(_:items:roster:)`` found one, or a score named an unknown item).
  static func find(_ db: Database, _ reader: CurrentFacts, workspace: Workspace, groups: Groups) throws -> [StaleReference] {
    let staff = Set(workspace.config.staff.map(\.id))
    var found: [Name: StaleReference] = [:]
    func record(_ name: Name, _ stored: StoredFact) {
      let source = reader.source(stored)  // facts come in precedence order, not file order
      var reference = found[name] ?? StaleReference(name: name, scores: 0, first: source)
      reference.scores += 1
      if (source.batch, source.line) < (reference.first.batch, reference.first.line) { reference.first = source }
      found[name] = reference
    }
    try reader.forEachCurrent(db, .scores) { stored in
      let f = stored.fact
      guard let itemID = f.item, let rater = f.rater, f.number != nil else { return }
      guard let item = workspace.rubric.item(itemID) else { return record(.item(itemID), stored) }
      if let criterion = f.criterion, !item.criteria.isEmpty, !item.criteria.contains(where: { $0.id == criterion }) {
        record(.criterion(item: itemID, criterion: criterion), stored)
      }
      let isSelf = item.target == .student ? rater == f.subject : groups.groupOf[rater] == f.subject
      if !staff.contains(rater), !isSelf, !workspace.roster.contains(rater) { record(.rater(rater), stored) }
    }
    return found.values.sorted {
      ($0.first.batch, $0.first.line, String(describing: $0.name)) < ($1.first.batch, $1.first.line, String(describing: $1.name))
    }
  }
}
