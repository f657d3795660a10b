/// A 128-bit hash of a fact key: the key's UTF-8 bytes read eight at a time into two 64-bit
/// lanes of multiply-and-shift mixing (different constants), each finished with MurmurHash3's
/// 64-bit finaliser and the key's length. Collisions among a few million keys are about 10⁻²⁶
/// likely. (Byte-at-a-time FNV-1a, its first form, was a fifth of loading a large course.)
struct KeyHash: Hashable {
  let high: UInt64, low: UInt64

  /// A placeholder where no hash is needed.
  static let zero = KeyHash(high: 0, low: 0)

  /// A hash from its two halves.
  init(high: UInt64, low: UInt64) { (self.high, self.low) = (high, low) }

  /// The hash of a key.
  init(_ key: String) { self.init(State(key)) }

  /// The hash of the parts joined by `|` (equal to `KeyHash(factKey(a, b, c, d))`), without
  /// building the key. (Two, three or four parts, each a separate parameter: a variadic list was an
  /// array allocated for each of millions of keys.)
  init(parts a: String, _ b: String, _ c: String, _ d: String) { self.init(State(a).then(b).then(c).then(d)) }

  /// The hash of three parts joined by `|`.
  init(parts a: String, _ b: String, _ c: String) { self.init(State(a).then(b).then(c)) }

  /// The hash of two parts joined by `|`.
  init(parts a: String, _ b: String) { self.init(State(a).then(b)) }

  private init(_ state: State) { (high, low) = state.finish() }

  /// The bytes seen so far: whole words mixed into the lanes, the rest waiting in `word`.
  private struct State {
    var a: UInt64 = 0xcbf2_9ce4_8422_2325
    var b: UInt64 = 0x6c62_272e_07bb_0142
    var word: UInt64 = 0
    var waiting = 0
    var length: UInt64 = 0

    /// The state after `text`.
    init(_ text: String) { add(text) }

    /// This state followed by `|` and `part`.
    func then(_ part: String) -> State {
      var next = self
      next.add(byte: UInt8(ascii: "|"))
      next.add(part)
      return next
    }

    mutating func mix(_ word: UInt64) {
      a = (a ^ word) &* 0x9E37_79B9_7F4A_7C15
      a ^= a >> 29
      b = (b &+ word) &* 0xC2B2_AE3D_27D4_EB4F
      b = (b << 31) | (b >> 33)
    }

    mutating func add(byte: UInt8) {
      word |= UInt64(byte) << (UInt64(waiting) &* 8)
      waiting += 1
      length += 1
      if waiting == 8 {
        mix(word)
        (word, waiting) = (0, 0)
      }
    }

    mutating func add(_ text: String) {
      var text = text
      text.withUTF8 { bytes in
        var index = 0
        while waiting != 0, index < bytes.count {
          add(byte: bytes[index])
          index += 1
        }
        let raw = UnsafeRawBufferPointer(bytes)
        while index + 8 <= bytes.count {
          mix(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
          index += 8
          length += 8
        }
        while index < bytes.count {
          add(byte: bytes[index])
          index += 1
        }
      }
    }

    /// The two halves of the hash of what was added.
    func finish() -> (UInt64, UInt64) {
      var last = self
      if waiting > 0 { last.mix(word) }
      return (Self.fmix(last.a ^ length), Self.fmix(last.b &+ length &* 0x9E37_79B9_7F4A_7C15))
    }

    static func fmix(_ value: UInt64) -> UInt64 {
      var k = value
      k ^= k >> 33
      k &*= 0xff51_afd7_ed55_8ccd
      k ^= k >> 33
      k &*= 0xc4ce_b9fe_1a85_ec53
      k ^= k >> 33
      return k
    }
  }
}
