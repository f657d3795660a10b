import Foundation
import GradebookCore

/// `presentation-quality`: staff and peer ratings of a talk, student or group target (SPEC §7.2,
/// RULES §28–30).
///
///     staff_c = mean over staff raters of points_c / max_c           (instructor and TA pooled)
///     peer_c  = mean | median | trimmed-mean | calibrated over peer raters of points_c / max_c
///     S = Σ_c w_c · staff_c / Σ_c w_c   over the criteria staff rated (likewise P for peers)
///     score = (sw·S + pw·P) / (sw + pw)  over the roles present
///
/// The peer role drops out when fewer than `min_peer_ratings` distinct peers rated the target; a role
/// with weight 0 is absent; no role → `missing`. Self ratings are shown, never counted.
public struct PresentationQualityScorer: Scorer {
  /// Role weights, peer aggregation and the minimum number of peers.
  public struct Configuration: ScorerConfiguration {
    public var staffWeight: Double
    public var peerWeight: Double
    public var aggregate: PeerAggregate
    public var trim: Decimal
    public var minPeerRatings: Int

    public init(reading config: inout ConfigReader) {
      staffWeight = config.number("staff_weight", default: 1, minimum: 0) ?? 1
      peerWeight = config.number("peer_weight", default: 1, minimum: 0) ?? 1
      aggregate =
        config.choice("peer_aggregate", among: PeerAggregate.allCases.map(\.rawValue), default: "mean").flatMap(
          PeerAggregate.init(rawValue:)) ?? .mean
      let trimText = config.string("trim") ?? "0.1"
      if let t = Decimal(string: trimText), Double(trimText) != nil, t >= 0, t < 0.5 {
        trim = t
      } else {
        config.log.error(config.value?["trim"]?.line, "'trim' must be a number from 0 up to (not including) 0.5, not '\(trimText)'")
        trim = 0.1
      }
      minPeerRatings = config.integer("min_peer_ratings", default: 1, minimum: 0) ?? 1
      if staffWeight + peerWeight == 0 {
        config.log.error(config.line, "staff_weight and peer_weight cannot both be 0")
      }
    }
  }

  public static let description = ScorerDescription(
    identifier: "presentation-quality",
    summary: "Staff and peer ratings of a presentation, per criterion, combined by role weights",
    formula: "score = (sw·S + pw·P)/(sw + pw); S, P = criterion-weighted means of staff mean / peer aggregate",
    targets: [.student, .group], usesCriteria: true,
    keys: [
      ConfigKey("staff_weight", "1", "sw, weight of the staff role"),
      ConfigKey("peer_weight", "1", "pw, weight of the peer role"),
      ConfigKey("peer_aggregate", "mean", "mean | median | trimmed-mean | calibrated"),
      ConfigKey("trim", "0.1", "fraction dropped at each end by trimmed-mean"),
      ConfigKey("min_peer_ratings", "1", "fewer distinct peer raters than this → the peer role drops out"),
    ], freeTextEvidence: false, ratesTalks: true)

  public let configuration: Configuration

  public init(configuration: Configuration) { self.configuration = configuration }

  public func score(_ item: Item, in context: ScoringContext) throws -> ItemOutcome {
    let ratings = context.ratings[item.id] ?? []
    if ratings.isEmpty { return .pending("no rating yet") }
    let byTargetPositions = RatingGroups(ratings, by: .target)  // positions, not copies: millions at MOOC scale
    let criterionPositions = ratings.criterionPositions(item.criteria)
    // Each rater's bias by their number in the list: looked up once a peer rating (millions).
    var biases: [Double] = []
    if configuration.aggregate == .calibrated {
      let byRater = calibrate(ratings, criterionPositions: criterionPositions, item: item)
      biases = (0..<ratings.nameCount).map { byRater[ratings.name($0)] ?? 0 }
    }
    var byTarget: [String: TargetScore] = [:]
    byTarget.reserveCapacity(byTargetPositions.numbers.count)
    for (target, number) in byTargetPositions.numbers {
      byTarget[target] = scoreTarget(
        ratings, at: byTargetPositions.positions[number], criterionPositions: criterionPositions, item: item, biases: biases,
        detail: context.showsDetail(target: target, of: item))
    }
    var scores: [String: TargetScore] = [:]
    scores.reserveCapacity(context.roster.students.count)
    for student in context.roster.students {
      let target: String
      switch item.target {
      case .student: target = student.id
      case .group:
        guard let group = context.groups.groupOf[student.id] else {
          scores[student.id] = .missing("not in a group")
          continue
        }
        target = group
      }
      scores[student.id] = byTarget[target] ?? .missing("no rating for \(item.target == .group ? "group \(target)" : "this presentation")")
    }
    return .scored(scores)
  }

