import Foundation
import GradebookCore

/// Reads a wide form export through a ``FormMap``: each response row gives one score per non-blank
/// criterion cell, with the row's target, rater and comment (FORMATS §4, RULES §25–27).
struct WideScoreFacts: FactParser {
  let context: ValidationContext
  let map: FormMap
  let item: Item
  var duplicates: ResponseGuard
  var requiredColumns: [String] { map.columns.map(TableReader.normalize) }
  /// Only the map's columns: a forms export may repeat a question's text the map does not read.
  func reads(_ column: String) -> Bool { requiredColumns.contains(column) }
  /// The column as the map writes it, what it is for and the map's line: `'Email' (the rater, maps/forms.yaml:4)`.
  func origin(ofColumn column: String) -> String? {
    map.origins.first { TableReader.normalize($0.column) == column }.map { "'\($0.column)' (\($0.origin))" }
  }
  /// The map's column names, normalised once.
  let criterionColumns: [(id: String, column: String)]
  /// The rubric's criterion for each of those columns (`nil` for an id the item lacks).
  let columnCriteria: [Criterion?]
  let raterColumn: String, targetColumn: String
  let commentColumn: String?, submittedColumn: String?
  /// Built when the map matches people by name, else when a check first needs it (``nameIndex()``).
  var names: Roster.NameIndex?
  /// The highest score and the number of scores of each criterion column, for ``finish(log:)``.
  var highest: [Double], scored: [Int]

  /// Hints for submitted times the map's format does not read, by shape (``timeHint(_:)``).
  var timeHints: [String: String] = [:]
  /// Each slot's start (milliseconds) by its place in the item's track, once its first cell was
  /// compared with the schedule (``checkNamedPresenter(_:after:slot:holder:line:log:)``):
  /// `Int64.min` before.
  var talkStarts: [Int64] = []
  /// The start of the talk the row being read rates.
  var talkStart: Int64 = .min
  /// Each week's class start (milliseconds) by its place in the track, once asked: a slot starts
  /// `slot_minutes` after another (converting each of 100,000 slots' wall-clock start in the zone
  /// was a twentieth of a forms import).
  var weekStarts: [Int64] = []
  /// Responses submitted before the talk they rate began: how many, and the first.
  var early: (count: Int, first: (line: Int, cell: String, start: Int64, at: Int64)?) = (0, nil)
  /// Whether each roster student's first response's `Name` was compared with the roster
  /// (``checkRaterName(_:position:email:line:)``), by roster position; empty unless the map finds
  /// raters by e-mail.
  var nameChecked: [Bool]
  /// Raters whose e-mail the roster gives to one student while the form's `Name` is another's: how
  /// many, and the first.
  var misnamed: (count: Int, first: (line: Int, email: String, rater: Student, named: Student)?) = (0, nil)
  /// The map's columns' positions in this file, found at its first row.
  private var positions: Positions?

  private struct Positions {
    var criteria: [Int?]
    var rater: Int?, target: Int?, comment: Int?, submitted: Int?
    /// A `Name` column the map does not read (Microsoft Forms writes the account's name there):
    /// read only to explain an unknown rater e-mail and to compare with the roster's name.
    var name: Int?
  }

  init(context: ValidationContext, map: FormMap) {
    self.context = context
    self.map = map
    self.item = context.workspace.rubric.item(map.item)!
    criterionColumns = map.criteria.map { ($0.id, TableReader.normalize($0.column)) }
    columnCriteria = map.criteria.map { [item] in item.criterion($0.id) }
    duplicates = ResponseGuard(criterionIDs: map.criteria.map(\.id))
    (highest, scored) = (Array(repeating: 0, count: map.criteria.count), Array(repeating: 0, count: map.criteria.count))
    raterColumn = TableReader.normalize(map.rater.column)
    targetColumn = TableReader.normalize(map.target.column)
    commentColumn = map.comment.map(TableReader.normalize)
    submittedColumn = map.submittedAt.map(TableReader.normalize)
    names = map.rater.match == .name || map.target.match == .name ? Roster.NameIndex(context.roster) : nil
    nameChecked = map.rater.match == .email ? Array(repeating: false, count: context.roster.students.count) : []
  }

