import Foundation

extension TimestampFormat {
  /// Patterns forms tools and spreadsheets write times in, month first, then day first, then year
  /// first (FORMATS §4).
  static let monthFirst = ["M/d/yyyy H:mm:ss", "M/d/yyyy H:mm", "M/d/yyyy h:mm:ss a", "M/d/yyyy h:mm a", "M/d/yy H:mm:ss", "M/d/yy H:mm"]
  static let dayFirst = [
    "d/M/yyyy H:mm:ss", "d/M/yyyy H:mm", "d/M/yyyy h:mm:ss a", "d/M/yyyy h:mm a", "d.M.yyyy H:mm:ss", "d.M.yyyy H:mm", "d-M-yyyy H:mm:ss",
  ]
  /// (`yyyy/M/d h:mm:ss a O` is Google Forms' downloaded responses: `2026/02/03 10:32:00 PM GMT+8`.)
  static let yearFirst = [
    "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm", "yyyy/M/d h:mm:ss a", "yyyy/M/d h:mm:ss a O", "yyyy/M/d H:mm:ss O", "yyyy年M月d日 H:mm:ss",
    "yyyy年M月d日 H:mm",
  ]

  /// " (…)": what reads `text` when `expected` (a map's format, or ISO 8601 for `nil`) does not:
  /// ISO 8601, or the first common pattern that does, in the day-month order `expected` uses. Only
  /// a hint: which order an export uses is the map's to say, and 3/5 reads both ways.
  public static func hint(for text: String, expected: TimestampFormat?, zone: TimeZone) -> String {
    let parser = TimestampParser(zone: zone)
    if expected != nil, parser.readISO(text).instant != nil { return " (it is ISO 8601: drop 'format' from the map's submitted_at)" }
    let dayFirst = expected?.pattern.first == "d"
    for pattern in (dayFirst ? Self.dayFirst + Self.monthFirst : Self.monthFirst + Self.dayFirst) + Self.yearFirst
    where pattern != expected?.pattern {
      if let format = TimestampFormat(pattern), parser.read(text, format: format).instant != nil {
        // 3/5/2026 is 5 March month first and 3 May day first: the pattern is a guess then.
        let numbers = text.split(whereSeparator: { !$0.isASCII || !$0.isNumber }).prefix(2).compactMap { Int($0) }
        let ambiguous = "Md".contains(pattern.first!) && numbers.count == 2 && numbers.allSatisfy { $0 <= 12 } && numbers[0] != numbers[1]
        let order = pattern.first == "M" ? ", if the month comes first" : ", if the day comes first"
        return " (the format '\(pattern)' reads it\(ambiguous ? order : ""): set it as the map's submitted_at format)"
      }
    }
    return ""
  }
}
