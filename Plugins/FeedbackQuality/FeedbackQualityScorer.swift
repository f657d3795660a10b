import GradebookCore

/// `feedback-quality`: how well a student reviews others' presentations (SPEC §7.3, RULES §31–35).
///
///     participation = min(1, R / E)
///       R = distinct targets of `reviews_of` the student rated as a peer
///       E = targets of `reviews_of` with any rating (self included), minus the student's own
///     quality   = Σ_c w_c · mean_staff(points_c / max_c) / Σ_c w_c   (staff ratings of this student's feedback)
///     agreement = 1 − mean |x / max − κ|  over the (target, criterion) pairs the student rated as a peer,
///       κ = staff mean of that pair, else the median of the other peers' values; pairs with neither left out
///     score = (pw·participation + qw·quality + aw·agreement) / (sum of the weights of the parts present)
///
/// E = 0 → participation absent; no part present → `missing`.
public struct FeedbackQualityScorer: Scorer {
  /// `reviews_of` and the three part weights.
  public struct Configuration: ScorerConfiguration {
    public var reviewsOf: String
    public var participationWeight: Double
    public var qualityWeight: Double
    public var agreementWeight: Double

    public init(reading config: inout ConfigReader) {
      reviewsOf = config.string("reviews_of", required: true) ?? ""
      participationWeight = config.number("participation_weight", default: 1, minimum: 0) ?? 1
      qualityWeight = config.number("quality_weight", default: 1, minimum: 0) ?? 1
      agreementWeight = config.number("agreement_weight", default: 1, minimum: 0) ?? 1
    }
  }

  public static let description = ScorerDescription(
    identifier: "feedback-quality",
    summary: "Participation, staff-rated quality and agreement of the peer feedback a student gives",
    formula: "score = weighted mean of min(1, R/E), staff quality, 1 − mean|x/max − κ| over the parts present",
    targets: [.student], usesCriteria: true,
    keys: [
      ConfigKey("reviews_of", "required", "the item whose peer ratings are reviewed"),
      ConfigKey("participation_weight", "1", "weight of participation min(1, R/E)"),
      ConfigKey("quality_weight", "1", "weight of the staff-rated quality of the feedback"),
      ConfigKey("agreement_weight", "1", "weight of agreement with staff (or the other peers)"),
    ], freeTextEvidence: false)

  public let configuration: Configuration

  public init(configuration: Configuration) { self.configuration = configuration }

  public func check(_ item: Item, in rubric: Rubric) -> [String] {
    var problems: [String] = []
    if item.criteria.isEmpty { problems.append("item '\(item.id)' uses scorer 'feedback-quality', which needs a 'criteria' list") }
    let reviewed = configuration.reviewsOf
    if reviewed == item.id {
      problems.append("item '\(item.id)': reviews_of cannot name the item itself")
    } else if !reviewed.isEmpty, rubric.item(reviewed) == nil {
      problems.append(
        "item '\(item.id)': reviews_of names unknown item '\(reviewed)'\(Suggestion.hint(for: reviewed, among: rubric.items.map(\.id)))")
    }
    let weights = configuration.participationWeight + configuration.qualityWeight + configuration.agreementWeight
    if weights == 0 { problems.append("item '\(item.id)': the part weights cannot all be 0") }
    return problems
  }

  /// The ratings of `reviews_of`, which it reads (it has none of its own), and one a student.
  public func workEstimate(_ item: Item, in context: ScoringContext) -> Int {
    (context.ratings[configuration.reviewsOf]?.count ?? 0) + context.roster.students.count
  }

