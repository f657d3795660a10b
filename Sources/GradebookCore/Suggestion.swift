/// "Did you mean …": the closest known id to a mistyped one (RULES §47).
public enum Suggestion {
  /// The known value closest to `value`, when it is close enough to be a likely typo: at most one
  /// edit for short ids, at most a quarter of the length for longer ones (a transposition counts once).
  public static func closest<S: Sequence<String>>(to value: String, among known: S) -> String? {
    let target = Array(value.lowercased().unicodeScalars)
    let limit = max(1, target.count / 4)
    var best: (distance: Int, candidate: String)?
    for candidate in known {
      let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars), limit: limit)
      guard distance <= limit else { continue }
      if best == nil || distance < best!.distance
        || (distance == best!.distance && candidate < best!.candidate)
      {
        best = (distance, candidate)
      }
    }
    return best?.candidate
  }

  /// `" (did you mean X?)"` or an empty string.
  public static func hint<S: Sequence<String>>(for value: String, among known: S) -> String {
    closest(to: value, among: known).map { " (did you mean '\($0)'?)" } ?? ""
  }

  /// As `hint`, for a short fixed list of words (weekdays, roles, scorers, actions): a value that
  /// begins exactly one of them, as an abbreviation does (`tues`, `instr`, `presentation`), is
  /// offered that word too.
  public static func hint(for value: String, amongWords words: [String]) -> String {
    if let typo = closest(to: value, among: words) { return " (did you mean '\(typo)'?)" }
    let start = value.lowercased()
    let begun = start.count < 2 ? [] : words.filter { $0.lowercased().hasPrefix(start) }
    return begun.count == 1 ? " (did you mean '\(begun[0])'?)" : ""
  }

  /// Optimal string alignment distance, giving up (returning `limit + 1`) once it exceeds `limit`.
  static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
    if abs(a.count - b.count) > limit { return limit + 1 }
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      var rowMin = current[0]
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          value = min(value, previous2[j - 2] + 1)
        }
        current[j] = value
        rowMin = min(rowMin, value)
      }
      if rowMin > limit { return limit + 1 }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
  }
}
