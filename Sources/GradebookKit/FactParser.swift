import GradebookCore

/// Turns the rows of one kind of CSV into facts, reporting every problem at its line.
///
/// An import runs the two halves on two threads: ``parse(_:log:)`` on the reading thread, row by
/// row as the file is read, and ``settle(_:log:store:into:)`` on the storing thread, in file order. A parser
/// whose rows need nothing from each other but a duplicate check can leave that check and the
/// building of its facts to `settle`, so the storing thread (which otherwise waits on SQLite) does
/// a share of the work; most parsers do everything in `parse` (`Checked` is then `[Fact]`).
protocol FactParser {
  /// What the reading thread makes of a row: its facts, or what `settle` needs to finish them.
  associatedtype Checked = [Fact]
  /// Columns the header must have (normalised names).
  var requiredColumns: [String] { get }
  /// Called with the header; returns the columns that are missing. The default checks `requiredColumns`.
  mutating func header(_ names: [String]) -> [String]
  /// Whether the parser reads a column of this (normalised) name: such a column must not appear
  /// twice. The default: every column (a CSV made for one kind names only what it means).
  func reads(_ column: String) -> Bool
  /// A required column (normalised) as its source names it, and where, when that is not the kind's
  /// own list: a form map's column. The default: `nil`, the name alone says it.
  func origin(ofColumn column: String) -> String?
  /// One data row, checked (nothing stored when the row has an error or is "not rated").
  mutating func parse(_ row: TableRow, log: inout DiagnosticLog) -> Checked
  /// After the last row: what only the whole file shows. The default: nothing.
  mutating func finish(log: inout DiagnosticLog)
  /// Settles a checked row after what needs the rows before it (duplicates; RULES §46) and, when
  /// `store` is true (no error so far), writes its facts to `writer`.
  mutating func settle(_ checked: Checked, log: inout DiagnosticLog, store: Bool, into writer: inout FactWriter) throws
}

extension FactParser {
  mutating func header(_ names: [String]) -> [String] { requiredColumns.filter { !names.contains($0) } }
  func reads(_ column: String) -> Bool { true }
  func origin(ofColumn column: String) -> String? { nil }
  mutating func finish(log: inout DiagnosticLog) {}
}

extension FactParser where Checked == [Fact] {
  func settle(_ checked: [Fact], log: inout DiagnosticLog, store: Bool, into writer: inout FactWriter) throws {
    guard store else { return }
    for fact in checked { try writer.write(fact) }
  }
}

/// Reports a duplicate key at the later row; the first stands (RULES §46).
/// Remembers 128-bit key hashes, not keys: a 4-million-row export stays in bounded memory.
struct DuplicateGuard {
  private var seen = KeyHashTable<Int32>()

  /// `true` the first time a key is seen; otherwise logs an error naming the first line.
  /// `what` is built only for the error (it was a string per row).
  mutating func first(_ key: String, line: Int, what: @autoclosure () -> String, log: inout DiagnosticLog) -> Bool {
    first(KeyHash(key), line: line, what: what(), log: &log)
  }

  /// The same for a key given by its hash.
  mutating func first(_ hash: KeyHash, line: Int, what: @autoclosure () -> String, log: inout DiagnosticLog) -> Bool {
    // One hash lookup in the common case; the first line is put back on a duplicate.
    if let earlier = seen.updateValue(Int32(clamping: line), forKey: hash) {
      seen.updateValue(earlier, forKey: hash)
      log.error(line, "duplicate \(what()) (first at line \(earlier))")
      return false
    }
    return true
  }
}

/// `roster`: `student_id,name,email` (+ extra columns, kept in the roster file).
struct RosterFacts: FactParser {
  let context: ValidationContext
  var requiredColumns: [String] { InputKind.roster.requiredColumns }
  var ids = DuplicateGuard()
  var emails = DuplicateGuard()

  mutating func parse(_ row: TableRow, log: inout DiagnosticLog) -> [Fact] {
    let id = row["student_id"]
    if let problem = SafeID.problem(id, what: "student id") {
      log.error(row.line, problem)
      return []
    }
    guard ids.first(id, line: row.line, what: "student id '\(id)'", log: &log) else { return [] }
    let email = row["email"]
    if !email.isEmpty, !emails.first(email.lowercased(), line: row.line, what: "email '\(email)'", log: &log) { return [] }
    var fact = Fact(.roster, line: row.line, key: id, subject: id)
    fact.text = row["name"]
    fact.extra = email
    return [fact]
  }
}

