import Foundation

/// A letter scale prepared for many totals (RULES §7) without Foundation's `Decimal` on each one,
/// which was 7% of an export at 100,000 students.
///
/// A total is rounded half-up to hundredths from its shortest decimal representation (79.9951 →
/// 8000 hundredths); a step applies when its minimum is at most the rounded total, that is when
/// the rounded hundredths reach the smallest whole number of hundredths not below the minimum
/// (computed once per step, exactly, with `Decimal`). Equal to ``GradeEngine/letterByDecimal(for:scale:)``
/// for every total; a test checks it on random totals and scales.
public struct LetterScale: Sendable {
  let steps: [(letter: String, hundredths: Int64)]
  let scale: [LetterStep]

  /// Prepares `scale` (best letter first).
  public init(_ scale: [LetterStep]) {
    self.scale = scale
    steps = scale.map { step in
      guard abs(step.minimum) < 1e15 else { return (step.letter, step.minimum > 0 ? .max : .min) }
      let minimum = Decimal(step.minimum)
      var h = Int64((step.minimum * 100).rounded(.down)) - 1
      while Decimal(h) / 100 < minimum { h += 1 }
      while Decimal(h - 1) / 100 >= minimum { h -= 1 }
      return (step.letter, h)
    }
  }

  /// The letter of a total.
  public func letter(for total: Double) -> String {
    guard let rounded = Self.hundredthsHalfUp(total) else { return GradeEngine.letterByDecimal(for: total, scale: scale) }
    return (steps.first { $0.hundredths <= rounded } ?? steps.last)?.letter ?? "F"
  }

  /// `x` rounded half away from zero to hundredths, from its shortest representation (`"\(x)"`),
  /// as a whole number of hundredths; `nil` when not finite or too large for this path.
  public static func hundredthsHalfUp(_ x: Double) -> Int64? {
    guard x.isFinite, abs(x) < 1e15 else { return nil }
    var negative = false
    var digits: [Int64] = []
    var pointAt: Int?
    var exponent = 0
    var bytes = "\(x)".utf8[...]
    if bytes.first == UInt8(ascii: "-") {
      negative = true
      bytes = bytes.dropFirst()
    }
    while let byte = bytes.first {
      bytes = bytes.dropFirst()
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digits.append(Int64(byte - 0x30))
      case UInt8(ascii: "."): pointAt = digits.count
      case UInt8(ascii: "e"), UInt8(ascii: "E"):
        guard let e = Int(String(decoding: bytes, as: UTF8.self)) else { return nil }
        exponent = e
        bytes = bytes.dropFirst(bytes.count)
      default: return nil
      }
    }
    let point = (pointAt ?? digits.count) + exponent  // digits[0..<point] are the whole part
    var hundredths: Int64 = 0
    for index in 0..<max(0, point + 2) { hundredths = hundredths * 10 + (index < digits.count ? digits[index] : 0) }
    let next = point + 2
    if next >= 0, next < digits.count, digits[next] >= 5 { hundredths += 1 }
    return negative ? -hundredths : hundredths
  }
}
