import Foundation
import GradebookCore

/// What a file is checked against: the workspace, the current groups and schedule.
public struct ValidationContext: Sendable {
  public let workspace: Workspace
  public var groups: Groups
  /// The presentation schedule; `nil` when the file cannot name anyone by slot (only a form map can).
  public var schedule: Schedule?
  /// Timestamps in the course zone (made once: a parser looks up zone names when created).
  let time: TimestampParser

  /// Staff ids by id, and by lower-cased email.
  let staffIDs: Set<String>
  let staffByEmail: [String: String]
  /// Set when a rater written as an id column's value was an e-mail (``rater(_:line:log:)``): the
  /// file's rows then depend on the roster's and staff's e-mails, and its batch records them
  /// (``ReadingContext``), so that an e-mail corrected later reads the file again.
  let readAnEmail = SharedFlag()

  /// A context.
  public init(workspace: Workspace, groups: Groups, schedule: Schedule?) {
    (self.workspace, self.groups, self.schedule) = (workspace, groups, schedule)
    (config, roster) = (workspace.config, workspace.roster)
    time = TimestampParser(zone: workspace.config.zone)
    staffIDs = Set(workspace.config.staff.map(\.id))
    var byEmail: [String: String] = [:]
    for member in workspace.config.staff {
      if let email = member.email?.lowercased(), byEmail[email] == nil { byEmail[email] = member.id }
    }
    staffByEmail = byEmail
    plausible = workspace.config.calendar.map { calendar in
      let week1 = calendar.week1Monday.instant(in: workspace.config.zone)
      return (week1 - .hours(366 * 24))...(week1 + .hours(Int64(calendar.weeks + 52) * 7 * 24))
    }
  }

  /// From a year before week 1 to a year after the last week: a timestamp outside is read, with a
  /// warning (a slip such as `0026` for `2026` would otherwise pass unnoticed, and an upload's
  /// earliest time is the one that counts).
  let plausible: ClosedRange<Instant>?

  /// The workspace's course and roster, stored (read once a row: a computed copy retained and
  /// released every field of the course configuration).
  let config: CourseConfig
  let roster: Roster

  /// A known student id, or an error with a suggestion; for the target of `item`, a group's id is
  /// told to be written as its members.
  func student(_ id: String, line: Int, log: inout DiagnosticLog, what: String = "student", of item: Item? = nil) -> String? {
    if id.isEmpty {
      log.error(line, "\(what) id is empty")
      return nil
    }
    guard roster.contains(id) else {
      if let members = groups.members[id]?.joined(separator: ", ") {
        // A group's id as an item's target, or where a student's is wanted (a group's sign-up,
        // upload or extension).
        let fix =
          item.map { "'\(id)' is a group, but item '\($0.id)' is scored per student: write a row for each member (\(members))" }
          ?? "'\(id)' is a group, not a student: write a member's id (\(members)), or a row for each"
        log.error(line, fix)
        return nil
      }
      log.error(line, "unknown \(what) '\(id)'\(studentHint(id, line: line, log: &log))")
      return nil
    }
    return id
  }

  /// A known item id, or an error with a suggestion.
  func item(_ id: String, line: Int, log: inout DiagnosticLog) -> Item? {
    guard let item = workspace.rubric.item(id) else {
      log.error(
        line,
        id.isEmpty
          ? "item is empty" : "unknown item '\(id)'\(Self.hint(id, among: workspace.rubric.items.map { ($0.id, $0.title) }, "item"))")
      return nil
    }
    return item
  }

  /// " (did you mean …?)" for an unknown item or criterion id: the closest id, or the one whose
  /// title it is (a TA copies the heading the rubric shows, `Paper presentation quality`).
  static func hint(_ id: String, among entries: [(id: String, title: String)], _ what: String) -> String {
    let closest = Suggestion.hint(for: id, among: entries.map(\.id))
    guard closest.isEmpty else { return closest }
    let title = Roster.normalizedName(id)
    let titled = entries.filter { Roster.normalizedName($0.title) == title }
    return titled.count == 1 ? " (did you mean '\(titled[0].id)', the \(what) titled '\(titled[0].title)'?)" : ""
  }

