import GRDB
import GradebookCore

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
