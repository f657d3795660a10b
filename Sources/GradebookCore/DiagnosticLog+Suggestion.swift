extension DiagnosticLog {
  /// How many known names "did you mean" compares a file's unknown names against in all, before it
  /// stops (RULES §47). Each suggestion reads every known name: at 100,000 students a file of
  /// another course, a million rows each naming an unknown student, took hours to report. With
  /// this budget a file of the class's 24 students gets a suggestion at every row of any file
  /// (83,000 of them); at 100,000 students the first 20 rows get one; either way the suggestions
  /// of a file take well under a second.
  public static let suggestionBudget = 2_000_000

  /// ``Suggestion/hint(for:among:)`` while the file's budget lasts; then an empty string, and
  /// once, at `line`, a warning saying so.
  public mutating func hint<C: Collection<String>>(for value: String, among known: C, line: Int?) -> String {
    guard spendSuggestion(known.count, line: line) else { return "" }
    return Suggestion.hint(for: value, among: known)
  }

  /// Takes `names` from the budget for a search among that many known names; `false` (and the
  /// warning, once) when the budget is spent.
  public mutating func spendSuggestion(_ names: Int, line: Int?) -> Bool {
    guard suggestionBudget >= names else {
      if !suggestionsStopped {
        suggestionsStopped = true
        warning(
          line,
          "no more 'did you mean' in this file from here: so many unknown names were looked up (is this file from this course, and the roster current?)"
        )
      }
      return false
    }
    suggestionBudget -= names
    return true
  }
}
