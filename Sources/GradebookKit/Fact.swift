import GradebookCore

/// A validated input row, as the store keeps it: one table for every kind, with these columns
/// (unused ones `nil`):
///
/// | kind | subject | item | criterion | rater | number | at | text | extra |
/// |---|---|---|---|---|---|---|---|---|
/// | roster | student | | | | | | name | email |
/// | groups | student | | | | | | | group |
/// | registrations | student | | | | | registered_at | | choices `W05-1,W06-2` |
/// | uploads | student | item | | | | submitted_at | file | |
/// | scores | target | item | criterion (`""` for a comment) | rater id | points (nil: comment only) | submitted_at | comment | |
/// | adjustments | student | item | action | by | percent or extension ms | | reason | |
/// | contributions | group | | ratee | rater | score | | | |
///
/// `key` identifies what a later row supersedes (SPEC §5): e.g. `target|item|criterion|rater` for scores.
public struct Fact: Sendable, Hashable {
  public var kind: InputKind
  public var line: Int
  public var key: String
  public var subject: String
  public var item: String? = nil
  public var criterion: String? = nil
  public var rater: String? = nil
  public var number: Double? = nil
  public var at: Int64? = nil
  public var text: String? = nil
  public var extra: String? = nil

  /// A fact of `kind` at `line` about `subject`.
  public init(_ kind: InputKind, line: Int, key: String, subject: String) {
    (self.kind, self.line, self.key, self.subject) = (kind, line, key, subject)
  }
}

/// A key from parts, joined by a separator that never occurs in ids.
func factKey(_ parts: String...) -> String { parts.joined(separator: "|") }
