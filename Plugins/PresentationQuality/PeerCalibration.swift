import Foundation
import GradebookCore

/// Rater-bias calibration for peer scores, PG1-style (Piech et al. 2013, "Tuned Models of Peer
/// Assessment in MOOCs"), made deterministic: alternating least squares with empirical-Bayes
/// shrinkage instead of Gibbs sampling.
///
/// Model: rater i's normalised score of cell j (a target × criterion) is `z_ij = s_j + b_i + ε`, with
/// biases `b ~ N(0, σ_b²)` and noise `ε ~ N(0, σ_ε²)`. Each round:
///
///     s_j⁽⁻ⁱ⁾ = staff mean of cell j when staff rated it (an anchor), else the mean over the other
///              raters k ≠ i of (z_kj − b_k)   (leave-one-out: a rater's own score never vouches for itself)
///     r_ij   = z_ij − s_j⁽⁻ⁱ⁾
///     σ_ε²   = pooled variance of r_ij around each rater's mean r̄_i
///     σ_b²   = max(0, variance of r̄_i − mean of σ_ε² / n_i)
///     λ      = max(minimumShrinkage, σ_ε² / σ_b²)   (σ_b² = 0 → no correction at all)
///     b_i    = Σ_j r_ij / (n_i + λ)
///
/// from b = 0 for a fixed number of rounds; each peer value then becomes `z_ij − b_i` (clamped to
/// [0, 1]). With λ ≥ 1 a rater seen once is corrected by at most half their gap, and by far less when
/// raters look unbiased. Each round is linear in the number of ratings.
public struct PeerCalibration: Sendable {
  /// The least shrinkage (pseudo-observations pulling each bias to 0).
  public var minimumShrinkage: Double = 1
  /// Rounds of alternating updates.
  public var rounds: Int = 50

  /// A calibration.
  public init(minimumShrinkage: Double = 1, rounds: Int = 50) { (self.minimumShrinkage, self.rounds) = (minimumShrinkage, rounds) }

  /// One peer observation: rater, cell, normalised value.
  public struct Observation: Sendable {
    public var rater: String
    public var cell: Int
    public var value: Double
    public init(rater: String, cell: Int, value: Double) { (self.rater, self.cell, self.value) = (rater, cell, value) }
  }

  /// The observations as columns, raters numbered in order of first appearance: what the rounds
  /// read (4.3 million observations at 100,000 students take about 70 MB this way).
  public struct Observations: Sendable {
    /// Rater → number.
    public private(set) var raterIndex: [String: Int] = [:]
    public private(set) var raterOf: [Int32] = []
    public private(set) var cellOf: [Int32] = []
    public private(set) var valueOf: [Double] = []

    public init() {}

    /// Adds rater `rater`'s normalised `value` of cell `cell`.
    public mutating func append(rater: String, cell: Int, value: Double) {
      append(raterNumber: number(ofRater: rater), cell: cell, value: value)
    }

    /// The number of `rater`, numbering them if new: a caller that knows its raters by number
    /// asks once a rater, then appends by number (no id hashed once an observation).
    public mutating func number(ofRater rater: String) -> Int {
      if let known = raterIndex[rater] { return known }
      raterIndex[rater] = raterIndex.count
      return raterIndex.count - 1
    }

    /// Adds the normalised `value` of cell `cell` by the rater `number(ofRater:)` numbered `raterNumber`.
    public mutating func append(raterNumber: Int, cell: Int, value: Double) {
      raterOf.append(Int32(raterNumber))
      cellOf.append(Int32(cell))
      valueOf.append(value)
    }
  }

  /// Estimated bias of every rater.
  public func biases(_ observations: [Observation], cellCount: Int, anchors: [Int: Double]) -> [String: Double] {
    var columns = Observations()
    for o in observations { columns.append(rater: o.rater, cell: o.cell, value: o.value) }
    return biases(columns, cellCount: cellCount, anchors: anchors)
  }

  /// Estimated bias of every rater, from observations kept as columns.
  public func biases(_ observations: Observations, cellCount: Int, anchors: [Int: Double]) -> [String: Double] {
    let raters = observations.raterIndex.count
    // Plain arrays indexed by observation and by cell: the rounds below touch every observation
    // fifty times (4 million at 100,000 students), so no hashing and no strings inside them.
    let (raterOf, cellOf, valueOf) = (observations.raterOf, observations.cellOf, observations.valueOf)
    var anchorOf = [Double](repeating: 0, count: cellCount)
    var anchored = [Bool](repeating: false, count: cellCount)
    for (cell, value) in anchors where anchorOf.indices.contains(cell) { (anchorOf[cell], anchored[cell]) = (value, true) }
    var bias = [Double](repeating: 0, count: raters)
    var counts = [Double](repeating: 0, count: cellCount)
    for cell in cellOf { counts[Int(cell)] += 1 }
    var residual = [Double](repeating: .nan, count: cellOf.count)
    for _ in 0..<rounds {
      var sums = [Double](repeating: 0, count: cellCount)
      for k in cellOf.indices { sums[Int(cellOf[k])] += valueOf[k] - bias[Int(raterOf[k])] }
      var total = [Double](repeating: 0, count: raters)
      var seen = [Double](repeating: 0, count: raters)
      for k in cellOf.indices {
        let cell = Int(cellOf[k]), rater = Int(raterOf[k])
        let truth: Double
        if anchored[cell] {
          truth = anchorOf[cell]
        } else if counts[cell] > 1 {
          truth = (sums[cell] - (valueOf[k] - bias[rater])) / (counts[cell] - 1)
        } else {
          residual[k] = .nan
          continue
        }
        residual[k] = valueOf[k] - truth
        total[rater] += residual[k]
        seen[rater] += 1
      }
      let lambda = shrinkage(residual: residual, raterOf: raterOf, total: total, seen: seen)
      for i in 0..<raters { bias[i] = lambda.isInfinite ? 0 : total[i] / (seen[i] + lambda) }
      // Without anchors only differences between biases are identified: centre them on 0.
      if anchors.isEmpty, raters > 0 {
        let centre = bias.reduce(0, +) / Double(raters)
        for i in 0..<raters { bias[i] -= centre }
      }
    }
    return observations.raterIndex.mapValues { bias[$0] }
  }

  /// λ = σ_ε² / σ_b² from the residuals, at least ``minimumShrinkage``; infinite when the raters'
  /// mean residuals vary no more than noise explains.
  func shrinkage(residual: [Double], raterOf: [Int32], total: [Double], seen: [Double]) -> Double {
    var within = 0.0, withinDegrees = 0.0
    for (k, r) in residual.enumerated() where !r.isNaN {
      let i = Int(raterOf[k])
      within += pow(r - total[i] / seen[i], 2)
    }
    for n in seen where n > 1 { withinDegrees += n - 1 }
    let multi = seen.indices.filter { seen[$0] > 1 }
    guard withinDegrees > 0, multi.count > 1 else { return minimumShrinkage }
    let noise = within / withinDegrees
    let means = multi.map { total[$0] / seen[$0] }
    let grand = means.reduce(0, +) / Double(means.count)
    let spread = means.reduce(0) { $0 + pow($1 - grand, 2) } / Double(means.count - 1)
    let expected = multi.reduce(0) { $0 + noise / seen[$1] } / Double(multi.count)
    let biasVariance = spread - expected
    guard biasVariance > 0 else { return .infinity }
    return max(minimumShrinkage, noise / biasVariance)
  }
}