  /// A response checked on the reading thread: what ``settle(_:log:store:into:)`` needs to look
  /// for an earlier answer of the same criteria and to write the stored row (building the row
  /// here, on the busier reading thread, made a forms import slower).
  struct Response {
    var line: Int
    var target: String, rater: String
    /// The scored criteria's points, by their columns' positions in the map.
    var points: ResponsePoints
    var at: Int64?
    var comment: String?
  }

  /// On the storing thread: the response's row, unless a criterion was answered before by the same
  /// rater for the same target (RULES §46: an error at the later row; the first stands).
  mutating func settle(_ response: Response?, log: inout DiagnosticLog, store: Bool, into writer: inout FactWriter) throws {
    guard let response else { return }
    guard
      duplicates.first(
        target: response.target, item: item.id, rater: response.rater, mask: response.points.mask, line: response.line, log: &log),
      store
    else { return }
    try writer.writeResponse(
      line: response.line, target: response.target, item: item.id, rater: response.rater, criteria: duplicates.criterionIDs,
      points: response.points, at: response.at, comment: response.comment)
  }

  /// On the reading thread: the row's response, or `nil` when it has an error or scores nothing.
  mutating func parse(_ row: TableRow, log: inout DiagnosticLog) -> Response? {
    let columns =
      positions
      ?? Positions(
        criteria: criterionColumns.map { row.position(of: $0.column) }, rater: row.position(of: raterColumn),
        target: row.position(of: targetColumn), comment: commentColumn.flatMap(row.position(of:)),
        submitted: submittedColumn.flatMap(row.position(of:)), name: row.position(of: "name"))
    positions = columns
    let texts = columns.criteria.map { row[at: $0] }  // one a criterion column, in map order
    let comment = commentColumn == nil ? "" : row.raw(at: columns.comment).trimmedASCII
    if texts.allSatisfy({ $0.isEmpty }) { return nil }  // RULES §27: a comment alone is not a rating
    let rater = resolveRater(row[at: columns.rater], line: row.line, log: &log) { row[at: columns.name] }
    let target = resolveTarget(row[at: columns.target], line: row.line, log: &log)
    var at: Instant?
    if submittedColumn != nil {
      let text = row[at: columns.submitted]
      if !text.isEmpty {
        switch context.time.readCell(text, format: map.submittedFormat) {
        case .instant(let instant): at = instant
        case .impossible(let why): log.error(row.line, "submitted time '\(text)' names no real time: \(why)\(timeHint(text))")
        case .mismatch:
          log.error(
            row.line, "submitted time '\(text)' does not match the format \(map.submittedFormat?.pattern ?? "ISO 8601")\(timeHint(text))")
        }
      }
    }
    if let at, target != nil, map.target.match == .slot, at.milliseconds < talkStart {
      early.count += 1
      if early.first == nil { early.first = (row.line, row[at: columns.target], talkStart, at.milliseconds) }
    }
    var points = ResponsePoints()
    var failed = false
    for (position, text) in texts.enumerated() where !text.isEmpty {
      let id = criterionColumns[position].id
      guard let criterion = columnCriteria[position],
        let value = context.number(text, what: "score for '\(id)'", line: row.line, log: &log, blankMeansNotRated: true)
      else {
        failed = true
        continue
      }
      guard (0...criterion.max).contains(value) else {
        log.error(row.line, "score \(text) for '\(id)' is out of range 0..\(ConfigReader.format(criterion.max))")
        failed = true
        continue
      }
      points[position] = value
      highest[position] = max(highest[position], value)
      scored[position] += 1
    }
    guard let rater, let target, !failed else { return nil }
    return Response(
      line: row.line, target: target, rater: rater, points: points, at: at?.milliseconds, comment: comment.isEmpty ? nil : comment)
  }

