import Foundation
import GRDB
import GradebookCore

/// The current data of a course, read from the store: for each key, the fact that supersedes the
/// others (a later source in `course.yaml` order, then a later batch: RULES §26).
public struct CourseState: Sendable {
  public var groups: Groups
  public var registrations: [Registration]
  public var schedule: Schedule
  public var ratings: [String: [Rating]]
  public var comments: [String: [Comment]]
  public var uploads: [String: [Upload]]
  public var adjustments: [Adjustment]
  public var contributions: [String: [Contribution]]
  /// Batches by id.
  public var batches: [Int64: Batch]

  /// Reads groups, registrations and the schedule only (what validating a file needs).
  static func loadForValidation(_ db: Database, workspace: Workspace) throws -> (Groups, Schedule) {
    let reader = try CurrentFacts(db, workspace: workspace)
    let groups = try reader.groups(db)
    let registrations = try reader.registrations(db)
    return (groups, Schedule.build(course: workspace.config, groups: groups, registrations: registrations))
  }

  /// Reads everything scoring needs; comments (only reports show them) when `comments` is true.
  ///
  /// `storePath`: the store file whose committed contents `db` reads; given, the scores are read
  /// on a second thread through a second connection (``FactReadAhead``). Leave it out inside a
  /// transaction that has changed the store (a dry run).
  public static func load(_ db: Database, workspace: Workspace, comments loadComments: Bool = true, storePath: String? = nil) throws
    -> CourseState
  {
    let reader = try CurrentFacts(db, workspace: workspace)
    let groups = try reader.groups(db)
    let registrations = try reader.registrations(db)
    let schedule = Schedule.build(course: workspace.config, groups: groups, registrations: registrations)
    // Per fact, no string is hashed where it can be helped (4.8 million scores at 100,000 students):
    // items by position, the last item remembered (a file's facts come item by item), staff found
    // in a short list.
    let items = workspace.rubric.items
    var ratingsByItem = [[Rating]](repeating: [], count: items.count)
    var commentsByItem = [[Comment]](repeating: [], count: items.count)
    var lastItem: (id: String, position: Int)?
    let staff = workspace.config.staff
    func visit(_ stored: StoredFact) {
      let f = stored.fact
      guard let itemID = f.item, let rater = f.rater else { return }
      let position: Int
      if let lastItem, lastItem.id == itemID {
        position = lastItem.position
      } else {
        guard let found = items.firstIndex(where: { $0.id == itemID }) else { return }
        (position, lastItem) = (found, (itemID, found))
      }
      let role: RaterRole
      if let member = staff.first(where: { $0.id == rater }) {
        role = member.role == .instructor ? .instructor : .ta
      } else if items[position].target == .student ? rater == f.subject : groups.groupOf[rater] == f.subject {
        role = .selfRating
      } else {
        role = .peer
      }
      if let points = f.number, let criterion = f.criterion, !criterion.isEmpty {
        ratingsByItem[position].append(Rating(target: f.subject, criterion: criterion, rater: rater, role: role, points: points))
      }
      if loadComments, let text = f.text, !text.isEmpty {
        commentsByItem[position].append(
          Comment(target: f.subject, item: itemID, rater: rater, role: role, text: text, source: reader.source(stored)))
      }
    }
    if let storePath {
      try reader.forEachCurrent(.scores, readingFrom: storePath, visit)
    } else {
      try reader.forEachCurrent(db, .scores, visit)
    }
    var ratings: [String: [Rating]] = [:]
    var comments: [String: [Comment]] = [:]
    for (position, item) in items.enumerated() {
      if !ratingsByItem[position].isEmpty { ratings[item.id] = ratingsByItem[position] }
      if !commentsByItem[position].isEmpty { comments[item.id] = commentsByItem[position] }
    }
    var uploads: [String: [Upload]] = [:]
    try reader.forEachCurrent(db, .uploads) { stored in
      let f = stored.fact
      guard let item = f.item, let at = f.at else { return }
      uploads[item, default: []].append(
        Upload(student: f.subject, item: item, at: Instant(milliseconds: at), file: f.text ?? "", source: reader.source(stored)))
    }
    var adjustments: [Adjustment] = []
    try reader.forEachCurrent(db, .adjustments) { stored in
      let f = stored.fact
      guard let item = f.item else { return }
      let action: AdjustmentAction
      switch f.criterion {
      case "excuse": action = .excuse
      case "override": action = .override(percent: f.number ?? 0)
      case "extend": action = .extend(TimeSpan(milliseconds: Int64(f.number ?? 0)))
      default: return
      }
      adjustments.append(
        Adjustment(student: f.subject, item: item, action: action, reason: f.text ?? "", by: f.rater ?? "", source: reader.source(stored)))
    }
    var contributions: [String: [Contribution]] = [:]
    try reader.forEachCurrent(db, .contributions) { stored in
      let f = stored.fact
      contributions[f.subject, default: []].append(
        Contribution(group: f.subject, rater: f.rater ?? "", ratee: f.criterion ?? "", score: f.number ?? 0, source: reader.source(stored)))
    }
    return CourseState(
      groups: groups, registrations: registrations, schedule: schedule, ratings: ratings, comments: comments,
      uploads: uploads, adjustments: adjustments, contributions: contributions, batches: reader.batches)
  }

