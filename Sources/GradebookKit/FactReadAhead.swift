import Foundation
import GRDB

/// Reads the facts of ranked batches on its own thread, through a second, read-only connection to
/// the store file, and hands them on in chunks. Loading a large course then uses both cores: this
/// thread steps through the rows, decodes them and expands form responses; the caller's hashes the
/// keys, supersedes and builds what scoring needs (at 100,000 students the two halves cost about
/// the same; hashing here left the caller's thread idle for a third of the load).
///
/// Facts are never changed once stored and batches are read by their id range, so the second
/// connection reads exactly the rows the first would. Only for a store file whose changes are
/// committed: a connection of its own does not see another's open transaction.
struct FactReadAhead {
  /// A fact and the rank of its batch (0: highest precedence).
  struct Entry {
    var stored: StoredFact
    var rank: Int
  }

  let path: String
  let batches: [Batch]
  /// Whether scores come with their comments (``Store/forEachScore(_:of:keys:comments:_:)``).
  let comments: Bool
  /// Given, the keys of every batch but the first are read before anything is sent, into a
  /// ``LowerRanks`` left here for the receiver (see ``CurrentFacts/ReadingAhead``).
  let lowerRanks: Handoff<LowerRanks>?

  /// Sends every fact of `batches`, in rank then id order; returns the first error (after which
  /// nothing more is sent). Always finishes the channel.
  func run(into channel: ChunkChannel<Entry>) -> Result<Void, any Error> {
    defer { channel.finish() }
    return Result {
      let queue = try Store.readOnlyQueue(path: path)
      try queue.read { db in
        if let lowerRanks { lowerRanks.put(try LowerRanks(db, batches)) }
        var chunk: [Entry] = []
        chunk.reserveCapacity(4096)
        do {
          for (rank, batch) in batches.enumerated() {
            try Store.forEachScore(db, of: batch, keys: false, comments: comments) { score in
              chunk.append(Entry(stored: score, rank: rank))
              if chunk.count >= 4096 {
                guard channel.send(chunk) else { throw CancellationError() }  // the receiver gave up
                chunk = []
                chunk.reserveCapacity(4096)
              }
            }
          }
        } catch is CancellationError {
          return
        }
        if !chunk.isEmpty { channel.send(chunk) }
      }
    }
  }
}

/// A value one thread leaves for another, which takes it once it knows it is there (here: after
/// receiving a chunk that was sent after it).
final class Handoff<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value?

  func put(_ value: Value) { lock.withLock { self.value = value } }
  func take() -> Value? { lock.withLock { value.take() } }
}