  /// Scores one target from the ratings at `positions` (all roles), read in place: per criterion
  /// by its position in the rubric (`criterionPositions`, the list's ids placed among the item's
  /// criteria), raters by their numbers in the list, so no rating is copied and no id is hashed or
  /// compared (100,000 targets and 4 million ratings at MOOC scale). Same sums in the same order
  /// as by id. `biases`: each rater's `calibrated` bias by their number (empty: not calibrated).
  /// Without `detail` (``ScoringContext/showsDetail(target:of:)``) no evidence, breakdown or parts
  /// are built.
  func scoreTarget(
    _ ratings: RatingList, at positions: [Int32], criterionPositions: RatingList.CriterionPositions, item: Item, biases: [Double],
    detail: Bool = true
  ) -> TargetScore {
    let criteria = item.criteria
    var staffSums = [Double](repeating: 0, count: criteria.count)
    var staffCounts = [Int](repeating: 0, count: criteria.count)
    var peerValuesAt = [[Double]](repeating: [], count: criteria.count)
    var selfValuesAt = [Double?](repeating: nil, count: criteria.count)
    var peerRaterSet = Set<Int>(), staffRaterSet = Set<Int>()  // raters by number in the list
    var lastRater: (number: Int, role: RaterRole)?  // a rater's ratings come in runs: one insert a run
    for position in positions {
      let i = Int(position)  // fields read in place: a whole rating would retain three strings
      let role = ratings.role(at: i), rater = ratings.raterNumber(at: i)
      if lastRater?.role != role || lastRater?.number != rater {
        if role == .peer { peerRaterSet.insert(rater) } else if role.isStaff { staffRaterSet.insert(rater) }
        lastRater = (rater, role)
      }
      guard let c = ratings.criterionPosition(at: i, in: criterionPositions) else { continue }
      let z = ratings.points(at: i) / criteria[c].max
      if role.isStaff {
        staffSums[c] += z
        staffCounts[c] += 1
      } else if role == .peer {
        peerValuesAt[c].append(min(1, max(0, z - (biases.isEmpty ? 0 : biases[rater]))))
      } else if role == .selfRating {
        selfValuesAt[c] = z
      }
    }
    let peerRaters = peerRaterSet.count
    let peerCounts = peerRaters >= configuration.minPeerRatings && peerRaters > 0
    // By criterion position (no criterion id hashed): the staff means and peer aggregates.
    var staffMeans = [Double?](repeating: nil, count: criteria.count)
    var peerAggregates = [Double?](repeating: nil, count: criteria.count)
    var breakdown: [CriterionBreakdown] = []
    if detail { breakdown.reserveCapacity(criteria.count) }
    for (index, c) in criteria.enumerated() {
      let staff = staffCounts[index] > 0 ? staffSums[index] / Double(staffCounts[index]) : nil
      let peer = peerValuesAt[index].isEmpty ? nil : configuration.aggregate.combine(peerValuesAt[index], trim: configuration.trim)
      staffMeans[index] = staff
      peerAggregates[index] = peer
      guard detail else { continue }
      breakdown.append(
        CriterionBreakdown(
          criterion: c.id, staff: staff, staffRaters: staffCounts[index], peer: peer, peerRaters: peerValuesAt[index].count,
          selfRating: selfValuesAt[index]))
    }
    let staffScore = configuration.staffWeight > 0 ? CriterionMath.weightedMean(staffMeans, criteria: criteria) : nil
    let peerScore = configuration.peerWeight > 0 && peerCounts ? CriterionMath.weightedMean(peerAggregates, criteria: criteria) : nil
    var sum = 0.0, weights = 0.0
    if let staffScore {
      sum += configuration.staffWeight * staffScore
      weights += configuration.staffWeight
    }
    if let peerScore {
      sum += configuration.peerWeight * peerScore
      weights += configuration.peerWeight
    }
    guard weights > 0 else { return .missing("no staff or peer rating that counts", criteria: breakdown) }
    let score = sum / weights
    guard detail else { return .graded(score, evidence: []) }
    var evidence: [String] = []
    if let staffScore { evidence.append("staff: \(staffRaterSet.count) rater(s), score \(CriterionMath.format(staffScore))") }
    if let peerScore {
      evidence.append("peers: \(peerRaters) rater(s), \(configuration.aggregate.rawValue) \(CriterionMath.format(peerScore))")
    } else if peerRaters > 0 && !peerCounts {
      evidence.append("peers: \(peerRaters) rater(s), fewer than the \(configuration.minPeerRatings) needed: peer role left out")
    }
    if selfValuesAt.contains(where: { $0 != nil }) { evidence.append("self rating shown, not counted") }
    if staffScore != nil && peerScore != nil {
      evidence.append(
        "(\(CriterionMath.format(configuration.staffWeight))·\(CriterionMath.format(staffScore!)) + \(CriterionMath.format(configuration.peerWeight))·\(CriterionMath.format(peerScore!))) / \(CriterionMath.format(weights)) = \(CriterionMath.format(score))"
      )
    }
    var parts: [String: Double] = [:]
    parts["staff"] = staffScore
    parts["peer"] = peerScore
    return .graded(score, evidence: evidence, criteria: breakdown, parts: parts)
  }

