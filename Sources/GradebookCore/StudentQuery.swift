import Foundation

/// One student named on the command line (`explain`, `report --student`) as a TA would name them:
/// by id, by e-mail or by roster name, compared as RULES §25 compares them in files (ids exact,
/// e-mails case-insensitively, names after NFC, trimming, collapsing white space and case-folding).
public enum StudentQuery {
  /// What a query found.
  public enum Answer: Equatable, Sendable {
    /// The one student it names (their id).
    case student(String)
    /// Nobody, or several: what to tell the user (with a suggestion where one fits).
    case problem(String)
  }

  /// Resolves `text` against `roster`: an id first, then an e-mail, then a name that must match
  /// exactly one student.
  public static func resolve(_ text: String, in roster: Roster) -> Answer {
    let query = text.trimmingCharacters(in: .whitespaces)
    if roster.contains(query) { return .student(query) }
    if let id = roster.id(email: query) { return .student(id) }
    let named = Roster.NameIndex(roster).students(named: query)
    if named.count == 1 { return .student(named[0].id) }
    if named.count > 1 {
      return .problem("'\(query)' is the name of \(named.count) students (\(named.map(\.id).joined(separator: ", "))); give the id")
    }
    let known = query.contains("@") ? roster.students.map(\.email) : roster.ids
    return .problem("unknown student '\(query)'\(Suggestion.hint(for: query, among: known))")
  }
}
