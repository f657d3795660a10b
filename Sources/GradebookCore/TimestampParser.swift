import Foundation

/// What reading a timestamp gave.
public enum TimestampReading: Sendable, Equatable {
  case instant(Instant)
  /// The text has the expected shape but names no real time (`2/30/2026`): why, in words.
  case impossible(String)
  /// The text does not have the expected shape.
  case mismatch

  /// The instant read, if any.
  public var instant: Instant? {
    if case .instant(let instant) = self { return instant }
    return nil
  }

  /// The reading of fields a parser took from a text of the right shape: an instant (exact with an
  /// offset, else wall-clock time in `zone`), or why the fields name no real time.
  init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int, offset: Int?, zone: TimeZone) {
    guard let civil = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second, millisecond: millisecond)
    else {
      self = .impossible(
        CivilTime.problem(year: year, month: month, day: day, hour: hour, minute: minute, second: second, millisecond: millisecond)
          ?? "")
      return
    }
    self = .instant(offset.map { civil.instant(offsetSeconds: $0) } ?? civil.instant(in: zone))
  }
}

/// Reads timestamps strictly: ISO 8601 (RULES §12) or an LDML pattern a map declares (FORMATS §4).
///
/// Naive values are wall-clock time in the course zone; values with an offset are exact.
/// Impossible dates and times are refused, never rolled over.
public struct TimestampParser: Sendable {
  /// The zone naive timestamps are read in.
  public let zone: TimeZone

  /// Short zone names for display (`HKT`, `GMT`/`BST`), when a locale knows a letter one.
  let standardLabel: String?
  let daylightLabel: String?

  /// A parser for the course zone.
  public init(zone: TimeZone) {
    self.zone = zone
    standardLabel = Self.letterName(zone, .shortStandard)
    daylightLabel = Self.letterName(zone, .shortDaylightSaving)
  }

  /// The first all-letter short name of the zone in a few English locales (ICU gives `HKT` only
  /// for `en_HK`, `BST` only for `en_GB`).
  static func letterName(_ zone: TimeZone, _ style: NSTimeZone.NameStyle) -> String? {
    for locale in ["en_US", "en_GB", "en_HK", "en_AU", "en_SG", "en_IN"] {
      if let name = zone.localizedName(for: style, locale: Locale(identifier: locale)), !name.isEmpty, name.allSatisfy(\.isLetter) {
        return name
      }
    }
    return nil
  }

  /// Parses ISO 8601: `2026-01-30T23:59`, `2026-01-30 23:59:05.250+08:00`, `2026-01-30` (= 00:00),
  /// offsets `Z`, `+08:00`, `+0800`, `+08`. Returns `nil` for anything else.
  public func parseISO(_ text: String) -> Instant? { readISO(text).instant }

  /// Reads ISO 8601 as `parseISO` does, saying why a well-formed text names no real time.
  public func readISO(_ text: String) -> TimestampReading {
    var s = Scanner(Array(text.trimmedASCII.utf8))
    guard let year = s.digits(exactly: 4), s.take("-"), let month = s.digits(exactly: 2), s.take("-"),
      let day = s.digits(exactly: 2)
    else { return .mismatch }
    var hour = 0, minute = 0, second = 0, millisecond = 0
    if s.take("T") || s.take(" ") {
      guard let h = s.digits(exactly: 2), s.take(":"), let m = s.digits(exactly: 2) else { return .mismatch }
      (hour, minute) = (h, m)
      if s.take(":") {
        guard let sec = s.digits(exactly: 2) else { return .mismatch }
        second = sec
        if s.take(".") || s.take(",") {
          guard let fraction = s.fraction() else { return .mismatch }
          millisecond = fraction
        }
      }
    }
    // The shape first: a wrong tail is a mismatch, not an impossible date.
    var offset: Int?
    if !s.atEnd {
      guard let o = s.offset(), s.atEnd else { return .mismatch }
      offset = o
    }
    return TimestampReading(
      year: year, month: month, day: day, hour: hour, minute: minute, second: second, millisecond: millisecond, offset: offset, zone: zone)
  }

