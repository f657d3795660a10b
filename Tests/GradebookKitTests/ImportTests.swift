import Foundation
import GradebookCore
import Testing

@testable import GradebookKit

/// SPEC §4–5, RULES §40–46: every problem of a file at once, `path:line: error:`, nothing half-imported.
struct ImportTests {
  func importFile(_ ws: TestWorkspace, _ name: String, _ text: String, kind: InputKind, map: String? = nil) throws -> ImportOutcome {
    try ws.write(name, text)
    let course = try ws.open()
    _ = try course.importFile(ws.path("groups.csv"), kind: .groups, map: nil, by: "test", dryRun: false)
    return try course.importFile(ws.path(name), kind: kind, map: map.map(ws.path), by: "test", dryRun: false)
  }

  /// A course.yaml that declares scores for a group item before the groups, and sign-ups after
  /// them, still builds: groups first, registrations next, the rest in declared order.
  @Test func rule45_buildImportsGroupsFirstThenRegistrationsThenTheRestInDeclaredOrder() throws {
    let sources = """
        - {kind: scores, file: late.csv}
        - {kind: scores, file: prop.csv}
        - {kind: registrations, file: signups.csv}
        - {kind: groups, file: groups.csv}
        - {kind: scores, file: early.csv}
      """
    let ws = try TestWorkspace(
      sources: sources,
      files: [
        "prop.csv": "target,item,criterion,rater,score\nG1,prop,topic,ins,8\n",
        "signups.csv": "student_id,registered_at,choice_1\ns1,2026-01-20T10:00,W03-1\n",
        "late.csv": "target,item,criterion,rater,score\ns1,talk,clarity,ins,2\n",
        "early.csv": "target,item,criterion,rater,score\ns1,talk,clarity,ins,5\n",
      ])
    let outcomes = try ws.open().importSources(by: "t")
    #expect(outcomes.map(\.file) == ["roster.csv", "groups.csv", "signups.csv", "late.csv", "prop.csv", "early.csv"])
    #expect(outcomes.allSatisfy { $0.status != .rejected }, "\(outcomes.flatMap(\.diagnostics))")
    // The later declared source supersedes (RULES §26): early.csv, declared last, wins over late.csv.
    let ratings = try ws.open().score().state.ratings["talk"] ?? []
    #expect(ratings.filter { $0.target == "s1" && $0.criterion == "clarity" }.map(\.points) == [5])
  }

