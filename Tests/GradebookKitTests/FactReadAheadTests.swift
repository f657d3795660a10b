import Foundation
import GRDB
import GradebookCore
import Testing

@testable import GradebookKit

/// Loading with the store's rows read on a second thread gives exactly what loading on one gives.
struct FactReadAheadTests {
  /// The sample course plus a correction file that supersedes one score of a form response
  /// (RULES §26): the same ratings, in the same order, and the same comments, either way.
  @Test func rule26_readingAheadLoadsTheSameCurrentScoresAsReadingInline() throws {
    let folder = try CLI.sampleCopy()
    let course = try Course(path: folder.path)
    _ = try course.importSources(by: "test")
    let correction = folder.appendingPathComponent("correction.csv")
    try Data("target,item,criterion,rater,score\nu3035101234,pr-presentation,question,u3035112345,1\n".utf8).write(to: correction)
    let outcome = try course.importFile(correction.path, kind: .scores, map: nil, by: "test", dryRun: false)
    #expect(outcome.status != .rejected, "\(outcome.diagnostics)")
    let storePath = course.workspace.storePath
    let (inline, ahead) = try course.store().read { db in
      (
        try CourseState.load(db, workspace: course.workspace),
        try CourseState.load(db, workspace: course.workspace, storePath: storePath)
      )
    }
    #expect(inline.ratings.keys.sorted() == ahead.ratings.keys.sorted())
    for (item, ratings) in inline.ratings { #expect(ahead.ratings[item] == ratings, "item \(item)") }
    for (item, comments) in inline.comments { #expect(ahead.comments[item] == comments, "item \(item)") }
    // The correction won: one rating of that response's question, worth 1.
    let question = ahead.ratings["pr-presentation"]?.filter {
      $0.target == "u3035101234" && $0.rater == "u3035112345" && $0.criterion == "question"
    }
    #expect(question?.map(\.points) == [1])
  }

  /// A consumer that fails while the reading thread is far ahead (and waiting on a full channel)
  /// ends the load with its error, without hanging; a store that cannot be opened is an error too.
  @Test func anErrorOnEitherSideEndsTheLoad() throws {
    let students = (1...200).map { "s\($0)" }
    var roster = "student_id,name,email\n"
    for id in students { roster += "\(id),Student \(id),\(id)@hku.hk\n" }
    var scores = "target,item,criterion,rater,score\n"
    for target in students { for rater in students where rater != target { scores += "\(target),talk,clarity,\(rater),3\n" } }
    let ws = try TestWorkspace(
      sources: "  - {kind: scores, file: s.csv}", files: ["roster.csv": roster, "groups.csv": "group_id,student_id\n", "s.csv": scores])
    let course = try ws.open()
    let outcomes = try course.importSources(by: "test")
    #expect(outcomes.allSatisfy { $0.status != .rejected }, "\(outcomes.flatMap(\.diagnostics).prefix(3))")
    struct Enough: Error {}
    let path = course.workspace.storePath
    try course.store().read { db in
      let reader = try CurrentFacts(db, workspace: course.workspace)
      var seen = 0
      #expect(throws: Enough.self) {
        try reader.forEachCurrent(.scores, readingFrom: path) { _ in
          seen += 1
          if seen == 20_000 { throw Enough() }
        }
      }
      #expect(seen == 20_000)
      var total = 0
      try reader.forEachCurrent(.scores, readingFrom: path) { _ in total += 1 }
      #expect(total == 200 * 199)
      #expect(throws: (any Error).self) { try reader.forEachCurrent(.scores, readingFrom: ws.path("no-such-store.sqlite")) { _ in } }
    }
  }
}
