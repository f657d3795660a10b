import Foundation
import GradebookCore
import Testing

@testable import GradebookKit

/// Wide form exports read through a map (FORMATS §4, RULES §24–27).
struct FormMapTests {
  static let map = """
    item: talk
    rater: {column: "Email", match: email}
    target: {column: "Which presentation?", match: slot}
    submitted_at: {column: "Completion time", format: "M/d/yyyy H:mm:ss"}
    criteria:
      clarity: "Clarity  of the talk"
      depth: "Depth (optional)"
    comment: "Comments"
    """

  /// The header of the form export `map` reads (and two columns it does not).
  static let header = "Id,Completion time,Email,Which presentation?,Clarity of the talk,Depth (optional),Comments"

  /// The diagnostics of `severity` that imports or a check gave, as printed.
  static func described(_ outcomes: [ImportOutcome], _ severity: Diagnostic.Severity) -> [String] {
    outcomes.flatMap(\.diagnostics).filter { $0.severity == severity }.map(\.description)
  }

  func workspace() throws -> TestWorkspace {
    let sources = """
        - {kind: groups, file: groups.csv}
        - {kind: registrations, file: signups.csv}
        - {kind: scores, file: forms.csv, map: map.yaml}
      """
    return try TestWorkspace(
      sources: sources,
      files: [
        "map.yaml": Self.map,
        "signups.csv": "student_id,registered_at,choice_1\ns1,2026-01-20T10:00,W03-1\ns2,2026-01-20T10:05,W03-2\n",
      ])
  }

