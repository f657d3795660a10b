import GradebookCore

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
