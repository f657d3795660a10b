import GradebookCore

/// `final-project`: as `proposal`, plus an optional WebPA contribution adjustment (SPEC §7.5, RULES §38).
///
///     G_m  = staff score × late multiplier (as proposal)
///     f_ij = s_ij / Σ_k s_ik                       for each rater i whose ratings sum to more than 0
///     WebPA_j = (n / |raters|) · Σ_i f_ij           n = members in the groups file
///     individual_j = clamp(G_j · (1 − w + w · WebPA_j), 0, 1)
///
/// A member a rater did not rate gets 0 from them; self ratings count; no rater left → factor 1;
/// G = 0 → every member 0.
public struct FinalProjectScorer: Scorer {
  /// `due`, the late-multiplier keys, and `contribution: {method: webpa, weight: w}`.
  public struct Configuration: ScorerConfiguration {
    public var due: Instant?
    public var policy: LatePolicy
    /// WebPA weight w, or `nil` when contributions are not used.
    public var webpaWeight: Double?

    public init(reading config: inout ConfigReader) {
      due = config.timestamp("due", required: true)
      policy = LatePolicy(reading: &config)
      if var contribution = config.nested("contribution") {
        _ = contribution.choice("method", among: ["webpa"], default: "webpa")
        webpaWeight = contribution.number("weight", required: true, minimum: 0) ?? 0
        if let w = webpaWeight, w > 1 {
          contribution.log.error(contribution.value?["weight"]?.line, "contribution weight must be between 0 and 1")
        }
        config.merge(contribution)
      }
    }
  }

  public static let description = ScorerDescription(
    identifier: "final-project",
    summary: "As proposal, plus an optional WebPA adjustment from within-group contribution ratings",
    formula: "individual = clamp(G · (1 − w + w · WebPA), 0, 1); WebPA_j = (n/|raters|) Σ_i s_ij / Σ_k s_ik",
    targets: [.group], usesCriteria: true,
    keys: [ConfigKey("due", "required", "ISO 8601 deadline; naive times in the course zone")] + LatePolicy.keys
      + [ConfigKey("contribution", "none", "{method: webpa, weight: w}: WebPA adjustment with weight w in 0…1")], uploads: .ownItem,
    freeTextEvidence: false)

  public let configuration: Configuration

  public init(configuration: Configuration) { self.configuration = configuration }

  public func score(_ item: Item, in context: ScoringContext) throws -> ItemOutcome {
    var factors: [String: (Double, String)] = [:]
    return GroupItemScoring.outcome(item, in: context, due: configuration.due, policy: configuration.policy) { student, member in
      guard let w = configuration.webpaWeight else { return member.graded }
      if factors[student] == nil {
        let group = member.group
        for (id, factor) in Self.webpa(
          group: group, members: context.groups.members[group] ?? [], ratings: context.contributions[group] ?? [])
        {
          factors[id] = factor
        }
      }
      let (webpa, text) = factors[student] ?? (1, "no contribution ratings: factor 1")
      let individual = min(1, max(0, member.score * (1 - w + w * webpa)))
      let f = CriterionMath.format
      var evidence = member.evidence
      if context.showsDetail(student: student) {
        evidence.append("\(text); individual = \(f(member.score)) × (1 − \(f(w)) + \(f(w)) × \(f(webpa))) = \(f(individual))")
      }
      return .graded(individual, evidence: evidence, late: member.late, criteria: member.criteria)
    }
  }

  /// WebPA scores of a group's members, with a sentence each. No rater whose ratings sum above 0
  /// → every member 1.
  public static func webpa(group: String, members: [String], ratings: [Contribution]) -> [String: (Double, String)] {
    var given: [String: [String: Double]] = [:]
    for rating in ratings { given[rating.rater, default: [:]][rating.ratee] = rating.score }
    // Sums run in a fixed order (members' order) so results are bit-for-bit reproducible.
    func total(_ rater: String) -> Double { members.reduce(0) { $0 + (given[rater]?[$1] ?? 0) } }
    let raters = members.filter { total($0) > 0 }
    guard !raters.isEmpty else {
      return Dictionary(uniqueKeysWithValues: members.map { ($0, (1.0, "no contribution ratings for group \(group): factor 1")) })
    }
    let n = Double(members.count)
    var result: [String: (Double, String)] = [:]
    for member in members {
      var sum = 0.0
      for rater in raters {
        let row = given[rater] ?? [:]
        sum += (row[member] ?? 0) / total(rater)
      }
      let webpa = n / Double(raters.count) * sum
      result[member] = (webpa, "WebPA \(CriterionMath.format(webpa)) from \(raters.count) of \(members.count) member(s) rating")
    }
    return result
  }
}
