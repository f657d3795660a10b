import Foundation
import GRDB
import GradebookCore

/// A name in stored scores that the course no longer has: a rater neither on the staff nor on the
/// roster (a TA taken off `course.yaml`, a student dropped after the import; RULES §24 derives a role
/// from the course as it is now, so their scores count as a peer's), a student no longer on the
/// roster whom scores are about (an id corrected in the roster), a group gone from the groups
/// file (a re-import that renamed `G01`: its scores would leave every member `missing`), or an item
/// or criterion gone from the rubric (those scores are ignored); likewise a student no longer in the
/// group their contribution ratings are in, and a file imported as a source that `course.yaml` no
/// longer lists (its rows still count). Told as a warning at the earliest stored row, instead of
/// changing grades silently.
///
/// A stored score above its criterion's `max` now (the max lowered after the import) has no right
/// reading: it would score above 100% on that criterion. It is an error (``isError``): commands that
/// score stop before writing anything.
public struct StaleReference: Sendable, Hashable {
  public enum Name: Sendable, Hashable {
    case rater(String)
    case student(String)
    case group(String)
    case item(String)
    case criterion(item: String, criterion: String)
    /// Scores above the criterion's `max` in the rubric now.
    case aboveMax(item: String, criterion: String, max: Double)
    /// A student in contribution ratings of a group they are no longer a member of (the groups file
    /// re-imported since): WebPA reads members only, so those ratings are ignored.
    case formerMember(group: String, student: String)
    /// A file imported as a source of `course.yaml` that is not one now (renamed or dropped there):
    /// its batch still counts, and for scores, over every declared source.
    case source(path: String)
    /// A student dropped from the roster who is still a member of a group in the stored groups
    /// file: the group keeps its size (and WebPA its `n`, RULES §38) until the groups file changes.
    case droppedMember(group: String, student: String)