  /// A target of `item`: a student id, or a group id for group items.
  func target(_ id: String, of item: Item, line: Int, log: inout DiagnosticLog) -> String? {
    switch item.target {
    case .student: return student(id, line: line, log: &log, what: "student", of: item)
    case .group:
      if id.isEmpty {
        log.error(line, "group id is empty")
        return nil
      }
      guard groups.members[id] != nil else {
        // A member's id for their group, as a TA scoring a group's talk by its speaker writes.
        let hint =
          groups.groupOf[id].map { " (did you mean '\($0)', \(id)'s group?)" }
          ?? (roster.contains(id) ? " (student \(id) is in no group)" : unknownGroupHint(id, line: line, log: &log))
        log.error(line, "unknown group '\(id)'\(hint) (item '\(item.id)' is scored per group)")
        return nil
      }
      return id
    }
  }

  /// Why a group id is unknown: the closest stored group's id, or, when no group is stored at all
  /// (scores or contributions imported before the groups file), what to import first.
  func unknownGroupHint(_ id: String, line: Int, log: inout DiagnosticLog) -> String {
    guard groups.members.isEmpty else { return log.hint(for: id, among: groups.members.keys, line: line) }
    return " (no groups are imported yet: import the groups first, or run gradebook build)"
  }

  /// A rater: a staff id or email, or a student id or email, as the canonical id.
  func rater(_ key: String, line: Int, log: inout DiagnosticLog) -> String? {
    if key.isEmpty {
      log.error(line, "rater is empty")
      return nil
    }
    if staffIDs.contains(key) { return key }
    if let staff = staffByEmail[key.lowercasedFast] {
      readAnEmail.set()
      return staff
    }
    if roster.contains(key) { return key }
    if let student = roster.id(email: key) {
      readAnEmail.set()
      return student
    }
    log.error(line, "unknown rater '\(key)'\(raterHint(key, line: line, log: &log))")
    return nil
  }

  /// " (did you mean 'ta-wong', Wong Ka Wai's id?)" when `key` is a staff member's name (a TA writes
  /// their name where the file wants an id or e-mail), else the closest id. Only on an error, and
  /// names are compared only where the text could be one (``couldBeName(_:)``): normalising it on
  /// every row of a file of unknown raters was most of reporting it.
  private func raterHint(_ key: String, line: Int, log: inout DiagnosticLog) -> String {
    if groups.members[key] != nil { return " (a group: a rater is one person, their id or e-mail)" }
    if Self.couldBeName(key) {
      let name = Roster.normalizedName(key)
      let staff = config.staff.filter { Roster.normalizedName($0.name) == name }
      if staff.count == 1 { return " (did you mean '\(staff[0].id)', \(staff[0].name)'s id?)" }
    }
    let hint = studentHint(key, line: line, log: &log, alsoAmong: config.staff.map(\.id))
    // Nothing close: where a rater must be listed (a new course's staff is often not filled in yet).
    return hint.isEmpty ? " (neither a staff id or e-mail in course.yaml nor a student on the roster)" : hint
  }

  /// " (did you mean …?)" for an unknown student id: the closest id (or `others`), or the id of
  /// the student whose e-mail or roster name it is (a TA writes what the sheet in front of them
  /// shows). While the file's suggestion budget lasts (``DiagnosticLog/spendSuggestion(_:line:)``):
  /// each reads the whole roster.
  private func studentHint(_ key: String, line: Int, log: inout DiagnosticLog, alsoAmong others: [String] = []) -> String {
    if let id = roster.id(email: key) { return " (did you mean '\(id)', the id of that e-mail?)" }
    guard log.spendSuggestion(roster.students.count, line: line) else { return "" }
    let closest = Suggestion.hint(for: key, among: roster.students.lazy.map(\.id) + others)
    // Names only for what could be one, and dearer than an id: normalising every roster name is
    // ten times an id's search.
    guard closest.isEmpty, Self.couldBeName(key),
      log.spendSuggestion(10 * roster.students.count, line: line)
    else { return closest }
    let name = Roster.normalizedName(key)
    let named = roster.students.filter { Roster.normalizedName($0.name) == name }
    return named.count == 1 ? " (did you mean '\(named[0].id)', \(named[0].name)'s id?)" : ""
  }

