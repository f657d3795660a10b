import Foundation
import GradebookCore
import TestSupport
import Testing

@testable import GradebookKit

/// `ScoringContext.detail`: an export that shows no evidence (the *Gradebook* sheet, results.json,
/// LMS files) scores without building it. Every score, status and late flag must be the same.
struct ScoringDetailTests {
  /// Each item's outcome for every student, scored with and without detail: the same status, the
  /// same score to the last bit, the same late flag; without detail, a graded score carries no
  /// evidence, breakdown or parts (from a built-in scorer). The grades (items, totals, letters) are the same.
  @Test(arguments: [nil, 3, 8]) func scoringWithoutDetailGivesTheSameScores(seed: Int?) throws {
    let folder: URL
    if let seed {
      folder = Scratch.path("detail-variant-\(seed)")
      let mutate = try OracleTests.python(
        [
          OracleTests.oracle.appendingPathComponent("mutate.py").path,
          CLI.root.appendingPathComponent("Samples/data8018").path, folder.path, "\(seed)",
        ])
      try #require(mutate.code == 0, "\(mutate.err)")
    } else {
      folder = try CLI.sampleCopy()
    }
    let course = try Course(path: folder.path)
    _ = try course.importSources(by: "test")
    let full = try course.score(detail: true)
    let bare = try course.score(detail: false)
    var graded = 0, late = 0
    for item in full.workspace.rubric.items {
      switch (full.outcomes[item.id], bare.outcomes[item.id]) {
      case (.pending(let a)?, .pending(let b)?): #expect(a == b)
      case (.scored(let a)?, .scored(let b)?):
        #expect(Set(a.keys) == Set(b.keys), "item \(item.id)")
        for (student, withDetail) in a {
          let without = try #require(b[student])
          #expect(without.status == withDetail.status, "\(item.id) \(student)")
          #expect(without.score.bitPattern == withDetail.score.bitPattern, "\(item.id) \(student)")
          #expect(without.late == withDetail.late, "\(item.id) \(student)")
          if withDetail.status == .graded {
            graded += 1
            if withDetail.late { late += 1 }
            #expect(!withDetail.evidence.isEmpty, "\(item.id) \(student)")
            // An external program's evidence comes with its scores; the built-in scorers skip theirs.
            if item.scorerID != "external" {
              #expect(without.evidence.isEmpty && without.criteria.isEmpty && without.parts.isEmpty, "\(item.id) \(student)")
            }
          }
        }
      default:
        Issue.record("item \(item.id): \(String(describing: full.outcomes[item.id])) vs \(String(describing: bare.outcomes[item.id]))")
      }
    }
    #expect(graded > 50, "the course must grade enough to compare")
    if seed == nil { #expect(late > 0, "the sample course has late work, so the late flag is compared") }
    #expect(full.grades.count == bare.grades.count)
    for (a, b) in zip(full.grades, bare.grades) {
      #expect(a.student == b.student && a.total == b.total && a.letter == b.letter)
      #expect(a.items.map(\.status) == b.items.map(\.status) && a.items.map(\.percent) == b.items.map(\.percent), "\(a.student)")
    }
  }

  /// `explain` and a report for one student score the whole class but build the detail of that
  /// student only: their outcome on every item is the one full scoring gives, evidence and all,
  /// and so is what `explain` prints; every other student's score is the same, without detail.
  @Test func detailForOneStudentIsWhatFullScoringShowsForThem() throws {
    let folder = try CLI.sampleCopy()
    let course = try Course(path: folder.path)
    _ = try course.importSources(by: "test")
    let full = try course.score(detail: true)
    // In a group of two, so that group items (the group's detail, WebPA) are shown for one member.
    let shown = try #require(
      full.workspace.roster.students.first { full.state.groups.members[full.state.groups.groupOf[$0.id] ?? ""]?.count == 2 }?.id)
    let one = try course.score(detail: true, detailStudents: [shown])
    var others = 0
    for item in full.workspace.rubric.items {
      guard case .scored(let a)? = full.outcomes[item.id], case .scored(let b)? = one.outcomes[item.id] else {
        #expect(String(describing: full.outcomes[item.id]) == String(describing: one.outcomes[item.id]), "item \(item.id)")
        continue
      }
      #expect(a[shown] == b[shown], "\(item.id): \(shown)'s outcome")
      // A group item's score is the group's: a group mate's may come with the detail shown.
      let sharing = item.target == .group ? Set(full.state.groups.members[full.state.groups.groupOf[shown] ?? ""] ?? []) : [shown]
      for (student, withDetail) in a where !sharing.contains(student) {
        let without = try #require(b[student])
        #expect(without.status == withDetail.status && without.score.bitPattern == withDetail.score.bitPattern, "\(item.id) \(student)")
        if withDetail.status == .graded && item.scorerID != "external" {
          #expect(without.evidence.isEmpty && without.criteria.isEmpty && without.parts.isEmpty, "\(item.id) \(student)")
          others += 1
        }
      }
    }
    #expect(others > 50, "the course must grade enough other students to compare")
    #expect(full.grades.count == one.grades.count)
    for (a, b) in zip(full.grades, one.grades) {
      #expect(a.student == b.student && a.total == b.total && a.letter == b.letter)
      #expect(a.items.map(\.status) == b.items.map(\.status) && a.items.map(\.percent) == b.items.map(\.percent), "\(a.student)")
    }
    let store = try course.store()
    #expect(
      try Explanation(result: one, store: store).render(student: shown) == Explanation(result: full, store: store).render(student: shown))
  }

  /// End to end: `export --json` scores without detail, `build` with it; the results.json they
  /// write are the same bytes.
  @Test func exportWithoutDetailWritesWhatBuildWrites() throws {
    let sample = try CLI.sampleCopy()
    let build = try CLI.run(["build", sample.path, "--no-reports"])
    try #require(build.code == 0, "\(build.err)")
    let json = Scratch.path("detail-results.json")
    let export = try CLI.run(["export", sample.path, "--json", json.path])
    try #require(export.code == 0, "\(export.err)")
    #expect(try Data(contentsOf: json) == Data(contentsOf: sample.appendingPathComponent("out/results.json")))
  }
}
