import Foundation
import GradebookCore
import Testing

@testable import GradebookKit

/// Stored scores outlive what they name: a TA taken off `course.yaml`'s staff, a student dropped
/// from the roster, an item or criterion renamed in the rubric after the import. Every command that
/// scores then says so at the earliest stored source, instead of changing grades silently.
struct StaleReferenceTests {
  func imported() throws -> TestWorkspace {
    let ws = try TestWorkspace()
    try ws.importing("groups.csv", kind: .groups)
    try ws.importing(
      "s.csv",
      "target,item,criterion,rater,score\ns1,talk,clarity,ta1,4\ns1,talk,clarity,s2,3\ns2,talk,clarity,s3,5\ns3,talk,clarity,s2,2\ns3,talk,depth,ins,6\n",
      kind: .scores)
    return ws
  }

  /// A student on the roster in no group gets `missing` for every group item, a 0 in their total,
  /// silently: said by every command that scores (and `check`), until the groups file has them or
  /// their group items are excused. Before any groups are imported nothing is said.
  @Test func aStudentInNoGroupIsNamedWhileTheRubricScoresGroups() throws {
    let ws = try TestWorkspace()
    #expect(try ws.open().score().state.courseWarnings.isEmpty)  // no groups yet
    let state = try imported().open().score().state  // s5 is in no group
    #expect(
      state.courseWarnings.map(\.description) == [
        "groups.csv: warning: 1 student(s) on the roster are in no group, so prop (scored per group) are missing for them: s5"
      ])
    #expect(try imported().open().checkAll().stored.map(\.description) == state.courseWarnings.map(\.description))
    let excused = try imported()
    try excused.importing("a.csv", "student_id,item,action,value,reason,by\ns5,prop,excuse,,joined late,ins\n", kind: .adjustments)
    #expect(try excused.open().score().state.courseWarnings.isEmpty)
    let grouped = try imported()
    try grouped.importing("groups2.csv", "group_id,student_id\nG1,s1\nG1,s2\nG2,s3\nG2,s4\nG3,s5\n", kind: .groups)
    #expect(try grouped.open().score().state.courseWarnings.isEmpty)
  }

  @Test func nothingIsStaleWhileTheCourseIsUnchanged() throws {
    let state = try imported().open().score().state
    #expect(state.stale.isEmpty && state.diagnostics.isEmpty)
    #expect(state.ratings["talk"]?.first { $0.rater == "ta1" }?.role == .ta)
  }

  /// RULES §24 derives a role from the course as it is now: a rater it no longer knows counts as a
  /// peer. Scores about a student no longer on the roster are named too (an id corrected there).
  @Test func aRaterNoLongerOnTheStaffOrRosterIsNamedAtTheirEarliestScore() throws {
    let ws = try imported()
    try ws.write(
      "course.yaml",
      TestWorkspace.course(sources: "  - {kind: groups, file: groups.csv}").replacingOccurrences(
        of: "  - {id: ta1, name: Tim TA, role: ta}\n", with: ""))
    try ws.write("roster.csv", TestWorkspace.roster.split(separator: "\n").filter { !$0.hasPrefix("s2,") }.joined(separator: "\n") + "\n")
    let state = try ws.open().score().state
    #expect(state.ratings["talk"]?.first { $0.rater == "ta1" }?.role == .peer)
    #expect(
      state.stale.map { "\($0.name) \($0.scores) \($0.first.path):\($0.first.line)" } == [
        "droppedMember(group: \"G1\", student: \"s2\") 1 groups.csv:3",
        "rater(\"ta1\") 1 s.csv:2", "rater(\"s2\") 2 s.csv:3", "student(\"s2\") 1 s.csv:4",
      ])
    #expect(
      Array(state.diagnostics.map(\.description).prefix(2)) == [
        "groups.csv:3: warning: the roster has no student 's2' now, but they are still a member of group 'G1' and count in its size and in WebPA (take them out of the groups file, or put them back in the roster)",
        "s.csv:2: warning: rater 'ta1' is neither on the staff nor on the roster now; their 1 stored score(s) count as a peer's (put them back in course.yaml or the roster, or withdraw batch 2)",
      ])
  }

  /// A student dropped from the roster but not from the groups file still makes their group a group
  /// of two: said at their row of the groups file, until a groups file without them is imported.
  @Test func aMemberDroppedFromTheRosterButNotFromTheGroupsFileIsNamed() throws {
    let ws = try imported()
    try ws.write("roster.csv", TestWorkspace.roster.split(separator: "\n").filter { !$0.hasPrefix("s4,") }.joined(separator: "\n") + "\n")
    let state = try ws.open().score().state
    #expect(state.groups.members["G2"] == ["s3", "s4"])
    #expect(
      state.diagnostics.map(\.description) == [
        "groups.csv:5: warning: the roster has no student 's4' now, but they are still a member of group 'G2' and count in its size and in WebPA (take them out of the groups file, or put them back in the roster)"
      ])
    try ws.importing("groups.csv", "group_id,student_id\nG1,s1\nG1,s2\nG2,s3\n", kind: .groups)
    let after = try ws.open().score().state
    #expect(after.groups.members["G2"] == ["s3"] && after.diagnostics.isEmpty)
  }

  @Test func anItemOrCriterionGoneFromTheRubricIsNamedAndItsScoresIgnored() throws {
    let ws = try imported()
    let before = try ws.open().score().state.ratings["talk"]?.count
    try ws.write("rubric.yaml", TestWorkspace.rubric.replacingOccurrences(of: "{id: clarity,", with: "{id: clarity2,"))
    let state = try ws.open().score().state
    #expect(before == 5 && state.ratings["talk"]?.count == 5)  // loaded; the scorer finds no such criterion
    #expect(
      state.diagnostics.map(\.description) == [
        "s.csv:2: warning: item 'talk' has no criterion 'clarity' now; 4 stored score(s) for it are ignored (put the criterion back in the rubric, or withdraw batch 2)"
      ])
    try ws.write("rubric.yaml", TestWorkspace.rubric.replacingOccurrences(of: "- id: talk\n", with: "- id: talk2\n"))
    #expect(
      try ws.open().score().state.diagnostics.map(\.description) == [
        "s.csv:2: warning: the rubric has no item 'talk' now; 5 stored score(s) for it are ignored (put the item back in the rubric, or withdraw batch 2)"
      ])
  }

  /// A criterion's max lowered after scores were imported: a stored 5 out of a max of 4 would score
  /// 125% on it and raise the grade. An error, not a warning: commands that score write nothing
  /// until the rubric or the scores are fixed; `explain` still shows where the scores came from.
  @Test func scoresAboveAMaxLoweredSinceTheImportAreErrorsAndNothingIsWritten() throws {
    let ws = try imported()
    try ws.write(
      "rubric.yaml",
      TestWorkspace.rubric.replacingOccurrences(of: "{id: clarity, title: Clarity, max: 5}", with: "{id: clarity, title: Clarity, max: 4}")
        .replacingOccurrences(of: "max: 10, weight: 2", with: "max: 5.5, weight: 2"))
    let state = try ws.open().score().state
    #expect(state.hasErrors)
    #expect(
      state.diagnostics.map(\.description) == [
        "s.csv:4: error: 1 stored score(s) for criterion 'clarity' of item 'talk' are above its max, 4 now (this is the first; restore the max in the rubric, or import a corrected file, or withdraw batch 2)",
        "s.csv:6: error: 1 stored score(s) for criterion 'depth' of item 'talk' are above its max, 5.5 now (this is the first; restore the max in the rubric, or import a corrected file, or withdraw batch 2)",
      ])
    let out = ws.path("out.json")
    let export = try CLI.run(["export", ws.folder.path, "--json", out])
    #expect(export.code == 1)
    #expect(export.err.contains("s.csv:4: error: 1 stored score(s) for criterion 'clarity'"))
    #expect(export.err.contains("error: 2 error(s) in the stored scores; no gradebook, results or reports written"))
    #expect(!FileManager.default.fileExists(atPath: out))
    // `check` fails where `build` would, though every file it validates is clean.
    let check = try CLI.run(["check", ws.folder.path])
    #expect(check.code == 1)
    #expect(check.err.contains("s.csv:6: error: 1 stored score(s) for criterion 'depth'"))
    #expect(check.err.contains("error: 2 error(s) in the stored scores; build would write nothing"))
    let explain = try CLI.run(["explain", ws.folder.path, "s2"])
    #expect(explain.code == 0 && explain.out.contains("clarity = 5 by s3 ← s.csv:4"), "\(explain.out)")
    // Raised back to the old max, or higher, the same scores are read again without a word.
    try ws.write("rubric.yaml", TestWorkspace.rubric.replacingOccurrences(of: "max: 10, weight: 2", with: "max: 6, weight: 2"))
    #expect(try ws.open().score().state.diagnostics.isEmpty)
    #expect(try CLI.run(["export", ws.folder.path, "--json", out]).code == 0)
    #expect(try CLI.run(["check", ws.folder.path]).code == 0)
  }

  /// A source renamed in course.yaml leaves its old batch counting, over the new file's scores
  /// (an undeclared file ranks above every declared one): said once. A file imported on purpose
  /// with `gradebook import`, never declared, is not warned about.
  @Test func aSourceRenamedInCourseYAMLIsNamedWhileItsOldBatchCounts() throws {
    let sources = "  - {kind: groups, file: groups.csv}\n  - {kind: scores, file: s.csv}"
    let ws = try TestWorkspace(sources: sources, files: ["s.csv": "target,item,criterion,rater,score\ns1,talk,clarity,ins,4\n"])
    _ = try ws.open().importSources(by: "t")
    try ws.importing("extra.csv", "target,item,criterion,rater,score\ns2,talk,clarity,ins,3\n", kind: .scores)
    #expect(try ws.open().score().state.diagnostics.isEmpty)
    try ws.write("s2.csv", "target,item,criterion,rater,score\ns1,talk,clarity,ins,5\n")
    try ws.write("course.yaml", TestWorkspace.course(sources: sources.replacingOccurrences(of: "file: s.csv", with: "file: s2.csv")))
    _ = try ws.open().importSources(by: "t")
    let state = try ws.open().score().state
    #expect(state.ratings["talk"]?.first { $0.target == "s1" }?.points == 4)  // the old file still wins
    #expect(
      state.diagnostics.map(\.description) == [
        "course.yaml: warning: s.csv (batch 3, 1 row(s) of scores) was imported as a source of course.yaml but is not one now; its rows still count, over every declared source's (declare it again, or withdraw batch 3 if the file was renamed or dropped)"
      ])
    // `check` sees the stored data as `build` would leave it: the same warning, and it passes.
    let checked = try ws.open().checkAll()
    #expect(checked.stored.map(\.description) == (state.diagnostics + state.courseWarnings).map(\.description))
    _ = try #require(try ws.open().withdraw(batch: 3))
    let after = try ws.open().score().state
    #expect(after.diagnostics.isEmpty && after.ratings["talk"]?.first { $0.target == "s1" }?.points == 5)
  }

  /// A listed source imported by hand (`gradebook import`) is a source all the same: dropped from
  /// course.yaml, it is named too.
  @Test func aListedSourceImportedByHandIsNamedWhenDropped() throws {
    let ws = try TestWorkspace(
      sources: "  - {kind: groups, file: groups.csv}\n  - {kind: scores, file: s.csv}",
      files: ["s.csv": "target,item,criterion,rater,score\ns1,talk,clarity,ins,4\n"])
    try ws.importing("groups.csv", kind: .groups)
    try ws.importing("s.csv", kind: .scores)
    #expect(try ws.open().score().state.diagnostics.isEmpty)
    try ws.write("course.yaml", TestWorkspace.course(sources: "  - {kind: groups, file: groups.csv}"))
    #expect(
      try ws.open().score().state.diagnostics.map(\.description).first?.hasPrefix(
        "course.yaml: warning: s.csv (batch 2, 1 row(s) of scores) was imported as a source of course.yaml but is not one now") == true)
  }

  /// The roster is read from its file, not from the store: naming another roster file in
  /// course.yaml leaves an old roster batch that decides nothing, and nothing is said about it.
  @Test func anOldRosterBatchIsNotASource() throws {
    let ws = try TestWorkspace()
    _ = try ws.open().importSources(by: "t")
    try ws.write("roster2.csv", TestWorkspace.roster)
    try ws.write(
      "course.yaml",
      TestWorkspace.course(sources: "  - {kind: groups, file: groups.csv}").replacingOccurrences(
        of: "roster: roster.csv", with: "roster: roster2.csv"))
    _ = try ws.open().importSources(by: "t")
    #expect(try ws.open().score().state.diagnostics.isEmpty)
  }

  /// A MOOC's roster loses students every week: past ten names of a kind, one line tells the rest.
  @Test func pastTenNamesOfAKindOneLineTellsTheRest() throws {
    var state = try imported().open().score().state
    state.stale =
      (1...13).map {
        StaleReference(name: .rater("gone\($0)"), scores: 2, first: SourceRef(path: "f.csv", line: $0 + 1, batch: 2))
      } + [StaleReference(name: .item("old"), scores: 1, first: SourceRef(path: "f.csv", line: 40, batch: 2))]
    let lines = state.diagnostics.map(\.description)
    #expect(lines.count == 12)
    #expect(lines.filter { $0.contains("rater 'gone") }.count == 10)
    #expect(lines.contains { $0.hasPrefix("f.csv:40: warning: the rubric has no item 'old' now") })
    #expect(lines.last == "course.yaml: warning: and 3 more raters the course no longer has, named by 6 stored fact(s)")
  }

  /// Re-importing the groups file with new ids leaves the stored group scores and contribution
  /// ratings behind: said at the earliest of each, instead of every member going `missing`.
  @Test func aGroupGoneFromTheGroupsFileIsNamed() throws {
    let ws = try imported()
    try ws.importing("g.csv", "target,item,criterion,rater,score\nG1,prop,topic,ins,8\nG2,prop,topic,ins,6\n", kind: .scores)
    try ws.importing("c.csv", "group_id,rater,ratee,score\nG1,s1,s2,3\nG1,s2,s1,3\n", kind: .contributions)
    #expect(try ws.open().score().state.diagnostics.isEmpty)
    try ws.importing("groups.csv", TestWorkspace.groups.replacingOccurrences(of: "G1,", with: "Team1,"), kind: .groups)
    #expect(
      try ws.open().score().state.diagnostics.map(\.description) == [
        "g.csv:2: warning: the groups file has no group 'G1' now; 1 stored score(s) for it are ignored (put the group back in the groups file, or withdraw batch 3)",
        "c.csv:2: warning: the groups file has no group 'G1' now; 2 stored contribution rating(s) for it are ignored (put the group back in the groups file, or withdraw batch 4)",
      ])
  }

  /// A member moved to another group after rating their partner: WebPA reads members only, so
  /// their ratings, and those about them, are ignored; said once a student, at the first rating.
  @Test func aFormerMemberInContributionRatingsIsNamed() throws {
    let ws = try imported()
    try ws.importing("c.csv", "group_id,rater,ratee,score\nG1,s1,s2,3\nG1,s2,s1,3\nG1,s1,s1,2\n", kind: .contributions)
    #expect(try ws.open().score().state.diagnostics.isEmpty)
    try ws.importing("groups.csv", "group_id,student_id\nG1,s1\nG2,s3\nG2,s4\nG3,s2\n", kind: .groups)
    #expect(
      try ws.open().score().state.diagnostics.map(\.description) == [
        "c.csv:2: warning: 's2' is no longer a member of group 'G1'; 2 stored contribution rating(s) by or about them are ignored (put them back in the groups file, or withdraw batch 3)"
      ])
  }

  /// A renamed item would otherwise lose its uploads and its excuses and overrides without a word.
  @Test func uploadsAndAdjustmentsForAnItemGoneFromTheRubricAreNamed() throws {
    let ws = try imported()
    try ws.importing("u.csv", "student_id,item,submitted_at\ns1,prop,2026-03-01T10:00\ns3,prop,2026-03-02T10:00\n", kind: .uploads)
    try ws.importing("a.csv", "student_id,item,action,value,reason,by\ns2,prop,excuse,,sick,ins\n", kind: .adjustments)
    #expect(try ws.open().score().state.diagnostics.isEmpty)
    try ws.write("rubric.yaml", TestWorkspace.rubric.replacingOccurrences(of: "- id: prop\n", with: "- id: proposal\n"))
    #expect(
      try ws.open().score().state.diagnostics.map(\.description) == [
        "u.csv:2: warning: the rubric has no item 'prop' now; 2 stored upload(s) for it are ignored (put the item back in the rubric, or withdraw batch 3)",
        "a.csv:2: warning: the rubric has no item 'prop' now; 1 stored adjustment(s) for it are ignored (put the item back in the rubric, or withdraw batch 4)",
      ])
  }
}
