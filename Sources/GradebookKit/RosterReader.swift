import Foundation
import GradebookCore

/// Reads the roster CSV: `student_id,name,email` plus any extra columns, kept (SPEC §4), and an
/// optional `other_emails` column: a student's other addresses, separated by `;`, `,` or spaces,
/// found as their e-mail is (a form filled in while signed in to a personal account).
public struct RosterReader {
  public let config: CourseConfig

  /// A reader for the course's roster.
  public init(config: CourseConfig) { self.config = config }

  /// Reads `config.roster` in `folder`. Duplicate ids and emails (other e-mails included) are
  /// errors at the later row (RULES §46); ids must be safe (RULES §44).
  public func read(folder: URL, file: String? = nil) -> (Roster, [Diagnostic]) {
    let shown = file ?? config.roster
    let url = shown.hasPrefix("/") ? URL(fileURLWithPath: shown) : folder.appendingPathComponent(shown)
    var log = DiagnosticLog(path: shown)
    guard FileManager.default.fileExists(atPath: url.path) else {
      log.error(nil, "the roster file does not exist")
      return (Roster([]), log.all)
    }
    // Each lookup maps to a position in `students` and becomes the roster's own index (built once,
    // sized from the file: growing two dictionaries of 100,000 keys was a third of reading a roster).
    let expected = ((try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0) / 48
    var students: [Student] = []
    var ids = StringIndex(capacity: expected)
    var emails = StringIndex(capacity: expected)
    students.reserveCapacity(expected)
    var extraColumns: [String] = []
    var positions: (id: Int?, name: Int?, email: Int?, others: Int?, extra: [Int?])?
    let staffIDs = Set(config.staff.map(\.id))
    // A form that names raters by e-mail looks staff up first: a student with a staff e-mail would
    // rate as staff.
    let staffEmails = Dictionary(
      config.staff.compactMap { s in s.email.map { ($0.lowercasedFast, s.id) } }, uniquingKeysWith: { a, _ in a })
    // Saved as Excel saves it: UTF-16 with its byte-order mark, `;` or tabs, a `sep=` line.
    let input: InputFile
    do {
      input = try InputFile(path: url.path)
    } catch {
      log.error(nil, "\(error)")
      return (Roster([]), log.all)
    }
    defer { input.close() }
    do {
      try TableReader(input, shownPath: shown).read(
        log: &log,
        header: { names in
          extraColumns = names.filter { !["student_id", "name", "email", Self.otherEmailsColumn, ""].contains($0) }
          return ["student_id", "name", "email"].filter { !names.contains($0) }
        },
        row: { row, log in
          let columns =
            positions
            ?? (
              row.position(of: "student_id"), row.position(of: "name"), row.position(of: "email"), row.position(of: Self.otherEmailsColumn),
              extraColumns.map(row.position(of:))
            )
          positions = columns
          let id = row[at: columns.id]
          if let problem = SafeID.problem(id, what: "student id") {
            log.error(row.line, problem)
            return
          }
          if let first = ids[id] {
            log.error(row.line, "duplicate student id '\(id)' (first at line \(students[first].line))")
            return
          }
          if staffIDs.contains(id) { log.error(row.line, "student id '\(id)' is also a staff id") }
          let email = row[at: columns.email]
          let key = email.lowercasedFast
          if !email.isEmpty, let first = emails[key] {
            log.error(
              row.line, "duplicate email '\(email)' (first at line \(students[first].line)\(Self.asOther(key, of: students[first])))")
            return
          }
          if !email.isEmpty, let staff = staffEmails[key] {
            log.error(row.line, "email '\(email)' belongs to staff member '\(staff)' in course.yaml")
          }
          let name = row[at: columns.name]
          if name.isEmpty { log.warning(row.line, "student '\(id)' has no name") }
          ids.insert(id, position: students.count)
          if !email.isEmpty { emails.insert(key, position: students.count) }
          var others: [String] = []
          for other in Self.addresses(row[at: columns.others]) {
            let otherKey = other.lowercasedFast
            if let first = emails[otherKey] {
              if first != students.count {
                log.error(
                  row.line,
                  "\(Self.otherEmailsColumn): duplicate email '\(other)' (first at line \(students[first].line)\(Self.asOther(otherKey, of: students[first])))"
                )
              }
              continue
            }
            guard Self.looksLikeEmail(other) else {
              log.error(row.line, "\(Self.otherEmailsColumn): '\(other)' is not an e-mail address (separate several with ';')")
              continue
            }
            if let staff = staffEmails[otherKey] {
              log.error(row.line, "\(Self.otherEmailsColumn): email '\(other)' belongs to staff member '\(staff)' in course.yaml")
              continue
            }
            emails.insert(otherKey, position: students.count)
            others.append(other)
          }
          var extra: [String: String] = [:]
          for (column, position) in zip(extraColumns, columns.extra) { extra[column] = row[at: position] }
          students.append(Student(id: id, name: name, email: email, otherEmails: others, extra: extra, line: row.line))
        })
    } catch {
      log.error(nil, "\(error)")
    }
    if students.isEmpty && !log.hasErrors {
      log.warning(nil, "the roster lists no students: every score, group and sign-up will name an unknown student")
    }
    return (Roster(students: students, byID: ids, byEmail: emails), log.all)
  }

  /// The optional roster column of a student's other e-mail addresses.
  static let otherEmailsColumn = "other_emails"

  /// The addresses of an `other_emails` cell: separated by `;`, `,` or white space, blanks dropped.
  static func addresses(_ cell: String) -> [String] {
    guard !cell.isEmpty else { return [] }
    return cell.split(whereSeparator: { $0 == ";" || $0 == "," || $0.isWhitespace }).map(String.init)
  }

  /// `someone@somewhere`: one `@`, with text on both sides.
  static func looksLikeEmail(_ text: String) -> Bool {
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
  }

  /// ", in other_emails" when `key` is one of the student's other e-mails, not their own.
  static func asOther(_ key: String, of student: Student) -> String {
    student.email.lowercasedFast == key ? "" : ", in \(otherEmailsColumn)"
  }
}
