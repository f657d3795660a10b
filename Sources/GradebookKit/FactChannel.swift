import Foundation

/// Hands facts from the thread that reads and validates a file to the one that stores them, in
/// chunks, so an import uses both cores: storing was 30% of an import's time. At most a few
/// chunks wait, so memory stays small whatever the file's size.
final class FactChannel: @unchecked Sendable {
  private let condition = NSCondition()
  private var chunks: [[Fact]] = []
  private var finished = false
  private var cancelled = false
  private let capacity: Int

  /// A channel holding at most `capacity` chunks.
  init(capacity: Int = 8) { self.capacity = capacity }

  /// Sends a chunk, waiting while the channel is full; `false` when the receiver gave up.
  @discardableResult
  func send(_ chunk: [Fact]) -> Bool {
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
  func receive() -> [Fact]? {
    condition.lock()
    defer { condition.unlock() }
    while chunks.isEmpty && !finished { condition.wait() }
    if chunks.isEmpty { return nil }
    let chunk = chunks.removeFirst()
    condition.broadcast()
    return chunk
  }
}