  /// The document date for outputs: `SOURCE_DATE_EPOCH` if set, else the latest instant in the data
  /// (never the clock), so equal inputs give byte-identical files.
  public var documentDate: Date {
    if let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = Double(text) {
      return Date(timeIntervalSince1970: seconds)
    }
    var latest: Instant?
    for uploads in uploads.values { for upload in uploads { latest = max(latest ?? upload.at, upload.at) } }
    for registration in registrations { latest = max(latest ?? registration.at, registration.at) }
    return latest.map { Date(timeIntervalSince1970: Double($0.milliseconds / 1000)) } ?? Date(timeIntervalSince1970: 946_684_800)
  }

  /// Extensions by student and item.
  public var extensions: [String: [String: TimeSpan]] {
    var result: [String: [String: TimeSpan]] = [:]
    for adjustment in adjustments {
      if case .extend(let span) = adjustment.action { result[adjustment.student, default: [:]][adjustment.item] = span }
    }
    return result
  }

  /// Excuses and overrides by student and item.
  public var decisions: [String: [String: ItemDecision]] {
    var result: [String: [String: ItemDecision]] = [:]
    for adjustment in adjustments {
      switch adjustment.action {
      case .excuse: result[adjustment.student, default: [:]][adjustment.item, default: ItemDecision()].excuse = adjustment
      case .override: result[adjustment.student, default: [:]][adjustment.item, default: ItemDecision()].override = adjustment
      case .extend: break
      }
    }
    return result
  }
}

/// Reads the facts that are current for each key.
struct CurrentFacts {
  let batches: [Int64: Batch]
  let precedence: [Int64: Int]
  let positions: [String: Int]

  init(_ db: Database, workspace: Workspace) throws {
    let all = try Store.batches(db)
    batches = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
    var positions: [String: Int] = [:]
    for source in workspace.config.sources where positions[source.file] == nil { positions[source.file] = source.position }
    self.positions = positions
    // Later source in course.yaml order wins; files not in course.yaml come after; then batch order.
    let ranked = all.filter(\.isActive).sorted {
      (positions[$0.path] ?? Int.max, $0.id) < (positions[$1.path] ?? Int.max, $1.id)
    }
    precedence = Dictionary(uniqueKeysWithValues: ranked.enumerated().map { ($1.id, $0) })
  }

