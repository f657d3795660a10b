import Foundation
import GRDB
import GradebookCore
import TestSupport
import Testing

@testable import GradebookKit

/// Loading with the store's rows read on a second thread gives exactly what loading on one gives.
struct FactReadAheadTests {
  /// The sample course plus a correction file that supersedes one score of a form response
  /// (RULES §26): the same ratings, in the same order, and the same comments, either way; read
  /// ahead without comments (as `export` loads), the same ratings and no comment.
  @Test func rule26_readingAheadLoadsTheSameCurrentScoresAsReadingInline() throws {
    let folder = try CLI.sampleCopy()
    let course = try Course(path: folder.path)
    _ = try course.importSources(by: "test")
    let correction = folder.appendingPathComponent("correction.csv")
    try Data("target,item,criterion,rater,score\nu3035101234,pr-presentation,question,u3035112345,1\n".utf8).write(to: correction)
    let outcome = try course.importFile(correction.path, kind: .scores, map: nil, by: "test", dryRun: false)
    #expect(outcome.status != .rejected, "\(outcome.diagnostics)")
    let storePath = course.workspace.storePath
    let (inline, ahead, noComments) = try course.store().read { db in
      (
        try CourseState.load(db, workspace: course.workspace),
        try CourseState.load(db, workspace: course.workspace, storePath: storePath),
        try CourseState.load(db, workspace: course.workspace, comments: false, storePath: storePath)
      )
    }
    #expect(inline.ratings.keys.sorted() == ahead.ratings.keys.sorted())
    for (item, ratings) in inline.ratings { #expect(ahead.ratings[item] == ratings, "item \(item)") }
    #expect(noComments.ratings == inline.ratings)
    #expect(!inline.comments.isEmpty && noComments.comments.isEmpty)
    for (item, comments) in inline.comments { #expect(ahead.comments[item] == comments, "item \(item)") }
    // The correction won: one rating of that response's question, worth 1.
    let question = ahead.ratings["pr-presentation"]?.filter {
      $0.target == "u3035101234" && $0.rater == "u3035112345" && $0.criterion == "question"
    }
    #expect(question?.map(\.points) == [1])
  }

  /// Supersession from the bottom up (the top batch's keys looked up among the lower batches')
  /// picks the same facts, in the same order, as from the top down, read on this thread or ahead, on
  /// random files whose keys overlap: long files in course.yaml order, a forms export, a file
  /// outside course.yaml (on top; in odd rounds partly by a rater no lower file has), a changed
  /// file imported again (RULES §26).
  @Test func rule26_bottomUpAndTopDownSupersessionAgree() throws {
    var rng = SeededRandom(seed: 26)
    let people = ["s1", "s2", "s3", "s4", "s5"]
    let raters = people + ["ins", "ta1"]
    func scores(_ count: Int, by raters: [String] = raters) -> String {
      var keys = Set<String>()
      var text = "target,item,criterion,rater,score\n"
      while keys.count < count {
        let (target, rater) = (people[Int(rng.next() * 5)], raters[Int(rng.next() * Double(raters.count))])
        let criterion = rng.next() < 0.5 ? "clarity" : "depth"
        guard keys.insert("\(target)|\(criterion)|\(rater)").inserted else { continue }
        text += "\(target),talk,\(criterion),\(rater),\(Int(rng.next() * 6))\n"
      }
      return text
    }
    func forms(_ count: Int) -> String {
      var pairs = Set<String>()
      var text = "Rater,Target,Clarity,Depth\n"
      while pairs.count < count {
        let (target, rater) = (people[Int(rng.next() * 5)], people[Int(rng.next() * 5)])
        guard pairs.insert("\(target)|\(rater)").inserted else { continue }
        let clarity = rng.next() < 0.8 ? "\(Int(rng.next() * 6))" : ""
        text += "\(rater),\(target),\(clarity),\(clarity.isEmpty ? "7" : rng.next() < 0.7 ? "\(Int(rng.next() * 11))" : "")\n"
      }
      return text
    }
    let map =
      "item: talk\nrater: {column: Rater, match: id}\ntarget: {column: Target, match: id}\ncriteria: {clarity: Clarity, depth: Depth}\n"
    for round in 0..<12 {
      let lower = round % 2 == 0 ? raters : raters.filter { $0 != "ta1" }
      let sources = """
          - {kind: groups, file: groups.csv}
          - {kind: scores, file: a.csv}
          - {kind: scores, file: f.csv, map: map.yaml}
          - {kind: scores, file: b.csv}
        """
      let ws = try TestWorkspace(
        sources: sources,
        files: [
          "a.csv": scores(12, by: lower), "b.csv": scores(6, by: lower), "f.csv": forms(round % 2 == 0 ? 18 : 4), "map.yaml": map,
          // The top batch; in odd rounds partly by a rater no other file has (``LowerRanks/topScoreNeedsKey(rater:)``).
          "o.csv": round % 2 == 0 ? scores(3) : scores(8, by: ["ta1", "s1", "ins"]),
        ])
      let course = try ws.open()
      let outcomes = try course.importSources(by: "t")
      #expect(outcomes.allSatisfy { $0.status != .rejected }, "\(outcomes.flatMap(\.diagnostics).prefix(3))")
      #expect(try course.importFile(ws.path("o.csv"), kind: .scores, map: nil, by: "t", dryRun: false).status != .rejected)
      if round % 3 == 0 {  // a changed a.csv, imported again: its first batch stops counting
        try ws.write("a.csv", scores(9))
        #expect(try course.importFile(ws.path("a.csv"), kind: .scores, map: nil, by: "t", dryRun: false).status != .rejected)
      }
      let path = course.workspace.storePath
      try course.store().read { db in
        let reader = try CurrentFacts(db, workspace: course.workspace)
        func list(_ each: ((StoredFact) throws -> Void) throws -> Void) rethrows -> [String] {
          var out: [String] = []
          try each {
            out.append(
              "\($0.batch):\($0.fact.line):\($0.fact.subject)|\($0.fact.criterion ?? "")|\($0.fact.rater ?? ""):\($0.fact.number ?? -1)")
          }
          return out
        }
        let inline = try list { try reader.forEachCurrent(db, .scores, bottomUp: false, $0) }
        let inlineBottomUp = try list { try reader.forEachCurrent(db, .scores, bottomUp: true, $0) }
        let bottomUp = try list { try CurrentFacts.ReadingAhead(reader, .scores, path: path, bottomUp: true).forEach($0) }
        let topDown = try list { try CurrentFacts.ReadingAhead(reader, .scores, path: path, bottomUp: false).forEach($0) }
        #expect(inlineBottomUp == inline, "round \(round)")
        #expect(bottomUp == inline, "round \(round)")
        #expect(topDown == inline, "round \(round)")
        // Every key once: the winners are distinct.
        #expect(Set(inline.map { $0.split(separator: ":")[2] }).count == inline.count)
      }
    }
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

  /// `CriterionNames` (the load's cache of criterion names): in order, out of order, repeated,
  /// new names and names past the 64 it keeps, each answer is the name of its bytes.
  @Test func criterionNamesGiveTheNameOfTheirBytesInAnyOrder() {
    var names = CriterionNames()
    var rng = SeededRandom(seed: 7)
    let pool = ["question", "approach", "critique", "delivery", "discussion", "q", ""] + (0..<70).map { "c\($0)" }
    var asked = ["question", "approach", "critique", "delivery", "discussion", "question", "critique", "critique", "q", ""]
    for _ in 0..<2_000 { asked.append(pool[Int(rng.next() * Double(pool.count))]) }
    for name in asked {
      let given = Array(name.utf8).withUnsafeBytes { names.name($0) }
      #expect(given == name)
    }
  }
}
