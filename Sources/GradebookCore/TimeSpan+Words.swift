extension TimeSpan {
  /// Unit words people write, by the letter a duration uses for them.
  private static let unitWords: [String: String] = [
    "w": "w", "wk": "w", "wks": "w", "week": "w", "weeks": "w",
    "d": "d", "day": "d", "days": "d",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "m": "m", "min": "m", "mins": "m", "minute": "m", "minutes": "m",
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
  ]

  /// The compact form (RULES §12) of a duration written in words, in capitals or with spaces:
  /// `1 day` → `1d`, `2 days, 12 hours` → `2d12h`, `1d 12h` → `1d12h`, `48H` → `48h`. `nil` when
  /// the text is not such a duration. Only offered ("did you mean"), never read as one: a word the
  /// table lacks must not silently become a different length.
  public static func compactForm(of text: String) -> String? {
    var tokens: [String] = []
    var current = ""
    var currentIsNumber = false
    for ch in text.lowercased() {
      let isNumber = ch.isASCII && (ch.isNumber || ch == ".")
      let isLetter = ch.isASCII && ch.isLetter
      if !current.isEmpty && (!(isNumber || isLetter) || isNumber != currentIsNumber) {
        tokens.append(current)
        current = ""
      }
      if isNumber || isLetter {
        current.append(ch)
        currentIsNumber = isNumber
      } else if ch != " " && ch != "," {
        return nil
      }
    }
    if !current.isEmpty { tokens.append(current) }
    tokens.removeAll { $0 == "and" }
    guard !tokens.isEmpty, tokens.count % 2 == 0 else { return nil }
    var compact = ""
    for pair in stride(from: 0, to: tokens.count, by: 2) {
      guard Double(tokens[pair]) != nil, let unit = unitWords[tokens[pair + 1]] else { return nil }
      compact += tokens[pair] + unit
    }
    guard compact != text, TimeSpan(parsing: compact) != nil else { return nil }
    return compact
  }
}
