import GradebookCore

/// Students on the roster in no group, while the rubric has items scored per group: every such
/// item is `missing` for them, a 0 in their total, and nothing else says so (a student who joined
/// late, left out of the groups file). Told once by every command that scores, like a stale name,
/// until the groups file has them, the roster drops them, or their group items are excused.
struct UngroupedStudents: Sendable {
  /// The students, in roster order.
  var students: [String]
  /// The items scored per group.
  var items: [String]
  /// The groups file the current groups came from, for the message.
  var groupsFile: String

  /// The students of `workspace`'s roster whom `groups` leave out, unless the course has no group
  /// items or no groups yet, or a student's every group item is excused.
  static func find(workspace: Workspace, groups: Groups, adjustments: [Adjustment], batches: [Int64: Batch]) -> UngroupedStudents? {
    let items = workspace.rubric.items.filter { $0.target == .group }.map(\.id)
    guard !items.isEmpty, !groups.members.isEmpty else { return nil }
    var excused: [String: Set<String>] = [:]  // each student's excused group items
    for adjustment in adjustments where adjustment.action == .excuse && items.contains(adjustment.item) {
      excused[adjustment.student, default: []].insert(adjustment.item)
    }
    let students = workspace.roster.students.lazy.map(\.id).filter {
      groups.groupOf[$0] == nil && excused[$0, default: []].count < items.count
    }
    guard !students.isEmpty else { return nil }
    let file = batches.values.filter { $0.kind == InputKind.groups.rawValue && $0.isActive }.max { $0.id < $1.id }?.path ?? "groups"
    return UngroupedStudents(students: Array(students), items: items, groupsFile: file)
  }

  /// One warning, naming the first ten students.
  var diagnostic: Diagnostic {
    let shown = students.listed()
    return Diagnostic(
      .warning, path: groupsFile, line: nil,
      "\(students.count) student(s) on the roster are in no group, so \(items.joined(separator: ", ")) (scored per group) are missing for them: \(shown)"
    )
  }
}
