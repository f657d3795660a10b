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
    // Values changed in place, the zero key's among them; a missing key changes nothing.
    for key in keys.prefix(3_000) + [.zero] {
      let found = table.modifyValue(forKey: key) { $0 += 1 }
      #expect(found == (reference[key] != nil))
      reference[key]? += 1
    }
    #expect(!table.modifyValue(forKey: KeyHash(high: 99, low: 12_345)) { $0 = -1 })
    #expect(table.count == reference.count)
    for key in keys.prefix(5_000) + [.zero] { #expect(table[key] == reference[key]) }
  }

  @Test func hashingThePartsEqualsHashingTheJoinedKey() {
    #expect(KeyHash(parts: "s1", "talk", "clarity", "ins") == KeyHash("s1|talk|clarity|ins"))
    #expect(KeyHash(parts: "李", "") == KeyHash("李|"))
    // Parts of every length, so that separators fall at every position of an eight-byte word.
    let words = ["", "a", "bc", "def", "ghij", "klmno", "pqrstu", "vwxyz01", "23456789", "u3035012345", "pr-presentation", "嘉欣"]
    for first in words {
      for second in words {
        #expect(KeyHash(parts: first, second) == KeyHash(first + "|" + second))
        for third in ["", "x", "question", "0123456789abcdef"] {
          #expect(KeyHash(parts: first, second, third) == KeyHash([first, second, third].joined(separator: "|")))
          #expect(KeyHash(parts: first, second, third, first) == KeyHash([first, second, third, first].joined(separator: "|")))
        }
      }
    }
  }

  /// Keys as an import and a load make them, differing in a digit, a criterion or a trailing NUL:
  /// every one hashes apart (in each half alone, too).
  @Test func similarKeysNeverCollide() {
    var seen = Set<KeyHash>()
    var highs = Set<UInt64>(), lows = Set<UInt64>()
    var count = 0
    for target in 0..<4_000 {
      for criterion in ["question", "approach", "critique", "delivery", "discussion"] {
        for rater in [target + 1, target + 7_919, target * 31 + 5] {
          let key = KeyHash(parts: "u30350\(target)", "pr-presentation", criterion, "u30350\(rater)")
          seen.insert(key)
          highs.insert(key.high)
          lows.insert(key.low)
          count += 1
        }
      }
    }
    #expect(seen.count == count && highs.count == count && lows.count == count)
    #expect(KeyHash("a") != KeyHash("a\u{0}") && KeyHash("") != KeyHash("\u{0}"))
    #expect(KeyHash("abcdefgh") != KeyHash("abcdefgh\u{0}"))
  }
}
