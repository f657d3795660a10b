import Foundation
import GradebookCore

/// A map file: how to read a wide form export (Microsoft Forms, Google Forms) as scores (FORMATS §4).
public struct FormMap: Sendable {
  /// How a cell names a person: by id, email, roster name, or a leading slot id.
  public enum Match: String, Sendable, CaseIterable {
    case id, email, name, slot
  }

  /// A column and how to match its cells.
  public struct Column: Sendable {
    public var column: String
    public var match: Match
  }

  public var item: String
  public var rater: Column
  public var target: Column
  public var submittedAt: String?
  public var submittedFormat: TimestampFormat?
  /// Criterion id → column header, in file order.
  public var criteria: [(id: String, column: String)]
  public var comment: String?
  /// The export's encoding and separator, when the map names them (`encoding: utf-16`, `delimiter: tab`).
  public var encoding: String?
  public var delimiter: String?
  /// Where the map names each column it reads: what the column is for and `path:line`, so that a
  /// column missing from an export says whether the map or the export is the one to correct.
  public var origins: [(column: String, origin: String)] = []

  /// Loads and checks a map against the rubric; `nil` with errors when it is unusable.
  public static func load(text: String, path: String, rubric: Rubric) -> (FormMap?, [Diagnostic]) {
    let root: YAMLValue
    do {
      root = try YAMLValue.parse(Workspace.stripBOM(text), path: path)
    } catch {
      return (nil, error.diagnostics)
    }
    var reader = ConfigReader(root, path: path)
    _ = reader.choice("kind", among: ["scores"])
    let itemID = reader.string("item", required: true) ?? ""
    let item = rubric.item(itemID)
    if !itemID.isEmpty, item == nil {
      reader.log.error(root["item"]?.line, "unknown item '\(itemID)'\(Suggestion.hint(for: itemID, among: rubric.items.map(\.id)))")
    }
    let rater = column(&reader, "rater", allowed: [.id, .email, .name])
    let target = column(&reader, "target", allowed: Match.allCases)
    var submittedAt: String?
    var format: TimestampFormat?
    if let value = reader.raw("submitted_at") {
      if let text = value.text {
        submittedAt = text
      } else {
        var nested = ConfigReader(value, path: path)
        submittedAt = nested.string("column", required: true)
        if let pattern = nested.string("format") {
          format = TimestampFormat(pattern)
          if format == nil {
            nested.log.error(
              value["format"]?.line, "unsupported date format '\(pattern)' (fields: yyyy yy M MM MMM d dd H HH h hh a m mm s ss S Z X x)")
          }
        }
        reader.merge(nested)
      }
    }
    var criteria: [(String, String)] = []
    if let value = reader.raw("criteria"), let entries = value.entries, !entries.isEmpty {
      for entry in entries {
        if let item, item.criterion(entry.key) == nil {
          reader.log.error(
            entry.keyLine,
            "unknown criterion '\(entry.key)' of item '\(item.id)'\(Suggestion.hint(for: entry.key, among: item.criteria.map(\.id)))")
        }
        guard let header = entry.value.text else {
          reader.log.error(entry.value.line, "criterion '\(entry.key)' must name one column")
          continue
        }
        criteria.append((entry.key, header))
      }
    } else {
      reader.log.error(root["criteria"]?.line ?? root.line, "a map needs 'criteria': criterion id → column header")
    }
    if criteria.count > 64 {
      reader.log.error(root["criteria"]?.line, "a map reads at most 64 criteria (this one names \(criteria.count))")
    }
    let comment = reader.string("comment")
    let encoding = reader.string("encoding")
    let delimiter = reader.choice("delimiter", among: [",", ";", "tab"])
    reader.finish()
    if let item, target?.match == .email || target?.match == .name, item.target == .group {
      reader.log.error(root["target"]?.line, "item '\(item.id)' is scored per group: match its target by id or slot")
    }
    guard !reader.log.hasErrors, let rater, let target else { return (nil, reader.log.all) }
    var map = FormMap(
      item: itemID, rater: rater, target: target, submittedAt: submittedAt, submittedFormat: format, criteria: criteria, comment: comment)
    (map.encoding, map.delimiter) = (encoding, delimiter)
    func named(_ what: String, _ line: Int?) -> String { line.map { "\(what), \(path):\($0)" } ?? "\(what), \(path)" }
    map.origins =
      [(rater.column, named("the rater", root["rater"]?.line)), (target.column, named("the target", root["target"]?.line))]
      + zip(criteria, root["criteria"]?.entries ?? []).map { ($0.1, named("criterion '\($0.0)'", $1.value.line)) }
      + [(submittedAt, named("the submitted time", root["submitted_at"]?.line)), (comment, named("the comment", root["comment"]?.line))]
      .compactMap { column, origin in column.map { ($0, origin) } }
    return (map, reader.log.all)
  }