  public func score(_ item: Item, in context: ScoringContext) throws -> ItemOutcome {
    guard let reviewed = context.rubric.item(configuration.reviewsOf) else { return .pending("reviews_of item not found") }
    let reviewRatings = context.ratings[reviewed.id] ?? []
    let ownRatings = (context.ratings[item.id] ?? []).filter { $0.role.isStaff }
    if !reviewRatings.indices.contains(where: { reviewRatings.role(at: $0) == .peer }) && ownRatings.isEmpty {
      return .pending("no peer rating of \(reviewed.id) and no staff rating of feedback yet")
    }
    let peerByRater = RatingGroups(reviewRatings, by: .rater, role: .peer)  // each student's peer ratings
    let agreementGaps = AgreementGaps(ratings: reviewRatings, item: reviewed)
    let gaps = agreementGaps.gaps
    let ratedTargets = agreementGaps.byTarget.numbers  // every target of `reviews_of` with any rating
    let qualityByStudent = Dictionary(grouping: ownRatings, by: \.target)

    var scores: [String: TargetScore] = [:]
    scores.reserveCapacity(context.roster.students.count)
    // Distinct targets a student reviewed, counted by target number: `countedFor[t]` is the last
    // student (by position) whose count included target t.
    var countedFor = [Int](repeating: -1, count: ratedTargets.count)
    for (studentIndex, student) in context.roster.students.enumerated() {
      let detail = context.showsDetail(student: student.id)  // evidence, breakdown and parts only for an output that shows them
      let ownTarget = reviewed.target == .student ? student.id : context.groups.groupOf[student.id]
      var parts: [(name: String, weight: Double, value: Double)] = []
      var evidence: [String] = []
      let mine = peerByRater[student.id]
      // Participation (RULES §31–32).
      let expected = ratedTargets.count - (ownTarget.map { ratedTargets[$0] != nil ? 1 : 0 } ?? 0)
      if expected > 0 {
        var reviewedCount = 0
        for position in mine {
          let target = Int(agreementGaps.targetOf[Int(position)])
          if countedFor[target] != studentIndex {
            countedFor[target] = studentIndex
            reviewedCount += 1
          }
        }
        let participation = min(1, Double(reviewedCount) / Double(expected))
        parts.append(("participation", configuration.participationWeight, participation))
        if detail {
          evidence.append(
            "participation: reviewed \(reviewedCount) of \(expected) presentation(s) → \(CriterionMath.format(participation))")
        }
      }
      // Quality (RULES §34).
      let quality = qualityByStudent.isEmpty ? [] : qualityByStudent[student.id] ?? []
      let staffMeans = quality.isEmpty ? [:] : CriterionMath.staffMeans(quality, criteria: item.criteria)
      if !staffMeans.isEmpty, let quality = CriterionMath.weightedMean(staffMeans.mapValues(\.mean), criteria: item.criteria) {
        parts.append(("quality", configuration.qualityWeight, quality))
        if detail { evidence.append("quality: staff rated the feedback \(CriterionMath.format(quality))") }
      }
      // Agreement (RULES §33).
      var gapSum = 0.0, gapCount = 0  // CriterionMath.mean of the gaps that have a κ, summed in the same order
      for position in mine where !gaps[Int(position)].isNaN {
        gapSum += gaps[Int(position)]
        gapCount += 1
      }
      if gapCount > 0 {
        let agreement = 1 - gapSum / Double(gapCount)
        parts.append(("agreement", configuration.agreementWeight, agreement))
        if detail {
          evidence.append(
            "agreement: mean gap \(CriterionMath.format(1 - agreement)) over \(gapCount) rating(s) → \(CriterionMath.format(agreement))"
          )
        }
      }
      var weights = 0.0, sum = 0.0  // over the parts present with a weight, in part order
      for part in parts where part.weight > 0 {
        weights += part.weight
        sum += part.weight * part.value
      }
      guard weights > 0 else {
        scores[student.id] = .missing("no participation, quality or agreement data")
        continue
      }
      let score = sum / weights
      guard detail else {
        scores[student.id] = .graded(score, evidence: [])
        continue
      }
      let terms = parts.filter { $0.weight > 0 }.map { "\(CriterionMath.format($0.weight))·\(CriterionMath.format($0.value))" }.joined(
        separator: " + ")
      evidence.append("(\(terms)) / \(CriterionMath.format(weights)) = \(CriterionMath.format(score))")
      let breakdown = item.criteria.compactMap { c in
        staffMeans[c.id].map { CriterionBreakdown(criterion: c.id, staff: $0.mean, staffRaters: $0.raters) }
      }
      let named = Dictionary(parts.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
      scores[student.id] = .graded(score, evidence: evidence, criteria: breakdown, parts: named)
    }
    return .scored(scores)
  }
}
