/// The arithmetic shared by the staff-scored group items `proposal` and `final-project`
/// (SPEC §7.4–5, RULES §20–22, §36–37).
///
///     G₀ = Σ_c w_c · mean_staff(points_c / max_c) / Σ_c w_c      over the criteria staff rated
///     late_m = submitted − (due + extension of member m)        submitted = the group's earliest upload
///     G_m = G₀ × multiplier(late_m)
///
/// No staff score for the group → every member `missing`; a student in no group → `missing`;
/// no upload on record → multiplier 1 with the evidence "no upload on record" (RULES §22).
public struct GroupItemScoring: Sendable {
  /// The item's deadline.
  public var due: Instant
  /// The late policy.
  public var policy: LatePolicy

  /// A scoring helper.
  public init(due: Instant, policy: LatePolicy) { (self.due, self.policy) = (due, policy) }

  /// One member's score before any contribution adjustment.
  public struct MemberScore: Sendable {
    public var group: String
    /// G after the late multiplier.
    public var score: Double
    public var evidence: [String]
    public var late: Bool
    public var criteria: [CriterionBreakdown]

    /// The member's score as it stands (no contribution adjustment).
    public var graded: TargetScore { .graded(score, evidence: evidence, late: late, criteria: criteria) }
  }

  /// The outcome of a group item: pending without a due time or any staff score (RULES §39),
  /// else every student's score — `missing` for the reasons above, otherwise `score(student, member)`.
  public static func outcome(
    _ item: Item, in context: ScoringContext, due: Instant?, policy: LatePolicy,
    score: (String, MemberScore) -> TargetScore
  ) -> ItemOutcome {
    guard let due else { return .pending("no due time configured") }
    let scoring = GroupItemScoring(due: due, policy: policy)
    if let reason = scoring.pendingReason(item, in: context) { return .pending(reason) }
    var scores: [String: TargetScore] = [:]
    for (student, result) in scoring.memberScores(item, in: context) {
      switch result {
      case .success(let member): scores[student] = score(student, member)
      case .failure(let missing): scores[student] = .missing(missing.reason)
      }
    }
    return .scored(scores)
  }

  /// Whether the item is pending: no staff score on it at all (RULES §39).
  public func pendingReason(_ item: Item, in context: ScoringContext) -> String? {
    (context.ratings[item.id] ?? []).contains { $0.role.isStaff } ? nil : "no staff score yet"
  }

  /// Scores every roster student: `.success` with the member's G, or a final result (`missing`).
  public func memberScores(_ item: Item, in context: ScoringContext) -> [String: Result<MemberScore, MissingScore>] {
    var byGroup: [String: [Rating]] = [:]
    for rating in context.ratings[item.id] ?? [] where rating.role.isStaff { byGroup[rating.target, default: []].append(rating) }
    var results: [String: Result<MemberScore, MissingScore>] = [:]
    let time = context.time
    let earliest = context.earliestUploads(item: item.id)
    for student in context.roster.students {
      guard let group = context.groups.groupOf[student.id] else {
        results[student.id] = .failure(MissingScore(reason: "not in a group"))
        continue
      }
      let ratings = byGroup[group] ?? []
      let means = CriterionMath.staffMeans(ratings, criteria: item.criteria)
      guard let base = CriterionMath.weightedMean(means.mapValues(\.mean), criteria: item.criteria) else {
        results[student.id] = .failure(MissingScore(reason: "no staff score for group \(group)"))
        continue
      }
      let detail = context.showsDetail(student: student.id)
      var evidence: [String] = []
      if detail {
        let raters = Set(ratings.map(\.rater)).count
        evidence.append(
          "staff score \(CriterionMath.format(base)) for group \(group) (criterion-weighted mean of \(raters) staff rater(s))")
      }
      var multiplier = 1.0
      var late = false
      let members = context.groups.members[group] ?? [student.id]
      let groupUpload = members.compactMap { earliest[$0] }.min { ($0.at, $0.source.line) < ($1.at, $1.source.line) }
      if let upload = groupUpload {
        let verdict = policy.assess(
          submitted: upload.at, due: due, granted: context.extensionSpan(student: student.id, item: item.id), time: time,
          what: "uploaded (earliest of the group)", detail: detail)
        multiplier = verdict.multiplier
        late = verdict.late
        if detail { evidence.append(verdict.evidence) }
      } else if detail {
        evidence.append("no upload on record: multiplier 1")
      }
      let breakdown =
        detail
        ? item.criteria.compactMap { c in means[c.id].map { CriterionBreakdown(criterion: c.id, staff: $0.mean, staffRaters: $0.raters) } }
        : []
      results[student.id] = .success(
        MemberScore(group: group, score: base * multiplier, evidence: evidence, late: late, criteria: breakdown))
    }
    return results
  }
}

/// Why a student's score is missing.
public struct MissingScore: Error, Sendable {
  public var reason: String
}
