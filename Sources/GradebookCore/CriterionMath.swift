/// Criterion arithmetic shared by the scorers: normalising, pooling staff ratings, and the
/// criterion-weighted mean over the criteria that were rated (RULES §30, §37).
public enum CriterionMath {
  /// `Σ w_c · x_c / Σ w_c` over the criteria present in `values`; `nil` when none is present or all
  /// present weights are 0.
  public static func weightedMean(_ values: [String: Double], criteria: [Criterion]) -> Double? {
    weightedMean(criteria.map { values[$0.id] }, criteria: criteria)
  }

  /// The same, the values given by criterion position (`nil`: none), aligned with `criteria`.
  public static func weightedMean(_ values: [Double?], criteria: [Criterion]) -> Double? {
    var sum = 0.0
    var weights = 0.0
    for (criterion, value) in zip(criteria, values) {
      guard let value else { continue }
      sum += criterion.weight * value
      weights += criterion.weight
    }
    return weights > 0 ? sum / weights : nil
  }

  /// Per criterion, the mean of normalised staff ratings (instructor and TA pooled) and how many
  /// staff rated it.
  public static func staffMeans(_ ratings: [Rating], criteria: [Criterion]) -> [String: (mean: Double, raters: Int)] {
    var sums: [String: (Double, Int)] = [:]
    let maxima = Dictionary(criteria.map { ($0.id, $0.max) }, uniquingKeysWith: { a, _ in a })
    for rating in ratings where rating.role.isStaff {
      guard let max = maxima[rating.criterion] else { continue }
      let (sum, count) = sums[rating.criterion] ?? (0, 0)
      sums[rating.criterion] = (sum + rating.points / max, count + 1)
    }
    return sums.mapValues { (mean: $0.0 / Double($0.1), raters: $0.1) }
  }

  /// The mean of a non-empty list.
  public static func mean(_ values: [Double]) -> Double {
    values.reduce(0, +) / Double(values.count)
  }

  /// The median; an even count takes the mean of the middle two (RULES §29).
  public static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  }

  /// A score for evidence lines, e.g. `0.78`.
  public static func format(_ x: Double) -> String { LatePolicy.format(x) }
}
