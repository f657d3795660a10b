import GradebookCore

/// `proposal`: a group item scored by staff, times the late multiplier (SPEC §7.4).
///
///     G₀ = Σ_c w_c · mean_staff(points_c / max_c) / Σ_c w_c
///     score_m = G₀ × max(floor, 1 − deduct × ceil(late_m / per))     (1 within grace, 0 past cutoff)
///     late_m = earliest upload of any member − (due + extension of member m)
///
/// Every member gets the group's score (with their own extension: RULES §21).
public struct ProposalScorer: Scorer {
  /// `due` and the late-multiplier keys.
  public struct Configuration: ScorerConfiguration {
    public var due: Instant?
    public var policy: LatePolicy

    public init(reading config: inout ConfigReader) {
      due = config.timestamp("due", required: true)
      policy = LatePolicy(reading: &config)
    }
  }

  public static let description = ScorerDescription(
    identifier: "proposal",
    summary: "Staff criteria for a group, times the late multiplier of the group's earliest upload",
    formula: "G = Σ w·mean_staff(points/max) / Σ w × late multiplier(earliest upload − (due + extension))",
    targets: [.group], usesCriteria: true,
    keys: [ConfigKey("due", "required", "ISO 8601 deadline; naive times in the course zone")] + LatePolicy.keys, uploads: .ownItem,
    freeTextEvidence: false)

  public let configuration: Configuration

  public init(configuration: Configuration) { self.configuration = configuration }

  public func score(_ item: Item, in context: ScoringContext) throws -> ItemOutcome {
    GroupItemScoring.outcome(item, in: context, due: configuration.due, policy: configuration.policy) { _, member in member.graded }
  }
}
