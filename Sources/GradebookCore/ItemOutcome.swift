/// What a scorer says about one student on one item.
public enum ScoreStatus: String, Sendable, Hashable {
  /// Scored from data.
  case graded
  /// No data for this student: counts as 0 (RULES §1).
  case missing
  /// `on-time-upload` without a slot: counts as 0 (RULES §23).
  case noSlot = "no slot"
}

/// A criterion's scores by role, for reports and detail sheets.
public struct CriterionBreakdown: Sendable, Hashable {
  public var criterion: String
  /// Mean of staff ratings, normalised to [0, 1].
  public var staff: Double?
  public var staffRaters: Int
  /// Peer aggregate, normalised.
  public var peer: Double?
  public var peerRaters: Int
  /// Self rating, normalised (shown apart, never counted).
  public var selfRating: Double?

  /// A breakdown line.
  public init(
    criterion: String, staff: Double? = nil, staffRaters: Int = 0, peer: Double? = nil, peerRaters: Int = 0, selfRating: Double? = nil
  ) {
    (self.criterion, self.staff, self.staffRaters) = (criterion, staff, staffRaters)
    (self.peer, self.peerRaters, self.selfRating) = (peer, peerRaters, selfRating)
  }
}

/// A scorer's result for one student: a score in [0, 1], or a status that counts as 0.
public struct TargetScore: Sendable, Hashable {
  public var status: ScoreStatus
  /// Normalised score in [0, 1] (0 for `missing` and `no slot`).
  public var score: Double
  /// Lines a person can check, saying where the number came from.
  public var evidence: [String]
  /// Whether a late penalty applied.
  public var late: Bool
  /// Per-criterion scores by role, when the scorer has criteria.
  public var criteria: [CriterionBreakdown]
  /// The parts the score combines, by name (`staff`, `peer`; `participation`, `quality`, `agreement`),
  /// each in [0, 1]: what the instructor overview compares.
  public var parts: [String: Double] = [:]

  /// A graded score, clamped to [0, 1].
  public static func graded(
    _ score: Double, evidence: [String], late: Bool = false, criteria: [CriterionBreakdown] = [], parts: [String: Double] = [:]
  ) -> TargetScore {
    var result = TargetScore(status: .graded, score: min(1, max(0, score)), evidence: evidence, late: late, criteria: criteria)
    result.parts = parts
    return result
  }

  /// A missing score, with the reason.
  public static func missing(_ why: String, criteria: [CriterionBreakdown] = []) -> TargetScore {
    TargetScore(status: .missing, score: 0, evidence: [why], late: false, criteria: criteria)
  }

  /// A result.
  public init(status: ScoreStatus, score: Double, evidence: [String], late: Bool = false, criteria: [CriterionBreakdown] = []) {
    (self.status, self.score, self.evidence, self.late, self.criteria) = (status, score, evidence, late, criteria)
  }
}

/// A scorer's answer for a whole item.
public enum ItemOutcome: Sendable {
  /// Nobody has data for the item yet (RULES §39): it counts in no total.
  case pending(String)
  /// Scores by student id; a roster student left out is `missing`.
  case scored([String: TargetScore])
}
