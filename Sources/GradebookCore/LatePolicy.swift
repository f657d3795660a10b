import Foundation

/// The late multiplier shared by `on-time-upload`, `proposal` and `final-project` (SPEC §7).
///
///     late = submitted − (due + extension)
///     late ≤ grace                → 1
///     cutoff set and late > cutoff → 0
///     otherwise                   → max(floor, 1 − deduct × ceil(late / per))
///
/// `ceil` applies to the whole lateness, and the cutoff beats the floor (RULES §19).
public struct LatePolicy: Sendable, Hashable {
  public var grace: TimeSpan
  public var deduct: Double
  public var per: TimeSpan
  public var floor: Double
  public var cutoff: TimeSpan?

  /// A policy; the defaults are RULES §19's: grace 0, deduct 0, per 24h, floor 0, no cutoff.
  public init(grace: TimeSpan = .zero, deduct: Double = 0, per: TimeSpan = .hours(24), floor: Double = 0, cutoff: TimeSpan? = nil) {
    (self.grace, self.deduct, self.per, self.floor, self.cutoff) = (grace, deduct, per, floor, cutoff)
  }

  /// Reads `grace`, `deduct`, `per`, `floor`, `cutoff` from a scorer's configuration.
  public init(reading config: inout ConfigReader) {
    self.init(
      grace: config.duration("grace", default: .zero) ?? .zero,
      deduct: config.number("deduct", default: 0, minimum: 0) ?? 0,
      per: config.duration("per", default: .hours(24)) ?? .hours(24),
      floor: config.number("floor", default: 0, minimum: 0) ?? 0,
      cutoff: config.duration("cutoff"))
    if per.milliseconds <= 0 {
      config.log.error(config.value?["per"]?.line ?? config.line, "'per' must be longer than 0")
      per = .hours(24)
    }
    if let cutoff, cutoff < grace {
      config.log.warning(
        config.value?["cutoff"]?.line ?? config.line,
        "'cutoff' \(cutoff) is shorter than 'grace' \(grace): an upload between them is on time (the grace is looked at first)")
    }
    // Both are fractions of the score; a percent written as a number (`deduct: 25`) would make any
    // lateness cost everything.
    if deduct > 1 {
      config.log.error(
        config.value?["deduct"]?.line ?? config.line,
        "'deduct' is the fraction deducted per period, at most 1, not \(ConfigReader.format(deduct)) (write 0.25 for 25%)")
      deduct = 1
    }
    if floor > 1 {
      config.log.error(
        config.value?["floor"]?.line ?? config.line,
        "'floor' is the lowest multiplier, a fraction at most 1, not \(ConfigReader.format(floor)) (write 0.5 for 50%)")
      floor = 1
    }
  }

  /// The configuration keys, for scorer descriptions.
  public static let keys: [ConfigKey] = [
    ConfigKey("grace", "0", "duration; late ≤ grace → multiplier 1"),
    ConfigKey("deduct", "0", "fraction deducted per started `per` period of lateness"),
    ConfigKey("per", "24h", "length of one deduction period"),
    ConfigKey("floor", "0", "lowest multiplier while not past the cutoff"),
    ConfigKey("cutoff", "none", "duration; late > cutoff → multiplier 0"),
  ]

  /// The multiplier for a lateness.
  public func multiplier(late: TimeSpan) -> Double {
    if late <= grace { return 1 }
    if let cutoff, late > cutoff { return 0 }
    let periods = (late.milliseconds + per.milliseconds - 1) / per.milliseconds
    return min(1, max(floor, 1 - deduct * Double(periods)))
  }

  /// The multiplier with a sentence a person can check, e.g.
  /// "uploaded 2026-03-14 02:10 HKT, due 2026-03-13 23:59 HKT: 2h11m late, 1 period × 0.1 → ×0.9";
  /// without `detail` (``ScoringContext/detail``) the sentence is empty.
  public func assess(
    submitted: Instant, due: Instant, granted: TimeSpan, time: TimestampParser, what: String = "uploaded", detail: Bool = true
  ) -> (multiplier: Double, late: Bool, evidence: String) {
    let deadline = due + granted
    let late = submitted - deadline
    let m = multiplier(late: late)
    guard detail else { return (m, late > grace, "") }
    var text = "\(what) \(time.display(submitted)), due \(time.display(deadline))"
    if granted.milliseconds != 0 { text += " (extended by \(granted))" }
    if late.milliseconds <= 0 {
      text += ": on time"
    } else if late <= grace {
      text += ": \(late) late, within the \(grace) grace: ×1"
    } else if let cutoff, late > cutoff {
      text += ": \(late) late, past the \(cutoff) cutoff: ×0"
    } else {
      let periods = (late.milliseconds + per.milliseconds - 1) / per.milliseconds
      text += ": \(late) late, \(periods) started period(s) of \(per) × \(ConfigReader.format(deduct))"
      text += m == floor && 1 - deduct * Double(periods) < floor ? ", held at the floor: ×\(Self.format(m))" : ": ×\(Self.format(m))"
    }
    return (m, late > grace, text)
  }

  /// A multiplier for evidence lines: up to 4 decimals (`0.7437`, `1`). Not `String(format:)`: that
  /// was a tenth of a 100,000-student build.
  public static func format(_ x: Double) -> String {
    guard x.isFinite else { return "\(x)" }
    let rounded = (x * 10_000).rounded() / 10_000
    if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
    return "\(rounded)"
  }
}
