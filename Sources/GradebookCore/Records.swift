/// Where a stored value came from: file, physical line and import batch (SPEC §5).
public struct SourceRef: Sendable, Hashable, CustomStringConvertible {
  /// Path relative to the workspace.
  public var path: String
  /// 1-based line where the record starts.
  public var line: Int
  /// The import batch id (0 when not imported).
  public var batch: Int64

  /// A source reference.
  public init(path: String, line: Int, batch: Int64 = 0) { (self.path, self.line, self.batch) = (path, line, batch) }

  /// `path:line`.
  public var description: String { "\(path):\(line)" }
}

/// A rater's role, derived from who they are and whom they rate (RULES §24).
public enum RaterRole: String, Sendable, Hashable, CaseIterable {
  case instructor, ta, peer
  case selfRating = "self"

  /// Instructors and TAs.
  public var isStaff: Bool { self == .instructor || self == .ta }
}

/// One criterion score: `points` out of the criterion's max. Kept small (millions are held at MOOC
/// scale): the item is where it is filed (`ScoringContext.ratings[item]`), and where it came from is
/// in the store (`explain`).
public struct Rating: Sendable, Hashable {
  /// Student or group id the score is about.
  public var target: String
  public var criterion: String
  /// The rater's id: a staff id or a student id.
  public var rater: String
  public var role: RaterRole
  public var points: Double

  /// A rating.
  @inlinable public init(target: String, criterion: String, rater: String, role: RaterRole, points: Double) {
    (self.target, self.criterion, self.rater, self.role, self.points) = (target, criterion, rater, role, points)
  }
}

/// A free-text comment that came with scores.
public struct Comment: Sendable, Hashable {
  public var target: String
  public var item: String
  public var rater: String
  public var role: RaterRole
  public var text: String
  public var source: SourceRef

  /// A comment.
  public init(target: String, item: String, rater: String, role: RaterRole, text: String, source: SourceRef) {
    (self.target, self.item, self.rater, self.role, self.text, self.source) = (target, item, rater, role, text, source)
  }
}

/// An upload of a file for an item.
public struct Upload: Sendable, Hashable {
  public var student: String
  public var item: String
  public var at: Instant
  public var file: String
  public var source: SourceRef

  /// An upload.
  public init(student: String, item: String, at: Instant, file: String = "", source: SourceRef) {
    (self.student, self.item, self.at, self.file, self.source) = (student, item, at, file, source)
  }
}

/// An instructor's decision on one student's item.
public enum AdjustmentAction: Sendable, Hashable {
  /// The item counts for nothing.
  case excuse
  /// The item's percent is replaced (0…100).
  case override(percent: Double)
  /// The item's due time moves later by the span.
  case extend(TimeSpan)

  /// The word used in adjustment files.
  public var word: String {
    switch self {
    case .excuse: "excuse"
    case .override: "override"
    case .extend: "extend"
    }
  }
}

/// An adjustment row: `student_id,item,action,value,reason,by`.
public struct Adjustment: Sendable, Hashable {
  public var student: String
  public var item: String
  public var action: AdjustmentAction
  public var reason: String
  public var by: String
  public var source: SourceRef

  /// An adjustment.
  public init(student: String, item: String, action: AdjustmentAction, reason: String, by: String, source: SourceRef) {
    (self.student, self.item, self.action, self.reason, self.by, self.source) = (student, item, action, reason, by, source)
  }
}

/// A within-group contribution rating: `group_id,rater,ratee,score`.
public struct Contribution: Sendable, Hashable {
  public var group: String
  public var rater: String
  public var ratee: String
  public var score: Double
  public var source: SourceRef

  /// A contribution rating.
  public init(group: String, rater: String, ratee: String, score: Double, source: SourceRef) {
    (self.group, self.rater, self.ratee, self.score, self.source) = (group, rater, ratee, score, source)
  }
}

/// A sign-up: `student_id,registered_at,choice_1[,choice_2,…]`.
public struct Registration: Sendable, Hashable {
  public var student: String
  public var at: Instant
  /// Slot choices in preference order (blank cells skipped).
  public var choices: [SlotID]
  /// Position of the source in `course.yaml` (RULES §15 tie-break).
  public var sourcePosition: Int
  public var source: SourceRef
  /// What will be presented (an optional `paper` or `topic` column), shown in the schedule.
  public var title: String

  /// A registration.
  public init(student: String, at: Instant, choices: [SlotID], sourcePosition: Int = 0, source: SourceRef, title: String = "") {
    (self.student, self.at, self.choices, self.sourcePosition, self.source) = (student, at, choices, sourcePosition, source)
    self.title = title
  }
}
