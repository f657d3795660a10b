import Foundation
import GradebookCore
import Testing

@testable import GradebookKit

/// What students receive (SPEC §9–10): their own data only, anonymous peer comments, text never run.
@Suite(.serialized)
struct ReportTests {
  static let sample: (URL, GradebookResult) = {
    let folder = try! CLI.sampleCopy()
    let course = try! Course(path: folder.path)
    _ = try! course.importSources(by: "test")
    return (folder, try! course.score())
  }()

  @Test func privacy_noReportNamesAnotherStudentOrWhoWroteAPeerComment() throws {
    let (folder, result) = Self.sample
    let out = folder.appendingPathComponent("reports").path
    try ReportWriter(result: result).write(to: out)
    let roster = result.workspace.roster.students
    var scanned = 0
    for student in roster {
      for ext in ["html", "md"] {
        let text = try String(contentsOfFile: out + "/\(student.id).\(ext)", encoding: .utf8)
        #expect(text.contains(student.id))
        for other in roster where other.id != student.id {
          for value in [other.id, other.name, Escape.html(other.name), Escape.markdown(other.name), other.email] + other.otherEmails {
            #expect(!text.lowercased().contains(value.lowercased()), "\(student.id).\(ext) contains \(value)")
          }
        }
        scanned += 1
      }
    }
    #expect(scanned == 48)
  }

