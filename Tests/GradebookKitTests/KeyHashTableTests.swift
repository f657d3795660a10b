import Testing

@testable import GradebookKit

/// The key-hash table behind supersession and duplicate checks agrees with a Swift `Dictionary`.
struct KeyHashTableTests {
  @Test func agreesWithADictionaryThroughGrowthAndCollisions() {
    var generator = SystemRandomNumberGenerator()
    var table = KeyHashTable<Int>()
    var reference: [KeyHash: Int] = [:]
    // Keys that share a half, and random keys, including zero.
    var keys = (0..<2_000).map { KeyHash(high: UInt64($0 % 7), low: UInt64($0 / 7)) }
    keys += (0..<50_000).map { _ in
      KeyHash(high: UInt64.random(in: 0...UInt64.max, using: &generator), low: UInt64.random(in: 0...9, using: &generator))
    }
    for (index, key) in keys.enumerated() {
      #expect(table.updateValue(index, forKey: key) == reference.updateValue(index, forKey: key))
    }
    #expect(table.count == reference.count)
    for key in keys.prefix(5_000) { #expect(table[key] == reference[key]) }
    #expect(table[KeyHash(high: 99, low: 12_345)] == nil)
  }

  @Test func hashingThePartsEqualsHashingTheJoinedKey() {
    #expect(KeyHash(parts: "s1", "talk", "clarity", "ins") == KeyHash("s1|talk|clarity|ins"))
    #expect(KeyHash(parts: "李", "") == KeyHash("李|"))
  }
}
