import Foundation
import GRDB
import GradebookCore

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
    var supersession = Supersession(ranked)
    for (rank, batch) in ranked.enumerated() {
      guard let cursor = try Store.facts(db, of: batch) else { continue }
      while let stored = try cursor.next() {
        try stored.forEachScore(keys: keys) { score in
          if supersession.isCurrent(rank: rank, hash: score.fact.keyHash) { try body(score) }
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
    var supersession = Supersession(ranked)
    let reader = FactReadAhead(path: path, batches: ranked, hashes: supersession.needsHashes)
    let reading = Worker { reader.run(into: channel) }
    do {
      while let chunk = channel.receive() {
        for entry in chunk where supersession.isCurrent(rank: entry.rank, hash: entry.hash) { try body(entry.stored) }
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

/// Which facts of ranked batches are current (RULES §26): a fact is, unless a batch ranked above
/// its own gave its key. Remembers the key hashes of every batch but the lowest.
struct Supersession {
  private let batches: Int
  private var seen = KeyHashTable<Void>()

  /// For `ranked`, highest precedence first.
  init(_ ranked: [Batch]) {
    batches = ranked.count
    seen.reserveCapacity(ranked.dropLast().reduce(0) { $0 + Int(($1.lastFact ?? 0) - ($1.firstFact ?? 1) + 1) })
  }

  /// Whether keys matter at all (one batch supersedes nothing).
  var needsHashes: Bool { batches > 1 }

  /// Whether a fact of the batch at `rank` with this key hash is current; `hash` is evaluated only
  /// when keys matter.
  mutating func isCurrent(rank: Int, hash: @autoclosure () -> KeyHash) -> Bool {
    guard needsHashes else { return true }
    let key = hash()
    if rank > 0, seen.contains(key) { return false }
    if rank < batches - 1 { seen.insert(key) }
    return true
  }
}