  /// Rater biases over the whole item, with staff means as anchors. Cells (target × criterion) are
  /// numbered in order of first rating, raters in order of first peer rating; both are found by
  /// their numbers in the list, in arrays, so that no id is hashed once a rating (4.3 million).
  func calibrate(_ ratings: RatingList, criterionPositions: RatingList.CriterionPositions, item: Item) -> [String: Double] {
    let criteria = item.criteria
    var cellAt = [Int32](repeating: -1, count: ratings.nameCount * criteria.count)  // target number × criterion
    var cellCount = 0
    var observerOf = [Int32](repeating: -1, count: ratings.nameCount)  // the list's rater number → the observations'
    var observations = PeerCalibration.Observations()
    var staffSum: [Double] = [], staffCount: [Int] = []  // by cell
    for i in ratings.indices {
      let role = ratings.role(at: i)
      guard let c = ratings.criterionPosition(at: i, in: criterionPositions), role == .peer || role.isStaff else { continue }
      let key = ratings.targetNumber(at: i) * criteria.count + c
      if cellAt[key] < 0 {
        cellAt[key] = Int32(cellCount)
        cellCount += 1
        staffSum.append(0)
        staffCount.append(0)
      }
      let cell = Int(cellAt[key])
      let value = ratings.points(at: i) / criteria[c].max
      if role == .peer {
        let rater = ratings.raterNumber(at: i)
        if observerOf[rater] < 0 { observerOf[rater] = Int32(observations.number(ofRater: ratings.name(rater))) }
        observations.append(raterNumber: Int(observerOf[rater]), cell: cell, value: value)
      } else {
        staffSum[cell] += value
        staffCount[cell] += 1
      }
    }
    var anchors: [Int: Double] = [:]
    for cell in 0..<cellCount where staffCount[cell] > 0 { anchors[cell] = staffSum[cell] / Double(staffCount[cell]) }
    return PeerCalibration().biases(observations, cellCount: cellCount, anchors: anchors)
  }
}
