import Foundation
import GRDB
import GradebookCore

/// The current data of a course, read from the store: for each key, the fact that supersedes the
/// others (a later source in `course.yaml` order, then a later batch: RULES §26).
public struct CourseState: Sendable {
  public var groups: Groups
  public var registrations: [Registration]
  public var schedule: Schedule
  public var ratings: [String: RatingList]
  public var comments: [String: [Comment]]
  public var uploads: [String: [Upload]]
  public var adjustments: [Adjustment]
  public var contributions: [String: [Contribution]]
  /// Batches by id.
  public var batches: [Int64: Batch]
  /// What stored scores name that the course no longer has (``StaleReference``), earliest first.
  public var stale: [StaleReference] = []
  /// Students in no group while the rubric scores items per group (``UngroupedStudents``).
  var ungrouped: UngroupedStudents?
  /// Targets rated for a talk without a slot for it (``UnslottedTalks``).
  var unslotted: [UnslottedTalks] = []

  /// What scoring this state should tell the user about its stored data: its stale references
  /// (``StaleReference/diagnostics(_:)``), warnings and, for scores above their max, errors.
  public var diagnostics: [Diagnostic] { StaleReference.diagnostics(stale) }

  /// What scoring this state should tell the user about the course as it stands: the students whom
  /// no group takes in (``UngroupedStudents``), and targets rated for a talk they hold no slot for
  /// (``UnslottedTalks``).
  public var courseWarnings: [Diagnostic] { (ungrouped.map { [$0.diagnostic] } ?? []) + unslotted.map(\.diagnostic) }

  /// Whether a stored score cannot be read under the rubric as it is now (``StaleReference/isError``):
  /// no gradebook should be written from this state.
  public var hasErrors: Bool { stale.contains(where: \.isError) }

  /// Reads what validating a file needs: the groups, and when `needed`, the schedule (placed from
  /// the registrations).
  static func loadForValidation(_ db: Database, workspace: Workspace, schedule needed: Bool) throws -> (Groups, Schedule?) {
    let reader = try CurrentFacts(db, workspace: workspace)
    let groups = try reader.groups(db)
    guard needed else { return (groups, nil) }
    let registrations = try reader.registrations(db)
    return (groups, Schedule.build(course: workspace.config, groups: groups, registrations: registrations))
  }

