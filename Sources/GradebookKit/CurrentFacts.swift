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

  init(_ db: Database, workspace: Workspace) throws {
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

  /// The active batches of `kind`, highest precedence first.
  func ranked(_ kind: InputKind) -> [Batch] {
    batches.values.filter { $0.isActive && $0.kind == kind.rawValue }.sorted { precedence[$0.id]! > precedence[$1.id]! }
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

/// Which facts of ranked batches are current, from the bottom up (RULES §26: a fact is, unless a
/// batch ranked above its own gave its key): knowing the lowest rank that gives each key of the
/// batches below the top one, a fact of rank r ≥ 1 is current when r is that rank and the top
/// batch did not give the key; a fact of the top batch always is. The same answers as
/// ``Supersession`` (a key appears once in a batch: an import refuses duplicates), remembering
/// the keys of every batch but the top one.
struct LowerRanks {
  /// The lowest rank (≥ 1) giving each key; −1 once the top batch gave it.
  private var lowest: KeyHashTable<Int32>
  /// One bit for every key noted, at a place picked by the key's low half: about 16 bits a key, so
  /// that a key of the top batch that no lower batch gives (nearly all of a forms export's) is
  /// told apart by one read of a bit array that stays in cache, not by a probe of `lowest`, a cache
  /// miss at 100,000 students (a tenth of the load's busiest thread).
  private var noted: [UInt64]
  private let notedShift: UInt64
  /// The raters of the lower batches' facts (a handful when staff files lie below a forms export).
  /// A score's key ends with its rater (`target|item|criterion|rater`, and no id holds `|`), so a
  /// score of the top batch by a rater not among them gives no lower batch's key: it is current
  /// and supersedes nothing, and its key need not be hashed (``topScoreNeedsKey(rater:)``).
  private var raters = Set<String>()
  private var lastRater: String?
  /// A lower fact without a rater: then every key is looked up.
  private var raterMissing = false
  /// The last rater of a top batch's score asked about, and the answer: a run of a rater's scores
  /// (a form response) asks once.
  private var lastTopRater: (rater: String, needsKey: Bool)?

  /// The keys of every batch of `ranked` (highest precedence first) but the top one, read from the store.
  init(_ db: Database, _ ranked: [Batch]) throws {
    self.init(capacity: ranked.dropFirst().reduce(0) { $0 + $1.factCount })
    for (rank, batch) in ranked.enumerated().dropFirst() {
      try Store.forEachScore(db, of: batch, keys: false, comments: false) { add($0.fact, rank: rank) }
    }
  }

  init(capacity: Int) {
    lowest = KeyHashTable(capacity: capacity)
    var bits = 12
    while bits < 27, 1 << bits < capacity * 16 { bits += 1 }  // at most 16 MiB
    noted = Array(repeating: 0, count: 1 << (bits - 6))
    notedShift = UInt64(64 - bits)
  }

  private func bit(of key: KeyHash) -> (word: Int, mask: UInt64) {
    let place = Int(truncatingIfNeeded: (key.low &* 0x9E37_79B9_7F4A_7C15) >> notedShift)
    return (place >> 6, 1 << UInt64(place & 63))
  }

  /// Notes a fact of the batch at `rank` (≥ 1), ranks in increasing order: its key and its rater.
  mutating func add(_ fact: Fact, rank: Int) {
    add(fact.keyHash, rank: rank)
    guard let rater = fact.rater else { return raterMissing = true }
    if rater != lastRater {  // a rater's scores mostly come in runs
      raters.insert(rater)
      lastRater = rater
    }
  }

  /// Whether a score of the top batch by `rater` may give a lower batch's key (see `raters`).
  func topScoreNeedsKey(rater: String) -> Bool { raterMissing || raters.contains(rater) }

  /// Notes a key of the batch at `rank` (≥ 1), ranks in increasing order.
  mutating func add(_ key: KeyHash, rank: Int) {
    let (word, mask) = bit(of: key)
    noted[word] |= mask
    if let earlier = lowest.updateValue(Int32(rank), forKey: key), earlier != Int32(rank) {
      lowest.updateValue(earlier, forKey: key)
    }
  }

  /// Whether `fact` of the batch at `rank` is current, facts given in rank order. For `scores`
  /// (whose keys end with their rater), a score of the top batch by a rater no lower batch has is,
  /// without its key hashed (``topScoreNeedsKey(rater:)``).
  mutating func isCurrent(_ fact: Fact, rank: Int, scores: Bool) -> Bool {
    if rank == 0, scores, let rater = fact.rater {
      if lastTopRater?.rater != rater { lastTopRater = (rater, topScoreNeedsKey(rater: rater)) }
      if lastTopRater?.needsKey == false { return true }
    }
    return isCurrent(rank: rank, hash: fact.keyHash)
  }

  /// Whether a fact of the batch at `rank` with this key hash is current, facts given in rank order.
  mutating func isCurrent(rank: Int, hash: KeyHash) -> Bool {
    let (word, mask) = bit(of: hash)
    guard noted[word] & mask != 0 else { return rank == 0 }  // no lower batch gives the key
    if rank == 0 {
      if lowest[hash] != nil { lowest.updateValue(-1, forKey: hash) }
      return true
    }
    return lowest[hash] == Int32(rank)
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
