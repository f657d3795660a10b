import Foundation

/// A point in time, in whole milliseconds since 1970-01-01T00:00:00Z.
///
/// Every timestamp becomes an instant as soon as it is read, and all arithmetic is on instants
/// (RULES §9). Integer milliseconds keep comparisons such as "exactly at the grace limit" exact.
public struct Instant: Sendable, Hashable, Comparable, Codable {
  /// Milliseconds since the Unix epoch.
  public var milliseconds: Int64

  /// An instant from milliseconds since the epoch.
  public init(milliseconds: Int64) { self.milliseconds = milliseconds }

  /// An instant from whole seconds since the epoch.
  public init(seconds: Int64) { self.milliseconds = seconds * 1000 }

  public static func < (a: Instant, b: Instant) -> Bool { a.milliseconds < b.milliseconds }

  /// The instant `span` later.
  public static func + (a: Instant, span: TimeSpan) -> Instant {
    Instant(milliseconds: a.milliseconds + span.milliseconds)
  }

  /// The instant `span` earlier.
  public static func - (a: Instant, span: TimeSpan) -> Instant {
    Instant(milliseconds: a.milliseconds - span.milliseconds)
  }

  /// The signed span from `b` to `a`.
  public static func - (a: Instant, b: Instant) -> TimeSpan {
    TimeSpan(milliseconds: a.milliseconds - b.milliseconds)
  }

  /// The same instant as a Foundation date.
  public var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}

/// An absolute length of time in milliseconds (`24h` is always 86,400 s: RULES §11).
public struct TimeSpan: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  /// Milliseconds; negative when the span runs backwards.
  public var milliseconds: Int64

  /// A span of `milliseconds`.
  public init(milliseconds: Int64) { self.milliseconds = milliseconds }

  /// A span of whole seconds.
  public static func seconds(_ s: Int64) -> TimeSpan { TimeSpan(milliseconds: s * 1000) }
  /// A span of whole minutes.
  public static func minutes(_ m: Int64) -> TimeSpan { .seconds(m * 60) }
  /// A span of whole hours.
  public static func hours(_ h: Int64) -> TimeSpan { .seconds(h * 3600) }
  /// Zero.
  public static let zero = TimeSpan(milliseconds: 0)

  public static func < (a: TimeSpan, b: TimeSpan) -> Bool { a.milliseconds < b.milliseconds }
  public static func + (a: TimeSpan, b: TimeSpan) -> TimeSpan {
    TimeSpan(milliseconds: a.milliseconds + b.milliseconds)
  }

  /// Written back the way a rubric writes durations, e.g. `1d2h30m`, `-3h`, `0s`.
  public var description: String {
    var rest = abs(milliseconds) / 1000
    let millis = abs(milliseconds) % 1000
    if rest == 0 && millis == 0 { return "0s" }
    var text = milliseconds < 0 ? "-" : ""
    for (unit, size) in [("d", Int64(86400)), ("h", 3600), ("m", 60)] where rest >= size {
      text += "\(rest / size)\(unit)"
      rest %= size
    }
    if rest > 0 || millis > 0 { text += millis > 0 ? "\(rest).\(String(format: "%03d", millis))s" : "\(rest)s" }
    return text
  }

  /// Parses `48h`, `15m`, `7d`, `1w`, `1h30m`, `90s` (units `w d h m s`; `m` is minutes) or a bare
  /// number of hours (RULES §12). Returns `nil` for anything else.
  public init?(parsing text: String) {
    let s = text.trimmedASCII
    guard !s.isEmpty else { return nil }
    if let hours = Double(s), s.allSatisfy({ $0.isNumber || $0 == "." }) {
      self.init(checkedMilliseconds: hours * 3_600_000)
      return
    }
    var total = 0.0
    var number = ""
    var sawUnit = false
    for ch in s {
      if ch.isNumber || ch == "." {
        number.append(ch)
        continue
      }
      let unitSeconds: Double
      switch ch {
      case "w": unitSeconds = 604_800
      case "d": unitSeconds = 86_400
      case "h": unitSeconds = 3_600
      case "m": unitSeconds = 60
      case "s": unitSeconds = 1
      default: return nil
      }
      guard let value = Double(number) else { return nil }
      total += value * unitSeconds
      number = ""
      sawUnit = true
    }
    guard number.isEmpty, sawUnit else { return nil }
    self.init(checkedMilliseconds: total * 1000)
  }

  /// The longest duration a course file may give: 1,000 years (of 365.25 days). Anything longer is
  /// not read as a duration: its milliseconds could overflow when added to an instant (found by
  /// `scripts/fuzz`: `444…4` hours trapped instead of being reported).
  public static let longest = TimeSpan.hours(1000 * 8766)

  /// `milliseconds` rounded, or `nil` when it is not finite or longer than ``longest``.
  private init?(checkedMilliseconds milliseconds: Double) {
    guard milliseconds.isFinite, abs(milliseconds) <= Double(Self.longest.milliseconds) else { return nil }
    self.init(milliseconds: Int64(milliseconds.rounded()))
  }
}
