import Foundation

/// A wall-clock date and time with validated fields, and its conversion to an instant in a zone.
///
/// Foundation's parsers roll impossible dates over (`2026-02-30` → 2 March); this type refuses them
/// (RULES §12), and resolves daylight-saving edge cases exactly as RULES §9 says.
public struct CivilTime: Sendable, Hashable {
  public var year: Int, month: Int, day: Int
  public var hour: Int, minute: Int, second: Int
  /// Milliseconds within the second.
  public var millisecond: Int

  /// A validated wall-clock time; `nil` if any field is out of range (24:00 is refused too).
  public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) {
    guard
      Self.problem(year: year, month: month, day: day, hour: hour, minute: minute, second: second, millisecond: millisecond)
        == nil
    else { return nil }
    (self.year, self.month, self.day) = (year, month, day)
    (self.hour, self.minute, self.second, self.millisecond) = (hour, minute, second, millisecond)
  }

  /// Why these fields name no real time, in words (`February 2026 has 28 days`); `nil` when they do.
  public static func problem(
    year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0
  ) -> String? {
    guard (1...9999).contains(year) else { return "year \(year) is out of range" }
    guard (1...12).contains(month) else { return "there is no month \(month)" }
    let days = daysIn(month: month, year: year)
    guard (1...days).contains(day) else { return "\(monthNames[month - 1]) \(year) has \(days) days, so no day \(day)" }
    guard (0...23).contains(hour) else { return "there is no hour \(hour) (hours run 0 to 23)" }
    guard (0...59).contains(minute) else { return "there is no minute \(minute)" }
    guard (0...59).contains(second) else { return "there is no second \(second)" }
    guard (0...999).contains(millisecond) else { return "there is no millisecond \(millisecond)" }
    return nil
  }

  static let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
  ]

  /// Days in a month of the proleptic Gregorian calendar.
  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days from 1970-01-01 to a civil date (Howard Hinnant's `days_from_civil`).
  public static func daysFromEpoch(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// The civil date of a day count from 1970-01-01 (Hinnant's `civil_from_days`).
  public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day)
  }

  /// The wall-clock time read as if it were UTC, in milliseconds.
  var utcMilliseconds: Int64 {
    let days = Int64(CivilTime.daysFromEpoch(year: year, month: month, day: day))
    let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    return seconds * 1000 + Int64(millisecond)
  }

  /// This wall-clock time at a fixed UTC offset.
  public func instant(offsetSeconds: Int) -> Instant {
    Instant(milliseconds: utcMilliseconds - Int64(offsetSeconds) * 1000)
  }

  /// This wall-clock time in `zone` (RULES §9): an ambiguous autumn time is its first occurrence;
  /// a time in the spring gap uses the offset in force before the gap.
  public func instant(in zone: TimeZone) -> Instant {
    let local = utcMilliseconds
    let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local) / 1000 - 129_600))
    let after = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local) / 1000 + 129_600))
    // The usual case, no transition near: below, the one candidate is the answer whether or not it
    // passes the check (once a form row, without building the set).
    if before == after { return Instant(milliseconds: local - Int64(before) * 1000) }
    let candidates = Set([before, after]).map { offset in local - Int64(offset) * 1000 }
      .filter { millis in
        let actual = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(millis) / 1000))
        return local - Int64(actual) * 1000 == millis
      }
    if let first = candidates.min() { return Instant(milliseconds: first) }
    return Instant(milliseconds: local - Int64(before) * 1000)
  }

  /// The wall-clock time of `instant` in `zone`, with the offset in force then.
  public static func at(_ instant: Instant, in zone: TimeZone) -> (time: CivilTime, offsetSeconds: Int) {
    let offset = zone.secondsFromGMT(for: instant.date)
    let local = instant.milliseconds + Int64(offset) * 1000
    let dayMillis: Int64 = 86_400_000
    let days = local >= 0 ? local / dayMillis : (local - dayMillis + 1) / dayMillis
    let within = Int(local - days * dayMillis)
    let (y, m, d) = civil(fromDays: Int(days))
    let time = CivilTime(
      year: y, month: m, day: d, hour: within / 3_600_000, minute: within / 60000 % 60,
      second: within / 1000 % 60, millisecond: within % 1000)!
    return (time, offset)
  }

  /// ISO weekday, Monday = 1 … Sunday = 7.
  public var isoWeekday: Int {
    let days = CivilTime.daysFromEpoch(year: year, month: month, day: day)
    return ((days % 7) + 7 + 3) % 7 + 1  // 1970-01-01 was a Thursday (4)
  }
}