  /// The rater's id, or an error; `name` gives the response's `Name` cell, for the hint of an
  /// unknown e-mail (``nameHint(email:name:line:log:)``).
  mutating func resolveRater(_ text: String, line: Int, log: inout DiagnosticLog, name: () -> String = { "" }) -> String? {
    if text.isEmpty {
      log.error(line, "column '\(map.rater.column)' is blank: who gave this response is not known")
      return nil
    }
    switch map.rater.match {
    case .id: return context.rater(text, line: line, log: &log)
    case .email:
      let email = text.lowercasedFast
      if !context.staffByEmail.isEmpty, let staff = context.staffByEmail[email] { return staff }
      if let position = context.roster.position(lowercasedEmail: email) {
        if !nameChecked[position] {  // a student's first response
          nameChecked[position] = true
          checkRaterName(name(), position: position, email: text, line: line)
        }
        return context.roster.students[position].id
      }
      var hint = emailHint(text, alsoAmong: context.config.staff.compactMap(\.email), line: line, log: &log)
      if hint.isEmpty { hint = nameHint(email: text, name: name(), line: line, log: &log) }
      log.error(line, "unknown rater email '\(text)'\(hint)")
      return nil
    case .name:
      return studentByName(text, line: line, log: &log, what: "rater")
    case .slot:
      return nil
    }
  }

  mutating func resolveTarget(_ text: String, line: Int, log: inout DiagnosticLog) -> String? {
    if text.isEmpty {
      log.error(line, "column '\(map.target.column)' is blank: whom this response is about is not known")
      return nil
    }
    switch map.target.match {
    case .id: return context.target(text, of: item, line: line, log: &log)
    case .email:
      if let student = context.roster.id(email: text) { return student }
      log.error(line, "unknown student email '\(text)'\(emailHint(text, line: line, log: &log))")
      return nil
    case .name: return studentByName(text, line: line, log: &log, what: "target")
    case .slot:
      guard let (slot, length) = SlotID.prefix(of: text) else {
        log.error(line, "'\(text)' does not start with a slot id such as W05-2")
        return nil
      }
      guard let track = context.config.track(of: slot) else {
        log.error(line, "unknown slot '\(slot)' at the start of '\(text)'\(context.config.slotHint(for: slot.description))")
        return nil
      }
      let wanted: TrackName = item.target == .student ? .paperReading : .projectTalks
      guard track.name == wanted else {
        log.error(line, "slot \(slot) is a \(track.name.rawValue) slot, but item '\(item.id)' is scored per \(item.target.rawValue)")
        return nil
      }
      guard let schedule = context.schedule else { preconditionFailure("a map that names people by slot is read with the schedule") }
      guard let holder = schedule.bySlot[slot]?.holder else {
        // No slot held at all: the sign-ups are not imported yet (a form imported before `build`).
        let why = schedule.bySlot.isEmpty ? " (no sign-ups are imported yet: import the registrations first, or run gradebook build)" : ""
        log.error(line, "nobody holds slot \(slot) in the schedule\(why)")
        return nil
      }
      // Once a slot (by its place in the track: hashing the slot again was a twentieth of a
      // forms import at 100,000 slots).
      if talkStarts.isEmpty { talkStarts = Array(repeating: .min, count: track.weeks.count * track.perWeek) }
      let index = (slot.week - track.weeks.lowerBound) * track.perWeek + slot.number - 1
      if talkStarts[index] == .min {
        talkStarts[index] = talkStart(of: slot, in: track)
        checkNamedPresenter(text, after: length, slot: slot, holder: holder, line: line, log: &log)
      }
      talkStart = talkStarts[index]
      return holder
    }
  }

  func studentByName(_ text: String, line: Int, log: inout DiagnosticLog, what: String) -> String? {
    guard let names else { return nil }
    if let student = names.student(name: text) { return student.id }
    let count = names.matches(text)
    if count > 1 {
      log.error(line, "\(what) name '\(text)' matches \(count) students; use ids or emails")
    } else {
      log.error(line, "unknown \(what) name '\(text)'\(log.hint(for: text, among: context.roster.students.lazy.map(\.name), line: line))")
    }
    return nil
  }
}