/// `groups`: `group_id,student_id`, one row a member (RULES §43).
struct GroupFacts: FactParser {
  let context: ValidationContext
  var requiredColumns: [String] { InputKind.groups.requiredColumns }
  var groupOf: [String: (group: String, line: Int)] = [:]
  var size: [String: Int] = [:]

  mutating func parse(_ row: TableRow, log: inout DiagnosticLog) -> [Fact] {
    let group = row["group_id"]
    if let problem = SafeID.problem(group, what: "group id") {
      log.error(row.line, problem)
      return []
    }
    guard let student = context.student(row["student_id"], line: row.line, log: &log) else { return [] }
    if let earlier = groupOf[student] {
      let message =
        earlier.group == group
        ? "student '\(student)' is listed twice in group '\(group)' (first at line \(earlier.line))"
        : "student '\(student)' is already in group '\(earlier.group)' (line \(earlier.line)); a student can be in one group only"
      log.error(row.line, message)
      return []
    }
    groupOf[student] = (group, row.line)
    size[group, default: 0] += 1
    if size[group]! > context.config.groupMaxSize {
      log.error(row.line, "group '\(group)' has more than \(context.config.groupMaxSize) members (group_max_size)")
      return []
    }
    var fact = Fact(.groups, line: row.line, key: student, subject: student)
    fact.extra = group
    return [fact]
  }
}

/// `registrations`: `student_id,registered_at,choice_1[,choice_2,…]` (RULES §14, §46), with an
/// optional `paper` or `topic` column shown in the schedule.
struct RegistrationFacts: FactParser {
  let context: ValidationContext
  var choiceColumns: [String] = []
  var requiredColumns: [String] { InputKind.registrations.requiredColumns }

  mutating func header(_ names: [String]) -> [String] {
    choiceColumns = names.filter { $0.hasPrefix("choice_") }
      .sorted { (Int($0.dropFirst(7)) ?? 0) < (Int($1.dropFirst(7)) ?? 0) }
    return requiredColumns.filter { !names.contains($0) }
  }

  mutating func parse(_ row: TableRow, log: inout DiagnosticLog) -> [Fact] {
    let student = context.student(row["student_id"], line: row.line, log: &log)
    let at = context.timestamp(row["registered_at"], column: "registered_at", line: row.line, log: &log)
    var slots: [SlotID] = []
    var tracks = Set<TrackName>()
    for column in choiceColumns {
      let text = row[column]
      if text.isEmpty { continue }
      guard let slot = SlotID(parsing: text), let track = context.config.track(of: slot) else {
        log.error(
          row.line,
          "unknown slot '\(text)' in \(column)\(context.config.slotHint(for: text))\(SlotID(parsing: text) == nil ? " (slots are W<week>-<n>, e.g. W05-2)" : "")"
        )
        return []
      }
      tracks.insert(track.name)
      slots.append(slot)
    }
    if slots.isEmpty {
      log.error(row.line, "registration has no choice")
      return []
    }
    if tracks.count > 1 {
      log.error(row.line, "choices mix paper-reading and project-talk slots; one registration row is for one track")
      return []
    }
    guard let student, let at else { return [] }
    var fact = Fact(.registrations, line: row.line, key: factKey(student, String(at.milliseconds)), subject: student)
    fact.at = at.milliseconds
    fact.extra = slots.map(\.description).joined(separator: ",")
    let title = row.has("paper") ? row["paper"] : row["topic"]
    fact.text = title.isEmpty ? nil : title
    return [fact]
  }
}

/// `uploads`: `student_id,item,submitted_at[,file]`.
struct UploadFacts: FactParser {
  let context: ValidationContext
  var requiredColumns: [String] { InputKind.uploads.requiredColumns }
  /// Items already warned about (an upload for an item no scorer reads uploads of).
  var unread: Set<String> = []

  mutating func parse(_ row: TableRow, log: inout DiagnosticLog) -> [Fact] {
    let student = context.student(row["student_id"], line: row.line, log: &log)
    let item = context.item(row["item"], line: row.line, log: &log)
    let at = context.timestamp(row["submitted_at"], column: "submitted_at", line: row.line, log: &log)
    guard let student, let item, let at else { return [] }
    if !context.workspace.rubric.readsUploads(of: item), unread.insert(item.id).inserted {
      log.warning(
        row.line, "item '\(item.id)' is scored by \(item.scorerID), which reads no uploads: its uploads in this file count for nothing")
    }
    var fact = Fact(.uploads, line: row.line, key: factKey(student, item.id, String(at.milliseconds)), subject: student)
    fact.item = item.id
    fact.at = at.milliseconds
    fact.text = row["file"]
    return [fact]
  }
}

