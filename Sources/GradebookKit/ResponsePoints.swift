/// The points of one form response, by the position of each criterion in the map (at most 64):
/// which positions were scored, as a bit mask, and their values, the first eight held inline.
///
/// A response crossed from the reading thread to the storing thread as two arrays (criterion and
/// points, and the positions): three allocations a row made on one thread and freed on the other.
struct ResponsePoints {
  /// Bit `p` is set when the criterion at map position `p` was scored.
  private(set) var mask: UInt64 = 0
  private var inline: (Double, Double, Double, Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0, 0, 0, 0)
  /// Positions from 8 on (only a map with more than eight criteria).
  private var more: [Double] = []

  /// The points at `position` (0 when it was not scored).
  subscript(position: Int) -> Double {
    get {
      if position >= 8 { return position - 8 < more.count ? more[position - 8] : 0 }
      return withUnsafeBytes(of: inline) { $0.load(fromByteOffset: position * MemoryLayout<Double>.stride, as: Double.self) }
    }
    set {
      precondition((0..<64).contains(position), "a map reads at most 64 criteria")
      mask |= 1 << UInt64(position)
      if position >= 8 {
        if more.count <= position - 8 { more += Array(repeating: 0, count: position - 8 - more.count + 1) }
        more[position - 8] = newValue
      } else {
        withUnsafeMutableBytes(of: &inline) {
          $0.storeBytes(of: newValue, toByteOffset: position * MemoryLayout<Double>.stride, as: Double.self)
        }
      }
    }
  }

  /// The scored positions, in increasing order.
  var positions: ScoredPositions { ScoredPositions(mask: mask) }

  /// The set bits of a mask, lowest first.
  struct ScoredPositions: Sequence, IteratorProtocol {
    var mask: UInt64

    mutating func next() -> Int? {
      guard mask != 0 else { return nil }
      let position = mask.trailingZeroBitCount
      mask &= mask - 1
      return position
    }
  }
}
