import Foundation
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

  /// Each file's outcome, in the order given (`imported` in the preview means "would import").
  public var outcomes: [ImportOutcome]
  /// Warnings about the course the import would leave (stored scores it would leave naming
  /// nothing), beyond those it has already.
  public var courseWarnings: [Diagnostic] = []
  /// Values added (new keys).
  public var added = 0
  /// Values that change or stop counting.
  public var changes: [Change] = []
  /// Results that move.
  public var moves: [Move] = []

  /// A preview with only the files' outcomes.
  public init(outcomes: [ImportOutcome]) { self.outcomes = outcomes }

  /// Whether the files would be imported: none has errors, and one at least is not stored already.
  public var wouldImport: Bool {
    !outcomes.contains { $0.status == .rejected } && outcomes.contains { if case .imported = $0.status { true } else { false } }
  }

  /// Every file's errors and warnings, in order, then ``courseWarnings``.
  public var diagnostics: [Diagnostic] { outcomes.flatMap(\.diagnostics) + courseWarnings }

  /// The students' results that move, from each student's grades before and after.
  mutating func compare(_ before: [StudentGrade], _ after: [StudentGrade]) {
    let old = Dictionary(before.map { ($0.student, $0) }, uniquingKeysWith: { a, _ in a })
    for grade in after {
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
    let rejected = outcomes.contains { $0.status == .rejected }
    var lines = outcomes.map { outcome in
      guard case .imported(_, let rows, let replaced) = outcome.status else { return outcome.summary }
      guard !rejected else { return "\(outcome.file): no errors, but would not be imported: the files go in together or not at all" }
      return
        "\(outcome.file): would import \(rows) row(s) of \(outcome.kind.rawValue)\(replaced.isEmpty ? "" : ", replacing batch \(replaced.map(String.init).joined(separator: ", "))"); nothing written (dry run)"
    }
    guard wouldImport else { return lines }
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
