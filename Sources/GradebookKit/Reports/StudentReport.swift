import Foundation
import GradebookCore

/// What one student's report says, and nothing about anyone else (SPEC §9–10): their items, the
/// criterion breakdown by role, staff comments with the staff member's name, peer comments without
/// the reviewer, evidence in plain words, the arithmetic of the total, and the class distribution as
/// counts only.
public struct StudentReport: Sendable {
  /// One item of the report.
  public struct ItemSection: Sendable {
    public var id: String
    public var title: String
    public var weight: Double
    public var released: Bool
    public var status: ItemStatus
    public var percent: Double?
    /// Points this item adds to the total (`w·p / Σw`), `nil` when it does not count.
    public var contribution: Double?
    public var criteria: [CriterionRow]
    public var staffComments: [(author: String, text: String)]
    /// Peer comments, text only, sorted by text (the order says nothing about who or when).
    public var peerComments: [String]
    /// The student's own notes on their own work (self reviews).
    public var ownComments: [String]
    /// Where the number came from, in plain words.
    public var evidence: [String]
    /// Excuse or override reason, pending reason.
    public var note: String?
  }

  /// One criterion of an item, by role (normalised scores in [0, 1]).
  public struct CriterionRow: Sendable {
    public var title: String
    public var max: Double
    public var staff: Double?
    public var staffRaters: Int
    public var peer: Double?
    public var peerRaters: Int
    public var selfRating: Double?
  }

  public var course: String
  public var courseTitle: String
  public var term: String
  public var studentID: String
  public var studentName: String
  public var items: [ItemSection]
  /// Whether every item is released (else the total is withheld).
  public var complete: Bool
  public var total: Double?
  public var letter: String?
  /// `(10·100.00 + 30·70.81 + …) / 100 = 75.29`, or why there is no total.
  public var arithmetic: String
  /// Class totals in ten bins of 10 points (the last includes 100), counts only.
  public var histogram: [Int]
  /// The student's bin, if they have a total.
  public var bin: Int?

  /// What every report shares, computed once for the class: grades by student, comments by item
  /// and target, and the histogram of totals.
  public struct ClassIndex: Sendable {
    let grades: [String: StudentGrade]
    /// Each item's comments, found by target (``CommentsByTarget``).
    let comments: [String: CommentsByTarget]
    let histogram: [Int]
    /// Staff names by staff id.
    let staffNames: [String: String]
    /// Takes other students out of comments and notes.
    let redactor: CommentRedactor

    /// Indexes a scored course.
    public init(_ result: GradebookResult) {
      let config = result.workspace.config
      staffNames = Dictionary(config.staff.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
      // 300,000 keys at MOOC scale (half a second): made on a second thread while this one groups
      // the comments and grades.
      let roster = result.workspace.roster
      let making = Worker { CommentRedactor(roster: roster) }
      grades = Dictionary(result.grades.map { ($0.student, $0) }, uniquingKeysWith: { a, _ in a })
      comments = result.state.comments.mapValues(CommentsByTarget.init)
      var bins = [Int](repeating: 0, count: 10)
      for grade in result.grades { if let t = grade.total { bins[StudentReport.bin(of: t)] += 1 } }
      histogram = bins
      redactor = making.wait()
    }
  }

  /// The report of `studentID` in a scored course.
  public init(result: GradebookResult, studentID: String, index: ClassIndex? = nil) {
    let index = index ?? ClassIndex(result)
    let workspace = result.workspace
    let config = workspace.config
    let student = workspace.roster.student(id: studentID)
    let grade = index.grades[studentID]
    let group = result.state.groups.groupOf[studentID]
    let staffNames = index.staffNames
    // Free text (comments, excuse and override reasons) may name anyone: other students come out.
    func shown(_ text: String) -> String { index.redactor.redact(text, keeping: student) }
    (course, courseTitle, term) = (config.course, config.title, config.term)
    (self.studentID, studentName) = (studentID, student?.name ?? studentID)

    let counted = zip(workspace.rubric.items, grade?.items ?? []).filter { $0.1.status.counts }
    let countedWeight = counted.reduce(0) { $0 + $1.0.weight }
    items = zip(workspace.rubric.items, grade?.items ?? []).map { item, cell in
      let target = item.target == .student ? studentID : (group ?? "")
      let comments = target.isEmpty ? [] : (index.comments[item.id]?[target] ?? [])
      let note = cell.note.map(shown)
      let evidence = Self.plainEvidence(cell, note: note)
      let criteria = item.criteria.map { criterion in
        let line = cell.scored?.criteria.first { $0.criterion == criterion.id }
        return CriterionRow(
          title: criterion.title, max: criterion.max, staff: line?.staff, staffRaters: line?.staffRaters ?? 0,
          peer: line?.peer, peerRaters: line?.peerRaters ?? 0, selfRating: line?.selfRating)
      }
      return ItemSection(
        id: item.id, title: item.title, weight: item.weight, released: config.releases(item.id),
        status: cell.status, percent: cell.percent,
        contribution: cell.status.counts && countedWeight > 0 ? item.weight * (cell.percent ?? 0) / countedWeight : nil,
        criteria: criteria,
        staffComments: comments.filter { $0.role.isStaff }.map { (staffNames[$0.rater] ?? "Staff", shown($0.text)) }.sorted {
          ($0.author, $0.text) < ($1.author, $1.text)
        },
        peerComments: comments.filter { $0.role == .peer }.map { shown($0.text) }.sorted(),
        ownComments: comments.filter { $0.role == .selfRating && ($0.rater == studentID) }.map { shown($0.text) }.sorted(),
        // An external program's evidence is free text too (ScorerDescription.freeTextEvidence).
        evidence: type(of: item.scorer).description.freeTextEvidence ? evidence.map(shown) : evidence,
        note: note)
    }
    complete = items.allSatisfy(\.released)
    total = complete ? grade?.total : nil
    letter = complete ? grade?.letter : nil
    if !complete {
      arithmetic = "The total is shown once every item is released."
    } else if let total = grade?.total {
      let terms = counted.map { "\(ConfigReader.format($0.0.weight))·\(Self.fixed($0.1.percent ?? 0))" }.joined(separator: " + ")
      arithmetic = "(\(terms)) / \(ConfigReader.format(countedWeight)) = \(Self.fixed(total))"
    } else {
      arithmetic = "No total yet: every item is excused or pending."
    }
    histogram = index.histogram
    bin = total.map(Self.bin(of:))
  }

  /// The bin of a total: 0–10, 10–20, …, 90–100.
  static func bin(of total: Double) -> Int { min(9, max(0, Int(total / 10))) }

  /// The scorer's evidence, with the status in words first.
  /// `note` is the cell's note as shown (a report's, with other students' names taken out).
  static func plainEvidence(_ cell: ItemGrade, note: String? = nil) -> [String] {
    let note = note ?? cell.note
    var lines: [String] = []
    switch cell.status {
    case .excused: lines.append("Excused\(note.map { ": \($0)" } ?? ""). It does not count in your total.")
    case .override: lines.append("Set to \(fixed(cell.percent ?? 0))% by the instructor\(note.map { ": \($0)" } ?? "").")
    case .pending: lines.append("Pending: not graded yet\(note.map { " (\($0))" } ?? ""). It does not count in your total yet.")
    case .missing: lines.append("Missing: counts as 0.")
    case .noSlot: lines.append("No presentation slot: counts as 0.")
    case .graded: break
    }
    return lines + (cell.status == .pending ? [] : (cell.scored?.evidence ?? []))
  }

  static func fixed(_ x: Double) -> String { FixedDecimal.format(x) }
}
