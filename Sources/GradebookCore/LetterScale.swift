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

  /// `x` rounded half away from zero to hundredths, from its shortest representation, as a whole
  /// number of hundredths (``FixedDecimal/scaledHalfUp(_:places:)``: the displayed total and the
  /// letter round alike); `nil` when not finite or too large for this path.
  public static func hundredthsHalfUp(_ x: Double) -> Int64? { FixedDecimal.scaledHalfUp(x, places: 2) }
}
