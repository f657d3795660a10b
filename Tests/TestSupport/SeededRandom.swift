import Foundation

/// A deterministic generator (SplitMix64) for simulations and property tests, shared by the test
/// targets.
public struct SeededRandom {
  public var state: UInt64

  /// A generator whose sequence is fixed by `seed`.
  public init(seed: UInt64) { state = seed }

  /// Uniform in [0, 1).
  public mutating func next() -> Double {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return Double(z >> 11) / Double(1 << 53)
  }

  /// Standard normal (Box–Muller).
  public mutating func normal() -> Double {
    let u = max(next(), 1e-12), v = next()
    return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
  }
}
