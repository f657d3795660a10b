import Foundation
import GRDB

/// Reads the facts of ranked batches on its own thread, through a second, read-only connection to
/// the store file, and hands them on in chunks with their key hashes. Loading a large course then
/// uses both cores: this thread decodes rows, expands form responses and hashes keys; the caller's
/// supersedes and builds what scoring needs (at 100,000 students the two halves cost about the same).
///
/// Facts are never changed once stored and batches are read by their id range, so the second
/// connection reads exactly the rows the first would. Only for a store file whose changes are
/// committed: a connection of its own does not see another's open transaction.
struct FactReadAhead {
  /// A fact, the rank of its batch (0: highest precedence) and its key's hash (zero when the
  /// caller needs none: a single batch).
  struct Entry {
    var stored: StoredFact
    var rank: Int
    var hash: KeyHash
  }

  let path: String
  let batches: [Batch]
  let hashes: Bool

  /// Sends every fact of `batches`, in rank then id order; returns the first error (after which
  /// nothing more is sent). Always finishes the channel.
  func run(into channel: ChunkChannel<Entry>) -> Result<Void, any Error> {
    defer { channel.finish() }
    return Result {
      let queue = try Store.readOnlyQueue(path: path)
      try queue.read { db in
        var chunk: [Entry] = []
        chunk.reserveCapacity(4096)
        for (rank, batch) in batches.enumerated() {
          guard let cursor = try Store.facts(db, of: batch) else { continue }
          while let stored = try cursor.next() {
            stored.forEachScore(keys: false) { score in
              chunk.append(Entry(stored: score, rank: rank, hash: hashes ? score.fact.keyHash : .zero))
            }
            if chunk.count >= 4096 {
              guard channel.send(chunk) else { return }  // the receiver gave up
              chunk = []
              chunk.reserveCapacity(4096)
            }
          }
        }
        if !chunk.isEmpty { channel.send(chunk) }
      }
    }
  }
}
