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
  /// exactly one student. Nobody found: the students whose names hold the words of `text` are
  /// offered (a TA types "Chan" for Chan Tai Man), else the closest id, e-mail or name.
  public static func resolve(_ text: String, in roster: Roster) -> Answer {
    let query = text.trimmingCharacters(in: .whitespaces)
    if roster.contains(query) { return .student(query) }
    if let id = roster.id(email: query) { return .student(id) }
    let named = Roster.NameIndex(roster).students(named: query)
    if named.count == 1 { return .student(named[0].id) }
    if named.count > 1 {
      return .problem("'\(query)' is the name of \(named.count) students (\(named.map(\.id).joined(separator: ", "))); give the id")
    }
    if query.contains("@") {
      return .problem("unknown student '\(query)'\(Suggestion.hint(for: query, among: roster.students.map(\.email)))")
    }
    let partly = students(partlyNamed: query, in: roster)
    if partly.count == 1 {
      return .problem("unknown student '\(query)' (did you mean '\(partly[0].name)' (\(partly[0].id))?)")
    }
    if partly.count > 1 {
      let shown = partly.lazy.map { "'\($0.name)' (\($0.id))" }.listed(first: listed)
      return .problem("'\(query)' is part of the names of \(partly.count) students: \(shown); give the id")
    }
    let known = roster.ids + roster.students.map(\.name)
    return .problem("unknown student '\(query)'\(Suggestion.hint(for: query, among: known))")
  }

  /// How many students a query naming several lists before saying how many more there are.
  static let listed = 5

  /// Students whose roster name holds every word of `query` (compared as RULES §25 compares names):
  /// an ASCII word must be a whole word of the name (`Chan` finds `Chan Tai Man`, not `Chang`); a
  /// word with other letters may be any part of one, as Chinese names are written without spaces
  /// (`嘉欣` finds `李嘉欣 (Lee Ka Yan)`). In roster order.
  static func students(partlyNamed query: String, in roster: Roster) -> [Student] {
    let wanted = words(of: query)
    guard !wanted.isEmpty else { return [] }
    return roster.students.filter { student in
      let name = words(of: student.name)
      return wanted.allSatisfy { word in
        name.contains(word) || (!word.unicodeScalars.allSatisfy(\.isASCII) && name.contains { $0.contains(word) })
      }
    }
  }

  /// A name's words, normalised as RULES §25 normalises names, split at anything but a letter or digit.
  static func words(of name: String) -> [Substring] {
    Roster.normalizedName(name).split { !($0.isLetter || $0.isNumber) }
  }
}
