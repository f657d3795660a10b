import Foundation
import GradebookCore

/// Reads the roster CSV: `student_id,name,email` plus any extra columns, kept (SPEC §4).
public struct RosterReader {
  public let config: CourseConfig

  /// A reader for the course's roster.
  public init(config: CourseConfig) { self.config = config }

  /// Reads `config.roster` in `folder`. Duplicate ids and emails are errors at the later row
  /// (RULES §46); ids must be safe (RULES §44).
  public func read(folder: URL, file: String? = nil) -> (Roster, [Diagnostic]) {
    let shown = file ?? config.roster
    let url = shown.hasPrefix("/") ? URL(fileURLWithPath: shown) : folder.appendingPathComponent(shown)
    var log = DiagnosticLog(path: shown)
    guard FileManager.default.fileExists(atPath: url.path) else {
      log.error(nil, "the roster file does not exist")
      return (Roster([]), log.all)
    }
    var students: [Student] = []
    var ids: [String: Int] = [:]
    var emails: [String: Int] = [:]
    var extraColumns: [String] = []
    let staffIDs = Set(config.staff.map(\.id))
    do {
      try TableReader(path: url.path, shownPath: shown).read(
        log: &log,
        header: { names in
          extraColumns = names.filter { !["student_id", "name", "email", ""].contains($0) }
          return ["student_id", "name", "email"].filter { !names.contains($0) }
        },
        row: { row, log in
          let id = row["student_id"]
          if let problem = SafeID.problem(id, what: "student id") {
            log.error(row.line, problem)
            return
          }
          if let first = ids[id] {
            log.error(row.line, "duplicate student id '\(id)' (first at line \(first))")
            return
          }
          if staffIDs.contains(id) { log.error(row.line, "student id '\(id)' is also a staff id") }
          let email = row["email"]
          if !email.isEmpty {
            let key = email.lowercasedFast
            if let first = emails[key] {
              log.error(row.line, "duplicate email '\(email)' (first at line \(first))")
              return
            }
            emails[key] = row.line
          }
          let name = row["name"]
          if name.isEmpty { log.warning(row.line, "student '\(id)' has no name") }
          ids[id] = row.line
          var extra: [String: String] = [:]
          for column in extraColumns { extra[column] = row[column] }
          students.append(Student(id: id, name: name, email: email, extra: extra, line: row.line))
        })
    } catch {
      log.error(nil, "\(error)")
    }
    return (Roster(students), log.all)
  }
}
