import GradebookCore

/// The agreement gap `|x / max − κ|` of every peer rating (NaN where there is no κ), computed one
/// target at a time so no class-wide table is held: κ is the staff mean of the same (target,
/// criterion), else the median of the other students' peer values for it (RULES §33).
struct AgreementGaps {
  /// Aligned with the ratings.
  let gaps: [Double]
  /// The ratings (every role) grouped by target.
  let byTarget: RatingGroups
  /// The number of each rating's target, aligned with the ratings.
  let targetOf: [Int32]

  init(ratings: RatingList, item: Item) {
    var gaps = [Double](repeating: .nan, count: ratings.count)
    let byTarget = RatingGroups(ratings, by: .target)
    var targetOf = [Int32](repeating: 0, count: ratings.count)
    for (number, positions) in byTarget.positions.enumerated() {
      for position in positions { targetOf[Int(position)] = Int32(number) }
    }
    let criteria = item.criteria
    let criterionPositions = ratings.criterionPositions(criteria)
    // Per criterion of the target at hand (buffers reused from target to target): the staff sum
    // and count and the peers' values, each in rating order, as when scanned criterion by criterion.
    var staffSums = [Double](repeating: 0, count: criteria.count)
    var staffCounts = [Int](repeating: 0, count: criteria.count)
    var peers = [[(rater: Int, value: Double, index: Int)]](repeating: [], count: criteria.count)  // raters by number
    for positions in byTarget.positions {
      for c in criteria.indices {
        (staffSums[c], staffCounts[c]) = (0, 0)
        peers[c].removeAll(keepingCapacity: true)
      }
      for position in positions {
        let i = Int(position)  // fields read in place: a whole rating would retain three strings
        guard let c = ratings.criterionPosition(at: i, in: criterionPositions) else { continue }
        let value = ratings.points(at: i) / criteria[c].max
        let role = ratings.role(at: i)
        if role.isStaff {
          staffSums[c] += value
          staffCounts[c] += 1
        } else if role == .peer {
          peers[c].append((ratings.raterNumber(at: i), value, i))
        }
      }
      for c in criteria.indices {
        for peer in peers[c] {
          let kappa: Double
          if staffCounts[c] > 0 {
            kappa = staffSums[c] / Double(staffCounts[c])
          } else {
            let others = peers[c].filter { $0.rater != peer.rater }.map(\.value)
            guard !others.isEmpty else { continue }
            kappa = CriterionMath.median(others)
          }
          gaps[peer.index] = abs(peer.value - kappa)
        }
      }
    }
    (self.gaps, self.byTarget, self.targetOf) = (gaps, byTarget, targetOf)
  }
}
