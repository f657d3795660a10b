import Foundation
import GRDB
import GradebookCore

/// A name in stored scores that the course no longer has: a rater neither on the staff nor on the
/// roster (a TA taken off `course.yaml`, a student dropped after the import; RULES §24 derives a role
/// from the course as it is now, so their scores count as a peer's), a student no longer on the
/// roster whom scores are about (an id corrected in the roster), a group gone from the groups
/// file (a re-import that renamed `G01`: its scores would leave every member `missing`), or an item
/// or criterion gone from the rubric (those scores are ignored). Told as a warning at the earliest
/// stored score, instead of changing grades silently.
public struct StaleReference: Sendable, Hashable {
  public enum Name: Sendable, Hashable {
    case rater(String)
    case student(String)
    case group(String)
    case item(String)
    case criterion(item: String, criterion: String)

    /// What it names, in the plural (`raters`, `students`, `groups`, `items`, `criteria`).
    var kind: String {
      switch self {
      case .rater: "raters"
      case .student: "students"
      case .group: "groups"
      case .item: "items"
      case .criterion: "criteria"
      }
    }
  }
  /// What is no longer known.
  public var name: Name
  /// How many current stored facts of `kind` carry it.
  public var scores: Int
  /// The kind of stored fact that names it: scores, uploads, adjustments or contributions.
  public var kind: InputKind = .scores
  /// Where the earliest of them came from.
  public var first: SourceRef

