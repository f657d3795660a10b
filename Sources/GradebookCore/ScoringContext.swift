import Foundation

/// Everything a scorer may read: the course, the roster, groups, the schedule and the current
/// (non-superseded) data of every item. Built once per scoring run; immutable.
public struct ScoringContext: Sendable {
  public var course: CourseConfig
  public var rubric: Rubric
  public var roster: Roster
  public var groups: Groups
  public var schedule: Schedule
  /// Current ratings by item id.
  public var ratings: [String: RatingList]
  /// Comments by item id.
  public var comments: [String: [Comment]]
  /// Uploads by item id (every row; scorers take the earliest: RULES §20).
  public var uploads: [String: [Upload]]
  /// Extensions by student id, then item id (RULES §21).
  public var extensions: [String: [String: TimeSpan]]
  /// Contribution ratings by group id.
  public var contributions: [String: [Contribution]]
  /// The workspace folder (external scorers run there).
  public var workspace: URL
  /// Whether an output will show how each score was reached: a ``TargetScore``'s `evidence`,
  /// `criteria` and `parts` (item detail sheets, reports, `explain`). When `false` (an export of
  /// the *Gradebook* sheet, results.json or LMS files only), a scorer may leave them empty and skip
  /// building them; every score, status and late flag must be the same either way.
  public var detail: Bool
  /// With `detail`, the only students whose detail an output shows (`nil`: every student's):
  /// `explain` and a report for one student score the whole class, since a score may depend on
  /// everyone's ratings, but show one student. Ask ``showsDetail(student:)`` or
  /// ``showsDetail(target:of:)``.
  public var detailStudents: Set<String>?

  /// A context.
  public init(
    course: CourseConfig, rubric: Rubric, roster: Roster, groups: Groups = Groups(memberships: []),
    schedule: Schedule = Schedule(), ratings: [String: RatingList] = [:], comments: [String: [Comment]] = [:],
    uploads: [String: [Upload]] = [:], extensions: [String: [String: TimeSpan]] = [:],
    contributions: [String: [Contribution]] = [:], workspace: URL = URL(fileURLWithPath: "."), detail: Bool = true,
    detailStudents: Set<String>? = nil
  ) {
    (self.course, self.rubric, self.roster, self.groups, self.schedule) = (course, rubric, roster, groups, schedule)
    (self.ratings, self.comments, self.uploads, self.extensions) = (ratings, comments, uploads, extensions)
    (self.contributions, self.workspace, self.detail, self.detailStudents) = (contributions, workspace, detail, detailStudents)
  }

  /// Whether an output will show how this student's score was reached (``detail``, ``detailStudents``).
  public func showsDetail(student: String) -> Bool { detail && (detailStudents?.contains(student) ?? true) }

  /// Whether an output will show how the score of `target` on `item` was reached: a student's, or
  /// for a group item a group's, when any member's is shown.
  public func showsDetail(target: String, of item: Item) -> Bool {
    guard detail else { return false }
    guard let students = detailStudents else { return true }
    switch item.target {
    case .student: return students.contains(target)
    case .group: return (groups.members[target] ?? []).contains(where: students.contains)
    }
  }

  /// A parser/formatter for timestamps in the course zone.
  public var time: TimestampParser { TimestampParser(zone: course.zone) }

  /// The extension a student has on an item (zero if none).
  public func extensionSpan(student: String, item: String) -> TimeSpan { extensions[student]?[item] ?? .zero }

  /// Earliest upload of `item` per student, in one pass.
  public func earliestUploads(item: String) -> [String: Upload] {
    var earliest: [String: Upload] = [:]
    for upload in uploads[item] ?? [] {
      if let current = earliest[upload.student], current.at <= upload.at { continue }
      earliest[upload.student] = upload
    }
    return earliest
  }
}
