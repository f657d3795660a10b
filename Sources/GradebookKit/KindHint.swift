import GradebookCore

extension InputKind {
  /// The columns a CSV of this kind must have (SPEC §4); a form export read through a map has its
  /// map's columns instead.
  var requiredColumns: [String] {
    switch self {
    case .roster: ["student_id", "name", "email"]
    case .groups: ["group_id", "student_id"]
    case .registrations: ["student_id", "registered_at", "choice_1"]
    case .uploads: ["student_id", "item", "submitted_at"]
    case .scores: ["target", "item", "criterion", "rater", "score"]
    case .adjustments: ["student_id", "item", "action", "value", "reason", "by"]
    case .contributions: ["group_id", "rater", "ratee", "score"]
    }
  }
}

/// What to say when a file's header lacks the columns of the kind it was imported as, but plainly
/// is another kind of file: the uploads file given as `--kind scores`, a Microsoft Forms export
/// given without its map, a long-form scores file given one. One line after the missing-column errors.
enum KindHint {
  /// The hint for `names` (the header, normalised) imported as `kind`, if one fits.
  static func hint(header names: [String], kind: InputKind, map: Bool) -> String? {
    let present = Set(names)
    // A long-form scores file given a map (meant for the form's export): it needs none.
    if map, InputKind.scores.requiredColumns.allSatisfy(present.contains) {
      return "the header is that of long-form scores (\(InputKind.scores.requiredColumns.joined(separator: ", "))): import it without --map"
    }
    let fitting = InputKind.allCases.filter { $0 != kind && $0.requiredColumns.allSatisfy(present.contains) }
    if !map, fitting.count == 1, let other = fitting.first {
      return
        "the header is that of \(other.rawValue) (\(other.requiredColumns.joined(separator: ", "))): import it with --kind \(other.rawValue)"
    }
    // A long-form scores header with a column misspelt (`targt`) is not a form: its missing-column
    // errors already suggest the spelling. A form export has at most one of those columns.
    let scoreColumns = InputKind.scores.requiredColumns.filter(present.contains).count
    if !map, kind == .scores, fitting.isEmpty, !present.contains("target"), scoreColumns <= 1, names.count >= 4 {
      return "a form export (one row a response, one column a question)? read it through a map: --map MAP.yaml (docs/formats.md, \"Map\")"
    }
    return nil
  }
}