/// `adjustments`: `student_id,item,action,value,reason,by` — `excuse`, `override` (percent 0–100),
/// `extend` (a duration) (RULES §5, §46).
struct AdjustmentFacts: FactParser {
  let context: ValidationContext
  var requiredColumns: [String] { InputKind.adjustments.requiredColumns }
  var duplicates = DuplicateGuard()
  /// Items already warned about (an extension on an item with no due time).
  var undated: Set<String> = []

  mutating func parse(_ row: TableRow, log: inout DiagnosticLog) -> [Fact] {
    let student = context.student(row["student_id"], line: row.line, log: &log)
    let item = context.item(row["item"], line: row.line, log: &log)
    let action = row["action"].lowercased()
    let value = row["value"]
    var number: Double?
    switch action {
    case "excuse": number = nil
    case "override":
      guard let percent = context.number(value, what: "override value", line: row.line, log: &log) else { return [] }
      guard (0...100).contains(percent) else {
        log.error(row.line, "override value \(value) is outside 0..100 (a percent)")
        return []
      }
      // A fraction written for a percent (0.85 for 85%) would give the student 0.85%: said.
      if percent > 0, percent <= 1 {
        log.warning(
          row.line,
          "override value \(value) is read as \(value)% (the value is a percent); for \(ConfigReader.format(percent * 100))% write \(ConfigReader.format(percent * 100))"
        )
      }
      number = percent
    case "extend":
      guard let span = TimeSpan(parsing: value), span.milliseconds > 0 else {
        let meant = TimeSpan.compactForm(of: value).map { " (did you mean '\($0)'?)" } ?? ""
        log.error(row.line, "extension '\(value)' is not a duration such as 48h, 2d or 1h30m (at most 1,000 years)\(meant)")
        return []
      }
      number = Double(span.milliseconds)
    default:
      log.error(
        row.line,
        "unknown action '\(row["action"])'\(Suggestion.hint(for: action, amongWords: ["excuse", "override", "extend"])) (excuse, override or extend)"
      )
      return []
    }
    guard let student, let item else { return [] }
    guard
      duplicates.first(factKey(student, item.id, action), line: row.line, what: "adjustment (\(student), \(item.id), \(action))", log: &log)
    else { return [] }
    if row["reason"].isEmpty { log.warning(row.line, "adjustment without a reason") }
    if action == "extend", !context.workspace.rubric.readsExtensions(of: item), undated.insert(item.id).inserted {
      log.warning(
        row.line, "item '\(item.id)' is scored by \(item.scorerID), which has no due time: its extensions in this file change nothing")
    }
    var fact = Fact(.adjustments, line: row.line, key: factKey(student, item.id, action), subject: student)
    fact.item = item.id
    fact.criterion = action
    fact.number = number
    fact.text = row.raw("reason")
    fact.rater = row["by"]
    return [fact]
  }
}

/// `contributions`: `group_id,rater,ratee,score`, within-group ratings for WebPA (RULES §38, §46).
struct ContributionFacts: FactParser {
  let context: ValidationContext
  var requiredColumns: [String] { InputKind.contributions.requiredColumns }
  var duplicates = DuplicateGuard()

  mutating func parse(_ row: TableRow, log: inout DiagnosticLog) -> [Fact] {
    let group = row["group_id"]
    guard let members = context.groups.members[group] else {
      log.error(row.line, "unknown group '\(group)'\(log.hint(for: group, among: context.groups.members.keys, line: row.line))")
      return []
    }
    var ok = true
    for (column, id) in [("rater", row["rater"]), ("ratee", row["ratee"])] where !members.contains(id) {
      ok = false
      let known =
        context.roster.contains(id)
        ? "student '\(id)' is not a member of group '\(group)'" : "unknown \(column) '\(id)'\(Suggestion.hint(for: id, among: members))"
      log.error(row.line, "\(known) (\(column))")
    }
    guard let score = context.number(row["score"], what: "score", line: row.line, log: &log), ok else { return [] }
    guard score >= 0 else {
      log.error(row.line, "contribution score \(row["score"]) is negative")
      return []
    }
    let key = factKey(group, row["rater"], row["ratee"])
    guard duplicates.first(key, line: row.line, what: "contribution (\(group), \(row["rater"]), \(row["ratee"]))", log: &log) else {
      return []
    }
    var fact = Fact(.contributions, line: row.line, key: key, subject: group)
    fact.rater = row["rater"]
    fact.criterion = row["ratee"]
    fact.number = score
    return [fact]
  }
}