  /// Whether `text` could be a person's name rather than an id or e-mail: ids never hold a space
  /// or letters outside ASCII (RULES §44), and comparing names normalises them, which is dear.
  static func couldBeName(_ text: String) -> Bool { text.contains(" ") || !text.allSatisfy(\.isASCII) }

  /// An ISO 8601 timestamp (naive in the course zone).
  func timestamp(_ text: String, column: String, line: Int, log: inout DiagnosticLog) -> Instant? {
    switch time.readCell(text) {
    case .instant(let instant):
      if let plausible, !plausible.contains(instant) {
        log.repeatedWarning(
          line, "\(column) \(time.display(instant)) is more than a year from the course's weeks; is the year right?",
          kind: "a \(column) more than a year from the course's weeks")
      }
      return instant
    case .impossible(let why): log.error(line, "\(column) '\(text)' names no real time: \(why)")
    case .mismatch: log.error(line, "\(column) '\(text)' is not a valid timestamp (expected ISO 8601 such as 2026-03-02T14:10)")
    }
    return nil
  }

  /// A number; a decimal comma is refused with the fix (RULES §46). `blankMeansNotRated`: the cell is
  /// a score, which a blank leaves unrated (SPEC §4), so `N/A` or `-` is told to be left blank.
  func number(
    _ text: String, what: @autoclosure () -> String, line: Int, log: inout DiagnosticLog, blankMeansNotRated: Bool = false
  ) -> Double? {
    // One digit, the usual score in a form export, needs no parsing.
    if text.utf8.count == 1, let digit = text.utf8.first, digit >= 0x30, digit <= 0x39 { return Double(digit - 0x30) }
    if let value = Self.plainNumber(text) { return value }
    let withPoint = text.replacingOccurrences(of: ",", with: ".")
    let withoutPercent = text.hasSuffix("%") ? text.dropLast().trimmingCharacters(in: .whitespaces) : ""
    if text.contains(","), Self.plainNumber(withPoint) != nil {
      log.error(line, "\(what()) '\(text)' uses a decimal comma: write \(withPoint)")
    } else if Self.plainNumber(withoutPercent) != nil {
      log.error(line, "\(what()) '\(text)' is not a number: write \(withoutPercent), without the '%'")
    } else if let ascii = Self.asciiDigits(text), Self.plainNumber(ascii) != nil {
      log.error(line, "\(what()) '\(text)' is written in full-width characters: write \(ascii)")
    } else if let slash = text.firstIndex(of: "/"), Self.plainNumber(String(text[..<slash]).trimmedASCII) != nil,
      Self.plainNumber(String(text[text.index(after: slash)...]).trimmedASCII) != nil
    {
      log.error(line, "\(what()) '\(text)' is not a number: write the points alone, \(String(text[..<slash]).trimmedASCII)")
    } else if blankMeansNotRated, Self.notRatedMarks.contains(text.lowercased()) {
      log.error(line, "\(what()) '\(text)' is not a number: leave the cell empty where nothing was rated")
    } else {
      log.error(line, "\(what()) '\(text)' is not a number")
    }
    return nil
  }

  /// What people write in a score cell for "not rated" (compared lower-cased).
  static let notRatedMarks: Set<String> = ["n/a", "na", "n.a.", "-", "--", "–", "—", "none", "null", "nil", "x", "?", "not rated"]

  /// The number `text` writes with digits, a sign and a point only (`Double(_:)` alone would take
  /// "inf", "nan", "1e5" and "0x1p3"); `nil` for anything else.
  static func plainNumber(_ text: String) -> Double? {
    guard text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B }), let value = Double(text),
      value.isFinite
    else { return nil }
    return value
  }

  /// `text` with full-width digits, point and signs (`４．５`, typed with a Chinese or Japanese input
  /// method) made ASCII, when it has any; otherwise `nil`.
  static func asciiDigits(_ text: String) -> String? {
    var changed = false
    let scalars = text.unicodeScalars.map { scalar -> Unicode.Scalar in
      // U+FF01…U+FF5E are ASCII U+0021…U+007E, full width.
      guard (0xFF0B...0xFF19).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFEE0) else { return scalar }
      changed = true
      return ascii
    }
    return changed ? String(String.UnicodeScalarView(scalars)) : nil
  }
}