  /// Reads everything scoring needs; comments (only reports show them) when `comments` is true.
  ///
  /// `storePath`: the store file whose committed contents `db` reads; given, the scores are read
  /// on a second thread through a second connection (``FactReadAhead``). Leave it out inside a
  /// transaction that has changed the store (a dry run).
  ///
  /// `scores`: false leaves out the scores and comments (ratings and comments come back empty), for
  /// what shows only the schedule, uploads and adjustments (`gradebook schedule`: at 100,000
  /// students the scores were nine-tenths of its time and memory).
  public static func load(
    _ db: Database, workspace: Workspace, comments loadComments: Bool = true, storePath: String? = nil, scores loadScores: Bool = true
  ) throws -> CourseState {
    let reader = try CurrentFacts(db, workspace: workspace)
    // The scores' reading thread starts now, while this one loads groups and the schedule.
    let ahead = loadScores ? storePath.map { CurrentFacts.ReadingAhead(reader, .scores, path: $0, comments: loadComments) } : nil
    defer { ahead?.cancel() }
    let groups = try reader.groups(db)
    let registrations = try reader.registrations(db)
    let schedule = Schedule.build(course: workspace.config, groups: groups, registrations: registrations)
    // Per fact, no string is hashed where it can be helped (4.8 million scores at 100,000 students):
    // items by position, the last item remembered (a file's facts come item by item), staff found
    // in a short list.
    let items = workspace.rubric.items
    var ratingsByItem = [ChunkedBuffer<RatingList.Row>](repeating: ChunkedBuffer(), count: items.count)
    var namesByItem = [RatingList.Names](repeating: RatingList.Names(), count: items.count)
    var commentsByItem = [ChunkedBuffer<Comment>](repeating: ChunkedBuffer(), count: items.count)
    var lastItem: (id: String, position: Int)?
    let staff = workspace.config.staff
    var unknownItemScores = 0
    func visit(_ stored: StoredFact) {
      let f = stored.fact
      guard let itemID = f.item, let rater = f.rater else { return }
      let position: Int
      if let lastItem, lastItem.id == itemID {
        position = lastItem.position
      } else {
        guard let found = items.firstIndex(where: { $0.id == itemID }) else {
          if f.number != nil { unknownItemScores += 1 }
          return
        }
        (position, lastItem) = (found, (itemID, found))
      }
      let role: RaterRole
      if let member = staff.first(where: { $0.id == rater }) {
        role = member.role == .instructor ? .instructor : .ta
      } else if items[position].target == .student ? rater == f.subject : groups.groupOf[rater] == f.subject {
        role = .selfRating
      } else {
        role = .peer
      }
      if let points = f.number, let criterion = f.criterion, !criterion.isEmpty {
        ratingsByItem[position].append(
          namesByItem[position].row(target: f.subject, criterion: criterion, rater: rater, role: role, points: points))
      }
      if loadComments, let text = f.text, !text.isEmpty {
        commentsByItem[position].append(
          Comment(target: f.subject, item: itemID, rater: rater, role: role, text: text, source: reader.source(stored)))
      }
    }
    if let ahead {
      try ahead.forEach(visit)
    } else if loadScores {
      try reader.forEachCurrent(db, .scores, visit)
    }
    var ratings: [String: RatingList] = [:]
    var comments: [String: [Comment]] = [:]
    for (position, item) in items.enumerated() {
      if !ratingsByItem[position].isEmpty {
        ratings[item.id] = RatingList(names: namesByItem[position], rows: ratingsByItem[position].joined())
        namesByItem[position] = RatingList.Names()  // its look-up table is not needed any more
      }
      if !commentsByItem[position].isEmpty { comments[item.id] = commentsByItem[position].joined() }
    }
    var uploads: [String: [Upload]] = [:]
    try reader.forEachCurrent(db, .uploads) { stored in
      let f = stored.fact
      guard let item = f.item, let at = f.at else { return }
      uploads[item, default: []].append(
        Upload(student: f.subject, item: item, at: Instant(milliseconds: at), file: f.text ?? "", source: reader.source(stored)))
    }
    var adjustments: [Adjustment] = []
    try reader.forEachCurrent(db, .adjustments) { stored in
      let f = stored.fact
      guard let item = f.item else { return }
      let action: AdjustmentAction
      switch f.criterion {
      case "excuse": action = .excuse
      case "override": action = .override(percent: f.number ?? 0)
      case "extend": action = .extend(TimeSpan(milliseconds: Int64(f.number ?? 0)))
      default: return
      }
      adjustments.append(
        Adjustment(student: f.subject, item: item, action: action, reason: f.text ?? "", by: f.rater ?? "", source: reader.source(stored)))
    }
    var contributions: [String: [Contribution]] = [:]
    try reader.forEachCurrent(db, .contributions) { stored in
      let f = stored.fact
      contributions[f.subject, default: []].append(
        Contribution(group: f.subject, rater: f.rater ?? "", ratee: f.criterion ?? "", score: f.number ?? 0, source: reader.source(stored)))
    }
    var state = CourseState(
      groups: groups, registrations: registrations, schedule: schedule, ratings: ratings, comments: comments,
      uploads: uploads, adjustments: adjustments, contributions: contributions, batches: reader.batches)
    state.stale = try StaleReference.all(in: state, db, reader, workspace: workspace, unknownItemScores: unknownItemScores)
    state.ungrouped = UngroupedStudents.find(workspace: workspace, groups: groups, adjustments: adjustments, batches: state.batches)
    state.unslotted = UnslottedTalks.find(workspace: workspace, schedule: schedule, ratings: ratings)
    return state
  }

  /// The document date for outputs: `SOURCE_DATE_EPOCH` if set, else the latest instant in the data
  /// (never the clock), so equal inputs give byte-identical files.
  public var documentDate: Date {
    if let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = Double(text) {
      return Date(timeIntervalSince1970: seconds)
    }
    var latest: Instant?
    for uploads in uploads.values { for upload in uploads { latest = max(latest ?? upload.at, upload.at) } }
    for registration in registrations { latest = max(latest ?? registration.at, registration.at) }
    return latest.map { Date(timeIntervalSince1970: Double($0.milliseconds / 1000)) } ?? Date(timeIntervalSince1970: 946_684_800)
  }

  /// Extensions by student and item.
  public var extensions: [String: [String: TimeSpan]] {
    var result: [String: [String: TimeSpan]] = [:]
    for adjustment in adjustments {
      if case .extend(let span) = adjustment.action { result[adjustment.student, default: [:]][adjustment.item] = span }
    }
    return result
  }

  /// Excuses and overrides by student and item.
  public var decisions: [String: [String: ItemDecision]] {
    var result: [String: [String: ItemDecision]] = [:]
    for adjustment in adjustments {
      switch adjustment.action {
      case .excuse: result[adjustment.student, default: [:]][adjustment.item, default: ItemDecision()].excuse = adjustment
      case .override: result[adjustment.student, default: [:]][adjustment.item, default: ItemDecision()].override = adjustment
      case .extend: break
      }
    }
    return result
  }
}
