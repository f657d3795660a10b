import Foundation
import GradebookCore

/// How peer ratings of one criterion are combined (RULES §29), over normalised values.
public enum PeerAggregate: String, Sendable, CaseIterable {
  case mean, median
  case trimmedMean = "trimmed-mean"
  case calibrated

  /// `mean`, `median`, or `trimmed-mean` dropping ⌊n·trim⌋ values at each end of the sorted list.
  /// (`calibrated` values are bias-corrected first, then averaged: see ``PeerCalibration``.)
  public func combine(_ values: [Double], trim: Decimal) -> Double {
    switch self {
    case .mean, .calibrated: return CriterionMath.mean(values)
    case .median: return CriterionMath.median(values)
    case .trimmedMean:
      let drop = Self.trimCount(values.count, trim: trim)
      let kept = values.sorted().dropFirst(drop).dropLast(drop)
      return kept.isEmpty ? CriterionMath.median(values) : CriterionMath.mean(Array(kept))
    }
  }

  /// ⌊n·trim⌋, the floor taken exactly on the decimal `trim` (RULES §29: 10 × 0.1 drops 1, not 0).
  public static func trimCount(_ n: Int, trim: Decimal) -> Int {
    var product = Decimal(n) * trim
    var floored = Decimal()
    NSDecimalRound(&floored, &product, 0, .down)
    return NSDecimalNumber(decimal: floored).intValue
  }
}
