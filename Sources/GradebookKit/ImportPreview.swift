import Foundation
import GRDB
import GradebookCore

/// What an import would do (`gradebook import … --dry-run`): rows added, stored values it would
/// supersede (old → new, with their sources), and the students whose item percents or totals would
/// move, by how much. Nothing is written.
public struct ImportPreview: Sendable {
  /// A stored value, as a person reads it, and where it came from.
  public struct Value: Sendable, Hashable {
    public var text: String
    public var source: String
    /// Whom and which item the value is about (`G01 project-talk`), the same for every value of a key.
    public var whose: String
  }

  /// One value that changes: `old` is `nil` for a new key, `new` is `nil` when it stops counting.
  public struct Change: Sendable, Hashable {
    public var key: String
    public var old: Value?
    public var new: Value?
    /// Whom and which item it is about.
    public var whose: String { (new ?? old)?.whose ?? "" }
  }

  /// A student's result that moves.
  public struct Move: Sendable, Hashable {
    public var student: String
    /// Item id, or `total`.
    public var what: String
    public var old: String
    public var new: String
    /// new − old, when both are numbers.
    public var delta: Double?
  }

  /// The import's outcome (`imported` in the preview means "would import").
  public var outcome: ImportOutcome
  /// Values added (new keys).
  public var added = 0
  /// Values that change or stop counting.
  public var changes: [Change] = []
  /// Results that move.
  public var moves: [Move] = []

  /// A preview with only an outcome.
  public init(outcome: ImportOutcome) { self.outcome = outcome }

  /// The current value of every key of a kind, described.
  static func values(_ db: Database, workspace: Workspace, kind: InputKind) throws -> [String: Value] {
    let reader = try CurrentFacts(db, workspace: workspace)
    var values: [String: Value] = [:]
    let time = TimestampParser(zone: workspace.config.zone)
    try reader.forEachCurrent(db, kind, keys: true) { stored in
      let fact = stored.fact
      values[fact.key] = Value(
        text: Explanation.describe(fact, time: time), source: reader.source(stored).description,
        whose: [fact.subject, fact.item].compactMap { $0 }.joined(separator: " "))
    }
    return values
  }

  mutating func compare(_ before: [String: Value], _ after: [String: Value]) {
    for (key, new) in after {
      if let old = before[key] {
        if old.text != new.text { changes.append(Change(key: key, old: old, new: new)) }
      } else {
        added += 1
      }
    }
    for (key, old) in before where after[key] == nil { changes.append(Change(key: key, old: old, new: nil)) }
    changes.sort { $0.key < $1.key }
  }

  mutating func compare(_ before: GradebookResult, _ after: GradebookResult) {
    let old = Dictionary(before.grades.map { ($0.student, $0) }, uniquingKeysWith: { a, _ in a })
    for grade in after.grades {
      guard let previous = old[grade.student] else { continue }
      for (a, b) in zip(previous.items, grade.items) where a.status != b.status || a.percent != b.percent {
        moves.append(
          Move(student: grade.student, what: b.item, old: Self.cell(a), new: Self.cell(b), delta: Self.delta(a.percent, b.percent)))
      }
      if previous.total != grade.total || previous.letter != grade.letter {
        moves.append(
          Move(
            student: grade.student, what: "total", old: Self.total(previous), new: Self.total(grade),
            delta: Self.delta(previous.total, grade.total)))
      }
    }
  }

  static func cell(_ cell: ItemGrade) -> String {
    cell.percent.map { FixedDecimal.format($0) + (cell.status == .graded ? "" : " (\(cell.status.rawValue))") } ?? cell.status.rawValue
  }

  static func total(_ grade: StudentGrade) -> String {
    grade.total.map { FixedDecimal.format($0) + " " + (grade.letter ?? "") } ?? "no total"
  }

  /// A change in percentage points, signed, to two decimals; one that would round to 0.00 gets as
  /// many more decimals as show it (up to six: `+0.0046`), since the student is listed because it
  /// is not zero.
  static func signed(_ delta: Double) -> String {
    var decimals = 2
    while decimals < 6, (abs(delta) * pow(10, Double(decimals))).rounded() == 0 { decimals += 1 }
    return String(format: "%+.\(decimals)f", delta)
  }

  static func delta(_ a: Double?, _ b: Double?) -> Double? {
    guard let a, let b else { return nil }
    return b - a
  }

  /// How many changed values and how many moved results `--dry-run` lists before it counts the rest
  /// (a re-import at MOOC scale can change hundreds of thousands; `--all` lists every one).
  public static let listed = 200

  /// The lines `--dry-run` prints: every change and move, or the first `limit` of each and a line
  /// counting the rest.
  public func lines(limit: Int? = nil) -> [String] {
    var lines: [String] = []
    guard case .imported(_, let rows, let replaced) = outcome.status else { return [outcome.summary] }
    lines.append(
      "\(outcome.file): would import \(rows) row(s) of \(outcome.kind.rawValue)\(replaced.isEmpty ? "" : ", replacing batch \(replaced.map(String.init).joined(separator: ", "))"); nothing written (dry run)"
    )
    lines.append("  \(added) new value(s), \(changes.count) changed or withdrawn")
    for change in changes.prefix(limit ?? changes.count) {
      let old = change.old.map { "\($0.text) (\($0.source))" } ?? "nothing"
      let new = change.new.map { "\($0.text) (\($0.source))" } ?? "no longer counts"
      lines.append("  \(change.whose): \(old) → \(new)")
    }
    lines += Self.rest(changes.count, limit: limit, what: "changed value(s)")
    let students = Set(moves.map(\.student))
    lines.append("  \(students.count) student(s) would move")
    for move in moves.prefix(limit ?? moves.count) {
      let delta = move.delta.map { " (\(Self.signed($0)))" } ?? ""
      lines.append("  \(move.student) \(move.what): \(move.old) → \(move.new)\(delta)")
    }
    lines += Self.rest(moves.count, limit: limit, what: "moved result(s)")
    return lines
  }

  /// The line that counts what a limited listing left out, if it left anything out.
  static func rest(_ count: Int, limit: Int?, what: String) -> [String] {
    guard let limit, count > limit else { return [] }
    return ["  … and \(count - limit) more \(what) (--all lists every one)"]
  }
}
