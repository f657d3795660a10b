import Foundation
import GradebookCore

/// The scored course: every item's outcome and every student's grades.
public struct GradebookResult: Sendable {
  public var workspace: Workspace
  public var state: CourseState
  /// Outcomes by item id.
  public var outcomes: [String: ItemOutcome]
  /// One row a student, in roster order.
  public var grades: [StudentGrade]

  /// Runs every item's scorer on the current state, then the grade engine (SPEC §7–8). `detail`
  /// and `detailStudents`: whether, and for whom (`nil`: everyone), an output will show evidence,
  /// per-criterion breakdowns and parts (``ScoringContext/detail``); scores are the same either way.
  public static func score(
    workspace: Workspace, state: CourseState, detail: Bool = true, detailStudents: Set<String>? = nil
  ) throws -> GradebookResult {
    let context = Self.context(workspace: workspace, state: state, detail: detail, detailStudents: detailStudents)
    // Items are scored side by side: a scorer reads only the shared, immutable context and returns
    // its own outcome, so outcomes (and the first error, in rubric order) are as if one by one.
    // The largest are started first (in rubric order, one that waited for a core behind a small one
    // could finish alone at the end).
    let items = workspace.rubric.items
    let order = startOrder(items.map { $0.scorer.workEstimate($0, in: context) })
    let started = parallelMap(items.count) { turn in
      let item = items[order[turn]]
      return PhaseTrace.item(item.id, ratings: context.ratings[item.id]?.count ?? 0) {
        Result {
          do { return try item.scorer.score(item, in: context) } catch {
            throw ScoringFailure(item: item, in: workspace.rubric, underlying: error)
          }
        }
      }
    }
    var scored = [Result<ItemOutcome, any Error>?](repeating: nil, count: items.count)
    for (turn, index) in order.enumerated() { scored[index] = started[turn] }
    var scoredOutcomes: [String: ItemOutcome] = [:]
    for (item, outcome) in zip(items, scored) { scoredOutcomes[item.id] = try outcome!.get() }
    let outcomes = scoredOutcomes
    MemoryRelease.trim()
    let engine = GradeEngine(items: workspace.rubric.items, scale: workspace.config.scale)
    let decisions = state.decisions
    // Students graded side by side too, in runs of consecutive students joined in roster order.
    let students = workspace.roster.students
    let runs = students.count < 10_000 ? 1 : 16
    let run = (students.count + runs - 1) / runs
    let grades = parallelMap(runs) { part in
      students[min(students.count, part * run)..<min(students.count, (part + 1) * run)].map { student in
        engine.grade(student: student.id, outcomes: outcomes, decisions: decisions[student.id] ?? [:])
      }
    }.flatMap { $0 }
    return GradebookResult(workspace: workspace, state: state, outcomes: outcomes, grades: grades)
  }

  /// The order to start items in: by decreasing work estimate, equal estimates in rubric order.
  static func startOrder(_ estimates: [Int]) -> [Int] {
    estimates.indices.sorted { (estimates[$0], -$0) > (estimates[$1], -$1) }
  }

  /// What every scorer reads: the workspace and the store's current state.
  static func context(workspace: Workspace, state: CourseState, detail: Bool = true, detailStudents: Set<String>? = nil) -> ScoringContext {
    ScoringContext(
      course: workspace.config, rubric: workspace.rubric, roster: workspace.roster, groups: state.groups,
      schedule: state.schedule, ratings: state.ratings, comments: state.comments, uploads: state.uploads,
      extensions: state.extensions, contributions: state.contributions, workspace: workspace.folder, detail: detail,
      detailStudents: detailStudents)
  }

  /// The document date for outputs (see ``CourseState/documentDate``).
  public var documentDate: Date { state.documentDate }

  /// A component's subtotal for a student: `Σ w·p / Σ w` over its counted items, `nil` if none counts.
  public func componentPercent(_ component: Component, of grade: StudentGrade) -> Double? {
    var sum = 0.0, weights = 0.0
    for item in component.items {
      guard let cell = grade.items.first(where: { $0.item == item.id }), cell.status.counts, let percent = cell.percent else { continue }
      sum += item.weight * percent
      weights += item.weight
    }
    return weights > 0 ? sum / weights : nil
  }
}
