import Foundation

/// The status of one student's item in the gradebook and `results.json` (SPEC §9).
public enum ItemStatus: String, Sendable, Hashable {
  case graded, missing, excused, pending, override
  case noSlot = "no slot"

  /// Whether the item counts in the total (excused and pending count for nothing: RULES §1).
  public var counts: Bool { self != .excused && self != .pending }
}

/// One cell of the gradebook: a student's item.
public struct ItemGrade: Sendable, Hashable {
  public var item: String
  public var status: ItemStatus
  /// `100 · s`; 0 for missing / no slot; `nil` for excused and pending (RULES §1).
  public var percent: Double?
  /// The scorer's result, when one was computed (also kept under an excuse or override).
  public var scored: TargetScore?
  /// Why: the pending reason, excuse or override reason.
  public var note: String?

  /// A cell.
  public init(item: String, status: ItemStatus, percent: Double?, scored: TargetScore? = nil, note: String? = nil) {
    (self.item, self.status, self.percent, self.scored, self.note) = (item, status, percent, scored, note)
  }
}

/// A student's row: every item, the total and the letter.
public struct StudentGrade: Sendable, Hashable {
  public var student: String
  /// Items in rubric order.
  public var items: [ItemGrade]
  /// `Σ w·s / Σ w × 100` over counted items; `nil` when none counts (RULES §3).
  public var total: Double?
  public var letter: String?
}

/// The excuse and override recorded for one student's item.
public struct ItemDecision: Sendable, Hashable {
  public var excuse: Adjustment?
  public var override: Adjustment?

  /// A decision.
  public init(excuse: Adjustment? = nil, override: Adjustment? = nil) { (self.excuse, self.override) = (excuse, override) }
}

/// Turns scorer outcomes and adjustments into item percents, totals and letters (SPEC §8, RULES §1–8).
///
///     p     = 100 · s
///     total = Σ w·s / Σ w × 100   over items neither excused nor pending
///
/// Precedence on one cell: override > excuse > pending > scorer (RULES §4).
public struct GradeEngine: Sendable {
  public let items: [Item]
  public let scale: [LetterStep]
  let letters: LetterScale

  /// An engine for the rubric's items and the course scale.
  public init(items: [Item], scale: [LetterStep]) { (self.items, self.scale, self.letters) = (items, scale, LetterScale(scale)) }

  /// Grades one student.
  public func grade(student: String, outcomes: [String: ItemOutcome], decisions: [String: ItemDecision]) -> StudentGrade {
    var cells: [ItemGrade] = []
    var weighted = 0.0
    var weights = 0.0
    for item in items {
      let cell = grade(item: item.id, outcome: outcomes[item.id], decision: decisions[item.id], student: student)
      if cell.status.counts, let percent = cell.percent {
        weighted += item.weight * percent / 100
        weights += item.weight
      }
      cells.append(cell)
    }
    let total = weights > 0 ? weighted / weights * 100 : nil
    return StudentGrade(student: student, items: cells, total: total, letter: total.map { letters.letter(for: $0) })
  }

  func grade(item: String, outcome: ItemOutcome?, decision: ItemDecision?, student: String) -> ItemGrade {
    var scored: TargetScore?
    var pendingReason: String?
    switch outcome {
    case .pending(let reason)?: pendingReason = reason
    case .scored(let scores)?: scored = scores[student] ?? .missing("no score on record")
    case nil: pendingReason = "not scored"
    }
    if let override = decision?.override, case .override(let percent) = override.action {
      return ItemGrade(item: item, status: .override, percent: percent, scored: scored, note: override.reason)
    }
    if let excuse = decision?.excuse {
      return ItemGrade(item: item, status: .excused, percent: nil, scored: scored, note: excuse.reason)
    }
    if let pendingReason { return ItemGrade(item: item, status: .pending, percent: nil, note: pendingReason) }
    let result = scored!
    let status: ItemStatus =
      switch result.status {
      case .graded: .graded
      case .missing: .missing
      case .noSlot: .noSlot
      }
    return ItemGrade(item: item, status: status, percent: result.status == .graded ? 100 * result.score : 0, scored: result)
  }

  /// The letter for a total: round half-up to 2 decimals from the total's shortest decimal
  /// representation (79.9951 → 80.00), then the first step whose minimum is ≤ it (RULES §7).
  public static func letter(for total: Double, scale: [LetterStep]) -> String {
    LetterScale(scale).letter(for: total)
  }

  /// The same with Foundation's `Decimal` (the reference ``LetterScale`` is tested against).
  public static func letterByDecimal(for total: Double, scale: [LetterStep]) -> String {
    let rounded = roundHalfUp(total, places: 2)
    return (scale.first { Decimal($0.minimum) <= rounded } ?? scale.last)?.letter ?? "F"
  }

  /// `x` rounded half-up (away from zero) to `places` decimals, from its shortest representation.
  public static func roundHalfUp(_ x: Double, places: Int) -> Decimal {
    var value = Decimal(string: "\(x)") ?? Decimal(x)
    var result = Decimal()
    NSDecimalRound(&result, &value, places, .plain)
    return result
  }
}
