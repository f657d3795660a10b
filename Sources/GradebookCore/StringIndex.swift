import Foundation

/// Strings to positions: a roster's ids and lower-cased e-mails to the students' places in roster
/// order, looked up once a row or more by every import.
///
/// The keys' bytes lie end to end in one array; an open-addressed table of small slots (a 32-bit
/// tag from the key's hash, the position, where the key's bytes lie) is indexed by the hash, and a
/// key is confirmed by comparing its bytes. A `Dictionary<String, Int>` compared the asked key with
/// a string stored on its own on the heap at each step of its probe (a cache miss each) and hashed
/// it with SipHash: at 100,000 students, a sixth of a forms import's reading thread, where every
/// row names its rater by e-mail.
package struct StringIndex: Sendable {
  private struct Slot {
    var tag: UInt32
    /// −1: empty.
    var position: Int32
    var offset: UInt32
    var length: UInt32
  }

  private var slots: [Slot]
  private var bytes: [UInt8] = []
  /// How many keys it holds.
  package private(set) var count = 0

  /// An index with room for `capacity` keys before it grows.
  package init(capacity: Int = 0) {
    var size = 16
    while size < capacity * 2 { size *= 2 }
    slots = Array(repeating: Slot(tag: 0, position: -1, offset: 0, length: 0), count: size)
  }

  /// The position given for `key`, if any.
  package subscript(_ key: String) -> Int? {
    var key = key
    return key.withUTF8 { find(UnsafeRawBufferPointer($0)).position }
  }

  /// Gives `key` the position unless it has one; returns the position it already had, if any
  /// (the first stays, as a roster's duplicate does).
  @discardableResult
  package mutating func insert(_ key: String, position: Int) -> Int? {
    if (count + 1) * 2 > slots.count { grow() }
    var key = key
    return key.withUTF8 { utf8 -> Int? in
      let keyBytes = UnsafeRawBufferPointer(utf8)
      let found = find(keyBytes)
      if let existing = found.position { return existing }
      let offset = UInt32(bytes.count)
      bytes.append(contentsOf: keyBytes)
      slots[found.slot] = Slot(tag: found.tag, position: Int32(position), offset: offset, length: UInt32(keyBytes.count))
      count += 1
      return nil
    }
  }

  /// Where `key` is (its position) or would go (an empty slot), and its tag.
  private func find(_ key: UnsafeRawBufferPointer) -> (position: Int?, slot: Int, tag: UInt32) {
    let hash = Self.hash(key)
    let tag = UInt32(truncatingIfNeeded: hash >> 32)
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    return slots.withUnsafeBufferPointer { table in
      bytes.withUnsafeBytes { stored in
        while true {
          let candidate = table[slot]
          if candidate.position < 0 { return (nil, slot, tag) }
          if candidate.tag == tag, Int(candidate.length) == key.count,
            key.isEmpty || memcmp(stored.baseAddress! + Int(candidate.offset), key.baseAddress!, key.count) == 0
          {
            return (Int(candidate.position), slot, tag)
          }
          slot = (slot + 1) & mask
        }
      }
    }
  }

  private mutating func grow() {
    let old = slots
    slots = Array(repeating: Slot(tag: 0, position: -1, offset: 0, length: 0), count: old.count * 2)
    let mask = slots.count - 1
    bytes.withUnsafeBytes { stored in
      for entry in old where entry.position >= 0 {
        let key = UnsafeRawBufferPointer(rebasing: stored[Int(entry.offset)..<Int(entry.offset + entry.length)])
        var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
        while slots[slot].position >= 0 { slot = (slot + 1) & mask }
        slots[slot] = entry
      }
    }
  }

  /// A 64-bit hash of the bytes: eight at a time, multiply-and-shift mixing, MurmurHash3's
  /// finaliser with the length.
  private static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    var index = 0
    while index + 8 <= key.count {
      h = (h ^ UInt64(littleEndian: key.loadUnaligned(fromByteOffset: index, as: UInt64.self))) &* 0x9E37_79B9_7F4A_7C15
      h ^= h >> 29
      index += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while index < key.count {
      tail |= UInt64(key[index]) << shift
      shift += 8
      index += 1
    }
    h = (h ^ tail ^ (UInt64(key.count) << 56)) &* 0x9E37_79B9_7F4A_7C15
    h ^= h >> 33
    h = h &* 0xff51_afd7_ed55_8ccd
    h ^= h >> 33
    h = h &* 0xc4ce_b9fe_1a85_ec53
    return h ^ (h >> 33)
  }
}
