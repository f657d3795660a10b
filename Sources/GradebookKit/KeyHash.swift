/// A 128-bit hash of a fact key (two FNV-1a passes with different offsets): collisions among a few
/// million keys are about 10⁻²⁶ likely.
struct KeyHash: Hashable {
  let high: UInt64, low: UInt64

  /// A placeholder where no hash is needed.
  static let zero = KeyHash(high: 0, low: 0)

  /// A hash from its two halves.
  init(high: UInt64, low: UInt64) { (self.high, self.low) = (high, low) }

  /// The hash of a key.
  init(_ key: String) {
    var state = State()
    state.add(key)
    (high, low) = (state.a, state.b)
  }

  /// The hash of `parts` joined by `|` (equal to `KeyHash(factKey(parts…))`), without building the key.
  init(parts: String...) {
    var state = State()
    for (index, part) in parts.enumerated() {
      if index > 0 { state.add(byte: UInt8(ascii: "|")) }
      state.add(part)
    }
    (high, low) = (state.a, state.b)
  }

  private struct State {
    var a: UInt64 = 0xcbf2_9ce4_8422_2325
    var b: UInt64 = 0x6c62_272e_07bb_0142

    mutating func add(byte: UInt8) {
      a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
      b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
      b = (b << 13) | (b >> 51)
    }

    mutating func add(_ text: String) {
      var text = text
      text.withUTF8 { for byte in $0 { add(byte: byte) } }
    }
  }
}