  /// Calls `body` with the winning fact of every key of `kind`: batches from the highest precedence
  /// down, each in line order, skipping keys a higher batch already gave. Streams from a cursor and
  /// remembers 128-bit key hashes, not the facts, so memory stays small. The scores of a form
  /// response come as facts of their own, with their keys only when `keys` is true.
  func forEachCurrent(_ db: Database, _ kind: InputKind, keys: Bool = false, _ body: (StoredFact) throws -> Void) throws {
    let ranked = ranked(kind)
    var seen = KeyHashTable<Void>()
    for (position, batch) in ranked.enumerated() {
      let remember = position < ranked.count - 1
      let check = position > 0
      guard let cursor = try Store.facts(db, of: batch) else { continue }
      if remember, let first = batch.firstFact, let last = batch.lastFact { seen.reserveCapacity(seen.count + Int(last - first + 1)) }
      func visit(_ stored: StoredFact, _ hash: () -> KeyHash) throws {
        if check || remember {
          let hash = hash()
          if check, seen.contains(hash) { return }
          if remember { seen.insert(hash) }
        }
        try body(stored)
      }
      while let stored = try cursor.next() {
        if stored.fact.isResponse {
          try stored.fact.forEachScore(keys: keys) { fact in
            try visit(StoredFact(batch: stored.batch, fact: fact)) {
              KeyHash(parts: fact.subject, fact.item ?? "", fact.criterion ?? "", fact.rater ?? "")
            }
          }
        } else {
          try visit(stored) { KeyHash(stored.fact.key) }
        }
      }
    }
  }

  /// The active batches of `kind`, highest precedence first.
  func ranked(_ kind: InputKind) -> [Batch] {
    batches.values.filter { $0.isActive && $0.kind == kind.rawValue }.sorted { precedence[$0.id]! > precedence[$1.id]! }
  }

  /// As `forEachCurrent` (without keys), the rows read from the store file at `path` on a second
  /// thread (``FactReadAhead``) while this one supersedes and calls `body`. Only for a store whose
  /// changes are committed.
  func forEachCurrent(_ kind: InputKind, readingFrom path: String, _ body: (StoredFact) throws -> Void) throws {
    let ranked = ranked(kind)
    let channel = ChunkChannel<FactReadAhead.Entry>()
    let reader = FactReadAhead(path: path, batches: ranked, hashes: ranked.count > 1)
    let reading = Worker { reader.run(into: channel) }
    var seen = KeyHashTable<Void>()
    seen.reserveCapacity(ranked.dropLast().reduce(0) { $0 + Int(($1.lastFact ?? 0) - ($1.firstFact ?? 1) + 1) })
    do {
      while let chunk = channel.receive() {
        for entry in chunk {
          if entry.rank > 0, seen.contains(entry.hash) { continue }
          if entry.rank < ranked.count - 1 { seen.insert(entry.hash) }
          try body(entry.stored)
        }
      }
    } catch {
      channel.cancel()
      _ = reading.wait()
      throw error
    }
    try reading.wait().get()
  }

  /// Every winning fact of `kind` (small kinds: groups, registrations).
  func current(_ db: Database, _ kind: InputKind) throws -> [StoredFact] {
    var facts: [StoredFact] = []
    try forEachCurrent(db, kind) { facts.append($0) }
    return facts
  }

  func source(_ stored: StoredFact) -> SourceRef {
    SourceRef(path: batches[stored.batch]?.path ?? "?", line: stored.fact.line, batch: stored.batch)
  }

  func groups(_ db: Database) throws -> Groups {
    Groups(memberships: try current(db, .groups).map { (group: $0.fact.extra ?? "", student: $0.fact.subject) })
  }

  func registrations(_ db: Database) throws -> [Registration] {
    try current(db, .registrations).compactMap { stored in
      let f = stored.fact
      guard let at = f.at else { return nil }
      let choices = (f.extra ?? "").split(separator: ",").compactMap { SlotID(parsing: String($0)) }
      let path = batches[stored.batch]?.path ?? ""
      return Registration(
        student: f.subject, at: Instant(milliseconds: at), choices: choices, sourcePosition: positions[path] ?? Int.max,
        source: source(stored), title: f.text ?? "")
    }
  }
}
