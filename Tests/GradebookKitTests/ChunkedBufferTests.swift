import Testing

@testable import GradebookKit

/// The load gathers each item's ratings in chunks (``ChunkedBuffer``): what comes out is what went
/// in, in order, across chunk boundaries, whatever the count.
struct ChunkedBufferTests {
  @Test(arguments: [0, 1, ChunkedBuffer<Int>.chunkSize - 1, ChunkedBuffer<Int>.chunkSize, 2 * ChunkedBuffer<Int>.chunkSize + 7])
  func joinedGivesEveryValueInTheOrderAppended(count: Int) {
    var buffer = ChunkedBuffer<Int>()
    for value in 0..<count { buffer.append(value * 3) }
    #expect(buffer.count == count && buffer.isEmpty == (count == 0))
    let all = buffer.joined()
    #expect(all == (0..<count).map { $0 * 3 })
    #expect(all.capacity < count + ChunkedBuffer<Int>.chunkSize / 2, "no chunk's worth of spare room")
    #expect(buffer.isEmpty && buffer.joined().isEmpty)
  }

  /// Values that own memory (the load's ratings hold strings) come out whole, the buffer reusable.
  @Test func valuesOwningMemoryComeOutWholeAndTheBufferCanBeFilledAgain() {
    var buffer = ChunkedBuffer<String>()
    let words = (0..<(ChunkedBuffer<String>.chunkSize + 5)).map { "a rating's rater, number \($0), long enough for the heap" }
    for word in words { buffer.append(word) }
    #expect(buffer.joined() == words)
    buffer.append("again")
    #expect(buffer.joined() == ["again"])
  }
}
