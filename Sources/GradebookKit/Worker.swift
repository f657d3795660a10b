import Foundation

/// Runs `body` on a new thread; ``wait()`` returns its result once it has ended.
final class Worker<Result>: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  /// Dropped once run, so nothing the body captured outlives its work.
  private var body: (() -> Result)?
  private var result: Result?

  init(_ body: @escaping () -> Result) {
    self.body = body
    let thread = Thread { [self] in
      result = self.body?()
      self.body = nil
      done.signal()
    }
    thread.start()
  }

  /// Waits for the body to end and returns what it returned (once: later calls would wait forever).
  func wait() -> Result {
    done.wait()
    return result!
  }
}