  /// Comments and reasons are free text: another student's id, e-mail or name written in one is
  /// taken out of the report (in any case, spacing, possessive, or inside Chinese text); the
  /// student's own name stays, and so does a word that only looks like an id.
  @Test func privacy_otherStudentsNamedInCommentsAreTakenOut() throws {
    let comments = [
      "s2,Better than WONG  SIU MING's talk; s3@HKU.hk agrees.", "s3,我覺得李嘉欣講得好", "s4,s4 and s10 were great",
      "ins,Chan Tai Man did well; compare Lam Chi Hung.",
    ]
    let scores = comments.enumerated().map { index, row in
      let (rater, text) = (row.prefix { $0 != "," }, row.drop { $0 != "," }.dropFirst())
      return "s1,talk,\(index % 2 == 0 ? "clarity" : "depth"),\(rater),\(index + 1),\"\(text)\""
    }
    let ws = try TestWorkspace(
      sources: "  - {kind: groups, file: groups.csv}\n  - {kind: scores, file: s.csv}\n  - {kind: adjustments, file: a.csv}",
      files: [
        "s.csv": "target,item,criterion,rater,score,comment\n" + scores.joined(separator: "\n") + "\n",
        "a.csv": "student_id,item,action,value,reason,by\ns1,prop,override,80,\"agreed with Ng Hoi Yan's group (s5)\",ins\n",
      ])
    let outcomes = try ws.open().importSources(by: "t")
    #expect(outcomes.allSatisfy { $0.status != .rejected }, "\(outcomes.flatMap(\.diagnostics))")
    let report = StudentReport(result: try ws.open().score(), studentID: "s1")
    let talk = try #require(report.items.first { $0.id == "talk" })
    #expect(
      talk.peerComments == [
        "Better than [a classmate]'s talk; [a classmate] agrees.", "[a classmate] and s10 were great", "我覺得[a classmate]講得好",
      ])
    #expect(talk.staffComments.map(\.text) == ["Chan Tai Man did well; compare [a classmate]."])
    let prop = try #require(report.items.first { $0.id == "prop" })
    #expect(prop.note == "agreed with [a classmate]'s group ([a classmate])")
    #expect(prop.evidence.first == "Set to 80.00% by the instructor: agreed with [a classmate]'s group ([a classmate]).")
  }

  /// An external program's evidence lines are free text as well: other students come out of them.
  @Test func privacy_anExternalScorersEvidenceNamesNoOtherStudent() throws {
    let item =
      "      - id: ext\n        title: Blog\n        weight: 10\n        scorer: external\n        target: student\n"
      + "        config: {command: [python3, ext.py], timeout: 20s}\n"
    let rubric = TestWorkspace.rubric.replacingOccurrences(of: "  - id: project\n", with: item + "  - id: project\n")
    #expect(rubric != TestWorkspace.rubric)
    let program = """
      import json, sys
      request = json.load(sys.stdin)
      json.dump({"scores": {t: {"score": 1, "evidence": ["compared with s2@hku.hk and Wong Siu Ming"]} for t in request["targets"]}}, sys.stdout)
      """
    let ws = try TestWorkspace(files: ["ext.py": program], rubric: rubric)
    _ = try ws.open().importSources(by: "t")
    let report = StudentReport(result: try ws.open().score(), studentID: "s1")
    let ext = try #require(report.items.first { $0.id == "ext" })
    #expect(ext.evidence.last == "compared with [a classmate] and [a classmate]")
  }

  @Test func peerCommentsAreShownAnonymouslyAndStaffCommentsWithTheirAuthor() throws {
    let (_, result) = Self.sample
    let html = ReportWriter(result: result).html(for: "u3035101234")
    #expect(html.contains("Comments from classmates"))
    #expect(
      html.contains("<blockquote>Great discussion of limitations.\nI would have liked more on compute cost.</blockquote>")
        || html.contains("Timing was tight"))
    #expect(html.contains("<strong>Wong Ka Wai:</strong> Well-chosen paper"))
    let md = ReportWriter(result: result).markdown(for: "u3035101234")
    #expect(md.contains("Comments from classmates (anonymous)"))
  }

  @Test func goldenReportsOfOneStudent() throws {
    let (_, result) = Self.sample
    try Snapshot.assert(ReportWriter(result: result).html(for: "u3035110123"), named: "report-u3035110123.html")
    try Snapshot.assert(ReportWriter(result: result).markdown(for: "u3035110123"), named: "report-u3035110123.md")
  }

  @Test func excusedOverrideAndNoSlotAreExplainedInPlainWords() throws {
    let (_, result) = Self.sample
    #expect(
      ReportWriter(result: result).markdown(for: "u3035119012").contains(
        "Excused: Medical certificate for week 9; presentation waived. It does not count in your total."))
    #expect(ReportWriter(result: result).markdown(for: "u3035113456").contains("Set to 85.00% by the instructor: Re-marked after appeal"))
    #expect(ReportWriter(result: result).markdown(for: "u3035124567").contains("No presentation slot: counts as 0."))
  }

  @Test func injection_namesAndCommentsAppearAsText() throws {
    let ws = try TestWorkspace(
      sources: "  - {kind: groups, file: groups.csv}\n  - {kind: scores, file: s.csv}",
      files: [
        "roster.csv":
          "student_id,name,email\ns1,<script>alert(1)</script>,s1@hku.hk\ns2,\"\"\"><img src=x onerror=alert(1)>\",s2@hku.hk\ns3,\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",s3@hku.hk\ns4,d,s4@hku.hk\n",
        "s.csv":
          "target,item,criterion,rater,score,comment\ns1,talk,clarity,s2,4,\"\"\"><img src=y onerror=alert(2)> <script>steal()</script>\"\ns1,talk,depth,ins,7,\"=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\"\n",
      ])
    let course = try ws.open()
    let outcomes = try course.importSources(by: "t")
    #expect(outcomes.allSatisfy { $0.status != .rejected }, "\(outcomes.flatMap(\.diagnostics))")
    let writer = ReportWriter(result: try course.score())
    for text in [writer.html(for: "s1"), writer.overview] {
      #expect(!text.contains("<script"))
      #expect(!text.contains("<img"))
    }
    let html = writer.html(for: "s1")
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(html.contains("&quot;&gt;&lt;img src=y onerror=alert(2)&gt; &lt;script&gt;steal()&lt;/script&gt;"))
    #expect(html.contains("=HYPERLINK(&quot;http://evil&quot;,&quot;click&quot;)"))
    let md = writer.markdown(for: "s1")
    #expect(!md.contains("<script") && !md.contains("<img"))
    #expect(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
  }

  @Test func unreleasedItemsSayNotReleasedAndTheTotalWaits() throws {
    let ws = try TestWorkspace(
      sources: "  - {kind: groups, file: groups.csv}\n  - {kind: scores, file: s.csv}",
      files: [
        "s.csv": "target,item,criterion,rater,score\ns1,talk,clarity,ins,4\nG1,prop,topic,ins,7\n"
      ])
    try ws.write(
      "course.yaml",
      TestWorkspace.course(sources: "  - {kind: groups, file: groups.csv}\n  - {kind: scores, file: s.csv}") + "\nrelease: [talk]\n")
    let course = try ws.open()
    _ = try course.importSources(by: "t")
    let md = ReportWriter(result: try course.score()).markdown(for: "s1")
    #expect(md.contains("## Proposal\n\nNot released yet."))
    #expect(md.contains("The total is shown once every item is released."))
    #expect(!md.contains("70.00%"))
  }

  /// Reports an earlier run wrote for a student no longer on the roster stay in the folder (they
  /// are not deleted: it may hold the instructor's own files), and are named so that they are not
  /// sent with the current ones; the overview and other files are not counted.
  @Test func reportsOfStudentsNoLongerOnTheRosterAreNamed() throws {
    let (folder, result) = Self.sample
    let out = folder.appendingPathComponent("strays").path
    let writer = ReportWriter(result: result)
    _ = try writer.write(to: out)
    #expect(writer.strays(in: out).isEmpty)
    for name in ["u3035999999.html", "u3035999999.md", "notes.txt", "letter.html.bak"] {
      try Data("old".utf8).write(to: URL(fileURLWithPath: out + "/" + name))
    }
    #expect(writer.strays(in: out) == ["u3035999999.html", "u3035999999.md"])
    #expect(
      writer.straysWarning(in: out, shown: "out/reports")?.description
        == "out/reports: warning: 2 report file(s) here belong to no student on the roster now, left by an earlier run: u3035999999.html, u3035999999.md (delete them before sending the reports)"
    )
  }

  /// A report finds its student's comments of an item by target, in the item's order, from an
  /// index over the course's comments (no copy of them): interleaved targets, one target, none.
  @Test func commentsAreFoundByTargetInTheirOrder() {
    let targets = ["s2", "s1", "s2", "s3", "s1", "s2"]
    let comments = targets.enumerated().map { position, target in
      Comment(
        target: target, item: "talk", rater: "r\(position)", role: .peer, text: "c\(position)",
        source: SourceRef(path: "f.csv", line: position + 2, batch: 1))
    }
    let index = CommentsByTarget(comments)
    #expect(index["s1"]?.map(\.text) == ["c1", "c4"])
    #expect(index["s2"]?.map(\.text) == ["c0", "c2", "c5"])
    #expect(index["s3"]?.map(\.rater) == ["r3"])
    #expect(index["s4"] == nil)
    #expect(CommentsByTarget([])["s1"] == nil)
    // Against grouping, on a larger random list.
    var random = SystemRandomNumberGenerator()
    let many = (0..<2_000).map { position in
      Comment(
        target: "t\(Int.random(in: 0..<50, using: &random))", item: "talk", rater: "r", role: .peer, text: "\(position)",
        source: SourceRef(path: "f.csv", line: position, batch: 1))
    }
    let grouped = Dictionary(grouping: many, by: \.target)
    let indexed = CommentsByTarget(many)
    for (target, list) in grouped { #expect(indexed[target] == list) }
  }

  @Test func moodleZipUsesTheFolderNamesItsImporterAccepts() throws {
    let (folder, result) = Self.sample
    var worksheet = "Identifier,Full name,Email address,Status,Grade\n"
    for (index, student) in result.workspace.roster.students.enumerated() where index != 3 {
      worksheet +=
        "Participant \(700_000 + index),\"\(student.name.replacingOccurrences(of: "Chan", with: "Chan_"))\",\(student.email.uppercased()),Submitted,\n"
    }
    worksheet += "Participant 799999,Ghost Student,ghost@example.edu,Submitted,\n"  // enrolled in Moodle, not on the roster
    try Data(worksheet.utf8).write(to: folder.appendingPathComponent("worksheet.csv"))
    let (participants, problems) = try MoodleFeedbackZip.participants(
      path: folder.appendingPathComponent("worksheet.csv").path, shownPath: "worksheet.csv")
    #expect(problems.isEmpty)
    let zip = folder.appendingPathComponent("feedback.zip")
    let warnings = try MoodleFeedbackZip(result: result).write(to: zip.path, participants: participants)
    let fourth = result.workspace.roster.students[3].id
    #expect(
      warnings == [
        "1 roster student(s) with no Moodle participant of their ID number or e-mail get no feedback file: \(fourth)",
        "1 Moodle participant(s) not on the roster get no feedback file: 799999 (Ghost Student, ghost@example.edu)",
      ])
    #expect(try CLI.tool("/usr/bin/unzip", ["-tq", zip.path]).code == 0)  // every entry's CRC checks
    let paths = try CLI.tool("/usr/bin/unzip", ["-Z1", zip.path]).out.split(separator: "\n").map(String.init)
    #expect(paths.count == 23)
    #expect(paths.contains("Chan Tai Man_700000_assignsubmission_file/DATA8018-report.html"))
    let first = result.workspace.roster.students[0]
    let expected = HTMLReport(report: StudentReport(result: result, studentID: first.id, index: StudentReport.ClassIndex(result))).text
    #expect(try CLI.unzip(zip, member: "Chan Tai Man_700000_assignsubmission_file/DATA8018-report.html") == expected)
    for path in paths {
      // The importer's rule: the first path part split on "_" (at most 5 pieces) gives
      // fullname, a numeric participant id, plugin type and plugin name.
      let pieces = path.split(separator: "/")[0].split(separator: "_", maxSplits: 4, omittingEmptySubsequences: false)
      #expect(pieces.count >= 4)
      #expect(Int(pieces[1]) != nil && pieces[2] == "assignsubmission" && pieces[3] == "file")
    }
  }

  /// A worksheet of another section, or of part of the class, leaves many students without a
  /// participant: one warning names the first ten and counts the rest, not one line a student.
  @Test func moodleZipSaysInOneLineWhoGetsNoFeedbackFile() throws {
    let (folder, result) = Self.sample
    let students = result.workspace.roster.students
    try Data("Identifier,Full name,Email address\nParticipant 1,\(students[0].name),\(students[0].email)\n".utf8).write(
      to: folder.appendingPathComponent("part.csv"))
    let (participants, _) = try MoodleFeedbackZip.participants(path: folder.appendingPathComponent("part.csv").path, shownPath: "part.csv")
    let warnings = try MoodleFeedbackZip(result: result).write(
      to: folder.appendingPathComponent("part.zip").path, participants: participants)
    let rest = students.dropFirst().map(\.id)
    #expect(
      warnings == [
        "\(rest.count) roster student(s) with no Moodle participant of their ID number or e-mail get no feedback file: "
          + rest.prefix(10).joined(separator: ", ") + " and \(rest.count - 10) more"
      ])
  }

  /// Moodle may know a student by an address the roster lists among their `other_emails`: that
  /// participant gets the student's report. A participant with no e-mail matches no student who has
  /// none either.
  @Test func moodleZipMatchesAStudentsOtherEmailAndNeverABlankOne() throws {
    let roster = TestWorkspace.roster.replacingOccurrences(of: "programme", with: "programme,other_emails")
      .replacingOccurrences(of: "s2@hku.hk,MDASC", with: "s2@hku.hk,MDASC,wsm@moodle.example")
      .replacingOccurrences(of: "s5@hku.hk,MSc", with: ",MSc")
    let ws = try TestWorkspace(files: ["roster.csv": roster])
    let result = try ws.open().score()
    try ws.write(
      "worksheet.csv",
      "Identifier,Full name,Email address\nParticipant 11,Chan Tai Man,S1@hku.hk\nParticipant 12,\"Wong, Siu Ming\",WSM@moodle.example\nParticipant 15,Nobody,\n"
    )
    let (participants, problems) = try MoodleFeedbackZip.participants(path: ws.path("worksheet.csv"), shownPath: "worksheet.csv")
    #expect(problems.isEmpty)
    let zip = ws.path("feedback.zip")
    let warnings = try MoodleFeedbackZip(result: result).write(to: zip, participants: participants)
    #expect(
      warnings.contains("3 roster student(s) with no Moodle participant of their ID number or e-mail get no feedback file: s3, s4, s5"),
      "\(warnings)")
    #expect(warnings.contains("1 Moodle participant(s) not on the roster get no feedback file: 15 (Nobody)"), "\(warnings)")
    let paths = try CLI.tool("/usr/bin/unzip", ["-Z1", zip]).out.split(separator: "\n").map { String($0.split(separator: "_")[1]) }
    #expect(paths.sorted() == ["11", "12"])
  }

  /// A participant whose ID number is one student's and e-mail another's gets the first report only,
  /// and the second student is named: one folder never holds two reports.
  @Test func moodleZipGivesAParticipantMatchedTwiceOneReport() throws {
    let (folder, result) = Self.sample
    let (a, b) = (result.workspace.roster.students[0], result.workspace.roster.students[1])
    let worksheet = "Identifier,Full name,ID number,Email address\nParticipant 5,\(a.name),\(a.id),\(b.email)\n"
    try Data(worksheet.utf8).write(to: folder.appendingPathComponent("twice.csv"))
    let (participants, _) = try MoodleFeedbackZip.participants(
      path: folder.appendingPathComponent("twice.csv").path, shownPath: "twice.csv")
    let zip = folder.appendingPathComponent("twice.zip")
    let warnings = try MoodleFeedbackZip(result: result).write(to: zip.path, participants: participants)
    #expect(
      warnings.contains("\(b.id): Moodle participant 5 (\(a.name)) already has \(a.id)'s report; no feedback file for \(b.id)"),
      "\(warnings)")
    #expect(try CLI.tool("/usr/bin/unzip", ["-Z1", zip.path]).out.split(separator: "\n").count == 1)
  }
}
