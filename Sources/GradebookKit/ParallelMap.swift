import Foundation

/// `(0..<count).map(body)` on every core (at most `count` at a time), results in index order.
///
/// For work whose parts share only immutable inputs, such as scoring the items of a rubric: the
/// result is the same as the sequential map, whatever order the parts finish in.
func parallelMap<Value>(_ count: Int, _ body: @Sendable (Int) -> Value) -> [Value] {
  let slots = Slots<Value>(count: count)
  DispatchQueue.concurrentPerform(iterations: count) { index in slots[index] = body(index) }
  return slots.values
}

/// One slot a part, written once from whichever thread computed it.
private final class Slots<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [Value?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  subscript(index: Int) -> Value? {
    get { lock.withLock { slots[index] } }
    set { lock.withLock { slots[index] = newValue } }
  }

  var values: [Value] { lock.withLock { slots.map { $0! } } }
}
