import GradebookCore

extension Criterion {
  /// Whether a file's scores of this criterion look given on a smaller scale than its max: 10 or
  /// more of them, none above half a max of 2 or more (a 1–5 question for a criterion out of 10
  /// halves every score, silently). The long-form and the forms readers warn on it alike.
  func looksScaledDown(highest: Double, count: Int) -> Bool { max >= 2 && count >= 10 && highest <= max / 2 }
}
