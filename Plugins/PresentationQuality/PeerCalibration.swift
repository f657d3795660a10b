import GradebookCore

/// Rater-bias calibration for peer scores, PG1-style (Piech et al. 2013, "Tuned Models of Peer
/// Assessment in MOOCs"), made deterministic: alternating least squares instead of Gibbs sampling.
///
/// Model: rater i's normalised score of cell j (a target × criterion) is `z_ij = s_j + b_i + ε`.
///
///     s_j = staff mean of cell j when staff rated it (an anchor), else mean_i (z_ij − b_i)
///     b_i = Σ_j (z_ij − s_j) / (n_i + λ)          λ = shrinkage: a rater seen once is barely corrected
///
/// repeated a fixed number of rounds from b = 0, then each peer value becomes `z_ij − b_i` (clamped to
/// [0, 1]). Each round is linear in the number of ratings.
public struct PeerCalibration: Sendable {
  /// Pseudo-observations pulling each bias to 0.
  public var shrinkage: Double = 4
  /// Rounds of alternating updates.
  public var rounds: Int = 25

  /// A calibration.
  public init(shrinkage: Double = 4, rounds: Int = 25) { (self.shrinkage, self.rounds) = (shrinkage, rounds) }

  /// One peer observation: rater, cell, normalised value.
  public struct Observation: Sendable {
    public var rater: String
    public var cell: Int
    public var value: Double
    public init(rater: String, cell: Int, value: Double) { (self.rater, self.cell, self.value) = (rater, cell, value) }
  }

  /// Estimated bias of every rater.
  public func biases(_ observations: [Observation], cellCount: Int, anchors: [Int: Double]) -> [String: Double] {
    var raterIndex: [String: Int] = [:]
    let raterOf = observations.map { o -> Int in
      if let i = raterIndex[o.rater] { return i }
      raterIndex[o.rater] = raterIndex.count
      return raterIndex.count - 1
    }
    var bias = [Double](repeating: 0, count: raterIndex.count)
    var truth = [Double](repeating: 0, count: cellCount)
    for _ in 0..<rounds {
      var sums = [Double](repeating: 0, count: cellCount)
      var counts = [Double](repeating: 0, count: cellCount)
      for (k, o) in observations.enumerated() {
        sums[o.cell] += o.value - bias[raterOf[k]]
        counts[o.cell] += 1
      }
      for j in 0..<cellCount { truth[j] = anchors[j] ?? (counts[j] > 0 ? sums[j] / counts[j] : 0) }
      var residuals = [Double](repeating: 0, count: bias.count)
      var seen = [Double](repeating: 0, count: bias.count)
      for (k, o) in observations.enumerated() {
        residuals[raterOf[k]] += o.value - truth[o.cell]
        seen[raterOf[k]] += 1
      }
      for i in 0..<bias.count { bias[i] = residuals[i] / (seen[i] + shrinkage) }
      // Without anchors only differences between biases are identified: centre them on 0.
      if anchors.isEmpty, !bias.isEmpty {
        let centre = bias.reduce(0, +) / Double(bias.count)
        for i in 0..<bias.count { bias[i] -= centre }
      }
    }
    return raterIndex.mapValues { bias[$0] }
  }
}
