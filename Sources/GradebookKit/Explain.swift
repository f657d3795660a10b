import Foundation
import GRDB
import GradebookCore

/// `gradebook explain COURSE STUDENT`: how every number of one student came about — the total's
/// arithmetic, each item's evidence, and every stored value behind it with its file, line and
/// batch, plus what it superseded.
public struct Explanation {
  public let result: GradebookResult
  public let store: Store

  /// An explainer over a scored course.
  public init(result: GradebookResult, store: Store) { (self.result, self.store) = (result, store) }

  /// The plain-text trace; `nil` when the student is not on the roster.
  public func render(student id: String) throws -> String? {
    let workspace = result.workspace
    guard let student = workspace.roster.student(id: id), let grade = result.grades.first(where: { $0.student == id }) else { return nil }
    let group = result.state.groups.groupOf[id]
    // The other addresses the roster lists, which forms may have named this student by.
    let others = student.otherEmails.isEmpty ? "" : " (also \(student.otherEmails.map { "<\($0)>" }.joined(separator: ", ")))"
    var out = "\(student.id)  \(student.name) <\(student.email)>\(others)" + (group.map { "  group \($0)" } ?? "") + "\n"
    out += "total: " + (grade.total.map { "\(Self.fixed($0)) (\(grade.letter ?? "")) " } ?? "none (every item excused or pending) ")
    out += "= Σ w·p / Σ w over counted items\n"
    let counted = zip(workspace.rubric.items, grade.items).filter { $0.1.status.counts }
    if !counted.isEmpty {
      let numerator = counted.map { "\(ConfigReader.format($0.0.weight))·\(Self.fixed($0.1.percent ?? 0))" }.joined(separator: " + ")
      let denominator = counted.reduce(0) { $0 + $1.0.weight }
      out += "       = (\(numerator)) / \(ConfigReader.format(denominator))\n"
    }
    let batches = result.state.batches
    let time = TimestampParser(zone: workspace.config.zone)
    try store.read { db in
      let subjects = [id] + (group.map { [$0] } ?? [])
      var facts: [StoredFact] = []
      for kind in InputKind.allCases where kind != .roster {
        for subject in subjects { facts += try Store.history(db, kind: kind, subject: subject) }
      }
      for (item, cell) in zip(workspace.rubric.items, grade.items) {
        out += "\n\(item.id) — \(item.title) (weight \(ConfigReader.format(item.weight)), scorer \(item.scorerID))\n"
        out +=
          "  \(cell.status.rawValue): " + (cell.percent.map { Self.fixed($0) + "%" } ?? "counts for nothing")
          + (cell.note.map { " — \($0)" } ?? "") + "\n"
        for line in cell.scored?.evidence ?? [] { out += "    \(line)\n" }
        let related = facts.filter { $0.fact.item == item.id }
        out += Self.sources(related, batches: batches, time: time)
      }
      let general = facts.filter { $0.fact.item == nil }
      if !general.isEmpty {
        out += "\ngroups and registrations\n" + Self.sources(general, batches: batches, time: time)
      }
    }
    return out
  }

  /// Lines for stored values: the current one of each key, with what it superseded.
  static func sources(_ facts: [StoredFact], batches: [Int64: Batch], time: TimestampParser) -> String {
    var out = ""
    let byKey = Dictionary(grouping: facts, by: { $0.fact.key })
    for key in byKey.keys.sorted() {
      let versions = byKey[key]!.sorted { $0.batch > $1.batch }
      let active = versions.filter { batches[$0.batch]?.isActive ?? false }
      guard let current = active.first else { continue }
      out += "    \(describe(current.fact, time: time)) ← \(origin(current, batches, time: time))\n"
      for older in versions where older != current {
        let state =
          batches[older.batch].map {
            $0.withdrawn ? "withdrawn" : ($0.replacedBy != nil ? "replaced by batch \($0.replacedBy!)" : "superseded")
          } ?? "?"
        out += "      supersedes \(describe(older.fact, time: time)) ← \(origin(older, batches, time: time)) [\(state)]\n"
      }
    }
    return out
  }

  static func origin(_ stored: StoredFact, _ batches: [Int64: Batch], time: TimestampParser) -> String {
    guard let batch = batches[stored.batch] else { return "batch \(stored.batch)" }
    return "\(batch.path):\(stored.fact.line) (batch \(batch.id), imported by \(batch.importedBy) at \(batch.importedAt(shownWith: time)))"
  }

  static func describe(_ fact: Fact, time: TimestampParser) -> String {
    switch fact.kind {
    case .scores:
      if let points = fact.number { return "\(fact.criterion ?? "") = \(ConfigReader.format(points)) by \(fact.rater ?? "")" }
      return "comment by \(fact.rater ?? "")"
    case .uploads:
      return
        "upload at \(fact.at.map { time.display(Instant(milliseconds: $0)) } ?? "?")\(fact.text.map { $0.isEmpty ? "" : " (\($0))" } ?? "")"
    case .adjustments:
      let value =
        fact.criterion == "extend"
        ? fact.number.map { TimeSpan(milliseconds: Int64($0)).description } : fact.number.map(ConfigReader.format)
      return "\(fact.criterion ?? "") \(value ?? "") by \(fact.rater ?? ""): \(fact.text ?? "")"
    case .groups: return "member of \(fact.extra ?? "")"
    case .registrations: return "registration at \(fact.at.map { time.display(Instant(milliseconds: $0)) } ?? "?") for \(fact.extra ?? "")"
    case .contributions: return "contribution \(fact.rater ?? "") → \(fact.criterion ?? "") = \(fact.number.map(ConfigReader.format) ?? "")"
    case .roster: return "roster entry"
    }
  }

  static func fixed(_ x: Double) -> String { FixedDecimal.format(x) }
}