  /// RULES §25 credits a response to the slot's holder. A cell that also names another student
  /// (two students swapped slots, or the form was made from another sign-up sheet) would credit
  /// the wrong one silently: warned about once a slot, naming both; the response still counts for
  /// the holder. A name that is the holder's, or no roster name (a title), says nothing.
  @Test func aSlotCellNamingSomeoneElseThanItsHolderIsWarnedAbout() throws {
    let ws = try workspace()
    let forms = """
      \(Self.header)
      1,2/3/2026 15:20:05,s3@hku.hk,W03-1 Lam Chi Hung - DDPM,4,,
      2,2/3/2026 15:21:05,s5@hku.hk,W03-1 Lam Chi Hung - DDPM,4,,
      3,2/3/2026 16:00:00,s3@hku.hk,"W03-2 Wong, Siu Ming — Flows",3,7,
      4,2/3/2026 16:01:00,s4@hku.hk,W03-2 Flows,3,7,

      """
    try ws.write("forms.csv", forms)
    let outcomes = try ws.open().importSources(by: "t")
    let warnings = Self.described(outcomes, .warning)
    #expect(
      warnings == [
        "forms.csv:2: warning: 'W03-1 Lam Chi Hung - DDPM' names Lam Chi Hung (s4), but the schedule gives W03-1 to Chan Tai Man (s1): this slot's ratings go to Chan Tai Man (s1) (is the sign-up sheet the one the form was made from?)"
      ])
    let ratings = try ws.open().score().state.ratings["talk"] ?? []
    #expect(ratings.filter { $0.target == "s1" }.count == 2)  // still the holder's, as RULES §25 says
  }

  /// A response sent from an address the roster lists among a student's `other_emails` is that
  /// student's, as a rater; an unknown address at another domain is pointed to that column.
  @Test func aResponseFromAStudentsOtherEmailCountsAsTheirs() throws {
    let ws = try workspace()
    try ws.write(
      "roster.csv",
      TestWorkspace.roster.replacingOccurrences(of: "s3@hku.hk,MSc", with: "s3@hku.hk,MSc,lkyan@gmail.com").replacingOccurrences(
        of: "programme", with: "programme,other_emails"))
    try ws.write(
      "forms.csv",
      """
      \(Self.header)
      1,2/3/2026 15:20:05,LKYan@Gmail.com,W03-1 Chan Tai Man — DDPM,4,,
      2,2/3/2026 15:21:05,s4@hku.hk,W03-1 Chan Tai Man — DDPM,2,,

      """)
    let outcomes = try ws.open().importSources(by: "t")
    #expect(!outcomes.flatMap(\.diagnostics).contains { $0.severity == .error }, "\(outcomes.flatMap(\.diagnostics))")
    let ratings = (try ws.open().score().state.ratings["talk"] ?? []).filter { $0.criterion == "clarity" }
    #expect(ratings.map { "\($0.rater)→\($0.target) \($0.points)" }.sorted() == ["s3→s1 4.0", "s4→s1 2.0"])
    // The address was s5's after all: the roster corrected, the same export is read again.
    try ws.write(
      "roster.csv",
      TestWorkspace.roster.replacingOccurrences(of: "s5@hku.hk,MSc", with: "s5@hku.hk,MSc,lkyan@gmail.com")
        .replacingOccurrences(of: "programme", with: "programme,other_emails"))
    let again = try ws.open().importSources(by: "t").first { $0.file == "forms.csv" }?.status
    if case .imported = again {} else { Issue.record("a moved other e-mail: not imported again (\(String(describing: again)))") }
    let moved = (try ws.open().score().state.ratings["talk"] ?? []).filter { $0.criterion == "clarity" }
    #expect(moved.map { "\($0.rater)→\($0.target) \($0.points)" }.sorted() == ["s4→s1 2.0", "s5→s1 4.0"])
  }

  /// A response from an unknown address whose `Name` column (Microsoft Forms writes the account's
  /// name there) is one roster student's name: the error says who it is likely to be and where the
  /// address would go. A name nobody has, or shared by two students, adds nothing.
  @Test func anUnknownRaterEmailIsMatchedToTheResponsesName() throws {
    let ws = try workspace()
    try ws.write(
      "forms.csv",
      """
      Id,Completion time,Email,Name,Which presentation?,Clarity of the talk,Depth (optional),Comments
      1,2/3/2026 15:20:05,lkyan@gmail.com,李嘉欣,W03-1 Chan Tai Man — DDPM,4,,
      2,2/3/2026 15:21:05,someone@gmail.com,Nobody Here,W03-1 Chan Tai Man — DDPM,4,,
      3,2/3/2026 15:22:05,lamch@yahoo.com,  lam  chi HUNG ,W03-1 Chan Tai Man — DDPM,4,,

      """)
    let errors = Self.described(try ws.open().check(), .error)
    #expect(
      errors == [
        "forms.csv:2: error: unknown rater email 'lkyan@gmail.com' (the response's Name is 李嘉欣, s3 on the roster: if this is their address, add it to their other_emails in the roster)",
        "forms.csv:3: error: unknown rater email 'someone@gmail.com'",
        "forms.csv:4: error: unknown rater email 'lamch@yahoo.com' (the response's Name is Lam Chi Hung, s4 on the roster: if this is their address, add it to their other_emails in the roster)",
      ])
  }

  /// Two students' e-mails swapped in the roster credit each one's responses to the other without
  /// a word; Microsoft Forms' `Name` column (the signed-in account) shows it. Warned about once for
  /// the file, counting the students, when the name is exactly another roster student's; the
  /// student's own name in any case or spacing, a name in another form, or a staff rater says nothing.
  @Test func aResponseWhoseNameIsAnotherStudentsThanItsEmailsIsWarnedAbout() throws {
    let ws = try workspace()
    try ws.write(
      "forms.csv",
      """
      Id,Completion time,Email,Name,Which presentation?,Clarity of the talk,Depth (optional),Comments
      1,2/3/2026 15:20:05,s3@hku.hk,Lam Chi Hung,W03-1 Chan Tai Man — DDPM,4,,
      2,2/3/2026 15:21:05,s4@hku.hk,李嘉欣,W03-1 Chan Tai Man — DDPM,3,,
      3,2/3/2026 15:22:05,s2@hku.hk,"wong,  SIU ming",W03-1 Chan Tai Man — DDPM,4,,
      4,2/3/2026 15:23:05,s5@hku.hk,"Ng, Hoi Yan",W03-1 Chan Tai Man — DDPM,4,,
      5,2/3/2026 15:24:05,ins@hku.hk,Lam Chi Hung,W03-1 Chan Tai Man — DDPM,4,,
      6,2/3/2026 16:00:05,s3@hku.hk,Lam Chi Hung,W03-2 Flows,4,,

      """)
    let outcomes = try ws.open().importSources(by: "t")
    let diagnostics = outcomes.flatMap(\.diagnostics).filter { $0.path == "forms.csv" }.map(\.description)
    #expect(
      diagnostics == [
        "forms.csv:2: warning: 2 student(s) answered from an e-mail the roster gives to someone else than the form's Name column names, this first: 's3@hku.hk' is 李嘉欣 (s3) on the roster, but the response's Name is Lam Chi Hung (s4). Their responses count as s3's: are e-mails swapped in the roster?"
      ])
    // The ratings count as the roster says.
    let raters = (try ws.open().score().state.ratings["talk"] ?? []).filter { $0.target == "s1" }.map(\.rater).sorted()
    #expect(raters == ["ins", "s2", "s3", "s4", "s5"])
  }

  /// A staff score for a talk given to a student who holds no paper-reading slot (a mistyped id)
  /// counts, and every command that scores says so once; nothing is said before any sign-up is
  /// imported, or when no rated student holds a slot (an item that rates something else).
  @Test func scoresForATalkOfAStudentWithoutASlotAreWarnedAbout() throws {
    func warnings(_ scores: String, signups: Bool = true) throws -> [String] {
      let sources = (signups ? "  - {kind: registrations, file: signups.csv}\n" : "") + "  - {kind: scores, file: s.csv}"
      let ws = try TestWorkspace(
        sources: sources,
        files: [
          "signups.csv": "student_id,registered_at,choice_1\ns1,2026-01-20T10:00,W03-1\ns2,2026-01-20T10:05,W03-2\n", "s.csv": scores,
        ])
      _ = try ws.open().importSources(by: "t")
      return try ws.open().score().state.courseWarnings.map(\.description)
    }
    let header = "target,item,criterion,rater,score\n"
    // At the item's line in the rubric.
    let line =
      try #require(TestWorkspace.rubric.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasSuffix("- id: talk") })
      + 1
    #expect(
      try warnings(header + "s1,talk,clarity,ins,4\ns5,talk,clarity,ins,3\ns5,talk,depth,ins,7\ns4,talk,clarity,ta1,2\n") == [
        "rubric.yaml:\(line): warning: 2 student(s) have scores for talk but hold no paper_reading slot: s5, s4 (a mistyped id in a score file, or a talk given without a sign-up? The scores count)"
      ])
    #expect(try warnings(header + "s1,talk,clarity,ins,4\ns2,talk,clarity,ins,3\n").isEmpty)
    #expect(try warnings(header + "s5,talk,clarity,ins,3\n").isEmpty)  // no rated student holds a slot
    #expect(try warnings(header + "s1,talk,clarity,ins,4\ns5,talk,clarity,ins,3\n", signups: false).isEmpty)
  }

  /// A dry run of a new forms export lists each changed answer by whom, criterion and rater, and
  /// the answers of a response it no longer has as no longer counting.
  @Test func theDryRunOfANewFormsExportListsChangedAnswers() throws {
    let ws = try workspace()
    try ws.write(
      "forms.csv",
      """
      \(Self.header)
      1,2/3/2026 15:20:05,s3@hku.hk,W03-1 Chan Tai Man — DDPM,4,8,
      2,2/3/2026 15:21:05,s4@hku.hk,W03-1 Chan Tai Man — DDPM,2,,
      3,2/3/2026 16:00:00,s5@hku.hk,W03-2 Flows,3,7,

      """)
    _ = try ws.open().importSources(by: "t")
    try ws.write(
      "forms.csv",
      """
      \(Self.header)
      1,2/3/2026 15:20:05,s3@hku.hk,W03-1 Chan Tai Man — DDPM,4,6,
      3,2/3/2026 16:00:00,s5@hku.hk,W03-2 Flows,3,7,

      """)
    let preview = try ws.open().preview(ws.path("forms.csv"), kind: .scores, map: ws.path("map.yaml"), by: "t")
    #expect(preview.added == 0)
    #expect(
      preview.changes.map { "\($0.whose): \($0.old?.text ?? "-") → \($0.new?.text ?? "-")" } == [
        "s1 talk: clarity = 2 by s4 → -", "s1 talk: depth = 8 by s3 → depth = 6 by s3",
      ])
  }

  /// A dry run reads each changed key's old value where it was current (its batch and line), and
  /// nowhere else: a form response whose depth a later file overrode is read for its clarity, and
  /// its depth is not taken for the old value the later file gave.
  @Test func theDryRunReadsEachOldValueWhereItCounted() throws {
    let ws = try TestWorkspace(
      sources: """
          - {kind: groups, file: groups.csv}
          - {kind: registrations, file: signups.csv}
          - {kind: scores, file: forms.csv, map: map.yaml}
          - {kind: scores, file: fix.csv}
        """,
      files: [
        "map.yaml": Self.map,
        "signups.csv": "student_id,registered_at,choice_1\ns1,2026-01-20T10:00,W03-1\ns2,2026-01-20T10:05,W03-2\n",
        "forms.csv": "\(Self.header)\n1,2/3/2026 15:20:05,s3@hku.hk,W03-1 Chan Tai Man — DDPM,4,8,\n",
        "fix.csv": "target,item,criterion,rater,score\ns1,talk,depth,s3,5\n",
      ])
    #expect(try ws.open().importSources(by: "t").allSatisfy { $0.status != .rejected })
    let preview = try HistoryTests.dryRun(
      ws, "fix.csv", "target,item,criterion,rater,score\ns1,talk,clarity,s3,2\ns1,talk,depth,s3,6\n")
    #expect(
      preview.changes.map { "\($0.whose): \($0.old?.text ?? "-") (\($0.old?.source ?? "-")) → \($0.new?.text ?? "-")" } == [
        "s1 talk: clarity = 4 by s3 (forms.csv:2) → clarity = 2 by s3",
        "s1 talk: depth = 5 by s3 (fix.csv:2) → depth = 6 by s3",
      ])
    // The same when every old value is found by reading all current values again (as over 65,534
    // batches of a kind, whose ranks a stamp does not hold).
    let fullPass = try ws.open().preview(
      [ws.path("fix.csv")], kind: .scores, maps: [nil], by: "t", encoding: nil, delimiter: nil, rankLimit: 0)
    #expect(fullPass.changes == preview.changes)
  }

  /// `gradebook schedule` loads the course without its scores: the same schedule and document date
  /// (the XLSX's created time) as a full load, and no ratings or comments.
  @Test func aStateWithoutScoresHasTheSameScheduleAndDate() throws {
    let ws = try workspace()
    try ws.write("forms.csv", "\(Self.header)\n1,2/3/2026 15:20:05,s3@hku.hk,W03-1 Chan Tai Man — DDPM,4,8,good\n")
    _ = try ws.open().importSources(by: "t")
    let full = try ws.open().state()
    let light = try ws.open().state(comments: false, scores: false)
    #expect(!full.ratings.isEmpty && !full.comments.isEmpty)
    #expect(light.ratings.isEmpty && light.comments.isEmpty)
    #expect(light.schedule.assignments.map { "\($0.slot) \($0.holder)" } == full.schedule.assignments.map { "\($0.slot) \($0.holder)" })
    #expect(light.schedule.assignments.count == 2)
    #expect(light.documentDate == full.documentDate)
  }

  /// A response about a slot nobody holds is an error; when no slot is held at all, the form came
  /// before the sign-ups were imported, and the error says so.
  @Test func aSlotNobodyHoldsIsAnErrorThatSaysWhenNoSignUpIsImported() throws {
    let ws = try workspace()
    try ws.write("forms.csv", "\(Self.header)\n1,2/3/2026 15:20:05,s3@hku.hk,W04-1 Someone — DDPM,4,,\n")
    let early = try ws.open().importFile(ws.path("forms.csv"), kind: .scores, map: ws.path("map.yaml"), by: "t", dryRun: false)
    #expect(
      early.diagnostics.map(\.description) == [
        "forms.csv:2: error: nobody holds slot W04-1 in the schedule (no sign-ups are imported yet: import the registrations first, or run gradebook build)"
      ])
    let built = try ws.open().importSources(by: "t").first { $0.file == "forms.csv" }
    #expect(built?.diagnostics.map(\.description) == ["forms.csv:2: error: nobody holds slot W04-1 in the schedule"])
  }

  /// A submitted time the map's format does not read is offered what does: ISO 8601, or a common
  /// pattern in the map's day-month order, said to be a guess where the date reads both ways.
  @Test func aSubmittedTimeTheFormatDoesNotReadIsOfferedOneThatDoes() throws {
    let ws = try workspace()
    let forms = """
      \(Self.header)
      1,2026-02-03 15:20:05,s3@hku.hk,W03-1 Chan Tai Man — DDPM,4,,
      2,2/3/2026 15:21,s4@hku.hk,W03-1 Chan Tai Man — DDPM,4,,
      3,25/2/2026 15:22:00,s5@hku.hk,W03-1 Chan Tai Man — DDPM,4,,
      4,2/3/2026 3:23 PM,s2@hku.hk,W03-1 Chan Tai Man — DDPM,4,,
      5,yesterday,s3@hku.hk,W03-2 Wong Siu Ming — Flows,4,,
      6,2026/02/03 10:32:00 PM GMT+8,s4@hku.hk,W03-2 Wong Siu Ming — Flows,4,,

      """
    try ws.write("forms.csv", forms)
    let errors = Self.described(try ws.open().check(), .error)
    #expect(
      errors == [
        "forms.csv:2: error: submitted time '2026-02-03 15:20:05' does not match the format M/d/yyyy H:mm:ss (it is ISO 8601: drop 'format' from the map's submitted_at)",
        "forms.csv:3: error: submitted time '2/3/2026 15:21' does not match the format M/d/yyyy H:mm:ss (the format 'M/d/yyyy H:mm' reads it, if the month comes first: set it as the map's submitted_at format)",
        "forms.csv:4: error: submitted time '25/2/2026 15:22:00' names no real time: there is no month 25 (the format 'd/M/yyyy H:mm:ss' reads it: set it as the map's submitted_at format)",
        "forms.csv:5: error: submitted time '2/3/2026 3:23 PM' does not match the format M/d/yyyy H:mm:ss (the format 'M/d/yyyy h:mm a' reads it, if the month comes first: set it as the map's submitted_at format)",
        "forms.csv:6: error: submitted time 'yesterday' does not match the format M/d/yyyy H:mm:ss",
        // Google Forms' downloaded responses.
        "forms.csv:7: error: submitted time '2026/02/03 10:32:00 PM GMT+8' does not match the format M/d/yyyy H:mm:ss (the format 'yyyy/M/d h:mm:ss a O' reads it: set it as the map's submitted_at format)",
      ])
  }

  /// A form asking 1–5 for a criterion out of 10 would halve every peer's score silently: when no
  /// answer of a column is above half its criterion's max in 10 or more answers, the file is
  /// warned about; the answers count as written. Fewer answers, or one above half, say nothing.
  @Test func aFormColumnWhoseAnswersStayUnderHalfTheMaxIsWarnedAbout() throws {
    // Twelve responses (six raters, two talks); depth is out of 10, clarity out of 5.
    func warnings(depths: [Int], rows count: Int = 12) throws -> [String] {
      let ws = try workspace()
      let raters = ["s1", "s2", "s3", "s4", "s5", "ins"]
      let rows = (0..<count).map { index in
        "\(index + 1),2/3/2026 15:\(10 + index):00,\(raters[index % 6])@hku.hk,W03-\(index / 6 + 1) Talk,4,\(depths[index]),"
      }
      try ws.write("forms.csv", ([Self.header] + rows).joined(separator: "\n") + "\n")
      return Self.described(try ws.open().importSources(by: "t"), .warning)
    }
    #expect(
      try warnings(depths: [5, 4, 3, 5, 4, 4, 5, 2, 3, 4, 5, 4]) == [
        "forms.csv: warning: no answer in column 'Depth (optional)' is above 5, in 12 answers, though criterion 'depth' is out of 10: is the form's scale smaller? Each answer counts out of 10"
      ])
    #expect(try warnings(depths: [5, 4, 3, 5, 4, 4, 5, 2, 3, 4, 6, 4]).isEmpty)  // one answer above half
    #expect(try warnings(depths: [5, 4, 3, 5, 4, 4, 5, 2, 3], rows: 9).isEmpty)  // too few to tell
  }

  /// Feedback on a talk cannot come before the talk: responses submitted before their slot's start
  /// (the wrong talk picked in the form) are counted and the first one shown, once for the file;
  /// they still count for the slot's holder.
  @Test func responsesSubmittedBeforeTheTalkTheyRateAreWarnedAbout() throws {
    let ws = try workspace()
    // W03-1 starts 2026-02-03 14:30 HKT, W03-2 at 15:15.
    let forms = """
      \(Self.header)
      1,2/3/2026 14:31:00,s3@hku.hk,W03-1 Chan Tai Man — DDPM,4,,
      2,2/3/2026 15:00:00,s3@hku.hk,W03-2 Wong Siu Ming — Flows,4,,
      3,2/3/2026 15:05:00,s4@hku.hk,W03-2 Wong Siu Ming — Flows,4,,
      4,2/3/2026 16:00:00,s5@hku.hk,W03-2 Wong Siu Ming — Flows,4,,

      """
    try ws.write("forms.csv", forms)
    let outcomes = try ws.open().importSources(by: "t")
    #expect(
      Self.described(outcomes, .warning) == [
        "forms.csv:3: warning: 2 response(s) were submitted before the talk they rate began, this first: 'W03-2 Wong Siu Ming — Flows' starts 2026-02-03 15:15 HKT, answered 2026-02-03 15:00 HKT. The wrong talk chosen in the form, or a schedule that is not the form's? They count for the slot's holder"
      ])
    #expect(try ws.open().score().state.ratings["talk"]?.filter { $0.target == "s2" }.count == 3)
  }

  @Test func selfReviewBlankCellsAndSlotTargets_rules24_26_27() throws {
    let ws = try workspace()
    let forms = """
      \(Self.header)
      1,2/3/2026 15:20:05,S2@HKU.HK,W03-1 Chan Tai Man — DDPM,4,,"Great talk.
      More examples please."
      2,2/3/2026 15:25:00,s1@hku.hk,W03-1 Chan Tai Man — DDPM,5,10,my own talk
      3,2/3/2026 16:00:00,s3@hku.hk,W03-2 Wong Siu Ming — Flows,,,only a comment
      4,2/3/2026 16:01:00,s4@hku.hk,W03-2 Wong Siu Ming — Flows,3,7,

      """
    try ws.write("forms.csv", forms)
    let outcomes = try ws.open().importSources(by: "t")
    #expect(outcomes.allSatisfy { $0.status != .rejected }, "\(outcomes.flatMap(\.diagnostics))")
    let state = try ws.open().score().state
    let ratings = state.ratings["talk"] ?? []
    #expect(ratings.filter { $0.target == "s1" && $0.rater == "s2" }.map(\.points) == [4])  // blank depth: not rated
    #expect(ratings.filter { $0.rater == "s1" }.allSatisfy { $0.role == .selfRating })
    #expect(!ratings.contains { $0.rater == "s3" })  // a comment alone is not a rating
    #expect(ratings.filter { $0.target == "s2" }.count == 2)
    #expect(state.comments["talk"]?.first { $0.rater == "s2" }?.text == "Great talk.\nMore examples please.")
  }

  /// A Chinese-locale export writes `2026年2月3日 15:20:05`: a map's format with those literals reads
  /// it, and a row in another shape is an error at its line (it once crashed the import).
  @Test func rule12_aFormatWithChineseLiteralsReadsItsTimesAndRefusesOthersAtTheirLine() throws {
    let ws = try workspace()
    try ws.write("map.yaml", Self.map.replacingOccurrences(of: "M/d/yyyy H:mm:ss", with: "yyyy'年'M'月'd'日' H:mm:ss"))
    let rows = [
      "1,2026年2月3日 15:20:05,s2@hku.hk,W03-1 Chan Tai Man — DDPM,4,8,",
      "2,2026-02-03 15:25:00,s3@hku.hk,W03-1 Chan Tai Man — DDPM,5,9,",
    ]
    try ws.write("forms.csv", ([Self.header] + rows).joined(separator: "\n") + "\n")
    let refused = try ws.open().importSources(by: "t")
    let errors = refused.flatMap(\.diagnostics).filter { $0.severity == .error }
    #expect(errors.map(\.line) == [3], "\(errors)")
    try ws.write("forms.csv", ([Self.header, rows[0]]).joined(separator: "\n") + "\n")
    let outcomes = try ws.open().importSources(by: "t")
    #expect(outcomes.allSatisfy { $0.status != .rejected }, "\(outcomes.flatMap(\.diagnostics))")
    #expect(try ws.open().score().state.ratings["talk"]?.filter { $0.rater == "s2" }.map(\.points).sorted() == [4, 8])
  }

  @Test func rule46_aScoreGivenTwiceIsAnErrorNamingTheLineOfTheFirst() throws {
    let ws = try workspace()
    let forms = """
      \(Self.header)
      1,2/3/2026 15:20:05,s2@hku.hk,W03-1 Chan Tai Man — DDPM,4,,
      2,2/3/2026 15:21:00,s2@hku.hk,W03-1 Chan Tai Man — DDPM,,7,depth only: not a duplicate
      3,2/3/2026 15:22:00,s2@hku.hk,W03-1 Chan Tai Man — DDPM,3,,
      4,2/3/2026 15:23:00,s2@hku.hk,W03-1 Chan Tai Man — DDPM,,6,
      5,2/3/2026 15:24:00,s3@hku.hk,W03-1 Chan Tai Man — DDPM,4,8,
      6,2/3/2026 15:25:00,s3@hku.hk,W03-1 Chan Tai Man — DDPM,5,,
      7,2/3/2026 15:26:00,s4@hku.hk,W03-2 Wong Siu Ming — Flows,5,9,

      """
    try ws.write("forms.csv", forms)
    let outcomes = try ws.open().importSources(by: "t")
    let errors = Self.described(outcomes, .error)
    #expect(
      errors == [
        "forms.csv:4: error: duplicate response from 's2' about 's1' (first at line 2)",
        "forms.csv:5: error: duplicate response from 's2' about 's1' (first at line 3)",
        "forms.csv:7: error: duplicate response from 's3' about 's1' (first at line 6)",
      ])
  }

  /// A file already imported is skipped only through the same map: a map path with a typo is an
  /// error, and another map (a corrected copy) imports the file again, replacing the old batch.
  @Test func anUnchangedFileThroughAnotherOrAMissingMapIsNotSkipped() throws {
    let ws = try workspace()
    try ws.write(
      "forms.csv",
      "\(Self.header)\n1,2/3/2026 15:20:05,s2@hku.hk,W03-1 Chan Tai Man — DDPM,4,,\n"
    )
    _ = try ws.open().importSources(by: "t")
    func importing(map: String) throws -> ImportOutcome.Status {
      try ws.open().importFile(ws.path("forms.csv"), kind: .scores, map: ws.path(map), by: "t", dryRun: false).status
    }
    let same = try importing(map: "map.yaml"), typo = try importing(map: "mpa.yaml")
    try ws.write("map2.yaml", Self.map)
    let other = try importing(map: "map2.yaml")
    if case .unchanged = same {} else { Issue.record("the same map: \(same), not unchanged") }
    #expect(typo == .rejected)
    let message = try ws.open().importFile(ws.path("forms.csv"), kind: .scores, map: ws.path("mpa.yaml"), by: "t", dryRun: false)
      .diagnostics.map(\.description)
    #expect(message == ["mpa.yaml: error: cannot read the map file (did you mean 'map.yaml'?)"])
    // A missing file is said first, alone (its SHA-256 is taken beside the map's reading); a map is
    // only for scores.
    func messages(_ file: String, kind: InputKind, map: String) throws -> [String] {
      try ws.open().importFile(ws.path(file), kind: kind, map: ws.path(map), by: "t", dryRun: false).diagnostics.map(\.description)
    }
    #expect(
      try messages("froms.csv", kind: .scores, map: "mpa.yaml") == [
        "froms.csv: error: cannot read the file (missing or unreadable) (did you mean 'forms.csv'?)"
      ])
    #expect(try messages("forms.csv", kind: .uploads, map: "map.yaml") == ["forms.csv: error: --map is only for scores"])
    if case .imported(_, 1, let replaced) = other {
      #expect(replaced.count == 1)
    } else {
      Issue.record("another map: \(other), not imported")
    }
  }

  /// Names are compared after NFC, trimming, collapsing white space and case-folding, and must
  /// match exactly one student: a name two students share is an error, and an unknown one
  /// suggests the nearest roster name.
  @Test func rule25_namesMatchAfterNFCTrimmingSpacesAndCaseFoldingAndOnlyOneStudent() throws {
    let roster =
      TestWorkspace.roster.replacingOccurrences(of: "s5,Ng Hoi Yan", with: "s5,Zo\u{EB} Ng")
      + "s6,Lam Chi Hung,s6@hku.hk,MSc\n"
    let map = "item: talk\nrater: {column: Reviewer, match: name}\ntarget: {column: Presenter, match: name}\ncriteria: {clarity: Clarity}\n"
    let ws = try TestWorkspace(files: ["roster.csv": roster, "names.yaml": map])
    func importing(_ rows: String) throws -> ImportOutcome {
      try ws.write("names.csv", "Reviewer,Presenter,Clarity\n" + rows)
      return try ws.open().importFile(ws.path("names.csv"), kind: .scores, map: ws.path("names.yaml"), by: "t", dryRun: false)
    }
    // "Zoë" written decomposed (e + U+0308) and in capitals; spaces around and inside.
    let good = try importing("  chan   TAI man ,\"wong, SIU ming\",4\nZO\u{45}\u{308} ng,李嘉欣,3\n")
    #expect(good.status != .rejected, "\(good.diagnostics)")
    let ratings = try ws.open().score().state.ratings["talk"] ?? []
    #expect(Set(ratings.map { "\($0.rater)→\($0.target) \($0.points)" }) == ["s1→s2 4.0", "s5→s3 3.0"])
    let bad = try importing("Chan Tai Man,Lam Chi Hung,4\nChan Tai Mann,s2,4\n")
    #expect(
      bad.diagnostics.map(\.description) == [
        "names.csv:2: error: target name 'Lam Chi Hung' matches 2 students; use ids or emails",
        "names.csv:3: error: unknown rater name 'Chan Tai Mann' (did you mean 'Chan Tai Man'?)",
        "names.csv:3: error: unknown target name 's2'",
      ])
  }

  /// A form names raters by e-mail and presenters by slot. When the roster's e-mails are corrected
  /// (two swapped) or a sign-up moves a slot to someone else, the same export is read again: the
  /// ratings follow the people as the course now knows them.
  @Test func aRosterOrScheduleChangeReadsAFormAgainWithTheNewPeople() throws {
    let ws = try workspace()
    try ws.write(
      "forms.csv",
      "\(Self.header)\n1,2/3/2026 15:20:05,s2@hku.hk,W03-1 Chan Tai Man — DDPM,4,3,\n"
    )
    func pairs() throws -> [String] {
      (try ws.open().score().state.ratings["talk"] ?? []).filter { $0.criterion == "clarity" }.map { "\($0.rater)→\($0.target)" }
    }
    func formsStatus() throws -> ImportOutcome.Status? {
      try ws.open().importSources(by: "t").first { $0.file == "forms.csv" }?.status
    }
    _ = try ws.open().importSources(by: "t")
    #expect(try pairs() == ["s2→s1"])
    if case .unchanged = try formsStatus() {} else { Issue.record("not unchanged") }
    let swapped = TestWorkspace.roster.replacingOccurrences(of: "s2@hku.hk", with: "tmp").replacingOccurrences(
      of: "s3@hku.hk", with: "s2@hku.hk"
    )
    .replacingOccurrences(of: "tmp", with: "s3@hku.hk")
    try ws.write("roster.csv", swapped)
    if case .imported = try formsStatus() {} else { Issue.record("a corrected roster: not imported again") }
    #expect(try pairs() == ["s3→s1"])
    try ws.write(
      "signups.csv", "student_id,registered_at,choice_1\ns4,2026-01-20T09:00,W03-1\ns1,2026-01-20T10:00,W03-1\ns2,2026-01-20T10:05,W03-2\n")
    if case .imported = try formsStatus() {} else { Issue.record("a moved slot: not imported again") }
    #expect(try pairs() == ["s3→s4"])
    if case .unchanged = try formsStatus() {} else { Issue.record("not unchanged the second time") }
  }

  /// A map edited in place (same path, same data file) imports the file again: a TA who fixes
  /// which column is which criterion sees the fix in the grades, not "unchanged".
  @Test func aMapEditedInPlaceImportsTheFileAgain() throws {
    let ws = try workspace()
    try ws.write(
      "forms.csv",
      "\(Self.header)\n1,2/3/2026 15:20:05,s2@hku.hk,W03-1 Chan Tai Man — DDPM,4,3,\n"
    )
    func clarity() throws -> [Double] {
      (try ws.open().score().state.ratings["talk"] ?? []).filter { $0.criterion == "clarity" }.map(\.points)
    }
    _ = try ws.open().importSources(by: "t")
    #expect(try clarity() == [4])
    let unchanged = try ws.open().importSources(by: "t").map(\.status)
    #expect(unchanged.allSatisfy { if case .unchanged = $0 { true } else { false } }, "\(unchanged)")
    // The two criteria's columns were swapped by mistake; fixed in the same file.
    let swapped = Self.map.replacingOccurrences(of: "clarity: \"Clarity  of the talk\"", with: "clarity: \"Depth (optional)\"")
      .replacingOccurrences(of: "depth: \"Depth (optional)\"", with: "depth: \"Clarity of the talk\"")
    #expect(swapped != Self.map)
    try ws.write("map.yaml", swapped)
    let again = try ws.open().importSources(by: "t").last?.status
    if case .imported(_, 1, let replaced) = again {
      #expect(replaced.count == 1)
    } else {
      Issue.record("an edited map: \(String(describing: again))")
    }
    #expect(try clarity() == [3])
    // A batch from a store written before maps were hashed (version 2) is imported again, once.
    try Store(path: ws.path("gradebook.sqlite")).transaction { db in
      try db.execute(sql: "UPDATE batch SET mapSHA256 = NULL")
      return ((), commit: true)
    }
    let afterUpgrade = try ws.open().importSources(by: "t").last?.status
    if case .imported = afterUpgrade {} else { Issue.record("a batch without a map hash: \(String(describing: afterUpgrade))") }
    if case .unchanged = try ws.open().importSources(by: "t").last?.status {} else { Issue.record("not unchanged the second time") }
  }

  /// Duplicates are found on the storing thread, every other error on the reading thread: the
  /// report still lists them all in file order, with warnings in place, and stores nothing.
  @Test func rule46_errorsFromBothHalvesOfAnImportReadInFileOrder() throws {
    let ws = try workspace()
    let forms = """
      \(Self.header)
      1,2/3/2026 15:20:05,s2@hku.hk,W03-1 Chan Tai Man — DDPM,4,,
      2,2/3/2026 15:21:00,s2@hku.hk,W03-1 Chan Tai Man — DDPM,3,,
      3,2/3/2026 15:22:00,nobody@hku.hk,W03-1 Chan Tai Man — DDPM,4,,
      4,2/3/2026 15:23:00,s2@hku.hk,W03-1 Chan Tai Man — DDPM,5,,
      5,2/3/2026 15:24:00,s3@hku.hk,W03-1 Chan Tai Man — DDPM,9,,
      6,2/3/2026 15:25:00,s4@hku.hk,W03-2 Wong Siu Ming — Flows,5,9,
      7,2/3/2026 15:26:00,s4@hku.hk,W03-2 Wong Siu Ming — Flows,,8,

      """
    try ws.write("forms.csv", forms)
    for (file, kind) in [("groups.csv", InputKind.groups), ("signups.csv", .registrations)] {
      #expect(try ws.open().importFile(ws.path(file), kind: kind, map: nil, by: "t", dryRun: false).status != .rejected)
    }
    let before = try ws.storeDump()
    let outcome = try ws.open().importFile(ws.path("forms.csv"), kind: .scores, map: ws.path("map.yaml"), by: "t", dryRun: false)
    #expect(outcome.status == .rejected)
    #expect(
      outcome.diagnostics.filter { $0.severity == .error }.map(\.description) == [
        "forms.csv:3: error: duplicate response from 's2' about 's1' (first at line 2)",
        "forms.csv:4: error: unknown rater email 'nobody@hku.hk'",
        "forms.csv:5: error: duplicate response from 's2' about 's1' (first at line 2)",
        "forms.csv:6: error: score 9 for 'clarity' is out of range 0..5",
        "forms.csv:8: error: duplicate response from 's4' about 's2' (first at line 7)",
      ])
    #expect(try ws.storeDump() == before)
  }

  @Test func diagnosticsFromTwoThreadsMergeByLineKeepingEachOnesOrder() {
    var log = DiagnosticLog(path: "f.csv")
    log.warning(2, "a")
    log.error(4, "b")
    log.warning(4, "c")
    log.error(9, "d")
    log.error(nil, "e")
    #expect(log.errorCount == 3)
    log.merge([
      Diagnostic(.error, path: "f.csv", line: 1, "x"), Diagnostic(.error, path: "f.csv", line: 4, "y"),
      Diagnostic(.warning, path: "f.csv", line: 7, "z"), Diagnostic(.error, path: "f.csv", line: nil, "w"),
    ])
    #expect(log.all.map(\.message) == ["x", "a", "b", "c", "y", "z", "d", "e", "w"])
    #expect(log.errorCount == 6)
    #expect(log.hasErrors)
    var clean = DiagnosticLog(path: "f.csv")
    clean.merge([Diagnostic(.warning, path: "f.csv", line: 3, "only a warning")])
    #expect(!clean.hasErrors)
  }

  @Test func rule40_errorsAtTheLineWhereTheResponseStarts() throws {
    let ws = try workspace()
    let forms = """
      \(Self.header)
      1,2/3/2026 15:20:05,s2@hku.hk,"W03-1 Chan Tai Man
      (second line of the cell)",4,,
      2,2/30/2026 15:25:00,s1@hku.hk,W03-1 Chan,5,10,
      3,2/3/2026 16:00:00,nobody@hku.hk,W09-1 Someone,7,,
      4,2/3/2026 16:00:00,s4@hku.hk,Week 3 talk,3,,
      5,2/3/2026 16:01:00,,W03-1 Chan,3,,
      6,2/3/2026 16:02:00,s4@hku.hk,  ,3,,
      7,2/3/2026 16:03:00,S5@connect.hku.hk,W03-1 Chan,3,,

      """
    try ws.write("forms.csv", forms)
    let outcomes = try ws.open().check()
    let errors = Self.described(outcomes, .error)
    #expect(
      errors == [
        "forms.csv:4: error: submitted time '2/30/2026 15:25:00' names no real time: February 2026 has 28 days, so no day 30",
        "forms.csv:5: error: unknown rater email 'nobody@hku.hk'",
        "forms.csv:5: error: unknown slot 'W09-1' at the start of 'W09-1 Someone' (slots lie in weeks 3-4 (paper_reading) and week 12 (project_talks))",
        "forms.csv:5: error: score 7 for 'clarity' is out of range 0..5",
        "forms.csv:6: error: 'Week 3 talk' does not start with a slot id such as W05-2",
        "forms.csv:7: error: column 'Email' is blank: who gave this response is not known",
        "forms.csv:8: error: column 'Which presentation?' is blank: whom this response is about is not known",
        "forms.csv:9: error: unknown rater email 'S5@connect.hku.hk' (did you mean 's5@hku.hk'? the same name at the domain the roster has: correct the export, or add the address to that student's other_emails in the roster)",
      ])
  }

  /// The error names the column as the map writes it, what the map reads it for and the map's
  /// line, so a TA knows which of the two files to correct; a near miss in the export is offered
  /// as the export writes it.
  @Test func rule42_aMapColumnMissingFromTheExportIsAnErrorAtTheHeader() throws {
    let ws = try workspace()
    try ws.write("forms.csv", "Id,Email,Which presentation?,Clarity of the talk.,Depth (optional),Comments\n")
    let errors = try ws.open().check().flatMap(\.diagnostics).map(\.description)
    #expect(errors.contains("forms.csv:1: error: missing required column 'Completion time' (the submitted time, map.yaml:4)"))
    #expect(
      errors.contains(
        "forms.csv:1: error: missing required column 'Clarity  of the talk' (criterion 'clarity', map.yaml:6) (did you mean 'Clarity of the talk.'?)"
      ), "\(errors)")
  }

  /// A column the map reads must appear once (which of two to read would be a guess); a repeated
  /// question the map does not read is no matter.
  @Test func aMapColumnTwiceIsAnErrorAtTheHeaderAnUnreadOneIsNot() throws {
    let ws = try workspace()
    let row = "1,2/3/2026 15:20:05,s2@hku.hk,W03-1 Chan Tai Man — DDPM,4,5,ok,x,y\n"
    try ws.write(
      "forms.csv", "\(Self.header),Notes,Notes\n" + row)
    #expect(try ws.open().check().flatMap(\.diagnostics).filter { $0.severity == .error }.isEmpty)
    try ws.write(
      "forms.csv",
      "\(Self.header),Clarity  of the talk,Notes\n" + row)
    let errors = try ws.open().check().flatMap(\.diagnostics).map(\.description)
    #expect(errors == ["forms.csv:1: error: column 'clarity of the talk' appears 2 times (columns 5, 8): rename or remove all but one"])
  }
}

