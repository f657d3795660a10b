import Foundation

/// Hands facts from the thread that reads and validates a file to the one that stores them.
typealias FactChannel = ChunkChannel<Fact>

/// Hands values from one thread to another in chunks, so that work uses both cores: an import
/// reads and validates on one thread and stores on the other; loading reads the store's rows on
/// one and supersedes on the other. At most a few chunks wait, so memory stays small however many
/// values pass.
final class ChunkChannel<Element>: @unchecked Sendable {
  private let condition = NSCondition()
  private var chunks: [[Element]] = []
  private var finished = false
  private var cancelled = false
  private let capacity: Int

  /// A channel holding at most `capacity` chunks.
  init(capacity: Int = 8) { self.capacity = capacity }

  /// Sends a chunk, waiting while the channel is full; `false` when the receiver gave up.
  @discardableResult
  func send(_ chunk: [Element]) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while chunks.count >= capacity && !cancelled { condition.wait() }
    if cancelled { return false }
    chunks.append(chunk)
    condition.broadcast()
    return true
  }

  /// No more chunks will be sent.
  func finish() {
    condition.lock()
    finished = true
    condition.broadcast()
    condition.unlock()
  }

  /// The receiver stops: senders no longer wait.
  func cancel() {
    condition.lock()
    cancelled = true
    chunks.removeAll()
    condition.broadcast()
    condition.unlock()
  }

  /// The next chunk, waiting for one; `nil` once the sender has finished and all were received.
  func receive() -> [Element]? {
    condition.lock()
    defer { condition.unlock() }
    while chunks.isEmpty && !finished { condition.wait() }
    if chunks.isEmpty { return nil }
    let chunk = chunks.removeFirst()
    condition.broadcast()
    return chunk
  }
}