  private static func column(_ reader: inout ConfigReader, _ key: String, allowed: [Match]) -> Column? {
    guard let value = reader.raw(key) else {
      reader.log.error(reader.line, "missing key '\(key)'")
      return nil
    }
    if let text = value.text { return Column(column: text, match: .id) }
    var nested = ConfigReader(value, path: reader.log.path)
    let column = nested.string("column", required: true)
    let match = nested.choice("match", among: allowed.map(\.rawValue), default: "id").flatMap(Match.init(rawValue:)) ?? .id
    reader.merge(nested)
    return column.map { Column(column: $0, match: match) }
  }

  /// Whether the map names presenters by slot, which takes the schedule to resolve (raters are
  /// never matched by slot).
  var namesPresentersBySlot: Bool { target.match == .slot }

  /// Every column header the map reads.
  var columns: [String] {
    [rater.column, target.column] + criteria.map(\.column) + [submittedAt, comment].compactMap { $0 }
  }
}

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
  /// Built when the map matches people by name, or when a slot's cell names someone (then at once).
  var names: Roster.NameIndex?
  /// The highest score and the number of scores of each criterion column, for ``finish(log:)``.
  var highest: [Double], scored: [Int]

  /// A form whose answers run on a smaller scale than the rubric's max (a 1–5 question for a
  /// criterion out of 10) halves every peer's score, silently: when no answer of a column reaches
  /// above half its criterion's max in 10 or more, the file is warned about.
  mutating func finish(log: inout DiagnosticLog) {
    // Feedback on a talk given before the talk began: most likely the wrong talk chosen in the
    // form, or a schedule that is not the one the form was made from (the ratings count for the
    // slot's holder all the same).
    if let first = early.first {
      let time = context.time
      log.warning(
        first.line,
        "\(early.count) response(s) were submitted before the talk they rate began, this first: '\(first.cell)' starts \(time.display(Instant(milliseconds: first.start))), answered \(time.display(Instant(milliseconds: first.at))). The wrong talk chosen in the form, or a schedule that is not the form's? They count for the slot's holder"
      )
    }
    for (position, criterion) in columnCriteria.enumerated() {
      guard let criterion, criterion.max >= 2, scored[position] >= 10, highest[position] <= criterion.max / 2 else { continue }
      let top = ConfigReader.format(highest[position]), max = ConfigReader.format(criterion.max)
      log.warning(
        nil,
        "no answer in column '\(map.criteria[position].column)' is above \(top), in \(scored[position]) answers, though criterion '\(criterion.id)' is out of \(max): is the form's scale smaller? Each answer counts out of \(max)"
      )
    }
  }

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
  /// The map's columns' positions in this file, found at its first row.
  private var positions: Positions?

  private struct Positions {
    var criteria: [Int?]
    var rater: Int?, target: Int?, comment: Int?, submitted: Int?
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
        submitted: submittedColumn.flatMap(row.position(of:)))
    positions = columns
    let texts = columns.criteria.map { row[at: $0] }  // one a criterion column, in map order
    let comment = commentColumn == nil ? "" : row.raw(at: columns.comment).trimmedASCII
    if texts.allSatisfy({ $0.isEmpty }) { return nil }  // RULES §27: a comment alone is not a rating
    let rater = resolveRater(row[at: columns.rater], line: row.line, log: &log)
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

  func resolveRater(_ text: String, line: Int, log: inout DiagnosticLog) -> String? {
    if text.isEmpty {
      log.error(line, "column '\(map.rater.column)' is blank: who gave this response is not known")
      return nil
    }
    switch map.rater.match {
    case .id: return context.rater(text, line: line, log: &log)
    case .email:
      let email = text.lowercasedFast
      if !context.staffByEmail.isEmpty, let staff = context.staffByEmail[email] { return staff }
      if let student = context.roster.id(lowercasedEmail: email) { return student }
      let hint = emailHint(text, alsoAmong: context.config.staff.compactMap(\.email), line: line, log: &log)
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
        log.error(line, "nobody holds slot \(slot) in the schedule")
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

  /// " (did you mean …?)" for an unknown e-mail, while the file's suggestion budget lasts: the
  /// closest roster (or `others`) e-mail, else the one address with the same name before the `@`
  /// (a form records the address a student signed in with, `u3035…@hku.hk`, where the roster
  /// has `u3035…@connect.hku.hk`), said so, since the roster's address is what the form must match.
  func emailHint(_ text: String, alsoAmong others: [String] = [], line: Int, log: inout DiagnosticLog) -> String {
    guard log.spendSuggestion(context.roster.students.count, line: line) else { return "" }
    let emails = context.roster.students.lazy.map(\.email) + others
    let closest = Suggestion.hint(for: text, among: emails)
    guard closest.isEmpty, let at = text.lastIndex(of: "@") else { return closest }
    let local = text[...at].lowercased()
    let same = emails.filter { $0.lowercased().hasPrefix(local) }
    guard same.count == 1 else { return "" }
    return " (did you mean '\(same[0])'? the same name at the domain the roster has: correct the roster or the export)"
  }

  /// RULES §25 credits a response to whoever holds the slot its cell starts with. When the cell
  /// also names a presenter (`W03-1 Chan Tai Man — DDPM`) who is someone else on the roster, or
  /// another group, the schedule and the form disagree (a swap of slots, a sign-up sheet that is
  /// not the form's): the ratings would go to the wrong student without a word. Said once a slot,
  /// at its first row; the name is the text between the slot id and a dash (` - `, `–`, `—`), a
  /// colon or a bracket.
  mutating func checkNamedPresenter(_ text: String, after length: Int, slot: SlotID, holder: String, line: Int, log: inout DiagnosticLog) {
    let name = Self.presenterName(text.utf8.dropFirst(length))
    guard !name.isEmpty, name != holder else { return }
    let roster = context.roster
    let ids = item.target == .group ? context.groups.members[holder] ?? [] : [holder]
    // Most cells name the holder as the roster does: compared as written first (normalising every
    // slot's two names was 1.3 s of a forms import at 100,000 slots).
    if ids.contains(where: { id in id == name || roster.index(of: id).map { roster.students[$0].name == name } == true }) { return }
    let holders = ids.compactMap { roster.student(id: $0) }
    let key = Roster.normalizedName(name)
    guard !holders.contains(where: { Roster.normalizedName($0.name) == key }) else { return }
    let index = names ?? Roster.NameIndex(context.roster)
    if names == nil { names = index }
    let named = index.student(name: name).map { "\($0.name) (\($0.id))" } ?? (context.groups.members[name] != nil ? "group \(name)" : nil)
    guard let named else { return }  // not a presenter's name: a paper title, a topic
    let held = context.groups.members[holder] != nil ? "group \(holder)" : holders.first.map { "\($0.name) (\($0.id))" } ?? holder
    log.warning(
      line,
      "'\(text)' names \(named), but the schedule gives \(slot) to \(held): this slot's ratings go to \(held) (is the sign-up sheet the one the form was made from?)"
    )
  }

  /// ``TimestampFormat/hint(for:expected:zone:)``, kept by the shape of the text (digits as `9`,
  /// and whether its first two numbers could be a month; at most a thousand shapes): an export
  /// whose every time the map misreads has a few shapes, and trying each pattern on each of
  /// 800,000 rows took 25 s.
  mutating func timeHint(_ text: String) -> String {
    let months = text.split(whereSeparator: { !$0.isASCII || !$0.isNumber }).prefix(2).map { (Int($0) ?? 99) <= 12 ? "m" : "n" }
    let shape = String(text.unicodeScalars.map { $0.properties.numericType == nil ? Character($0) : "9" }) + months.joined()
    if let known = timeHints[shape] { return known }
    let hint = TimestampFormat.hint(for: text, expected: map.submittedFormat, zone: context.config.zone)
    if timeHints.count < 1000 { timeHints[shape] = hint }
    return hint
  }

  /// When `slot` of `track` starts (RULES §10), in milliseconds; `Int64.min + 1` without a calendar,
  /// earlier than any answer.
  mutating func talkStart(of slot: SlotID, in track: Track) -> Int64 {
    guard let calendar = context.config.calendar else { return .min + 1 }
    if weekStarts.isEmpty { weekStarts = Array(repeating: .min, count: track.weeks.count) }
    let week = slot.week - track.weeks.lowerBound
    if weekStarts[week] == .min { weekStarts[week] = calendar.classStart(week: slot.week).instant(in: context.config.zone).milliseconds }
    return weekStarts[week] + Int64((slot.number - 1) * track.slotMinutes) * 60_000
  }

  /// The text of `rest` before the first dash (` - `, `–`, `—`), colon, bracket or bar, trimmed of
  /// spaces and hyphens: `Chan Tai Man` of ` Chan Tai Man — DDPM`.
  static func presenterName(_ rest: Substring.UTF8View) -> String {
    let bytes = Array(rest)
    var end = 0
    scan: while end < bytes.count {
      switch bytes[end] {
      case UInt8(ascii: ":"), UInt8(ascii: "("), UInt8(ascii: "|"): break scan
      case 0xE2 where end + 2 < bytes.count && bytes[end + 1] == 0x80 && (bytes[end + 2] == 0x93 || bytes[end + 2] == 0x94): break scan  // – —
      case UInt8(ascii: "-") where end > 0 && bytes[end - 1] == 0x20 && end + 1 < bytes.count && bytes[end + 1] == 0x20: break scan
      default: end += 1
      }
    }
    var start = 0
    while start < end, bytes[start] == 0x20 || bytes[start] == UInt8(ascii: "-") { start += 1 }
    while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == UInt8(ascii: "-") { end -= 1 }
    return String(decoding: bytes[start..<end], as: UTF8.self)
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