  /// Reads an Excel serial date-time (`46241.5` = 2026-08-07 12:00), as a spreadsheet that
  /// reformatted a time column writes it: days since 1899-12-30, wall clock in the course zone.
  public func parseExcelSerial(_ text: String) -> Instant? {
    let s = text.trimmedASCII
    guard !s.isEmpty, s.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }), let serial = Double(s),
      serial >= 1, serial < 2_958_466
    else { return nil }
    let days = Int(serial.rounded(.down))
    let millis = Int(((serial - Double(days)) * 86_400_000).rounded())
    let (y, m, d) = CivilTime.civil(fromDays: CivilTime.daysFromEpoch(year: 1899, month: 12, day: 30) + days + millis / 86_400_000)
    let within = millis % 86_400_000
    guard
      let civil = CivilTime(
        year: y, month: m, day: d, hour: within / 3_600_000, minute: within / 60_000 % 60, second: within / 1000 % 60,
        millisecond: within % 1000)
    else { return nil }
    return civil.instant(in: zone)
  }

  /// Parses `text` with an LDML pattern such as `M/d/yyyy H:mm:ss` or `dd/MM/yyyy HH:mm:ss`.
  public func parse(_ text: String, format: TimestampFormat) -> Instant? { read(text, format: format).instant }

  /// Reads `text` with an LDML pattern, saying why a text of that shape names no real time.
  public func read(_ text: String, format: TimestampFormat) -> TimestampReading {
    format.read(text.trimmedASCII, zone: zone)
  }

  /// Reads a time cell of an imported file: with `format` (ISO 8601 when there is none), else as
  /// the Excel serial number a spreadsheet may have turned it into.
  public func readCell(_ text: String, format: TimestampFormat? = nil) -> TimestampReading {
    let reading = format.map { read(text, format: $0) } ?? readISO(text)
    guard reading == .mismatch, let serial = parseExcelSerial(text) else { return reading }
    return .instant(serial)
  }

  /// Formats an instant for people: `2026-03-02 14:10 HKT` (seconds shown when not zero).
  public func display(_ instant: Instant) -> String {
    let (t, offset) = CivilTime.at(instant, in: zone)
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    let year = t.year >= 0 && t.year < 1000 ? String(repeating: "0", count: 4 - String(t.year).count) + String(t.year) : String(t.year)
    var text = "\(year)-\(two(t.month))-\(two(t.day)) \(two(t.hour)):\(two(t.minute))"
    if t.second != 0 || t.millisecond != 0 { text += ":" + two(t.second) }
    return text + " " + zoneLabel(offsetSeconds: offset, at: instant)
  }

  /// The zone's short name at `instant` (`HKT`, `GMT`, `BST`), else the offset (`+08:00`).
  func zoneLabel(offsetSeconds: Int, at instant: Instant) -> String {
    if let label = zone.isDaylightSavingTime(for: instant.date) ? daylightLabel : standardLabel { return label }
    let sign = offsetSeconds < 0 ? "-" : "+"
    let magnitude = abs(offsetSeconds)
    return String(format: "%@%02d:%02d", sign, magnitude / 3600, magnitude / 60 % 60)
  }
}

/// A byte cursor used by the timestamp parsers.
struct Scanner {
  let bytes: [UInt8]
  var index = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  var atEnd: Bool { index == bytes.count }

  /// Takes an ASCII character (the ISO forms' separators, `AM`/`PM`, an offset's sign).
  mutating func take(_ character: Unicode.Scalar) -> Bool {
    guard character.isASCII, index < bytes.count, bytes[index] == UInt8(character.value) else { return false }
    index += 1
    return true
  }