  /// A file given as the wrong kind, whose header is plainly another kind's, says which; a form
  /// export given without its map says it needs one, and a long-form scores file given one says it
  /// needs none; a header that fits nothing, or a scores header with a column misspelt, says nothing more.
  @Test func aFileOfAnotherKindSaysWhichKindItsHeaderFits() throws {
    let ws = try TestWorkspace()
    func errors(_ header: String, as kind: InputKind) throws -> [String] {
      try ws.importing("x.csv", header + "\n", kind: kind).diagnostics.map(\.description)
    }
    #expect(
      try errors("student_id,item,submitted_at,file", as: .scores) == [
        "x.csv:1: error: missing required column 'target'", "x.csv:1: error: missing required column 'criterion'",
        "x.csv:1: error: missing required column 'rater'", "x.csv:1: error: missing required column 'score'",
        "x.csv:1: error: the header is that of uploads (student_id, item, submitted_at): import it with --kind uploads",
      ])
    #expect(
      try errors("group_id,rater,ratee,score", as: .groups).last
        == "x.csv:1: error: the header is that of contributions (group_id, rater, ratee, score): import it with --kind contributions")
    #expect(
      try errors("Id,Start time,Completion time,Email,Name,Clarity,Depth", as: .scores).last
        == "x.csv:1: error: a form export (one row a response, one column a question)? read it through a map: --map MAP.yaml (docs/formats.md, \"Map\")"
    )
    #expect(try errors("who,what", as: .uploads).allSatisfy { $0.contains("missing required column") })
    // A scores header with a column misspelt is not taken for a form: only the spelling is offered.
    #expect(
      try errors("targt,item,criterion,rater,score", as: .scores) == [
        "x.csv:1: error: missing required column 'target' (did you mean 'targt'?)"
      ])
    // A header written by hand without the `_id`s is offered the columns it meant.
    #expect(
      try errors("Group,Student", as: .groups) == [
        "x.csv:1: error: missing required column 'group_id' (did you mean 'Group'?)",
        "x.csv:1: error: missing required column 'student_id' (did you mean 'Student'?)",
      ])
    #expect(
      try errors("Id,Completion time,Email,Which presentation?,score", as: .scores).last?.contains("read it through a map") == true)
    // A long-form scores file given the form's map: it needs none.
    try ws.write(
      "map.yaml",
      "item: talk\nrater: {column: Email, match: email}\ntarget: {column: Presenter, match: id}\ncriteria:\n  clarity: Clarity\n")
    #expect(
      try importFile(ws, "s.csv", "target,item,criterion,rater,score\ns1,talk,clarity,ins,4\n", kind: .scores, map: "map.yaml")
        .diagnostics.map(\.description).last
        == "s.csv:1: error: the header is that of long-form scores (target, item, criterion, rater, score): import it without --map")
  }

  /// A declared source or map that is not there is an error at its line in course.yaml, naming the
  /// nearest file in its folder; the workspace does not open.
  @Test func aMissingSourceOrMapIsAnErrorAtItsLineWithTheNearestName() throws {
    let ws = try TestWorkspace(
      sources: "  - {kind: groups, file: group.csv}\n  - {kind: scores, file: forms.csv, map: maps/form.yaml}",
      files: ["forms.csv": "x\n", "maps/forms.yaml": "item: talk\n"])
    do {
      _ = try ws.open()
      Issue.record("opened")
    } catch let errors as InputErrors {
      let lines = errors.diagnostics.map(\.description)
      #expect(lines.contains("course.yaml:17: error: source file group.csv does not exist (did you mean 'groups.csv'?)"), "\(lines)")
      #expect(lines.contains("course.yaml:18: error: map file maps/form.yaml does not exist (did you mean 'maps/forms.yaml'?)"), "\(lines)")
    }
  }

  /// A rubric named with a typo suggests the nearest rubric of the workspace's own Rubrics/ too.
  @Test func aRubricNameWithATypoSuggestsTheWorkspacesOwn() throws {
    let ws = try TestWorkspace(files: ["Rubrics/my-rubric.yaml": TestWorkspace.rubric])
    try ws.write("course.yaml", TestWorkspace.course().replacingOccurrences(of: "rubric: rubric.yaml", with: "rubric: my-rubrc"))
    do {
      _ = try Workspace.load(ws.folder.path)
      Issue.record("loaded")
    } catch {
      #expect(error.diagnostics.map(\.description).contains { $0.hasSuffix("(did you mean 'my-rubric'?)") }, "\(error.diagnostics)")
    }
    try ws.write("course.yaml", TestWorkspace.course().replacingOccurrences(of: "rubric: rubric.yaml", with: "rubric: my-rubric"))
    #expect(try ws.open().workspace.rubric.items.count == 2)
  }

  /// An upload or an extension for an item whose scorer reads neither (a peer-rated talk) counts
  /// for nothing: imported, with one warning an item and file, so a misfiled column is noticed.
  @Test func uploadsAndExtensionsForAnItemThatReadsNoneAreWarnedAboutOnce() throws {
    let ws = try TestWorkspace()
    let uploads = try ws.importing(
      "u.csv", "student_id,item,submitted_at\ns1,talk,2026-03-01T10:00\ns2,talk,2026-03-01T10:00\ns1,prop,2026-03-01T10:00\n",
      kind: .uploads)
    #expect(uploads.status != .rejected)
    #expect(
      uploads.diagnostics.map(\.description) == [
        "u.csv:2: warning: item 'talk' is scored by presentation-quality, which reads no uploads: its uploads in this file count for nothing"
      ])
    let adjustments = try ws.importing(
      "a.csv",
      "student_id,item,action,value,reason,by\ns1,talk,extend,2d,ill,ins\ns2,talk,extend,1d,ill,ins\ns3,talk,excuse,,ill,ins\ns1,prop,extend,2d,ill,ins\n",
      kind: .adjustments)
    #expect(
      adjustments.diagnostics.map(\.description) == [
        "a.csv:2: warning: item 'talk' is scored by presentation-quality, which has no due time: its extensions in this file change nothing"
      ])
  }

  @Test func allFourErrorsAtOnceAndTheStoreIsUnchanged() throws {
    let ws = try TestWorkspace()
    let course = try ws.open()
    _ = try course.importFile(ws.path("groups.csv"), kind: .groups, map: nil, by: "test", dryRun: false)
    let before = try ws.storeDump()
    let bad = """
      target,item,criterion,rater,score,comment
      s1,talk,clarity,ins,4,fine
      s9,talk,clarity,ins,4,
      s2,talk,clarity,ins,6,
      s1,talk,clarity,ins,3,
      s3,talk,depth,ta1,7,"this comment never ends

      """
    try ws.write("bad.csv", bad)
    let outcome = try course.importFile(ws.path("bad.csv"), kind: .scores, map: nil, by: "test", dryRun: false)
    #expect(outcome.status == .rejected)
    let errors = outcome.diagnostics.filter { $0.severity == .error }.map(\.description)
    #expect(errors.count == 4)
    #expect(errors.contains("bad.csv:3: error: unknown student 's9' (did you mean 's1'?)"))
    #expect(errors.contains("bad.csv:4: error: score 6 is out of range 0..5 for criterion 'clarity'"))
    #expect(errors.contains("bad.csv:5: error: duplicate score for (s1, talk, clarity, ins) (first at line 2)"))
    #expect(errors.contains { $0.hasPrefix("bad.csv:6: error: malformed CSV: unterminated quoted field") })
    #expect(try ws.storeDump() == before)
  }

  @Test func byteIdenticalReimportIsANoOp() throws {
    let ws = try TestWorkspace()
    let text = "target,item,criterion,rater,score\ns1,talk,clarity,ins,4\n"
    let first = try importFile(ws, "s.csv", text, kind: .scores)
    guard case .imported(let batch, 1, []) = first.status else {
      Issue.record("expected an import, got \(first.status)")
      return
    }
    let again = try ws.open().importFile(ws.path("s.csv"), kind: .scores, map: nil, by: "test", dryRun: false)
    #expect(again.status == .unchanged(batch: batch))
    #expect(again.summary.contains("unchanged"))
    // The same bytes read with another encoding (a TA correcting `--encoding`) are imported again,
    // replacing the first reading; read that way a second time, they are unchanged.
    func latin1() throws -> ImportOutcome.Status {
      try ws.open().importFile(ws.path("s.csv"), kind: .scores, map: nil, by: "test", dryRun: false, encoding: "latin1").status
    }
    let reread = try latin1()
    guard case .imported(let second, 1, [batch]) = reread else {
      Issue.record("read with another encoding: \(reread), not imported")
      return
    }
    #expect(try latin1() == .unchanged(batch: second))
  }

  /// A time without an offset is read in the course's zone: after `timezone:` is corrected, the
  /// same uploads file is read again (not skipped as unchanged), and its instants move with it.
  @Test func aCorrectedTimeZoneReadsTheSameFileAgain() throws {
    let ws = try TestWorkspace(sources: "  - {kind: groups, file: groups.csv}\n  - {kind: uploads, file: u.csv}")
    try ws.write("u.csv", "student_id,item,submitted_at\ns1,prop,2026-03-01T10:00\n")
    func uploaded() throws -> Instant? { try ws.open().state().uploads["prop"]?.first?.at }
    _ = try ws.open().importSources(by: "t")
    let inHongKong = try uploaded()
    #expect(try ws.open().importSources(by: "t").allSatisfy { if case .unchanged = $0.status { true } else { false } })
    try ws.write(
      "course.yaml",
      TestWorkspace.course(sources: "  - {kind: groups, file: groups.csv}\n  - {kind: uploads, file: u.csv}")
        .replacingOccurrences(of: "timezone: Asia/Hong_Kong", with: "timezone: Europe/London"))
    let statuses = try ws.open().importSources(by: "t").map(\.status)
    if case .imported(_, 1, let replaced) = statuses.last { #expect(replaced.count == 1) } else { Issue.record("\(statuses)") }
    let inLondon = try uploaded()
    #expect(inHongKong != nil && inLondon != nil)
    #expect(inLondon.map { $0.milliseconds } == inHongKong.map { $0.milliseconds + 8 * 3_600_000 })  // 10:00 GMT is 18:00 HKT
  }

  @Test func rule26_laterVersionOfAFileReplacesItAndHistoryStays() throws {
    let ws = try TestWorkspace()
    _ = try importFile(ws, "s.csv", "target,item,criterion,rater,score\ns1,talk,clarity,ins,4\ns2,talk,clarity,ins,2\n", kind: .scores)
    try ws.write("s.csv", "target,item,criterion,rater,score\ns1,talk,clarity,ins,5\n")
    let second = try ws.open().importFile(ws.path("s.csv"), kind: .scores, map: nil, by: "test", dryRun: false)
    guard case .imported(_, _, let replaced) = second.status else {
      Issue.record("expected an import")
      return
    }
    #expect(replaced.count == 1)
    let state = try ws.open().score().state
    #expect(state.ratings["talk"]?.map(\.points) == [5])  // s2's row went with the replaced version
    #expect(try ws.open().batches().count == 3)
    // Fewer rows than the version it replaces (an older download?): said, with the way back.
    #expect(
      second.diagnostics.map(\.description) == [
        "s.csv: warning: this file has 1 row(s), 1 fewer than batch 2 it replaces: those rows stop counting (if it is an older download, gradebook import --withdraw 3 brings batch 2 back)"
      ])
    try ws.write("s.csv", "target,item,criterion,rater,score\ns1,talk,clarity,ins,5\ns2,talk,clarity,ins,3\n")
    #expect(try ws.open().importFile(ws.path("s.csv"), kind: .scores, map: nil, by: "test", dryRun: false).diagnostics.isEmpty)
  }

  @Test func rule26_laterSourceInCourseYamlSupersedesAnEarlierOne() throws {
    let sources = """
        - {kind: groups, file: groups.csv}
        - {kind: scores, file: late.csv}
        - {kind: scores, file: early.csv}
      """
    let ws = try TestWorkspace(
      sources: sources,
      files: [
        "early.csv": "target,item,criterion,rater,score\ns1,talk,clarity,ins,2\n",
        "late.csv": "target,item,criterion,rater,score\ns1,talk,clarity,ins,4\ns1,talk,depth,ins,\n",
      ])
    let course = try ws.open()
    // Import in the "wrong" order: early.csv (declared last) first.
    _ = try course.importFile(ws.path("groups.csv"), kind: .groups, map: nil, by: "t", dryRun: false)
    _ = try course.importFile(ws.path("early.csv"), kind: .scores, map: nil, by: "t", dryRun: false)
    _ = try course.importFile(ws.path("late.csv"), kind: .scores, map: nil, by: "t", dryRun: false)
    let ratings = try ws.open().score().state.ratings["talk"] ?? []
    #expect(ratings.map(\.points) == [2])  // early.csv is later in course.yaml: it wins; the blank never supersedes
  }

  @Test func rule42_missingColumnIsReportedAtTheHeaderLine() throws {
    let ws = try TestWorkspace()
    let outcome = try importFile(ws, "s.csv", "target,item,criterion,rator,score\ns1,talk,clarity,ins,4\n", kind: .scores)
    #expect(outcome.diagnostics.map(\.description) == ["s.csv:1: error: missing required column 'rater' (did you mean 'rator'?)"])
  }

  /// Two columns of one name (a spreadsheet's helper copy of `score`) would leave which one counts to
  /// chance: an error at the header, and nothing is read.
  @Test func aColumnNamedTwiceIsAnErrorAtTheHeader() throws {
    let ws = try TestWorkspace()
    let outcome = try importFile(ws, "s.csv", "target,item,criterion,rater,score,Score\ns1,talk,clarity,ins,4,2\n", kind: .scores)
    #expect(outcome.status == .rejected)
    #expect(
      outcome.diagnostics.map(\.description) == [
        "s.csv:1: error: column 'score' appears 2 times (columns 5, 6): rename or remove all but one"
      ])
  }

  @Test func rule41_blankRowsSkippedShortRowsPaddedLongRowsRefused() throws {
    let ws = try TestWorkspace()
    let outcome = try importFile(
      ws, "u.csv", "student_id,item,submitted_at,file\ns1,prop,2026-03-01T10:00\n,,,\ns2,prop,2026-03-01T10:00,a.pdf,extra\n",
      kind: .uploads)
    #expect(outcome.diagnostics.map(\.description) == ["u.csv:4: error: the row has 5 fields but the header has 4"])
  }

  @Test func rule43_groupOverSizeAndStudentInTwoGroups() throws {
    let ws = try TestWorkspace()
    try ws.write("g.csv", "group_id,student_id\nG1,s1\nG1,s2\nG1,s3\nG2,s1\nG3,s4\n")
    let outcome = try ws.open().importFile(ws.path("g.csv"), kind: .groups, map: nil, by: "t", dryRun: false)
    #expect(
      outcome.diagnostics.map(\.description) == [
        "g.csv:4: error: group 'G1' has more than 2 members (group_max_size)",
        "g.csv:5: error: student 's1' is already in group 'G1' (line 2); a student can be in one group only",
      ])
  }

  @Test func rules5_46_overrideOutside0to100DecimalCommaDuplicateAdjustmentUnknownActionBadExtension() throws {
    let ws = try TestWorkspace()
    let adjustments = """
      student_id,item,action,value,reason,by
      s1,talk,override,"7,5",appeal,ins
      s1,talk,excuse,,sick,ins
      s1,talk,excuse,,sick again,ins
      s2,talk,forgive,,?,ins
      s3,prop,extend,two days,?,ins
      s4,prop,override,120,?,ins
      s4,talk,extend,99999999999999999999h,?,ins
      s4,prop,extend,2 days,?,ins

      """
    let outcome = try importFile(ws, "a.csv", adjustments, kind: .adjustments)
    #expect(
      outcome.diagnostics.filter { $0.severity == .error }.map(\.description) == [
        "a.csv:2: error: override value '7,5' uses a decimal comma: write 7.5",
        "a.csv:4: error: duplicate adjustment (s1, talk, excuse) (first at line 3)",
        "a.csv:5: error: unknown action 'forgive' (excuse, override or extend)",
        "a.csv:6: error: extension 'two days' is not a duration such as 48h, 2d or 1h30m (at most 1,000 years)",
        "a.csv:7: error: override value 120 is outside 0..100 (a percent)",
        "a.csv:8: error: extension '99999999999999999999h' is not a duration such as 48h, 2d or 1h30m (at most 1,000 years)",
        "a.csv:9: error: extension '2 days' is not a duration such as 48h, 2d or 1h30m (at most 1,000 years) (did you mean '2d'?)",
      ])
  }

  /// A criterion scored on a smaller scale than the rubric's (out of 5 where it says 10) halves
  /// every score silently: when none of its 10 or more scores in a file is above half its max,
  /// the file is warned about; the scores count as written.
  @Test func aCriterionWhoseScoresStayUnderHalfItsMaxIsWarnedAbout() throws {
    func warnings(_ depths: [Int]) throws -> [String] {
      let ws = try TestWorkspace()
      var rows = ["target,item,criterion,rater,score"]
      for (index, depth) in depths.enumerated() {
        rows.append("s\(index % 5 + 1),talk,depth,\(index < 5 ? "ins" : "ta1"),\(depth)")
        rows.append("s\(index % 5 + 1),talk,clarity,\(index < 5 ? "ins" : "ta1"),4")
      }
      return try importFile(ws, "s.csv", rows.joined(separator: "\n") + "\n", kind: .scores).diagnostics.map(\.description)
    }
    #expect(
      try warnings([5, 4, 3, 5, 2, 4, 5, 3, 4, 5]) == [
        "s.csv: warning: no score of criterion 'depth' of item 'talk' is above 5, in 10 scores, though it is out of 10: scored on a smaller scale? Each score counts out of 10"
      ])
    #expect(try warnings([5, 4, 3, 5, 2, 4, 5, 3, 4, 6]).isEmpty)  // one above half
    #expect(try warnings([5, 4, 3, 5, 2, 4, 5, 3, 4]).isEmpty)  // too few to tell
  }

  /// SPEC §4: an override's value is a percent. A fraction written for one (0.85 for 85%) would
  /// give the student 0.85%, silently: it is read as written, and warned about with the fix.
  @Test func anOverrideWrittenAsAFractionIsWarnedAbout() throws {
    let ws = try TestWorkspace()
    let adjustments =
      "student_id,item,action,value,reason,by\ns1,talk,override,0.85,appeal,ins\ns2,talk,override,85,appeal,ins\ns3,talk,override,0,fail,ins\n"
    let outcome = try importFile(ws, "a.csv", adjustments, kind: .adjustments)
    #expect(
      outcome.diagnostics.map(\.description) == [
        "a.csv:2: warning: override value 0.85 is read as 0.85% (the value is a percent); for 85% write 85"
      ])
    #expect(outcome.status == .imported(batch: 2, rows: 3, replaced: []))
    let grades = try ws.open().score().grades
    #expect(grades.first { $0.student == "s1" }?.items.first { $0.item == "talk" }?.percent == 0.85)
  }

  /// RULES §47: what a TA writes from the sheet in front of them, a student's name or e-mail for the
  /// target, an item's or criterion's title for its id, `4/5` or `N/A` for a score, a member for
  /// their group, is offered what the file wants.
  @Test func rule47_namesTitlesFractionsAndNotRatedMarksAreOfferedWhatTheFileWants() throws {
    let rubric = TestWorkspace.rubric.replacingOccurrences(of: "title: Talk\n", with: "title: Paper talk quality\n")
      .replacingOccurrences(of: "title: Depth,", with: "title: \"Depth of the critique\",")
    let ws = try TestWorkspace(rubric: rubric)
    let scores = """
      target,item,criterion,rater,score
      Chan Tai Man,talk,clarity,ins,4
      s1@HKU.hk,talk,clarity,ta1,4
      s1,paper talk  Quality,clarity,ins,4
      s1,talk,Depth of the critique,ins,4
      s1,talk,clarity,s2,4/5
      s1,talk,depth,s3,N/A
      s1,talk,depth,s4,-
      s1,talk,depth,s5,fine
      s1,prop,topic,ins,6
      s5,prop,topic,ins,6
      G2,talk,clarity,ins,4
      s1,talk,clarity,G1,4
      s1,talk,depth,bdai,4

      """
    let outcome = try importFile(ws, "s.csv", scores, kind: .scores)
    #expect(
      outcome.diagnostics.map(\.description) == [
        "s.csv:2: error: unknown student 'Chan Tai Man' (did you mean 's1', Chan Tai Man's id?)",
        "s.csv:3: error: unknown student 's1@HKU.hk' (did you mean 's1', the id of that e-mail?)",
        "s.csv:4: error: unknown item 'paper talk  Quality' (did you mean 'talk', the item titled 'Paper talk quality'?)",
        "s.csv:5: error: unknown criterion 'Depth of the critique' of item 'talk' (did you mean 'depth', the criterion titled 'Depth of the critique'?)",
        "s.csv:6: error: score '4/5' is not a number: write the points alone, 4",
        "s.csv:7: error: score 'N/A' is not a number: leave the cell empty where nothing was rated",
        "s.csv:8: error: score '-' is not a number: leave the cell empty where nothing was rated",
        "s.csv:9: error: score 'fine' is not a number",
        "s.csv:10: error: unknown group 's1' (did you mean 'G1', s1's group?) (item 'prop' is scored per group)",
        "s.csv:11: error: unknown group 's5' (student s5 is in no group) (item 'prop' is scored per group)",
        "s.csv:12: error: 'G2' is a group, but item 'talk' is scored per student: write a row for each member (s3, s4)",
        "s.csv:13: error: unknown rater 'G1' (a group: a rater is one person, their id or e-mail)",
        "s.csv:14: error: unknown rater 'bdai' (neither a staff id or e-mail in course.yaml nor a student on the roster)",
      ])
    let uploads = "student_id,item,submitted_at\nG1,prop,2026-03-13T12:00\n"
    #expect(
      try importFile(ws, "u.csv", uploads, kind: .uploads).diagnostics.map(\.description) == [
        "u.csv:2: error: 'G1' is a group, not a student: write a member's id (s1, s2), or a row for each"
      ])
    #expect(try ws.open().batches().map(\.kind) == ["groups"])  // the scores: nothing
  }

  /// Scores of a group item, or contributions, imported before any group: every row is an error
  /// (RULES §40: all of them, nothing imported), and each says what to import first, not a "did you
  /// mean" among no groups; once the groups are in, the same files import.
  @Test func rule40_groupScoresBeforeAnyGroupSayToImportTheGroupsFirst() throws {
    let ws = try TestWorkspace()
    let course = try ws.open()
    try ws.write("s.csv", "target,item,criterion,rater,score\nG1,prop,topic,ins,4\nG2,prop,topic,ins,3\n")
    try ws.write("c.csv", "group_id,rater,ratee,score\nG1,s1,s2,3\n")
    let why = "(no groups are imported yet: import the groups first, or run gradebook build)"
    #expect(
      try course.importFile(ws.path("s.csv"), kind: .scores, map: nil, by: "t", dryRun: false).diagnostics.map(\.description) == [
        "s.csv:2: error: unknown group 'G1' \(why) (item 'prop' is scored per group)",
        "s.csv:3: error: unknown group 'G2' \(why) (item 'prop' is scored per group)",
      ])
    #expect(
      try course.importFile(ws.path("c.csv"), kind: .contributions, map: nil, by: "t", dryRun: false).diagnostics.map(\.description) == [
        "c.csv:2: error: unknown group 'G1' \(why)"
      ])
    #expect(try ws.open().batches().isEmpty)
    _ = try course.importFile(ws.path("groups.csv"), kind: .groups, map: nil, by: "t", dryRun: false)
    for (file, kind) in [("s.csv", InputKind.scores), ("c.csv", .contributions)] {
      #expect(try ws.open().importFile(ws.path(file), kind: kind, map: nil, by: "t", dryRun: false).diagnostics.isEmpty)
    }
    #expect(try ws.open().batches().map(\.kind) == ["groups", "scores", "contributions"])
  }

  /// RULES §24–25: a rater is a staff id or e-mail, or a student's. A staff member's name written
  /// instead is offered their id.
  @Test func rule25_aStaffNameAsRaterIsOfferedTheirId() throws {
    let ws = try TestWorkspace()
    let scores = "target,item,criterion,rater,score\ns1,talk,clarity,tim ta,4\ns1,talk,clarity,ins@HKU.hk,4\ns2,talk,clarity,ta2,3\n"
    #expect(
      try importFile(ws, "s.csv", scores, kind: .scores).diagnostics.map(\.description) == [
        "s.csv:2: error: unknown rater 'tim ta' (did you mean 'ta1', Tim TA's id?)",
        "s.csv:4: error: unknown rater 'ta2' (did you mean 'ta1'?)",
      ])
  }

  /// A number typed as a TA or a form would write it, not as a CSV number: the fix is named.
  @Test func rule5_aPercentSignOrFullWidthDigitsNameTheNumberToWrite() throws {
    let ws = try TestWorkspace()
    let adjustments = """
      student_id,item,action,value,reason,by
      s1,talk,override,95%,appeal,ins
      s2,talk,override,８７．５,appeal,ins
      s3,talk,override,x%,appeal,ins
      s4,talk,override,1e2%,appeal,ins

      """
    let outcome = try importFile(ws, "a.csv", adjustments, kind: .adjustments)
    #expect(
      outcome.diagnostics.map(\.description) == [
        "a.csv:2: error: override value '95%' is not a number: write 95, without the '%'",
        "a.csv:3: error: override value '８７．５' is written in full-width characters: write 87.5",
        "a.csv:4: error: override value 'x%' is not a number",
        "a.csv:5: error: override value '1e2%' is not a number",
      ])
    let scores = "target,item,criterion,rater,score\ns1,talk,clarity,ins,４\n"
    #expect(
      try importFile(ws, "s.csv", scores, kind: .scores).diagnostics.map(\.description) == [
        "s.csv:2: error: score '４' is written in full-width characters: write 4"
      ])
  }

  @Test func rule46_registrationsNeedAChoiceInOneTrack() throws {
    let ws = try TestWorkspace()
    let outcome = try importFile(
      ws, "r.csv",
      "student_id,registered_at,choice_1,choice_2\ns1,2026-01-20T10:00,,\ns2,2026-01-20T10:00,W03-1,W12-1\ns3,2026-01-20T10:00,W09-1,\ns4,2026-02-30T10:00,W03-2,\n"
        + "s5,2026-01-20T10:00,Week 3-2,\ns5,2026-01-20T10:00,W03-5,\ns5,2026-01-20T10:00,W03-,\n",
      kind: .registrations)
    #expect(
      outcome.diagnostics.map(\.description) == [
        "r.csv:2: error: registration has no choice",
        "r.csv:3: error: choices mix paper-reading and project-talk slots; one registration row is for one track",
        "r.csv:4: error: unknown slot 'W09-1' in choice_1 (slots lie in weeks 3-4 (paper_reading) and week 12 (project_talks))",
        "r.csv:5: error: registered_at '2026-02-30T10:00' names no real time: February 2026 has 28 days, so no day 30",
        // RULES §47: the slot the numbers name; a week's slots; the closest id.
        "r.csv:6: error: unknown slot 'Week 3-2' in choice_1 (did you mean 'W03-2'?) (slots are W<week>-<n>, e.g. W05-2)",
        "r.csv:7: error: unknown slot 'W03-5' in choice_1 (week 3 has slots W03-1 to W03-2)",  // a slot id: no format to recall
        "r.csv:8: error: unknown slot 'W03-' in choice_1 (did you mean 'W03-1'?) (slots are W<week>-<n>, e.g. W05-2)",
      ])
  }

  @Test func rule38_contributionsFromOrAboutNonMembersAndNegativeScores() throws {
    let ws = try TestWorkspace()
    let outcome = try importFile(
      ws, "c.csv", "group_id,rater,ratee,score\nG1,s1,s2,3\nG1,s1,s3,3\nG1,s2,s1,-1\nG1,s1,s2,4\n", kind: .contributions)
    #expect(
      outcome.diagnostics.map(\.description) == [
        "c.csv:3: error: student 's3' is not a member of group 'G1' (ratee)",
        "c.csv:4: error: contribution score -1 is negative",
        "c.csv:5: error: duplicate contribution (G1, s1, s2) (first at line 2)",
      ])
  }

  /// A timestamp more than a year from the course's weeks is read (it is a real time) but warned
  /// about at its line: the earliest upload counts, so a slipped year would otherwise pass unseen.
  @Test func aTimestampFarFromTheCourseIsImportedWithAWarningAtItsLine() throws {
    let ws = try TestWorkspace()
    let outcome = try importFile(
      ws, "u.csv",
      "student_id,item,submitted_at\ns1,prop,2026-03-01T10:00\ns2,prop,0026-03-01T10:00\ns3,prop,2028-06-01T10:00\ns4,prop,2025-02-01T10:00\n",
      kind: .uploads)
    guard case .imported(_, let rows, _) = outcome.status else {
      Issue.record("not imported: \(outcome.diagnostics)")
      return
    }
    #expect(rows == 4)
    #expect(
      outcome.diagnostics.map(\.description) == [
        "u.csv:3: warning: submitted_at 0026-03-01 10:00 HKT is more than a year from the course's weeks; is the year right?",
        "u.csv:4: warning: submitted_at 2028-06-01 10:00 HKT is more than a year from the course's weeks; is the year right?",
      ])
    // Last year's export: every row is warned about, the first ten at their lines and the rest in
    // one line (at 100,000 students, a line a row would bury everything else).
    var lastYear = "student_id,item,submitted_at\n"
    for (index, student) in ["s1", "s2", "s3", "s4", "s5"].enumerated() {
      for week in 1...3 { lastYear += "\(student),prop,2024-03-0\(week)T1\(index):00\n" }
    }
    let old = try importFile(ws, "old.csv", lastYear, kind: .uploads)
    guard case .imported(_, 15, _) = old.status else {
      Issue.record("not imported: \(old.diagnostics)")
      return
    }
    #expect(old.diagnostics.map(\.line) == Array(2...11) + [nil])
    #expect(
      old.diagnostics.first?.description
        == "old.csv:2: warning: submitted_at 2024-03-01 10:00 HKT is more than a year from the course's weeks; is the year right?")
    #expect(
      old.diagnostics.last?.description
        == "old.csv: warning: and 5 more row(s) with a submitted_at more than a year from the course's weeks, not listed")
  }

  @Test func rule40_invalidUTF8IsAnErrorAtItsLine() throws {
    let ws = try TestWorkspace()
    var bytes = Array("target,item,criterion,rater,score,comment\ns1,talk,clarity,ins,4,ok\ns2,talk,clarity,ins,4,caf".utf8)
    bytes += [0xE9] + Array("\n".utf8)
    try Data(bytes).write(to: URL(fileURLWithPath: ws.path("x.csv")))
    let course = try ws.open()
    _ = try course.importFile(ws.path("groups.csv"), kind: .groups, map: nil, by: "t", dryRun: false)
    let outcome = try course.importFile(ws.path("x.csv"), kind: .scores, map: nil, by: "t", dryRun: false)
    #expect(outcome.diagnostics.map(\.line) == [3])
    #expect(outcome.diagnostics.first?.message.contains("UTF-8") == true)
  }

  /// A workbook given where a CSV file belongs (Microsoft Forms exports .xlsx) is one clear error,
  /// not one "not valid UTF-8" a line of zip bytes; the same for the roster, and for a form's map.
  @Test func aWorkbookInsteadOfACSVFileIsOneClearError() throws {
    let ws = try TestWorkspace()
    let zip = Data([0x50, 0x4B, 0x03, 0x04] + (0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 7919) })
    try zip.write(to: URL(fileURLWithPath: ws.path("forms.xlsx")))
    let outcome = try ws.importing("forms.xlsx", kind: .scores)
    #expect(outcome.status == .rejected)
    #expect(
      outcome.diagnostics.map(\.description) == [
        "forms.xlsx: error: this is a zip archive (an .xlsx or .ods workbook?), not a CSV file: open it in Excel or LibreOffice and save the sheet as CSV UTF-8, then import that"
      ])
    // A form's map given as the file (the file and --map swapped): one error saying which is which.
    try ws.write("maps/form.yaml", "item: talk\nrater: {column: Email, match: email}\ncriteria:\n  clarity: \"Clarity, pace\"\n")
    let map = try ws.importing("maps/form.yaml", kind: .scores)
    #expect(
      map.diagnostics.map(\.description) == [
        "maps/form.yaml: error: this is a YAML file (a form's map?), not a CSV file: import the form's CSV export, with the map as --map"
      ])
    try ws.write("forms.csv", "Email,Clarity, pace\ns2@hku.hk,4\n")
    let swapped = try ws.open().importFile(ws.path("maps/form.yaml"), kind: .scores, map: ws.path("forms.csv"), by: "t", dryRun: false)
    #expect(
      swapped.diagnostics.map(\.description) == [
        "forms.csv: error: this is a CSV file (the form's export?), not a map: import the export, with its map (YAML) as --map"
      ])
    let xls = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + (0..<600).map { UInt8(truncatingIfNeeded: $0) })
    try xls.write(to: URL(fileURLWithPath: ws.path("roster.csv")))
    #expect(throws: (any Error).self) { try ws.open() }
    let (_, rosterDiagnostics) = RosterReader(config: try #require(CourseConfigLoader.load(text: TestWorkspace.course()).0)).read(
      folder: ws.folder)
    #expect(
      rosterDiagnostics.map(\.message) == [
        "this is an Excel 97-2003 workbook (.xls), not a CSV file: open it in Excel or LibreOffice and save the sheet as CSV UTF-8, then import that"
      ])
  }

  /// A program, an image or UTF-16 without its byte-order mark (NUL bytes in the first line) is one
  /// clear error, not one "not valid UTF-8" a line; UTF-16 with its mark, or named, still imports;
  /// a NUL inside a later field is left to the rows, as before; and a folder is said to be one.
  @Test func binaryDataOrAFolderInsteadOfACSVFileIsOneClearError() throws {
    let ws = try TestWorkspace()
    let program = Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + (0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
    try program.write(to: URL(fileURLWithPath: ws.path("scores.csv")))
    let binary = try ws.importing("scores.csv", kind: .scores)
    #expect(binary.status == .rejected)
    #expect(binary.diagnostics.count == 1)
    #expect(binary.diagnostics.first?.message.contains("NUL bytes") == true, "\(binary.diagnostics)")
    let text = "target,item,criterion,rater,score\ns1,talk,clarity,ins,4\n"
    let utf16 = Data(text.utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] })
    try utf16.write(to: URL(fileURLWithPath: ws.path("bare16.csv")))
    #expect(try ws.importing("bare16.csv", kind: .scores).diagnostics.first?.message.contains("--encoding utf-16le") == true)
    let named = try ws.open().importFile(ws.path("bare16.csv"), kind: .scores, map: nil, by: "t", dryRun: true, encoding: "utf-16le")
    #expect(named.status == .checked(rows: 1), "\(named.diagnostics)")
    try (Data([0xFF, 0xFE]) + utf16).write(to: URL(fileURLWithPath: ws.path("marked16.csv")))
    #expect(try ws.importing("marked16.csv", kind: .scores).status != .rejected)
    try FileManager.default.createDirectory(atPath: ws.path("exports"), withIntermediateDirectories: true)
    #expect(
      try ws.importing("exports", kind: .scores).diagnostics.map(\.description) == [
        "exports: error: this is a folder, not a file: name a CSV file in it"
      ])
  }

  /// A long-form file whose rater column holds e-mails (RULES §24-25) depends on the roster's
  /// e-mails, as a form matched by e-mail does: when two students' e-mails are corrected (swapped),
  /// `build` reads it again and the ratings follow the people. A file of ids only is not read again.
  @Test func aLongFormFileOfRaterEmailsIsReadAgainWhenTheRosterEmailsChange() throws {
    let ws = try TestWorkspace(
      sources: "  - {kind: scores, file: byemail.csv}\n  - {kind: scores, file: byid.csv}",
      files: [
        "byemail.csv": "target,item,criterion,rater,score\ns1,talk,clarity,S2@hku.hk,4\n",
        "byid.csv": "target,item,criterion,rater,score\ns4,talk,clarity,s5,3\n",
      ])
    func statuses() throws -> [String: ImportOutcome.Status] {
      Dictionary(uniqueKeysWithValues: try ws.open().importSources(by: "t").map { ($0.file, $0.status) })
    }
    func raters() throws -> [String] {
      (try ws.open().score().state.ratings["talk"] ?? []).map { "\($0.rater)→\($0.target)" }.sorted()
    }
    _ = try statuses()
    #expect(try raters() == ["s2→s1", "s5→s4"])
    #expect(try statuses().values.allSatisfy { if case .unchanged = $0 { true } else { false } })
    let swapped = TestWorkspace.roster.replacingOccurrences(of: "s2@hku.hk", with: "tmp").replacingOccurrences(
      of: "s3@hku.hk", with: "s2@hku.hk"
    )
    .replacingOccurrences(of: "tmp", with: "s3@hku.hk")
    try ws.write("roster.csv", swapped)
    let after = try statuses()
    if case .imported = after["byemail.csv"] {
    } else {
      Issue.record("byemail.csv not read again: \(String(describing: after["byemail.csv"]))")
    }
    if case .unchanged = after["byid.csv"] {} else { Issue.record("byid.csv read again: \(String(describing: after["byid.csv"]))") }
    #expect(try raters() == ["s3→s1", "s5→s4"])
    #expect(try statuses().values.allSatisfy { if case .unchanged = $0 { true } else { false } })
  }

  @Test func dryRunWritesNothing() throws {
    let ws = try TestWorkspace()
    let before = try ws.storeDump()
    try ws.write("s.csv", "target,item,criterion,rater,score\ns1,talk,clarity,ins,4\n")
    let outcome = try ws.open().importFile(ws.path("s.csv"), kind: .scores, map: nil, by: "t", dryRun: true)
    #expect(outcome.status == .checked(rows: 1))
    #expect(try ws.storeDump() == before)
  }

  /// A preview in a course with no store yet compares with an empty course (its store, in memory,
  /// is read before the import as an empty one) and creates no store file.
  @Test func aPreviewBeforeAnyImportComparesWithNothingAndCreatesNoStore() throws {
    let ws = try TestWorkspace()
    try ws.write("s.csv", "target,item,criterion,rater,score\ns1,talk,clarity,ins,4\ns2,talk,clarity,ins,5\n")
    let preview = try ws.open().preview(ws.path("s.csv"), kind: .scores, map: nil, by: "t")
    #expect(preview.wouldImport)
    #expect(preview.added == 2 && preview.changes.isEmpty)
    #expect(preview.moves.contains { $0.student == "s1" && $0.what == "talk" }, "\(preview.moves)")
    #expect(try ws.storeDump() == "(no store)")
  }
}