    /// What it names, in the plural (`raters`, `students`, `groups`, `items`, `criteria`).
    var kind: String {
      switch self {
      case .rater: "raters"
      case .student: "students"
      case .group: "groups"
      case .item: "items"
      case .criterion: "criteria"
      case .aboveMax: "maxima"
      case .source: "sources"
      case .formerMember: "former members"
      case .droppedMember: "members"
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

  /// Whether grades cannot be computed while it stands (scores above their max).
  public var isError: Bool { if case .aboveMax = name { true } else { false } }

  /// The warning (or, for scores above their max, the error) for it, at its first score.
  public var diagnostic: Diagnostic {
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
    case .formerMember(let group, let student):
      what = "'\(student)' is no longer a member of group '\(group)'; \(facts) by or about them are ignored"
      fix = "put them back in the groups file"
    case .source(let path):
      let warning =
        "\(path) (batch \(first.batch), \(scores) row(s) of \(kind.rawValue)) was imported as a source of course.yaml but is not one now;"
        + " its rows still count\(kind == .scores ? ", over every declared source's" : "")"
        + " (declare it again, or withdraw batch \(first.batch) if the file was renamed or dropped)"
      return Diagnostic(.warning, path: "course.yaml", line: nil, warning)
    case .droppedMember(let group, let student):
      // Withdrawing the groups batch would ungroup everyone: not offered.
      return Diagnostic(
        .warning, path: first.path, line: first.line,
        "the roster has no student '\(student)' now, but they are still a member of group '\(group)' and count in its size"
          + " and in WebPA (take them out of the groups file, or put them back in the roster)")
    case .aboveMax(let item, let criterion, let max):
      what = "\(facts) for criterion '\(criterion)' of item '\(item)' are above its max, \(ConfigReader.format(max)) now"
      fix = "this is the first; restore the max in the rubric, or import a corrected file"
    }
    return Diagnostic(isError ? .error : .warning, path: first.path, line: first.line, "\(what) (\(fix), or withdraw batch \(first.batch))")
  }

  /// Every stale name in `state` (loaded from `db` through `reader`), earliest first.
  /// `unknownItemScores`: how many scores the load skipped for naming no item of the rubric.
  ///
  /// Raters, students and groups are counted in one parallel look over the loaded ratings and
  /// located by one query each (a MOOC's roster loses students every week: reading the scores a
  /// second time would add seconds to every command); items and criteria, gone only after a rubric
  /// edit, by a second reading of the scores.
  static func all(
    in state: CourseState, _ db: Database, _ reader: CurrentFacts, workspace: Workspace, unknownItemScores: Int
  ) throws -> [StaleReference] {
    let rubric = workspace.rubric
    let found = Strangers(state, items: rubric.items, roster: workspace.roster)
    var stale =
      try locate(found.raters, column: "rater", as: Name.rater, db, reader)
      + locate(found.students, column: "subject", as: Name.student, db, reader)
      + locate(found.groups, column: "subject", as: Name.group, db, reader)
    // A group fact's subject is the member; one membership each.
    let dropped = state.groups.groupOf.filter { !workspace.roster.contains($0.key) }
    stale += try locate(
      dropped.mapValues { _ in 1 }, column: "subject", kind: .groups,
      as: { Name.droppedMember(group: dropped[$0] ?? "", student: $0) }, db, reader)
    if unknownItemScores > 0 || found.goneCriteria || found.aboveMax { stale += try itemsAndCriteria(db, reader, rubric: rubric) }
    func reference(_ name: Name, _ kind: InputKind, _ sources: [SourceRef]) -> StaleReference {
      StaleReference(name: name, scores: sources.count, kind: kind, first: sources.min(by: earlier)!)
    }
    for (group, list) in state.contributions {
      guard let members = state.groups.members[group] else {
        stale.append(reference(.group(group), .contributions, list.map(\.source)))
        continue
      }
      var former: [String: [SourceRef]] = [:]
      for rating in list {
        for student in Set([rating.rater, rating.ratee]) where !members.contains(student) {
          former[student, default: []].append(rating.source)
        }
      }
      for (student, sources) in former { stale.append(reference(.formerMember(group: group, student: student), .contributions, sources)) }
    }
    for (item, list) in state.uploads where rubric.item(item) == nil {
      stale.append(reference(.item(item), .uploads, list.map(\.source)))
    }
    for (item, list) in Dictionary(grouping: state.adjustments.filter { rubric.item($0.item) == nil }, by: \.item) {
      stale.append(reference(.item(item), .adjustments, list.map(\.source)))
    }
    for batch in state.batches.values where batch.isActive && batch.declared {
      // The roster counts from its file, not from the store: an old roster batch decides nothing.
      guard let kind = InputKind(rawValue: batch.kind), kind != .roster, !workspace.declares(batch.path, as: kind) else { continue }
      stale.append(
        StaleReference(
          name: .source(path: batch.path), scores: batch.rows, kind: kind, first: SourceRef(path: batch.path, line: 0, batch: batch.id)))
    }
    return stale.sorted { a, b in (a.first.batch, a.first.line, "\(a.name)") < (b.first.batch, b.first.line, "\(b.name)") }
  }

  /// One diagnostic a stale reference, the first ten of a kind (raters, students, groups, items,
  /// criteria) and then one line for the rest: a thousand dropped reviewers must not bury the other
  /// messages. Errors (scores above their max, one a criterion) are all shown.
  static func diagnostics(_ stale: [StaleReference]) -> [Diagnostic] {
    var shown: [String: Int] = [:]
    var rest: [String: (names: Int, scores: Int)] = [:]
    var warnings: [Diagnostic] = []
    for reference in stale {
      let kind = reference.name.kind
      if reference.isError || shown[kind, default: 0] < 10 {
        shown[kind, default: 0] += 1
        warnings.append(reference.diagnostic)
      } else {
        rest[kind, default: (0, 0)].names += 1
        rest[kind]!.scores += reference.scores
      }
    }
    for (kind, count) in rest.sorted(by: { $0.key < $1.key }) {
      warnings.append(
        Diagnostic(
          .warning, path: "course.yaml", line: nil,
          "and \(count.names) more \(kind) the course no longer has, named by \(count.scores) stored fact(s)"))
    }
    return warnings
  }

  /// Whether `a` was stored before `b` (by batch, then line).
  private static func earlier(_ a: SourceRef, _ b: SourceRef) -> Bool { (a.batch, a.line) < (b.batch, b.line) }

  /// What one look over the loaded ratings finds: peer raters no longer on the roster, and students
  /// or groups no longer known whom ratings are about, each with how many current ratings name them;
  /// whether any rating has a criterion its item no longer has, or points above its criterion's max
  /// now. An item's ids are looked up once each, by their numbers in its ``RatingList``; a rating
  /// is then a few array reads (4.8 million at 100,000 students).
  private struct Strangers {
    var raters: [String: Int] = [:], students: [String: Int] = [:], groups: [String: Int] = [:]
    var goneCriteria = false, aboveMax = false

    init(_ state: CourseState, items: [Item], roster: Roster) {
      for item in items {
        guard let ratings = state.ratings[item.id] else { continue }
        let criteria = item.criteria, criterionPositions = ratings.criterionPositions(criteria)
        let byGroup = item.target == .group
        // Per id number: whether it is known, as a target (student or group) and as a peer rater.
        var targetKnown = [Bool?](repeating: nil, count: ratings.nameCount)
        var raterKnown = [Bool?](repeating: nil, count: ratings.nameCount)
        var unknownTargets = [Int](repeating: 0, count: ratings.nameCount)
        var unknownRaters = [Int](repeating: 0, count: ratings.nameCount)
        for i in ratings.indices {
          if !criteria.isEmpty {
            if let c = ratings.criterionPosition(at: i, in: criterionPositions) {
              if ratings.points(at: i) > criteria[c].max { aboveMax = true }
            } else {
              goneCriteria = true
            }
          }
          let target = ratings.targetNumber(at: i)
          if targetKnown[target] == nil {
            let id = ratings.name(target)
            targetKnown[target] = byGroup ? state.groups.members[id] != nil : roster.contains(id)
          }
          if targetKnown[target] == false { unknownTargets[target] += 1 }
          guard ratings.role(at: i) == .peer else { continue }
          let rater = ratings.raterNumber(at: i)
          if raterKnown[rater] == nil { raterKnown[rater] = roster.contains(ratings.name(rater)) }
          if raterKnown[rater] == false { unknownRaters[rater] += 1 }
        }
        for number in 0..<ratings.nameCount {
          if unknownTargets[number] > 0 {
            if byGroup {
              groups[ratings.name(number), default: 0] += unknownTargets[number]
            } else {
              students[ratings.name(number), default: 0] += unknownTargets[number]
            }
          }
          if unknownRaters[number] > 0 { raters[ratings.name(number), default: 0] += unknownRaters[number] }
        }
      }
    }
  }

  /// `counts`' names, each at its earliest row of the active batches of `kind` whose `column` holds
  /// it: one query.
  private static func locate(
    _ counts: [String: Int], column: String, kind: InputKind = .scores, as name: (String) -> Name, _ db: Database,
    _ reader: CurrentFacts
  ) throws -> [StaleReference] {
    guard !counts.isEmpty else { return [] }
    let names = String(decoding: try JSONEncoder().encode(Array(counts.keys)), as: UTF8.self)
    var first: [String: SourceRef] = [:]
    let rows = try Row.fetchCursor(
      db, sql: "SELECT \(column), batch, line FROM fact WHERE kind = ? AND \(column) IN (SELECT value FROM json_each(?))",
      arguments: [kind.rawValue, names])
    while let row = try rows.next() {
      let (value, batch, line): (String, Int64, Int) = (row[0], row[1], row[2])
      guard let active = reader.batches[batch], active.isActive else { continue }
      let source = SourceRef(path: active.path, line: line, batch: batch)
      if first[value].map({ earlier($0, source) }) != true { first[value] = source }
    }
    return counts.compactMap { value, count in first[value].map { StaleReference(name: name(value), scores: count, kind: kind, first: $0) }
    }
  }

  /// Every item and criterion gone from the rubric that current scores name, and every criterion
  /// with scores above its max, counted, at the earliest score: a second reading of the scores.
  private static func itemsAndCriteria(_ db: Database, _ reader: CurrentFacts, rubric: Rubric) throws -> [StaleReference] {
    var found: [Name: StaleReference] = [:]
    func record(_ name: Name, _ stored: StoredFact) {
      let source = reader.source(stored)  // facts come in precedence order, not file order
      var reference = found[name] ?? StaleReference(name: name, scores: 0, first: source)
      reference.scores += 1
      if earlier(source, reference.first) { reference.first = source }
      found[name] = reference
    }
    try reader.forEachCurrent(db, .scores) { stored in
      let f = stored.fact
      guard let itemID = f.item, f.rater != nil, f.number != nil else { return }
      guard let item = rubric.item(itemID) else { return record(.item(itemID), stored) }
      guard let criterionID = f.criterion, !item.criteria.isEmpty else { return }
      if let criterion = item.criterion(criterionID) {
        if let points = f.number, points > criterion.max {
          record(.aboveMax(item: itemID, criterion: criterionID, max: criterion.max), stored)
        }
      } else {
        record(.criterion(item: itemID, criterion: criterionID), stored)
      }
    }
    return Array(found.values)
  }
}
