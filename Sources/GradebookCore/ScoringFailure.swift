/// An error a scorer throws when what the course set up for it fails, not gradebook: a program an
/// external scorer runs that exits with an error, answers in the wrong shape or too late. Commands
/// report it at the item's line in the rubric, as an input error (exit 1, nothing written), rather
/// than as an internal failure.
public protocol CourseScorerError: Error, CustomStringConvertible {}

/// A scorer's error, with the item it was scoring and where the rubric declares that item.
public struct ScoringFailure: Error, CustomStringConvertible {
  /// The item whose scorer threw.
  public var item: String
  /// The rubric file and the item's line in it.
  public var path: String
  public var line: Int
  /// What the scorer threw.
  public var underlying: any Error

  /// Wraps what `item`'s scorer threw.
  public init(item: Item, in rubric: Rubric, underlying: any Error) {
    self.item = item.id
    self.path = rubric.path
    self.line = item.line
    self.underlying = underlying
  }

  /// Whether the course's own set-up failed (``CourseScorerError``) rather than gradebook.
  public var isCourseError: Bool { underlying is any CourseScorerError }

  /// `path:line: error: item 'x' could not be scored: …`.
  public var diagnostic: Diagnostic {
    Diagnostic(.error, path: path, line: line, "item '\(item)' could not be scored: \(underlying)")
  }

  public var description: String { diagnostic.description }
}