  /// The warning for it, at its first score.
  public var warning: Diagnostic {
    let (what, fix): (String, String)
    let noun = [InputKind.uploads: "upload", .adjustments: "adjustment", .contributions: "contribution rating"][kind] ?? "score"
    let facts = "\(scores) stored \(noun)(s)"
    switch name {
    case .rater(let rater):
      what = "rater '\(rater)' is neither on the staff nor on the roster now; their \(facts) count as a peer's"
      fix = "put them back in course.yaml or the roster"
    case .student(let student):
      what = "the roster has no student '\(student)' now; \(facts) about them are ignored"
      fix = "put them back in the roster"
    case .group(let group):
      what = "the groups file has no group '\(group)' now; \(facts) for it are ignored"
      fix = "put the group back in the groups file"
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
  /// otherwise leave every student without an upload, silently), one a kind and item; contribution
  /// (WebPA) ratings for groups the groups file no longer has.
  static func unknownItemsAndGroups(
    uploads: [String: [Upload]], adjustments: [Adjustment], contributions: [String: [Contribution]], rubric: Rubric, groups: Groups
  ) -> [StaleReference] {
    var found: [StaleReference] = []
    for (group, list) in contributions where groups.members[group] == nil {
      let first = list.map(\.source).min { ($0.batch, $0.line) < ($1.batch, $1.line) }!
      found.append(StaleReference(name: .group(group), scores: list.count, kind: .contributions, first: first))
    }
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

  /// What one look over the loaded ratings finds: each peer rater no longer on the roster with how
  /// many current ratings they gave, and whether any rating has a criterion its item no longer has.
  /// In parts of half a million ratings on every core, nothing hashed but a rater's id once a run of
  /// their ratings (a form response's scores come together).
  static func scan(_ ratingsByItem: [[Rating]], items: [Item], roster: Roster, groups: Groups) -> (
    raters: [String: Int], targets: [String: Int], goneCriteria: Bool
  ) {
    var parts: [(item: Int, ratings: Range<Int>)] = []
    for position in items.indices {
      for start in stride(from: 0, to: ratingsByItem[position].count, by: 500_000) {
        parts.append((position, start..<min(start + 500_000, ratingsByItem[position].count)))
      }
    }
    let work = parts
    let found = parallelMap(work.count) { index in
      let (position, range) = work[index]
      let criteria = items[position].criteria
      var cursor = CriterionCursor(criteria)
      let byGroup = items[position].target == .group
      var raters: [String: Int] = [:], targets: [String: Int] = [:]
      var goneCriteria = false
      var lastPeer = "", lastKnown = true, lastTarget = "", lastTargetKnown = true
      for rating in ratingsByItem[position][range] {
        if !criteria.isEmpty, !goneCriteria, cursor.position(of: rating.criterion) == nil { goneCriteria = true }
        if rating.target != lastTarget {
          let known = byGroup ? groups.members[rating.target] != nil : roster.contains(rating.target)
          (lastTarget, lastTargetKnown) = (rating.target, known)
        }
        if !lastTargetKnown { targets[(byGroup ? "g:" : "s:") + rating.target, default: 0] += 1 }
        guard rating.role == .peer else { continue }
        if rating.rater != lastPeer { (lastPeer, lastKnown) = (rating.rater, roster.contains(rating.rater)) }
        if !lastKnown { raters[rating.rater, default: 0] += 1 }
      }
      return (raters, targets, goneCriteria)
    }
    var raters: [String: Int] = [:], targets: [String: Int] = [:]
    for part in found {
      raters.merge(part.0, uniquingKeysWith: +)
      targets.merge(part.1, uniquingKeysWith: +)
    }
    return (raters, targets, found.contains { $0.2 })
  }

  /// The raters ``scan(_:items:roster:)`` found, each at their earliest stored score: one query over
  /// the active score batches' rows (a MOOC's roster loses students every week; reading the scores a
  /// second time would add seconds to every command).
  static func locate(raters: [String: Int], targets: [String: Int], _ db: Database, _ reader: CurrentFacts) throws -> [StaleReference] {
    var students: [String: Int] = [:], groups: [String: Int] = [:]
    for (key, count) in targets {
      if key.hasPrefix("g:") { groups[String(key.dropFirst(2))] = count } else { students[String(key.dropFirst(2))] = count }
    }
    return try locate(raters, column: "rater", as: Name.rater, db, reader)
      + locate(students, column: "subject", as: Name.student, db, reader) + locate(groups, column: "subject", as: Name.group, db, reader)
  }

  /// `counts`' names, each at its earliest row of the active score batches whose `column` holds it.
  private static func locate(
    _ counts: [String: Int], column: String, as name: (String) -> Name, _ db: Database, _ reader: CurrentFacts
  ) throws -> [StaleReference] {
    guard !counts.isEmpty else { return [] }
    let names = String(decoding: try JSONEncoder().encode(Array(counts.keys)), as: UTF8.self)
    var first: [String: SourceRef] = [:]
    let rows = try Row.fetchCursor(
      db, sql: "SELECT \(column), batch, line FROM fact WHERE kind = 'scores' AND \(column) IN (SELECT value FROM json_each(?))",
      arguments: [names])
    while let row = try rows.next() {
      let (value, batch, line): (String, Int64, Int) = (row[0], row[1], row[2])
      guard let active = reader.batches[batch], active.isActive else { continue }
      if let earlier = first[value], (earlier.batch, earlier.line) <= (batch, line) { continue }
      first[value] = SourceRef(path: active.path, line: line, batch: batch)
    }
    return counts.compactMap { value, count in first[value].map { StaleReference(name: name(value), scores: count, first: $0) } }
  }

  /// Every item and criterion gone from the rubric that current scores name, counted, at the
  /// earliest score: a second reading of the scores, only when ``scan(_:items:roster:)`` found a
  /// criterion gone or a score named an unknown item (after a rubric edit: rare).
  static func findItemsAndCriteria(_ db: Database, _ reader: CurrentFacts, rubric: Rubric) throws -> [StaleReference] {
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
      guard let itemID = f.item, f.rater != nil, f.number != nil else { return }
      guard let item = rubric.item(itemID) else { return record(.item(itemID), stored) }
      if let criterion = f.criterion, !item.criteria.isEmpty, !item.criteria.contains(where: { $0.id == criterion }) {
        record(.criterion(item: itemID, criterion: criterion), stored)
      }
    }
    return Array(found.values)
  }
}
