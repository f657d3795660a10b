import Foundation
import GRDB
import GradebookCore

/// Reads the facts that are current for each key.
struct CurrentFacts {
  let batches: [Int64: Batch]
  let precedence: [Int64: Int]
  let positions: [String: Int]
  /// Each batch's path, for sources: looked up once a comment or a registration (a `Batch` copied
  /// out of `batches` for its path retained and released every one of its strings).
  private let paths: [Int64: String]
  /// Batches read as if absent (``ranked(_:)`` leaves them out): a dry run's passes skip batches
  /// that give none of the keys an import can change (``ImportPreview/Scope``).
  private let excluded: Set<Int64>

  init(_ db: Database, workspace: Workspace, excluding excluded: Set<Int64> = []) throws {
    self.excluded = excluded
    let all = try Store.batches(db)
    batches = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
    paths = batches.mapValues(\.path)
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
  ///
  /// When the top batch has more facts than the others together (``prefersBottomUp(_:)``; a dry
  /// run's loads, its fingerprints), the lower batches' keys are read first and the top batch's
  /// looked up among them (``LowerRanks``), as ``ReadingAhead`` does; `bottomUp` decides instead.
  func forEachCurrent(
    _ db: Database, _ kind: InputKind, keys: Bool = false, bottomUp: Bool? = nil, _ body: (StoredFact) throws -> Void
  ) throws {
    let ranked = ranked(kind)
    if ranked.count > 1, bottomUp ?? Self.prefersBottomUp(ranked) {
      var lower = try LowerRanks(db, ranked)
      let scores = kind == .scores
      for (rank, batch) in ranked.enumerated() {
        try Store.forEachScore(db, of: batch, keys: keys) { score in
          if lower.isCurrent(score.fact, rank: rank, scores: scores) { try body(score) }
        }
      }
      return
    }
    var supersession = Supersession(ranked)
    for (rank, batch) in ranked.enumerated() {
      try Store.forEachScore(db, of: batch, keys: keys) { score in
        if supersession.isCurrent(rank: rank, hash: score.fact.keyHash) { try body(score) }
      }
    }
  }

  /// Whether supersession of `ranked` (highest precedence first) had better run bottom up: the top
  /// batch has more facts than all the others together (a forms export above a staff file).
  static func prefersBottomUp(_ ranked: [Batch]) -> Bool {
    ranked.count > 1 && (ranked.first?.factCount ?? 0) > ranked.dropFirst().reduce(0) { $0 + $1.factCount }
  }

  /// The active batches of `kind`, highest precedence first (but those excluded).
  func ranked(_ kind: InputKind) -> [Batch] {
    batches.values.filter { $0.isActive && $0.kind == kind.rawValue && !excluded.contains($0.id) }.sorted {
      precedence[$0.id]! > precedence[$1.id]!
    }
  }

  /// As `forEachCurrent` (without keys), the rows read from the store file at `path` on a second
  /// thread (``FactReadAhead``) while this one supersedes and calls `body`. Only for a store whose
  /// changes are committed.
  func forEachCurrent(_ kind: InputKind, readingFrom path: String, _ body: (StoredFact) throws -> Void) throws {
    try ReadingAhead(self, kind, path: path).forEach(body)
  }

  /// As `forEachCurrent` (without keys): read ahead from the store file at `path` when one is
  /// given (it must hold what `db` reads), else from `db` on this thread.
  func forEachCurrent(_ db: Database, _ kind: InputKind, readingFrom path: String?, _ body: (StoredFact) throws -> Void) throws {
    if let path { try forEachCurrent(kind, readingFrom: path, body) } else { try forEachCurrent(db, kind, body) }
  }

  /// A second thread reading the facts of a kind from the store file, started before they are
  /// wanted (it reads the lower-ranked batches' keys while the caller loads other things).
  ///
  /// When the highest-ranked batch has more facts than all the others together (a forms export
  /// above a staff file), supersession runs bottom up (``LowerRanks``): the reading thread first
  /// notes the keys of the lower batches, and the caller looks the top batch's keys up among them
  /// instead of remembering them all (at 100,000 students: 500,000 keys noted instead of 4.3 million).
  final class ReadingAhead {
    private let channel = ChunkChannel<FactReadAhead.Entry>()
    private let handoff: Handoff<LowerRanks>?
    private let ranked: [Batch]
    /// Facts of kind `scores`, whose keys end with their rater.
    private let scores: Bool
    private let worker: Worker<Result<Void, any Error>>
    private var finished = false

    /// Starts reading; `bottomUp` chooses the supersession (by default: as said above); scores
    /// without their comments when `comments` is false.
    init(_ facts: CurrentFacts, _ kind: InputKind, path: String, comments: Bool = true, bottomUp: Bool? = nil) {
      ranked = facts.ranked(kind)
      scores = kind == .scores
      handoff = ranked.count > 1 && (bottomUp ?? CurrentFacts.prefersBottomUp(ranked)) ? Handoff() : nil
      let reader = FactReadAhead(path: path, batches: ranked, comments: comments, lowerRanks: handoff)
      let channel = channel
      worker = Worker { reader.run(into: channel) }
    }

    /// Calls `body` with each current fact, in rank then line order; once.
    func forEach(_ body: (StoredFact) throws -> Void) throws {
      precondition(!finished, "a ReadingAhead is read once")
      finished = true
      var topDown = Supersession(ranked)
      var bottomUp: LowerRanks?
      var first = true
      do {
        while let chunk = channel.receive() {
          if first {  // left before the first chunk was sent (without it: top down throughout)
            bottomUp = handoff?.take()
            first = false
          }
          for entry in chunk {
            let current =
              bottomUp != nil
              ? bottomUp!.isCurrent(entry.stored.fact, rank: entry.rank, scores: scores)
              : topDown.isCurrent(rank: entry.rank, hash: entry.stored.fact.keyHash)
            if current { try body(entry.stored) }
          }
        }
      } catch {
        channel.cancel()
        _ = worker.wait()
        throw error
      }
      try worker.wait().get()
    }

    /// Stops the reading thread if `forEach` was never called (the caller failed before).
    func cancel() {
      guard !finished else { return }
      finished = true
      channel.cancel()
      _ = worker.wait()
    }
  }

  func source(_ stored: StoredFact) -> SourceRef {
    SourceRef(path: paths[stored.batch] ?? "?", line: stored.fact.line, batch: stored.batch)
  }

  /// Read straight into what is returned, not through a list of stored facts (100,000 of each at
  /// MOOC scale, read before every import of a form naming presenters by slot).
  func groups(_ db: Database) throws -> Groups {
    var memberships: [(group: String, student: String)] = []
    try forEachCurrent(db, .groups) { memberships.append((group: $0.fact.extra ?? "", student: $0.fact.subject)) }
    return Groups(memberships: memberships)
  }

  func registrations(_ db: Database) throws -> [Registration] {
    var last: (batch: Int64, position: Int)?  // a batch's rows come together
    var registrations: [Registration] = []
    try forEachCurrent(db, .registrations) { stored in
      let f = stored.fact
      guard let at = f.at else { return }
      if last?.batch != stored.batch { last = (stored.batch, positions[paths[stored.batch] ?? ""] ?? Int.max) }
      registrations.append(
        Registration(
          student: f.subject, at: Instant(milliseconds: at), choices: SlotID.list(f.extra ?? ""),
          sourcePosition: last!.position, source: source(stored), title: f.text ?? ""))
    }
    return registrations
  }
}
