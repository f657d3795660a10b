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
