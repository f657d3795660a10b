/// A hash table keyed by ``KeyHash``, with open addressing and linear probing.
///
/// A key hash is already a uniform 128-bit hash, so it picks its slot directly (Fibonacci hashing
/// of its bits): Swift's `Set` and `Dictionary` hash every key again with SipHash, which was a
/// fifth of loading 4 million scores. The table doubles at three-quarters full.
struct KeyHashTable<Value> {
  /// A slot is free while its key is `.zero` (a real key that hashes to zero, 2⁻¹²⁸ likely, is kept
  /// aside in `zeroValue`): probing reads only `keys`, one cache line a probe, not a second array.
  private var keys: [KeyHash]
  private var values: [Value?]
  private var zeroValue: Value?
  private let shift: UInt64
  private(set) var count = 0

  /// An empty table with room for `capacity` keys before it grows.
  init(capacity: Int = 0) {
    var bits = 4
    while (1 << bits) * 3 / 4 < capacity { bits += 1 }
    keys = Array(repeating: .zero, count: 1 << bits)
    values = Array(repeating: nil, count: 1 << bits)
    shift = UInt64(64 - bits)
  }

  private func slot(of key: KeyHash) -> Int {
    Int(truncatingIfNeeded: ((key.high ^ (key.low &* 31)) &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  /// The value stored for `key`.
  subscript(key: KeyHash) -> Value? {
    if key == .zero { return zeroValue }
    var index = slot(of: key)
    let mask = keys.count - 1
    while keys[index] != .zero {
      if keys[index] == key { return values[index] }
      index = (index + 1) & mask
    }
    return nil
  }

  /// Stores `value` for `key`; returns the value it replaced.
  @discardableResult
  mutating func updateValue(_ value: Value, forKey key: KeyHash) -> Value? {
    if key == .zero {
      let old = zeroValue
      zeroValue = value
      if old == nil { count += 1 }
      return old
    }
    if (count + 1) * 4 > keys.count * 3 { grow() }
    var index = slot(of: key)
    let mask = keys.count - 1
    while keys[index] != .zero {
      if keys[index] == key {
        let old = values[index]
        values[index] = value
        return old
      }
      index = (index + 1) & mask
    }
    keys[index] = key
    values[index] = value
    count += 1
    return nil
  }

  /// Changes the value stored for `key` in place, found with one probe (a read, then
  /// ``updateValue(_:forKey:)``, would probe twice: at millions of keys, each probe a cache miss);
  /// `false`, and nothing called, when there is none.
  @discardableResult
  mutating func modifyValue(forKey key: KeyHash, _ body: (inout Value) -> Void) -> Bool {
    if key == .zero {
      guard zeroValue != nil else { return false }
      body(&zeroValue!)
      return true
    }
    var index = slot(of: key)
    let mask = keys.count - 1
    while keys[index] != .zero {
      if keys[index] == key {
        body(&values[index]!)
        return true
      }
      index = (index + 1) & mask
    }
    return false
  }

  /// Calls `body` with every key and its value, in no particular order.
  func forEach(_ body: (KeyHash, Value) throws -> Void) rethrows {
    for index in keys.indices where keys[index] != .zero { try body(keys[index], values[index]!) }
    if let zeroValue { try body(.zero, zeroValue) }
  }

  /// Makes room for `capacity` keys.
  mutating func reserveCapacity(_ capacity: Int) {
    if capacity * 4 > keys.count * 3 { rehash(capacity: capacity) }
  }

  private mutating func grow() { rehash(capacity: keys.count * 3 / 2) }

  private mutating func rehash(capacity: Int) {
    var bigger = KeyHashTable(capacity: capacity)
    for index in keys.indices where keys[index] != .zero { bigger.updateValue(values[index]!, forKey: keys[index]) }
    if let zeroValue { bigger.updateValue(zeroValue, forKey: .zero) }
    self = bigger
  }
}

extension KeyHashTable where Value == Void {
  /// Adds `key`; `true` when it was not there.
  @discardableResult
  mutating func insert(_ key: KeyHash) -> Bool { updateValue((), forKey: key) == nil }

  /// Whether the table has `key`.
  func contains(_ key: KeyHash) -> Bool { self[key] != nil }
}
