import Foundation
import Testing

@testable import GradebookKit

/// The two-thread import's plumbing: every chunk arrives in order, a receiver that gives up frees
/// the sender, and a finished worker lets go of what its body captured.
struct FactChannelTests {
  static func fact(_ line: Int) -> Fact { Fact(.scores, line: line, key: "k\(line)", subject: "s") }

  @Test func everyChunkArrivesInOrderThroughAFullChannel() {
    let channel = FactChannel(capacity: 2)
    let worker = Worker {
      for start in stride(from: 0, to: 1_000, by: 10) { channel.send((start..<start + 10).map(Self.fact)) }
      channel.finish()
    }
    var lines: [Int] = []
    while let chunk = channel.receive() { lines += chunk.map(\.line) }
    worker.wait()
    #expect(lines == Array(0..<1_000))
  }

  @Test func aSenderWaitingOnAFullChannelIsReleasedByCancel() {
    let channel = FactChannel(capacity: 1)
    let refused = LockedFlag()
    let worker = Worker {
      for line in 0..<100 where !channel.send([Self.fact(line)]) {
        refused.set()
        break
      }
      channel.finish()
    }
    _ = channel.receive()
    channel.cancel()
    worker.wait()
    #expect(refused.value)
  }

  final class Owner {
    var worker: Worker<Void>!
    init() { worker = Worker { [self] in _ = self } }
  }

  @Test func aFinishedWorkerDoesNotKeepItsOwnerAlive() {
    weak var weakOwner: Owner?
    do {
      let owner = Owner()
      weakOwner = owner
      owner.worker.wait()
    }
    #expect(weakOwner == nil)
  }
}

final class LockedFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var flag = false
  func set() { lock.withLock { flag = true } }
  var value: Bool { lock.withLock { flag } }
}
