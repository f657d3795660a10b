/// Values appended in fixed-size chunks, then joined into one array of exactly their count.
///
/// An `Array` appended to doubles its buffer when full: at that moment the old buffer and the
/// copy in the new one are both in memory, twice the values so far. Loading 4.3 million ratings of
/// one item at 100,000 students (as ``Rating``s, before ``RatingList``), that was 270 MB more at the
/// load's peak than the ratings themselves. Chunks never move; ``joined()`` copies them into an array reserved to the exact
/// count, letting each chunk go once copied, so the peak is the values once plus at most 64 MB.
struct ChunkedBuffer<Element> {
  /// Values a chunk holds (64 Ki: a chunk of ``RatingList/Row``s is 1.5 MB).
  static var chunkSize: Int { 1 << 16 }

  private var chunks: [[Element]] = []
  /// How many values were appended.
  private(set) var count = 0

  /// Whether nothing was appended.
  var isEmpty: Bool { count == 0 }

  /// Appends a value to the last chunk, starting a new one when it is full.
  mutating func append(_ value: Element) {
    if chunks.isEmpty || chunks[chunks.count - 1].count == Self.chunkSize {
      chunks.append([])
      chunks[chunks.count - 1].reserveCapacity(Self.chunkSize)
    }
    chunks[chunks.count - 1].append(value)
    count += 1
  }

  /// Every value in the order appended, as one array with no spare capacity; empties the buffer.
  ///
  /// Each chunk is released once copied, and every 64 MB copied the freed chunks are given back to
  /// the system: glibc keeps a freed chunk of a few megabytes in its heap (it serves them from
  /// there, not from their own mappings, once one was freed), and those below the heap's top stay
  /// resident until trimmed.
  mutating func joined() -> [Element] {
    var all: [Element] = []
    all.reserveCapacity(count)
    var copiedSinceTrim = 0
    for index in chunks.indices {
      all.append(contentsOf: chunks[index])
      copiedSinceTrim += chunks[index].count * MemoryLayout<Element>.stride
      chunks[index] = []  // released once copied
      if copiedSinceTrim >= 64 << 20 {
        MemoryRelease.trim()
        copiedSinceTrim = 0
      }
    }
    (chunks, count) = ([], 0)
    return all
  }
}
