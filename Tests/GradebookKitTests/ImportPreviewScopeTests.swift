import Foundation
import GRDB
import GradebookCore
import Testing

@testable import GradebookKit

/// A dry run leaves out the batches that give none of the keys an import can change
/// (``ImportPreview/Scope``): what it lists is what reading every batch lists, and a batch with
/// none of the file's raters is not read.
struct ImportPreviewScopeTests {
  /// The sample course built, and a new version of its talk peer scores written: one score
  /// changed, one row dropped, one added; with `byStaff`, also a score by a member of staff that
  /// the staff file gives too (so that the staff file is read).
  static func sampleWithNewTalkScores(byStaff: Bool = false) throws -> (URL, file: String) {
    let sample = try CLI.sampleCopy()
    #expect(try Course(path: sample.path).importSources(by: "t").allSatisfy { $0.status != .rejected })
    let file = sample.appendingPathComponent("data/talk-peer-scores.csv")
    var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines[1] == "G01,project-talk,overview,u3035108901,5,")
    lines[1] = "G01,project-talk,overview,u3035108901,3,"
    lines.remove(at: 2)
    lines.insert("G02,project-talk,overview,u3035101234,2.5,", at: 3)
    if byStaff { lines.insert("G01,project-talk,overview,bdai,2,", at: 4) }
    try Data(lines.joined(separator: "\n").utf8).write(to: file)
    return (sample, file.path)
  }

  @Test func aScopedPreviewListsWhatComparingEveryKeyLists() throws {
    let (sample, file) = try Self.sampleWithNewTalkScores(byStaff: true)
    let course = try Course(path: sample.path)
    func preview(scoped: Bool) throws -> ImportPreview {
      try course.preview([file], kind: .scores, maps: [nil], by: "t", encoding: nil, delimiter: nil, rankLimit: 100, scoped: scoped)
    }
    let scoped = try preview(scoped: true)
    let full = try preview(scoped: false)
    #expect(scoped.added == 1)
    // The staff member's score was the staff file's: that file, by staff, is read.
    #expect(
      scoped.changes.map { "\($0.whose): \($0.old?.text ?? "-") (\($0.old?.source ?? "-")) → \($0.new?.text ?? "-")" } == [
        "G01 project-talk: connections = 4 by u3035108901 (data/talk-peer-scores.csv:3) → -",
        "G01 project-talk: overview = 4.5 by bdai (data/staff-scores.csv:334) → overview = 2 by bdai",
        "G01 project-talk: overview = 5 by u3035108901 (data/talk-peer-scores.csv:2) → overview = 3 by u3035108901",
      ])
    #expect(scoped.lines() == full.lines())
    #expect(scoped.changes == full.changes && scoped.moves == full.moves && scoped.added == full.added)
  }

  @Test func aBatchWithNoneOfTheFilesRatersIsLeftOut() throws {
    let (sample, file) = try Self.sampleWithNewTalkScores()
    let outcome = try Course(path: sample.path).importFile(file, kind: .scores, map: nil, by: "t", dryRun: false)
    let store = try Store(path: sample.appendingPathComponent("gradebook.sqlite").path)
    let (batches, scope) = try store.read { db in (try Store.batches(db), try ImportPreview.Scope(db, kind: .scores, outcomes: [outcome])) }
    let id = { (path: String) in batches.last { $0.path == path }!.id }
    // Staff rate in the staff file; students rate in the forms export, as in the talk scores.
    #expect(scope.excluded == [id("data/staff-scores.csv")], "\(scope.excluded)")
    #expect(!scope.excluded.contains(id("data/peer-feedback.csv")))
  }

  /// Raters are listed from the side that has few: a staff file's new version leaves out the peer
  /// files (whose raters are many), found by the staff file's raters; when neither side has few,
  /// nothing is left out.
  @Test func ratersAreListedFromTheSideThatHasFew() throws {
    let sample = try CLI.sampleCopy()
    let course = try Course(path: sample.path)
    _ = try course.importSources(by: "t")
    let staff = sample.appendingPathComponent("data/staff-scores.csv")
    try Data((try String(contentsOf: staff, encoding: .utf8) + "\n").utf8).write(to: staff)
    let outcome = try course.importFile(staff.path, kind: .scores, map: nil, by: "t", dryRun: false)
    let store = try Store(path: sample.appendingPathComponent("gradebook.sqlite").path)
    let batches = try store.read { try Store.batches($0) }
    let id = { (path: String) in batches.last { $0.path == path }!.id }
    let peers: Set<Int64> = [id("data/peer-feedback.csv"), id("data/talk-peer-scores.csv")]
    let scope = { (few: Int) in try store.read { try ImportPreview.Scope($0, kind: .scores, outcomes: [outcome], fewRaters: few) } }
    #expect(try scope(10).excluded == peers)  // the peers' 20-odd raters are not few; the staff's are
    #expect(try scope(1_000).excluded == peers)
    #expect(try scope(1).excluded.isEmpty)  // neither side has few
  }
}
