import Foundation
import GradebookCore

/// What reading a form export checks beyond each cell: a slot's cell against its holder, answers
/// before their talk or under half a criterion's scale, and the hints for e-mails and times.
extension WideScoreFacts {
  /// After the last row, what only the whole file shows, each said once: responses submitted
  /// before the talk they rate, and a column whose answers (10 or more) never go above half its
  /// criterion's max — a 1–5 question for a criterion out of 10 halves every peer's score, silently.
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
    // A roster whose e-mails are swapped (or one e-mail typed into another student's row) credits
    // one student's responses to another without a word: the account's name says so.
    if let first = misnamed.first {
      log.warning(
        first.line,
        "\(misnamed.count) student(s) answered from an e-mail the roster gives to someone else than the form's Name column names, this first: '\(first.email)' is \(first.rater.name) (\(first.rater.id)) on the roster, but the response's Name is \(first.named.name) (\(first.named.id)). Their responses count as \(first.rater.id)'s: are e-mails swapped in the roster?"
      )
    }
    for (position, criterion) in columnCriteria.enumerated() {
      guard let criterion, criterion.looksScaledDown(highest: highest[position], count: scored[position]) else { continue }
      let top = ConfigReader.format(highest[position]), max = ConfigReader.format(criterion.max)
      log.warning(
        nil,
        "no answer in column '\(map.criteria[position].column)' is above \(top), in \(scored[position]) answers, though criterion '\(criterion.id)' is out of \(max): is the form's scale smaller? Each answer counts out of \(max)"
      )
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
    return
      " (did you mean '\(same[0])'? the same name at the domain the roster has: correct the export, or add the address to that student's other_emails in the roster)"
  }

  /// The roster's names, indexed the first time a check needs them (``names``).
  mutating func nameIndex() -> Roster.NameIndex {
    if let names { return names }
    let index = Roster.NameIndex(context.roster)
    names = index
    return index
  }

  /// Compares a rater's first response's `Name` (Microsoft Forms writes the signed-in account's
  /// name there) with the roster's name for the student the e-mail resolved to. Noted when it is,
  /// instead, exactly one other student's roster name; a name in another form (`Lau, Wai Kit`),
  /// or a staff rater, says nothing. Once a student (their first response), found by roster
  /// position: a name compared, or a rater hashed, on every response slowed a forms import.
  mutating func checkRaterName(_ name: String, position: Int, email: String, line: Int) {
    guard !name.isEmpty else { return }
    let student = context.roster.students[position]
    if student.name == name || Roster.normalizedName(student.name) == Roster.normalizedName(name) { return }
    let index = nameIndex()
    guard let named = index.student(name: name), named.id != student.id else { return }
    misnamed.count += 1
    if misnamed.first == nil { misnamed.first = (line, email, student, named) }
  }

  /// " (…)" for an unknown rater e-mail whose response names, in the export's `Name` column, exactly
  /// one roster student: a student who answered signed in to another account (their personal
  /// one), whom the roster's `other_emails` would find. While the file's suggestion budget lasts.
  mutating func nameHint(email: String, name: String, line: Int, log: inout DiagnosticLog) -> String {
    guard ValidationContext.couldBeName(name), log.spendSuggestion(100, line: line) else { return "" }
    let index = nameIndex()
    guard let student = index.student(name: name) else { return "" }
    return
      " (the response's Name is \(student.name), \(student.id) on the roster: if this is their address, add it to their other_emails in the roster)"
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
    let index = nameIndex()
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

  /// When `slot` of `track` starts, in milliseconds: its week's first slot's start
  /// (``CourseConfig/start(of:)``, asked once a week), then `slot_minutes` a slot (RULES §10).
  /// `Int64.min + 1` without a calendar, earlier than any answer.
  mutating func talkStart(of slot: SlotID, in track: Track) -> Int64 {
    if weekStarts.isEmpty { weekStarts = Array(repeating: .min, count: track.weeks.count) }
    let week = slot.week - track.weeks.lowerBound
    if weekStarts[week] == .min {
      weekStarts[week] = context.config.start(of: SlotID(week: slot.week, number: 1))?.milliseconds ?? .min + 1
    }
    guard weekStarts[week] != .min + 1 else { return .min + 1 }
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
}
