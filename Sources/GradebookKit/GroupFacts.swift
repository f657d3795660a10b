import GradebookCore

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