/// `check` validates each file against the data as `build` would leave it.
struct CheckSeesTheNewVersionTests {
  @Test func aChangedSignUpFileReplacesTheOldOneWhenCheckingLaterFiles() throws {
    let sources = """
        - {kind: groups, file: groups.csv}
        - {kind: registrations, file: signups.csv}
        - {kind: scores, file: forms.csv, map: map.yaml}
      """
    let ws = try TestWorkspace(
      sources: sources,
      files: [
        "map.yaml": FormMapTests.map,
        "signups.csv": "student_id,registered_at,choice_1\ns1,2026-01-20T10:00,W03-1\n",
        "forms.csv":
          "\(FormMapTests.header)\n1,2/3/2026 15:20:05,s2@hku.hk,W03-1 talk,4,,\n",
      ])
    #expect(try ws.open().importSources(by: "t").allSatisfy { $0.status != .rejected })
    try ws.write("signups.csv", "student_id,registered_at,choice_1\ns1,2026-01-20T10:00,W04-2\n")
    try ws.write(
      "forms.csv",
      "\(FormMapTests.header)\n1,2/3/2026 15:20:05,s2@hku.hk,W04-2 talk,4,,\n"
    )
    let errors = try ws.open().check().flatMap(\.diagnostics).filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(errors)")
  }
}
