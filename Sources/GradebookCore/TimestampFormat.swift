import Foundation

/// A Unicode LDML date pattern as a map's `submitted_at.format` writes it (FORMATS §4).
///
/// Supported fields: `yyyy`, `yy`, `M`/`MM`/`MMM`, `d`/`dd`, `H`/`HH`, `h`/`hh` with `a`, `m`/`mm`,
/// `s`/`ss`, `S…`, `Z`/`X`/`x`, `O`/`OOOO` (`GMT+8`), and `'quoted literals'`. Parsing validates
/// every field.
public struct TimestampFormat: Sendable, Hashable {
  enum Token: Sendable, Hashable {
    case year(width: Int), month(width: Int), day(width: Int)
    case hour24(width: Int), hour12(width: Int), ampm, minute(width: Int), second(width: Int)
    case fraction, offset
    /// A localized GMT offset, `GMT+8` (LDML `O`).
    case gmtOffset
    /// Text to match byte for byte (its UTF-8: a Chinese-locale export writes `2026年3月5日`).
    case literal([UInt8])
  }

  let tokens: [Token]
  /// The pattern as written.
  public let pattern: String

  /// Compiles `pattern`; `nil` when it uses a field this reader does not support.
  public init?(_ pattern: String) {
    self.pattern = pattern
    var tokens: [Token] = []
    let chars = Array(pattern)
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if c == "'" {
        var literal = ""
        i += 1
        while i < chars.count, chars[i] != "'" {
          literal.append(chars[i])
          i += 1
        }
        guard i < chars.count else { return nil }
        i += 1
        tokens.append(.literal(Array((literal.isEmpty ? "'" : literal).utf8)))
        continue
      }
      guard c.isLetter else {
        tokens.append(.literal(Array(String(c).utf8)))
        i += 1
        continue
      }
      var width = 1
      while i + width < chars.count, chars[i + width] == c { width += 1 }
      i += width
      switch c {
      case "y": guard width == 2 || width == 4 else { return nil }; tokens.append(.year(width: width))
      case "M": guard width <= 3 else { return nil }; tokens.append(.month(width: width))
      case "d": guard width <= 2 else { return nil }; tokens.append(.day(width: width))
      case "H": guard width <= 2 else { return nil }; tokens.append(.hour24(width: width))
      case "h": guard width <= 2 else { return nil }; tokens.append(.hour12(width: width))
      case "a": tokens.append(.ampm)
      case "m": guard width <= 2 else { return nil }; tokens.append(.minute(width: width))
      case "s": guard width <= 2 else { return nil }; tokens.append(.second(width: width))
      case "S": tokens.append(.fraction)
      case "Z", "X", "x": tokens.append(.offset)
      case "O": guard width == 1 || width == 4 else { return nil }; tokens.append(.gmtOffset)
      default: return nil
      }
    }
    self.tokens = tokens
  }

  static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

  /// Parses `text`; naive results are wall-clock time in `zone`.
  public func parse(_ text: String, zone: TimeZone) -> Instant? { read(text, zone: zone).instant }

  /// Reads `text`: an instant, the text has this shape but names no real time (why, in words), or
  /// it does not have this shape.
  public func read(_ text: String, zone: TimeZone) -> TimestampReading {
    var s = Scanner(Array(text.utf8))
    var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0
    var pm: Bool?
    var twelveHour = false
    var offset: Int?
    for token in tokens {
      switch token {
      case .year(let width):
        guard let y = s.digits(exactly: width) else { return .mismatch }
        year = width == 2 ? 2000 + y : y
      case .month(let width):
        if width == 3 {
          guard s.index + 3 <= s.bytes.count,
            let name = String(bytes: s.bytes[s.index..<s.index + 3], encoding: .utf8),
            let m = Self.monthNames.firstIndex(of: name.lowercased())
          else { return .mismatch }
          month = m + 1
          s.index += 3
        } else {
          guard let m = width == 2 ? s.digits(exactly: 2) : s.digits(max: 2) else { return .mismatch }
          month = m
        }
      case .day(let width): guard let v = width == 2 ? s.digits(exactly: 2) : s.digits(max: 2) else { return .mismatch }; day = v
      case .hour24(let width): guard let v = width == 2 ? s.digits(exactly: 2) : s.digits(max: 2) else { return .mismatch }; hour = v
      case .hour12(let width):
        guard let v = width == 2 ? s.digits(exactly: 2) : s.digits(max: 2), (1...12).contains(v) else { return .mismatch }
        hour = v
        twelveHour = true
      case .ampm:
        if s.take("A") || s.take("a") { pm = false } else if s.take("P") || s.take("p") { pm = true } else { return .mismatch }
        guard s.take("M") || s.take("m") else { return .mismatch }
      case .minute(let width): guard let v = width == 2 ? s.digits(exactly: 2) : s.digits(max: 2) else { return .mismatch }; minute = v
      case .second(let width): guard let v = width == 2 ? s.digits(exactly: 2) : s.digits(max: 2) else { return .mismatch }; second = v
      case .fraction: guard let v = s.fraction() else { return .mismatch }; millis = v
      case .offset: guard let v = s.offset() else { return .mismatch }; offset = v
      case .gmtOffset: guard let v = s.gmtOffset() else { return .mismatch }; offset = v
      case .literal(let literal):
        guard s.take(literal) else { return .mismatch }
      }
    }
    guard s.atEnd else { return .mismatch }
    if twelveHour {
      guard let pm else { return .mismatch }
      hour = hour % 12 + (pm ? 12 : 0)
    }
    return TimestampReading(
      year: year, month: month, day: day, hour: hour, minute: minute, second: second, millisecond: millis, offset: offset, zone: zone)
  }
}