  /// Takes `literal`'s bytes (any UTF-8) if they come next.
  mutating func take(_ literal: [UInt8]) -> Bool {
    guard index + literal.count <= bytes.count, bytes[index..<index + literal.count].elementsEqual(literal) else { return false }
    index += literal.count
    return true
  }

  mutating func digits(exactly count: Int) -> Int? {
    guard index + count <= bytes.count else { return nil }
    var value = 0
    for byte in bytes[index..<index + count] {
      guard (0x30...0x39).contains(byte) else { return nil }
      value = value * 10 + Int(byte - 0x30)
    }
    index += count
    return value
  }

  /// One or more digits, at most `max`.
  mutating func digits(min: Int = 1, max: Int) -> Int? {
    var value = 0
    var count = 0
    while index < bytes.count, count < max, (0x30...0x39).contains(bytes[index]) {
      value = value * 10 + Int(bytes[index] - 0x30)
      index += 1
      count += 1
    }
    return count >= min ? value : nil
  }

  /// Fraction digits as milliseconds (extra digits truncated).
  mutating func fraction() -> Int? {
    var millis = 0
    var count = 0
    while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
      if count < 3 { millis = millis * 10 + Int(bytes[index] - 0x30) }
      count += 1
      index += 1
    }
    guard count > 0 else { return nil }
    for _ in count..<max(count, 3) { millis *= 10 }
    return millis
  }

  /// U+2212 MINUS SIGN, which some locales write in an offset.
  static let minusSign = Array("\u{2212}".utf8)

  /// LDML's localized GMT offset (`O`, `OOOO`): `GMT` (or `UTC`, any case) alone for zero, or
  /// followed by a sign, one or two digits of hours and optionally `:mm` — `GMT+8`, `GMT-03:30`,
  /// as Google Forms' downloaded responses write their times (`2026/02/03 10:32:00 PM GMT+8`).
  mutating func gmtOffset() -> Int? {
    guard index + 3 <= bytes.count else { return nil }
    // Compared byte by byte, lower-cased (no array made for each of a form's 800,000 times).
    let (a, b, c) = (bytes[index] | 0x20, bytes[index + 1] | 0x20, bytes[index + 2] | 0x20)
    guard
      (a, b, c) == (UInt8(ascii: "g"), UInt8(ascii: "m"), UInt8(ascii: "t"))
        || (a, b, c) == (UInt8(ascii: "u"), UInt8(ascii: "t"), UInt8(ascii: "c"))
    else { return nil }
    index += 3
    if take("+") { return offsetAfterSign(negative: false, hourDigits: 1, bareMinutes: false) }
    if take("-") || take(Self.minusSign) { return offsetAfterSign(negative: true, hourDigits: 1, bareMinutes: false) }
    return 0
  }

  /// `Z`, `+08:00`, `+0800` or `+08`, as seconds east of UTC.
  mutating func offset() -> Int? {
    if take("Z") || take("z") { return 0 }
    if take("+") { return offsetAfterSign(negative: false, hourDigits: 2, bareMinutes: true) }
    if take("-") { return offsetAfterSign(negative: true, hourDigits: 2, bareMinutes: true) }
    return nil
  }

  /// What follows an offset's sign, as seconds east of UTC: `hourDigits` to two digits of hours
  /// (at most 18), then `:mm`, or `mm` without the colon where `bareMinutes`.
  private mutating func offsetAfterSign(negative: Bool, hourDigits: Int, bareMinutes: Bool) -> Int? {
    guard let hours = digits(min: hourDigits, max: 2), hours <= 18 else { return nil }
    var minutes = 0
    if take(":") {
      guard let m = digits(exactly: 2) else { return nil }
      minutes = m
    } else if bareMinutes, let m = digits(exactly: 2) {
      minutes = m
    }
    guard minutes < 60 else { return nil }
    let seconds = hours * 3600 + minutes * 60
    return negative ? -seconds : seconds
  }
}
