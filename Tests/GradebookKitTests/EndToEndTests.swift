import Foundation
import TestSupport
import Testing

@testable import GradebookKit

/// The built `gradebook` on the sample course, as the README runs it.
@Suite(.serialized)
struct EndToEndTests {
  @Test func buildWritesTheGradebookAndTwoBuildsAreByteIdentical() throws {
    let sample = try CLI.sampleCopy()
    let first = try CLI.run(["build", sample.path])
    #expect(first.code == 0, "\(first.err)")
    #expect(first.out.contains("DATA8018: 24 students, 7 items"))
    let xlsx = sample.appendingPathComponent("out/gradebook.xlsx")
    let json = sample.appendingPathComponent("out/results.json")
    let xlsxBytes = try Data(contentsOf: xlsx), jsonBytes = try Data(contentsOf: json)
    let second = try CLI.run(["build", sample.path])
    #expect(second.code == 0)
    #expect(second.out.contains("unchanged, already imported"))
    #expect(try Data(contentsOf: xlsx) == xlsxBytes)
    #expect(try Data(contentsOf: json) == jsonBytes)
    // `history` names the map a forms export was read with, and its text's hash; the course may be
    // named by its course.yaml too.
    let history = try CLI.run(["history", sample.path]).out.split(separator: "\n")
    #expect(try CLI.run(["history", sample.appendingPathComponent("course.yaml").path]).out.split(separator: "\n") == history)
    let forms = history.filter { $0.contains("\tdata/peer-feedback.csv\t") }
    #expect(forms.count == 1 && forms[0].contains("\tcurrent\tmap maps/forms-peer.yaml "), "\(forms)")
    #expect(forms.first.map { $0.split(separator: " ").last!.count == 12 } == true)
    #expect(history.filter { $0.contains("\tdata/staff-scores.csv\t") }.allSatisfy { $0.hasSuffix("\tcurrent") })
    // Under a header line, every batch's import time is shown in the course's zone (Asia/Hong_Kong), as
    // `explain` shows it, not as the UTC text the store keeps for the Audit sheet.
    #expect(history.first == "batch\timported at\tby\tkind\tfile\trows\tsha256\tstate\tread with")
    let times = history.dropFirst().map { $0.split(separator: "\t")[1] }
    #expect(times.count == 10, "\(history)")
    #expect(times.allSatisfy { $0.wholeMatch(of: /\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? HKT/) != nil }, "\(times)")
    let explained = try CLI.run(["explain", sample.path, "u3035110123"]).out
    #expect(explained.contains("data/staff-scores.csv:192 (batch 6, imported by "), "\(explained.prefix(2000))")
    #expect(explained.contains(" at \(times[5]))\n"), "\(explained.prefix(2000))")
    // A fresh workspace gives the same results.json; its workbook differs only in the Audit sheet's import times.
    let other = try CLI.sampleCopy()
    #expect(try CLI.run(["build", other.path]).code == 0)
    #expect(try Data(contentsOf: other.appendingPathComponent("out/results.json")) == jsonBytes)
    #expect(
      try CLI.unzip(other.appendingPathComponent("out/gradebook.xlsx"), member: "xl/worksheets/sheet1.xml")
        == CLI.unzip(xlsx, member: "xl/worksheets/sheet1.xml"))
  }

  @Test func rule6_resultsJSONHasEveryRosterStudentInOrderWithEveryItemUnrounded() throws {
    let sample = try CLI.sampleCopy()
    #expect(try CLI.run(["build", sample.path]).code == 0)
    let text = try String(contentsOf: sample.appendingPathComponent("out/results.json"), encoding: .utf8)
    try Snapshot.assert(text, named: "sample-results.json")
    let root = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    #expect(root["course"] as? String == "DATA8018")
    let students = root["students"] as! [[String: Any]]
    let roster = try String(contentsOf: sample.appendingPathComponent("roster.csv"), encoding: .utf8)
      .split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) }
    #expect(students.map { $0["student_id"] as! String } == roster)
    let items = ["pr-upload", "pr-presentation", "pr-feedback", "proposal", "project-talk", "project", "blog-check"]
    func item(_ student: String, _ id: String) -> [String: Any] {
      let row = students.first { $0["student_id"] as? String == student }!
      return (row["items"] as! [String: Any])[id] as! [String: Any]
    }
    for student in students { #expect(Set((student["items"] as! [String: Any]).keys) == Set(items)) }
    #expect(item("u3035119012", "pr-presentation")["status"] as? String == "excused")
    #expect(item("u3035119012", "pr-presentation")["percent"] is NSNull)
    #expect(item("u3035113456", "pr-feedback")["status"] as? String == "override")
    #expect(item("u3035113456", "pr-feedback")["percent"] as? Double == 85)
    #expect(item("u3035124567", "pr-upload")["status"] as? String == "no slot")
    #expect(item("u3035123456", "proposal")["status"] as? String == "missing")
  }

  @Test func gradebookSheetHasLiveFormulasWithTheEnginesCachedValues() throws {
    let sample = try CLI.sampleCopy()
    #expect(try CLI.run(["build", sample.path]).code == 0)
    let xlsx = sample.appendingPathComponent("out/gradebook.xlsx")
    let sheet = try CLI.unzip(xlsx, member: "xl/worksheets/sheet1.xml")
    try Snapshot.assert(sheet, named: "sample-gradebook-sheet1.xml")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: sample.appendingPathComponent("out/results.json"))) as! [String: Any]
    let totals = (json["students"] as! [[String: Any]]).map { $0["total"] as? Double }
    // Total is column N (4 info columns + 7 items + 2 components); each row caches the engine's total.
    for (index, total) in totals.enumerated() {
      let row = index + 2
      let pattern =
        "<c r=\"N\(row)\" s=\"[0-9]+\"><f>IF\\(SUMPRODUCT\\(--\\(E\(row):K\(row)&lt;&gt;\"\"\\),Weights!\\$B\\$4:\\$H\\$4\\)=0,\"\",[^<]*</f><v>([^<]*)</v>"
      let match = try #require(sheet.firstMatch(of: try Regex(pattern)))
      let cached = Double(String(match.output[1].substring ?? ""))
      #expect(abs((cached ?? -1) - (total ?? -2)) < 1e-9, "row \(row)")
    }
    #expect(sheet.contains("<pane xSplit=\"2\" ySplit=\"1\""))
    #expect(sheet.contains("<autoFilter ref=\"A1:O25\"/>"))
    let weights = try CLI.unzip(xlsx, member: "xl/worksheets/sheet2.xml")
    #expect(weights.firstMatch(of: #/<c r="B4" s="\d+"><v>10</v></c>/#) != nil)
    #expect(weights.contains("<dataValidation type=\"decimal\" operator=\"greaterThanOrEqual\""))
    // Every status has its colour, read from the Status sheet at the same address.
    for status in ["missing", "late", "override", "excused", "pending"] {
      #expect(sheet.contains("<cfRule type=\"expression\"") && sheet.contains("Status!E2=\"\(status)\""), "\(status)")
    }
    #expect(sheet.contains("<conditionalFormatting sqref=\"E2:K25\">"))
    let workbook = try CLI.unzip(xlsx, member: "xl/workbook.xml")
    for name in ["Gradebook", "Weights", "Scale", "Status", "pr-upload", "blog-check", "Schedule", "Peer review", "Audit", "Distribution"] {
      #expect(workbook.contains("<sheet name=\"\(name)\""), "\(name)")
    }
    // The Audit sheet says which map each batch was read with.
    let sheetNames = workbook.components(separatedBy: "<sheet name=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
    if let audit = sheetNames.firstIndex(of: "Audit") {
      let sheet = try CLI.unzip(xlsx, member: "xl/worksheets/sheet\(audit + 1).xml")
      #expect(sheet.contains("read with") && sheet.contains("map maps/forms-peer.yaml "))
    }
    #expect(try CLI.unzip(xlsx, member: "xl/charts/chart1.xml").contains("<c:barChart>"))
    #expect(try CLI.unzip(xlsx, member: "xl/comments1.xml").contains("Weights sheet"))
    let status = try CLI.unzip(xlsx, member: "xl/worksheets/sheet4.xml")
    #expect(status.contains("<t>excused</t>") && status.contains("<t>no slot</t>") && status.contains("<t>late</t>"))
  }

  @Test func textThatLooksLikeAFormulaIsStoredAsText() throws {
    let ws = try TestWorkspace()
    try ws.write(
      "roster.csv",
      "student_id,name,email\ns1,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",s1@hku.hk\ns2,+cmd,s2@hku.hk\ns3,a,s3@hku.hk\ns4,b,s4@hku.hk\n")
    let result = try CLI.run(["build", ws.folder.path])
    #expect(result.code == 0, "\(result.err)")
    let sheet = try CLI.unzip(ws.folder.appendingPathComponent("out/gradebook.xlsx"), member: "xl/worksheets/sheet1.xml")
    #expect(sheet.contains("t=\"inlineStr\"><is><t>=HYPERLINK(\"http://x\",\"y\")</t></is>"))
    #expect(sheet.contains("<t>+cmd</t>"))
    #expect(!sheet.contains("<f>HYPERLINK") && !sheet.contains("<f>=HYPERLINK"))
  }

  @Test func aBadFilePrintsEveryErrorExitsOneAndChangesNothing() throws {
    let sample = try CLI.sampleCopy()
    #expect(try CLI.run(["build", sample.path]).code == 0)
    let store = sample.appendingPathComponent("gradebook.sqlite")
    let before = try CLI.run(["explain", sample.path, "u3035101234"]).out
    let bad =
      "target,item,criterion,rater,score\nu3035101234,pr-presentation,question,bdai,4\nu3035101243,pr-presentation,question,bdai,4\nu3035102345,pr-presentation,question,bdai,9\nu3035101234,pr-presentation,question,bdai,3\nu3035103456,pr-presentation,approach,ta-wong,\"2\n"
    try Data(bad.utf8).write(to: sample.appendingPathComponent("data/bad.csv"))
    let result = try CLI.run(["import", sample.path, "data/bad.csv", "--kind", "scores", "--by", "ta-wong"], in: sample)
    #expect(result.code == 1)
    let lines = result.err.split(separator: "\n").map(String.init)
    #expect(lines.contains("data/bad.csv:3: error: unknown student 'u3035101243' (did you mean 'u3035101234'?)"))
    #expect(lines.contains("data/bad.csv:4: error: score 9 is out of range 0..5 for criterion 'question'"))
    #expect(lines.contains("data/bad.csv:5: error: duplicate score for (u3035101234, pr-presentation, question, bdai) (first at line 2)"))
    #expect(lines.contains { $0.hasPrefix("data/bad.csv:6: error: malformed CSV: unterminated quoted field") })
    #expect(FileManager.default.fileExists(atPath: store.path))
    #expect(try CLI.run(["explain", sample.path, "u3035101234"]).out == before)
    let check = try CLI.run(["check", sample.path])
    #expect(check.code == 0)
  }

  /// Several files of one kind in one command (a TA's `data/week*.csv`): each a batch of its own, in
  /// the order given, the later one's score counting where both give one; with an error in any,
  /// every error of every file is printed (RULES §40), none is imported and the exit code is 1;
  /// `--dry-run` previews them together the same way.
  @Test func rule40_severalFilesImportTogetherOrNotAtAll() throws {
    let sample = try CLI.sampleCopy()
    #expect(try CLI.run(["build", sample.path]).code == 0)
    let header = "target,item,criterion,rater,score\n"
    let week3 = header + "u3035101234,pr-presentation,question,ta-li,2\nu3035102345,pr-presentation,question,ta-li,3\n"
    let week4 = header + "u3035101234,pr-presentation,question,ta-li,5\n"
    let broken = header + "u3035101243,pr-presentation,question,ta-li,4\nu3035102345,pr-presentation,question,ta-li,9\n"
    for (name, text) in [("week3", week3), ("week4", week4), ("week5", broken)] {
      try Data(text.utf8).write(to: sample.appendingPathComponent("data/\(name).csv"))
    }
    let history = try CLI.run(["history", sample.path]).out
    let before = try CLI.run(["explain", sample.path, "u3035101234"]).out

    let failed = try CLI.run(["import", sample.path, "data/week3.csv", "data/week5.csv", "data/week4.csv", "--kind", "scores"], in: sample)
    #expect(failed.code == 1)
    #expect(
      failed.err.split(separator: "\n").filter { $0.contains(": error: ") } == [
        "data/week5.csv:2: error: unknown student 'u3035101243' (did you mean 'u3035101234'?)",
        "data/week5.csv:3: error: score 9 is out of range 0..5 for criterion 'question'",
      ], "\(failed.err)")
    #expect(failed.err.hasSuffix("error: nothing imported\n"), "\(failed.err)")
    #expect(
      failed.out == """
        data/week3.csv: no errors, but not imported: the files go in together or not at all
        data/week5.csv: 2 error(s); nothing imported
        data/week4.csv: no errors, but not imported: the files go in together or not at all

        """)
    #expect(try CLI.run(["history", sample.path]).out == history)
    #expect(try CLI.run(["explain", sample.path, "u3035101234"]).out == before)

    // A preview of the same files, and of the clean ones together: it writes nothing either, lists
    // each file, and what the clean ones change together is what their import then does.
    let refused = try CLI.run(
      ["import", sample.path, "data/week3.csv", "data/week5.csv", "data/week4.csv", "--kind", "scores", "--dry-run"], in: sample)
    #expect(refused.code == 1)
    #expect(refused.err.contains("data/week5.csv:3: error: score 9 is out of range 0..5 for criterion 'question'"), "\(refused.err)")
    #expect(
      refused.out == """
        data/week3.csv: no errors, but would not be imported: the files go in together or not at all
        data/week5.csv: 2 error(s); nothing imported
        data/week4.csv: no errors, but would not be imported: the files go in together or not at all

        """)
    let preview = try CLI.run(["import", sample.path, "data/week3.csv", "data/week4.csv", "--kind", "scores", "--dry-run"], in: sample)
    #expect(preview.code == 0, "\(preview.err)")
    #expect(
      preview.out.hasPrefix(
        """
        data/week3.csv: would import 2 row(s) of scores; nothing written (dry run)
        data/week4.csv: would import 1 row(s) of scores; nothing written (dry run)
          2 new value(s), 0 changed or withdrawn

        """), "\(preview.out)")
    #expect(try CLI.run(["history", sample.path]).out == history)
    let totalLine = preview.out.split(separator: "\n").first { $0.hasPrefix("  u3035101234 total: ") }
    let predicted = totalLine?.split(separator: "→").last?.split(separator: " ").first.map(String.init)

    let done = try CLI.run(["import", sample.path, "data/week3.csv", "data/week4.csv", "--kind", "scores"], in: sample)
    #expect(done.code == 0, "\(done.err)")
    #expect(
      done.out == """
        data/week3.csv: imported 2 row(s) of scores as batch 11
        data/week4.csv: imported 1 row(s) of scores as batch 12

        """)
    let explained = try CLI.run(["explain", sample.path, "u3035101234"]).out
    #expect(explained.contains("question = 5 by ta-li ← data/week4.csv:2 (batch 12"), "\(explained)")
    #expect(explained.contains("supersedes question = 2 by ta-li ← data/week3.csv:2 (batch 11"), "\(explained)")
    #expect(predicted != nil && explained.contains("total: \(predicted ?? "?") "), "\(predicted ?? "-") \(explained.prefix(200))")
    // A file named twice is a slip (the second would be "unchanged"): refused.
    let twice = try CLI.run(["import", sample.path, "data/week3.csv", "./data/week3.csv", "--kind", "scores", "--dry-run"], in: sample)
    #expect(twice.code == 2 && twice.err.contains("error: ./data/week3.csv is named twice: name each file once"), "\(twice.err)")
    // The same files again change nothing.
    let again = try CLI.run(["import", sample.path, "data/week3.csv", "data/week4.csv", "--kind", "scores"], in: sample)
    #expect(again.code == 0 && again.out.components(separatedBy: "unchanged, already imported").count == 3, "\(again.out)")
  }

  /// After a build, `check` still reads every declared file (an already-stored file is validated
  /// against the course as it is now, without being stored again) and writes nothing.
  @Test func checkAfterABuildValidatesEveryFileAgainWithoutStoringIt() throws {
    let sample = try CLI.sampleCopy()
    #expect(try CLI.run(["build", sample.path]).code == 0)
    let history = try CLI.run(["history", sample.path]).out
    let check = try CLI.run(["check", sample.path])
    #expect(check.code == 0, "\(check.err)")
    #expect(check.out.contains("data/staff-scores.csv: 620 row(s) of scores valid"), "\(check.out)")
    #expect(check.out.contains("data/peer-feedback.csv: 155 row(s) of scores valid"), "\(check.out)")
    #expect(try CLI.run(["history", sample.path]).out == history)
    // A criterion renamed in the rubric since: the stored file no longer reads, and check says where.
    let rubric = sample.appendingPathComponent("Rubrics/data8018-blogcheck.yaml")
    let text = try String(contentsOf: rubric, encoding: .utf8)
    try text.replacingOccurrences(of: "- {id: approach,", with: "- {id: method,").write(to: rubric, atomically: true, encoding: .utf8)
    let renamed = try CLI.run(["check", sample.path])
    #expect(renamed.code == 1)
    #expect(
      renamed.err.contains("data/staff-scores.csv:3: error: unknown criterion 'approach' of item 'pr-presentation'"), "\(renamed.err)")
    #expect(try CLI.run(["history", sample.path]).out == history)
  }

  @Test func exitCodesAndTheScorerList() throws {
    #expect(try CLI.run(["build"]).code == 2)
    #expect(try CLI.run(["import", "x", "y", "--kind", "nonsense"]).code == 2)
    let nothingToWrite = try CLI.run(["export", "x"])
    #expect(nothingToWrite.code == 2 && nothingToWrite.err.contains("Usage: gradebook export <course>"), "\(nothingToWrite.err)")
    let misspelt = try CLI.run(["import", "x", "y", "--kind", "upload"])
    #expect(misspelt.code == 2 && misspelt.err.contains("(did you mean 'uploads'?)"))
    let missing = try CLI.run(["check", "/nonexistent-course"])
    #expect(missing.code == 1)
    #expect(missing.err.contains("course.yaml: error: cannot read"))
    let scorers = try CLI.run(["scorers"])
    #expect(scorers.code == 0)
    for id in ["on-time-upload", "presentation-quality", "feedback-quality", "proposal", "final-project", "external"] {
      #expect(scorers.out.contains("\(id)  (target:"))
    }
    #expect(scorers.out.contains("min_peer_ratings"))
    // Which uploads each reads: the three with a due time, and the external one every item's.
    #expect(scorers.out.components(separatedBy: "reads the item's uploads against its due time").count == 4)
    #expect(scorers.out.components(separatedBy: "reads every item's uploads").count == 2)
    // One scorer rates talks given in slots: presentation-quality.
    #expect(scorers.out.components(separatedBy: "rates talks:").count == 2)
    let blocks = scorers.out.components(separatedBy: "\n").reduce(into: [String]()) { blocks, line in
      if line.hasPrefix(" "), !blocks.isEmpty { blocks[blocks.count - 1] += "\n" + line } else { blocks.append(line) }
    }
    #expect(blocks.filter { $0.contains("rates talks:") }.map { String($0.prefix(20)) } == ["presentation-quality"])
  }

  /// `gradebook export COURSE --json /dev/stdout | jq`: standard output holds results.json alone, the
  /// status line goes to standard error, and the link written through stays a link (renaming over
  /// it once turned `/dev/stdout` into a plain file). A link of our own to `/proc/self/fd/1` stands
  /// in for `/dev/stdout`, so that a regression cannot harm the machine's.
  @Test func exportToStandardOutputHoldsTheFileAloneAndKeepsTheLink() throws {
    let sample = try CLI.sampleCopy()
    #expect(try CLI.run(["build", sample.path, "--no-reports"]).code == 0)
    let link = sample.appendingPathComponent("stdout").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/proc/self/fd/1")
    let json = try CLI.run(["export", sample.path, "--json", link])
    #expect(json.code == 0, "\(json.err)")
    #expect(json.out == (try String(contentsOf: sample.appendingPathComponent("out/results.json"), encoding: .utf8)))
    #expect(json.err.contains("wrote "))
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "/proc/self/fd/1")
    let workbook = try CLI.run(["export", sample.path, "--xlsx", link, "--sheets", "gradebook"])
    #expect(workbook.code == 0, "\(workbook.err)")
    #expect(workbook.out.hasPrefix("PK"))  // the zip itself, nothing before it
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "/proc/self/fd/1")
    #expect(!(try FileManager.default.contentsOfDirectory(atPath: sample.path)).contains { $0.contains(".partial") })
  }

  /// `build` writes the workbook and the reports at the same time; every student gets both files.
  @Test func buildWritesEveryReportBesideTheWorkbook() throws {
    let sample = try CLI.sampleCopy()
    // Run from the folder above the course: the paths it prints are relative to it, as typed.
    let result = try CLI.run(["build", sample.lastPathComponent], in: sample.deletingLastPathComponent())
    #expect(result.code == 0, "\(result.err)")
    #expect(result.out.contains("\nwrote \(sample.lastPathComponent)/out/results.json\n"), "\(result.out)")
    #expect(result.out.contains("class overview in \(sample.lastPathComponent)/out/reports"))
    let reports = try FileManager.default.contentsOfDirectory(atPath: sample.appendingPathComponent("out/reports").path)
    #expect(reports.filter { $0.hasSuffix(".html") }.count == 25)  // 24 students and index.html
    #expect(reports.filter { $0.hasSuffix(".md") }.count == 24)
    #expect(!reports.contains { $0.hasSuffix(".partial") })
    #expect(result.out.contains("wrote reports for 24 students and the class overview"))
  }

  /// The Moodle feedback zip where no file can be made (sysfs refuses even root): the same plain
  /// message, exit 3, and no half-written archive left behind.
  @Test func aMoodleZipThatCannotBeWrittenSaysWhereAndWhy() throws {
    let sample = try CLI.sampleCopy()
    let worksheet = sample.appendingPathComponent("worksheet.csv")
    try Data("Identifier,Full name,Email address\nParticipant 1,Chan Tai Man,nobody@example.com\n".utf8).write(to: worksheet)
    let reports = sample.appendingPathComponent("reports").path
    let result = try CLI.run(
      ["report", sample.path, "--out", reports, "--moodle-zip", "/sys/gradebook-test.zip", "--participants", worksheet.path])
    #expect(result.code == 3)
    #expect(result.err.contains("error: cannot write /sys/gradebook-test.zip: Permission denied"), "\(result.err)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: "/sys").allSatisfy { !$0.hasPrefix("gradebook-test") })
  }

  /// An output that cannot be written is a plain message naming the path and the reason.
  @Test func anOutputThatCannotBeWrittenSaysWhereAndWhy() throws {
    let sample = try CLI.sampleCopy()
    let out = sample.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    try Data().write(to: out.appendingPathComponent("reports"))  // a file where the reports folder goes
    let result = try CLI.run(["build", sample.path])
    #expect(result.code == 3)
    #expect(result.err.contains("error: cannot write \(out.appendingPathComponent("reports").path): File exists"), "\(result.err)")
    #expect(!result.err.contains("NSCocoaErrorDomain"))
    // A folder that cannot be made (procfs takes none, even from root) is a write error too.
    for arguments in [
      ["report", sample.path, "--out", "/proc/gradebook-test"], ["export", sample.path, "--json", "/proc/gradebook-test/r.json"],
    ] {
      let refused = try CLI.run(arguments)
      #expect(refused.code == 3)
      #expect(refused.err.contains("error: cannot write /proc/gradebook-test: No such file or directory"), "\(refused.err)")
    }
    // A workbook whose file cannot be made (procfs again): the same message, told before any sheet
    // is made, not libxlsxwriter's own "[ERROR]" line and "Usually a permissions error" after all of them.
    for arguments in [
      ["export", sample.path, "--xlsx", "/proc/gradebook-test.xlsx"], ["schedule", sample.path, "--xlsx", "/proc/gradebook-test.xlsx"],
    ] {
      let refused = try CLI.run(arguments)
      #expect(refused.code == 3)
      #expect(refused.err.hasSuffix("error: cannot write /proc/gradebook-test.xlsx: No such file or directory\n"), "\(refused.err)")
      #expect(!refused.err.contains("[ERROR]") && !refused.err.contains("internal failure"), "\(refused.err)")
    }
  }

  /// `init` starts a course that `check` accepts at once, and says what is left to fill in: the
  /// roster, the staff, the rubric's dates (which `check` warns about while they are another
  /// term's). It never writes over a course, and a bad value writes nothing.
  @Test func initStartsACourseThatChecksAndNeverWritesOverOne() throws {
    let folder = Scratch.path("new-course")
    let made = try CLI.run(
      [
        "init", folder.path, "--course", "DATA8018", "--title", "Deep \"Generative\" Models", "--timezone", "Asia/Hong_Kong",
        "--week1", "2027-01-18",
      ])
    #expect(made.code == 0, "\(made.err)")
    #expect(
      made.out.contains(
        "course.yaml, roster.csv, Rubrics/data8018.yaml, maps/pr-presentation-form.yaml, maps/project-talk-form.yaml, data/"),
      "\(made.out)")
    #expect(made.out.contains("3. for a peer-feedback form, write its questions"), "\(made.out)")
    #expect(made.out.contains("Rubrics/data8018.yaml:70: due: 2026-03-13T23:59"), "\(made.out)")
    let yaml = try String(contentsOf: folder.appendingPathComponent("course.yaml"), encoding: .utf8)
    #expect(yaml.contains("week1_monday: 2027-01-18") && yaml.contains("registration_deadline: 2027-01-29T23:59"))
    #expect(yaml.contains("title: \"Deep \\\"Generative\\\" Models\""))
    let check = try CLI.run(["check", folder.path])
    #expect(check.code == 0, "\(check.err)")
    #expect(check.out.contains("DATA8018: everything checks out (0 students, 6 items)"), "\(check.out)")
    // Last term's deadline in the copied rubric: the warning that would have caught it.
    #expect(
      check.err.contains(
        "Rubrics/data8018.yaml:70: warning: 'due' 2026-03-13 23:59 HKT is far from the course's weeks (2027-01-18 to 2027-04-18): a date from another term?"
      ), "\(check.err)")
    // A roster and staff filled in, the dates set: a course.
    try "student_id,name,email\nu1,Chan Tai Man,u1@hku.hk\n".write(
      to: folder.appendingPathComponent("roster.csv"), atomically: true, encoding: .utf8)
    let rubric = folder.appendingPathComponent("Rubrics/data8018.yaml")
    try String(contentsOf: rubric, encoding: .utf8).replacingOccurrences(of: "2026-03-13", with: "2027-03-19")
      .replacingOccurrences(of: "2026-05-08", with: "2027-05-07").write(to: rubric, atomically: true, encoding: .utf8)
    let filled = try CLI.run(["check", folder.path])
    #expect(filled.code == 0 && !filled.err.contains("warning"), "\(filled.err)")
    #expect(filled.out.contains("(1 students, 6 items)"), "\(filled.out)")
    // The form map to start from, listed with an export before its questions are written in: each
    // question is an error at the map's line; written in, the export is read.
    let export = "Id,Completion time,Email,Which presentation are you reviewing?,Q1,Q2,Q3,Q4,Q5\n"
    try export.write(to: folder.appendingPathComponent("data/pr-presentation-form.csv"), atomically: true, encoding: .utf8)
    let course = folder.appendingPathComponent("course.yaml")
    try
      (String(contentsOf: course, encoding: .utf8).replacingOccurrences(
        of: "sources: []", with: "sources:\n  - {kind: scores, file: data/pr-presentation-form.csv, map: maps/pr-presentation-form.yaml}"))
      .write(to: course, atomically: true, encoding: .utf8)
    let unfilled = try CLI.run(["check", folder.path])
    #expect(unfilled.code == 1)
    #expect(
      unfilled.err.contains(
        "maps/pr-presentation-form.yaml:19: error: criterion 'question' still holds the placeholder gradebook init wrote: write the form's question, exactly as the export's column header"
      ), "\(unfilled.err)")
    #expect(unfilled.err.components(separatedBy: "still holds the placeholder").count == 6, "one error a criterion: \(unfilled.err)")
    let map = folder.appendingPathComponent("maps/pr-presentation-form.yaml")
    var text = try String(contentsOf: map, encoding: .utf8)
    for (number, title) in [
      "Key research question of the paper identified", "How the paper explores the question", "Limitations, future work, personal thoughts",
      "Clarity and timing (30-35 min talk)", "Handling of the 10-15 min discussion",
    ].enumerated() {
      text = text.replacingOccurrences(of: "the form's question for: \(title)", with: "Q\(number + 1)")
    }
    try text.write(to: map, atomically: true, encoding: .utf8)
    let written = try CLI.run(["check", folder.path])
    #expect(written.code == 0, "\(written.err)")
    #expect(written.out.contains("data/pr-presentation-form.csv: 0 row(s) of scores valid"), "\(written.out)")
    // Never over a course: refused, every file as it was.
    let before = try String(contentsOf: folder.appendingPathComponent("roster.csv"), encoding: .utf8)
    let again = try CLI.run(["init", folder.path])
    #expect(again.code == 1)
    #expect(again.err.contains("course.yaml exists: init never writes over a course"), "\(again.err)")
    #expect(try String(contentsOf: folder.appendingPathComponent("roster.csv"), encoding: .utf8) == before)
    // Bad values: nothing written.
    let elsewhere = Scratch.path("other-course")
    let bad = try CLI.run(["init", elsewhere.path, "--course", "../x", "--timezone", "Hong Kong", "--rubric", "data8081"])
    #expect(bad.code == 1)
    #expect(bad.err.contains("(did you mean 'Asia/Hong_Kong'?)") && bad.err.contains("(did you mean 'data8018'?)"), "\(bad.err)")
    #expect(!FileManager.default.fileExists(atPath: elsewhere.path))
    // A rubric given as a file (relative to here) is copied under its own name.
    let sample = try CLI.sampleCopy()
    let fromFile = try CLI.run(
      ["init", elsewhere.lastPathComponent, "--rubric", "\(sample.lastPathComponent)/Rubrics/data8018-blogcheck.yaml"],
      in: sample.deletingLastPathComponent())
    #expect(fromFile.code == 0, "\(fromFile.err)")
    #expect(
      try String(contentsOf: elsewhere.appendingPathComponent("course.yaml"), encoding: .utf8).contains("rubric: data8018-blogcheck "))
    #expect(
      try Data(contentsOf: elsewhere.appendingPathComponent("Rubrics/data8018-blogcheck.yaml"))
        == Data(contentsOf: sample.appendingPathComponent("Rubrics/data8018-blogcheck.yaml")))
    let file = Scratch.path("a-file")
    try "x".write(to: file, atomically: true, encoding: .utf8)
    let onAFile = try CLI.run(["init", file.path])
    #expect(onAFile.code == 1 && onAFile.err.contains("\(file.path) is a file, not a folder"), "\(onAFile.err)")
    let unnamed = try CLI.run(["init", ""], in: file.deletingLastPathComponent())
    #expect(unnamed.code == 2 && unnamed.err.contains("name the new course's folder"), "\(unnamed.err)")
    #expect(!FileManager.default.fileExists(atPath: file.deletingLastPathComponent().appendingPathComponent("course.yaml").path))
    let tuesday = try CLI.run(["init", Scratch.path("third").path, "--week1", "2027-01-19"])
    #expect(tuesday.code == 2 && tuesday.err.contains("--week1 2027-01-19 is a Tuesday; give the Monday of week 1"), "\(tuesday.err)")
    #expect(tuesday.err.contains("Usage: gradebook init <folder>"), "the command's own usage: \(tuesday.err)")
    #expect(!FileManager.default.fileExists(atPath: Scratch.path("third").path))
  }

  @Test func scheduleIsPrintedAndWrittenAsXLSX() throws {
    let sample = try CLI.sampleCopy()
    #expect(try CLI.run(["build", sample.path]).code == 0)
    let result = try CLI.run(["schedule", sample.path, "--xlsx", "schedule.xlsx"], in: sample)
    #expect(result.code == 0, "\(result.err)")
    #expect(result.out.contains("  W03-1  2026-02-03 14:30 HKT  u3035101234  Chan Tai Man — Denoising Diffusion Probabilistic Models"))
    #expect(result.out.contains("Project talks"))
    #expect(result.err.contains("data/paper-signups.csv:25: warning: u3035103456 already holds W04-1 in paper_reading"))
    let sheet = try CLI.unzip(sample.appendingPathComponent("schedule.xlsx"), member: "xl/sharedStrings.xml")
    #expect(sheet.contains("Flow Matching for Generative Modeling"))
  }

  /// A report left in `out/reports` by an earlier build, of a student since dropped from the
  /// roster, is named by the next build (and kept: the folder is the instructor's).
  @Test func aBuildNamesReportsOfStudentsNoLongerOnTheRoster() throws {
    let sample = try CLI.sampleCopy()
    #expect(try CLI.run(["build", sample.path]).code == 0)
    let stray = sample.appendingPathComponent("out/reports/u3035999999.html")
    try Data("an old report".utf8).write(to: stray)
    let again = try CLI.run(["build", sample.path])
    #expect(again.code == 0)
    #expect(
      again.err.contains(
        "reports: warning: 1 report file(s) here belong to no student on the roster now, left by an earlier run: u3035999999.html"),
      "\(again.err)")
    #expect(FileManager.default.fileExists(atPath: stray.path))
  }

  /// `import COURSE data/x.csv` from another folder reads the course's file, as course.yaml names
  /// it; a typo in it gets the nearest name in the course's folder.
  @Test func importPathsMayBeRelativeToTheCourseFolder() throws {
    let sample = try CLI.sampleCopy()
    let elsewhere = sample.deletingLastPathComponent()
    let dry = try CLI.run(["import", sample.path, "data/uploads.csv", "--kind", "uploads", "--dry-run"], in: elsewhere)
    #expect(dry.code == 0, "\(dry.err)")
    #expect(dry.out.contains("data/uploads.csv: would import 48 row(s) of uploads"), "\(dry.out)")
    // `--all` lists every change of a dry run; without --dry-run it is refused, and nothing imported.
    #expect(try CLI.run(["import", sample.path, "data/uploads.csv", "--kind", "uploads", "--dry-run", "--all"], in: elsewhere).code == 0)
    let misplaced = try CLI.run(["import", sample.path, "data/uploads.csv", "--kind", "uploads", "--all"], in: elsewhere)
    #expect(misplaced.code != 0 && misplaced.err.contains("--all goes with --dry-run"), "\(misplaced.err)")
    let typo = try CLI.run(["import", sample.path, "data/upload.csv", "--kind", "uploads"], in: elsewhere)
    #expect(typo.code == 1)
    #expect(typo.err.contains("data/upload.csv: error: cannot read the file (missing or unreadable) (did you mean 'data/uploads.csv'?)"))
  }

  /// A file course.yaml lists is imported as it lists it: without `--kind`, and a form export
  /// without `--map` (its map from course.yaml), also beside a staff file that has none. A file it
  /// does not list, or files listed as two kinds, need `--kind` (exit 2, nothing imported).
  @Test func aDeclaredFileImportsWithTheKindAndMapCourseYamlGivesIt() throws {
    let sample = try CLI.sampleCopy()
    #expect(try CLI.run(["build", sample.path]).code == 0)
    let history = try CLI.run(["history", sample.path]).out
    var forms = try String(contentsOf: sample.appendingPathComponent("data/peer-feedback.csv"), encoding: .utf8)
    forms += "\n"  // new bytes, the same rows: imported again as a new batch, not skipped as unchanged
    try Data(forms.utf8).write(to: sample.appendingPathComponent("data/peer-feedback.csv"))

    let preview = try CLI.run(["import", sample.path, "data/peer-feedback.csv", "--dry-run"], in: sample)
    #expect(preview.code == 0, "\(preview.err)")
    #expect(preview.out.contains("data/peer-feedback.csv: would import"), "\(preview.out)")
    #expect(preview.out.contains("row(s) of scores, replacing batch"), "\(preview.out)")
    #expect(preview.out.contains("0 new value(s), 0 changed or withdrawn"), "\(preview.out)")
    // Given the kind but not the map, the map is still course.yaml's; so is it with neither.
    let kindOnly = try CLI.run(["import", sample.path, "data/peer-feedback.csv", "--kind", "scores", "--dry-run"], in: sample)
    #expect(kindOnly.out == preview.out, "\(kindOnly.err)")
    let imported = try CLI.run(["import", sample.path, "data/peer-feedback.csv"], in: sample)
    #expect(imported.code == 0, "\(imported.err)")
    #expect(imported.out.contains("row(s) of scores as batch"), "\(imported.out)")

    let unlisted = sample.appendingPathComponent("data/extra.csv")
    try Data("target,item,criterion,rater,score\nu3035101234,pr-presentation,question,ta-li,4\n".utf8).write(to: unlisted)
    let needsKind = try CLI.run(["import", sample.path, "data/extra.csv"], in: sample)
    #expect(needsKind.code == 2)
    #expect(
      needsKind.err.contains("error: --kind is needed: course.yaml does not list data/extra.csv among its sources"), "\(needsKind.err)")
    #expect(!needsKind.err.contains("<subcommand>"), "\(needsKind.err)")  // not the root command's usage
    // A mistyped name is not a missing --kind: the file is not there, and its nearest name is offered.
    let typo = try CLI.run(["import", sample.path, "data/upload.csv"], in: sample)
    #expect(typo.code == 1)
    #expect(
      typo.err.contains("data/upload.csv: error: cannot read the file (missing or unreadable) (did you mean 'data/uploads.csv'?)"),
      "\(typo.err)")
    let twoKinds = try CLI.run(["import", sample.path, "data/uploads.csv", "data/staff-scores.csv"], in: sample)
    #expect(twoKinds.code == 2)
    #expect(
      twoKinds.err.contains(
        "error: --kind is needed: course.yaml lists data/uploads.csv as uploads, data/staff-scores.csv as scores; files imported together are of one kind"
      ),
      "\(twoKinds.err)")
    // One batch more than before: the forms export, read with its map; the refused commands added none.
    var batches = try CLI.run(["history", sample.path]).out.split(separator: "\n").dropFirst()
    #expect(batches.count == history.split(separator: "\n").count, "\(batches)")
    var last = String(batches.last ?? "")
    #expect(last.contains("data/peer-feedback.csv\t155 rows") && last.contains("current\tmap maps/forms-peer.yaml"), "\(last)")

    // Files of one kind with different maps in one command: each read through its own.
    for file in ["data/staff-scores.csv", "data/peer-feedback.csv"] {
      let url = sample.appendingPathComponent(file)
      try Data((try String(contentsOf: url, encoding: .utf8) + "\n").utf8).write(to: url)
    }
    let both = try CLI.run(["import", sample.path, "data/staff-scores.csv", "data/peer-feedback.csv"], in: sample)
    #expect(both.code == 0, "\(both.err)")
    #expect(both.out.contains("data/staff-scores.csv: imported 620 row(s) of scores as batch 12"), "\(both.out)")
    #expect(both.out.contains("data/peer-feedback.csv: imported 155 row(s) of scores as batch 13"), "\(both.out)")
    batches = try CLI.run(["history", sample.path]).out.split(separator: "\n").dropFirst()
    last = String(batches.last ?? "")
    #expect(last.contains("data/peer-feedback.csv\t155 rows") && last.contains("current\tmap maps/forms-peer.yaml"), "\(last)")
    #expect(batches.dropLast().last?.hasSuffix("current") == true, "\(batches)")  // the staff file: no map
  }

  /// The course's own scorer program failing is the course's error, at its item's line in the rubric
  /// (exit 1, nothing written), not gradebook's internal failure (exit 3).
  @Test func anExternalScorerThatFailsIsAnErrorAtItsItemInTheRubric() throws {
    let sample = try CLI.sampleCopy()
    try "import sys; sys.stderr.write('no blog found'); sys.exit(3)\n".write(
      to: sample.appendingPathComponent("scorers/blog_check.py"), atomically: true, encoding: .utf8)
    let json = sample.appendingPathComponent("out.json")
    let run = try CLI.run(["build", sample.path, "--no-reports"])
    #expect(run.code == 1)
    let rubric = try String(contentsOf: sample.appendingPathComponent("Rubrics/data8018-blogcheck.yaml"), encoding: .utf8)
    let line = rubric.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("- id: blog-check") }! + 1
    #expect(
      run.err.contains(
        "Rubrics/data8018-blogcheck.yaml:\(line): error: item 'blog-check' could not be scored: external scorer 'python3 scorers/blog_check.py': exited with status 3: no blog found"
      ), "\(run.err)")
    #expect(!run.err.contains("internal failure"))
    #expect(try CLI.run(["export", sample.path, "--json", json.path]).code == 1)
    #expect(!FileManager.default.fileExists(atPath: json.path))
    #expect(!FileManager.default.fileExists(atPath: sample.appendingPathComponent("out/gradebook.xlsx").path))
  }

  /// Withdrawing a batch twice says it is withdrawn already, and how to bring it back; importing the
  /// same file again does. The roster's import is not withdrawn: the roster counts from its file.
  @Test func aBatchWithdrawnTwiceSaysItIsWithdrawnAlready() throws {
    let sample = try CLI.sampleCopy()
    #expect(try CLI.run(["build", sample.path, "--no-reports"]).code == 0)
    let batch = try CLI.run(["history", sample.path]).out.split(separator: "\n").first { $0.contains("\tdata/adjustments.csv\t") }
      .map { String($0.split(separator: "\t")[0]) }!
    #expect(
      try CLI.run(["import", sample.path, "--withdraw", batch]).out.contains("withdrew batch \(batch) (data/adjustments.csv, 3 rows)"))
    let again = try CLI.run(["import", sample.path, "--withdraw", batch])
    #expect(again.code == 1)
    #expect(
      again.err.contains("error: batch \(batch) (data/adjustments.csv) is already withdrawn; to bring it back, import the file again"),
      "\(again.err)")
    #expect(try CLI.run(["import", sample.path, "--withdraw", "999"]).err.contains("there is no batch 999 to withdraw"))
    // The roster counts from its file as it is now: withdrawing its import would change nothing.
    let history = try CLI.run(["history", sample.path]).out
    let roster = try CLI.run(["import", sample.path, "--withdraw", "1"])
    #expect(roster.code == 1)
    #expect(
      roster.err.contains(
        "roster.csv: error: batch 1 is an import of the roster, which counts from roster.csv as the file is now, not from its imports: to take a student off, edit the file"
      ), "\(roster.err)")
    #expect(try CLI.run(["history", sample.path]).out == history)
    let back = try CLI.run(["import", sample.path, "data/adjustments.csv", "--kind", "adjustments"])
    #expect(back.code == 0, "\(back.err)")
    #expect(try CLI.run(["history", sample.path]).out.split(separator: "\n").last?.hasSuffix("\tcurrent") == true)
  }

  /// An output named over one of the course's own inputs (a slip of the keyboard, a link, a `../`
  /// path) is refused before anything is written, and the input is left as it was.
  @Test func anOutputOverAnInputOfTheCourseIsRefused() throws {
    let sample = try CLI.sampleCopy()
    #expect(try CLI.run(["build", sample.path, "--no-reports"]).code == 0)
    let roster = sample.appendingPathComponent("roster.csv")
    let before = try Data(contentsOf: roster)
    let json = try CLI.run(["export", sample.path, "--json", roster.path])
    #expect(json.code == 1)
    #expect(
      json.err.contains("will not write over \(roster.path): it is the roster, an input of this course (name another file)"), "\(json.err)")
    try FileManager.default.createSymbolicLink(
      at: sample.appendingPathComponent("out/link.csv"), withDestinationURL: sample.appendingPathComponent("data/staff-scores.csv"))
    let cases: [([String], String)] = [
      (["export", sample.path, "--canvas", "data/../data/staff-scores.csv"], "a source of course.yaml"),
      (["export", sample.path, "--moodle", "out/link.csv"], "a source of course.yaml"),
      (["export", sample.path, "--xlsx", "maps/forms-peer.yaml"], "a map of course.yaml"),
      (["export", sample.path, "--json", "gradebook.sqlite"], "the store"),
      (["schedule", sample.path, "--xlsx", "course.yaml"], "course.yaml"),
      (["report", sample.path, "--out", "r", "--moodle-zip", "Rubrics/data8018-blogcheck.yaml", "--participants", "x.csv"], "the rubric"),
      (["build", sample.path, "--out", "data", "--no-reports"], ""),
    ]
    for (arguments, what) in cases {
      let run = try CLI.run(arguments, in: sample)
      #expect(run.code == (what.isEmpty ? 0 : 1), "\(arguments): \(run.err)")
      if !what.isEmpty { #expect(run.err.contains("it is \(what), an input of this course"), "\(arguments): \(run.err)") }
    }
    #expect(try Data(contentsOf: roster) == before)
    #expect(try Data(contentsOf: sample.appendingPathComponent("data/staff-scores.csv")).starts(with: Data("target,".utf8)))
    #expect(!FileManager.default.fileExists(atPath: sample.appendingPathComponent("r").path))  // refused before any report
    // A source named like an output: a build into its folder would replace it, and is refused.
    try "x\n".write(to: sample.appendingPathComponent("data/results.json"), atomically: true, encoding: .utf8)
    let yaml = try String(contentsOf: sample.appendingPathComponent("course.yaml"), encoding: .utf8)
    try (yaml + "  - {kind: uploads, file: data/results.json}\n").write(
      to: sample.appendingPathComponent("course.yaml"), atomically: true, encoding: .utf8)
    let build = try CLI.run(["build", sample.path, "--out", sample.appendingPathComponent("data").path, "--no-reports"])
    #expect(build.code == 1 && build.err.contains("it is a source of course.yaml"), "\(build.err)")
  }

  /// The audit trail names who imported: `--by`, else `$USER`, else `$LOGNAME`, else the account;
  /// for `import` and `build` alike.
  @Test func anImportWithoutByIsRecordedUnderTheLoginName() throws {
    let sample = try CLI.sampleCopy()
    func importer(_ file: String, _ kind: String, _ environment: [String: String], by: [String] = []) throws -> String? {
      let run = try CLI.run(["import", sample.path, file, "--kind", kind] + by, environment: environment)
      #expect(run.code == 0, "\(run.err)")
      let row = try CLI.run(["history", sample.path]).out.split(separator: "\n").last { $0.contains("\t\(file)\t") }
      return row.map { String($0.split(separator: "\t")[2]) }
    }
    #expect(try importer("data/groups.csv", "groups", ["USER": "tawong"]) == "tawong")
    #expect(try importer("data/paper-signups.csv", "registrations", ["USER": "", "LOGNAME": "tali"]) == "tali")
    let account = getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) }
    #expect(try importer("data/uploads.csv", "uploads", ["USER": "", "LOGNAME": ""]) == account)
    #expect(try importer("data/adjustments.csv", "adjustments", ["USER": "tawong"], by: ["--by", "bdai"]) == "bdai")
    // `build` records the same way.
    #expect(try CLI.run(["build", sample.path, "--no-reports"], environment: ["USER": "", "LOGNAME": "tali"]).code == 0)
    let built = try CLI.run(["history", sample.path]).out.split(separator: "\n").last { $0.contains("\tdata/staff-scores.csv\t") }
    #expect(built.map { String($0.split(separator: "\t")[2]) } == "tali")
    // A --by that names nobody is a usage error: the batch would have no importer.
    let history = try CLI.run(["history", sample.path]).out
    for command in [["import", sample.path, "data/talk-peer-scores.csv", "--kind", "scores"], ["build", sample.path]] {
      for by in ["", "  "] {
        let refused = try CLI.run(command + ["--by", by])
        #expect(refused.code == 2 && refused.err.contains("--by names who is importing"), "\(refused.err)")
      }
    }
    #expect(try CLI.run(["history", sample.path]).out == history)
  }

  @Test func explainTracesEveryNumberToItsFileAndLine() throws {
    let sample = try CLI.sampleCopy()
    #expect(try CLI.run(["build", sample.path]).code == 0)
    let result = try CLI.run(["explain", sample.path, "u3035110123"])
    #expect(result.code == 0)
    #expect(result.out.contains("total: "))
    #expect(result.out.contains("extend 1d by ta-wong: Family emergency; slides extension approved ← data/adjustments.csv:4 (batch 10"))
    #expect(result.out.contains("← data/staff-scores.csv:"))
    #expect(
      result.out.contains("slides uploaded 2026-03-24 18:00 HKT, due 2026-03-24 16:00 HKT (extended by 1d): 2h late, within the 2h grace"))
    let unknown = try CLI.run(["explain", sample.path, "u3035110124"])
    #expect(unknown.code == 1)
    #expect(unknown.err.contains("did you mean 'u3035110123'"))
    // A group or a member of staff is said to be one; for a group, whom to name instead.
    let group = try CLI.run(["explain", sample.path, "G01"])
    #expect(group.code == 1)
    #expect(
      group.err.contains("error: 'G01' is a group: name one of its members, Chan Tai Man (u3035101234) or Wong, Siu Ming (u3035102345)"),
      "\(group.err)")
    let staff = try CLI.run(["report", sample.path, "--out", "r", "--student", "ta-wong"], in: sample)
    #expect(staff.code == 1 && staff.err.contains("error: 'ta-wong' is Wong Ka Wai, a member of staff (ta), not a student"), "\(staff.err)")
    // A TA may name the student by e-mail or by name instead (RULES §25's comparisons).
    #expect(try CLI.run(["explain", sample.path, "U3035110123@connect.hku.hk"]).out == result.out)
    #expect(try CLI.run(["explain", sample.path, "yeung tsz kin"]).out == result.out)
    // A student the sample's roster gives a personal address too: found by it, and shown it.
    let other = try CLI.run(["explain", sample.path, "LAU.WAIKIT@gmail.com"])
    #expect(
      other.out.hasPrefix("u3035112345  Lau Wai Kit <u3035112345@connect.hku.hk> (also <lau.waikit@gmail.com>)  group G06\n"),
      "\(other.out)")
    // A part of a name explains nobody, and offers whoever it could be.
    let part = try CLI.run(["explain", sample.path, "Yeung"])
    #expect(part.code == 1 && part.out.isEmpty)
    #expect(part.err.contains("unknown student 'Yeung' (did you mean 'Yeung Tsz Kin' (u3035110123)?)"), "\(part.err)")
    let shared = try CLI.run(["explain", sample.path, "tsz"])
    #expect(shared.code == 1)
    #expect(
      shared.err.contains(
        "'tsz' is part of the names of 2 students: 'Yeung Tsz Kin' (u3035110123), '周子謙 (Chow Tsz Him)' (u3035121234); give the id"),
      "\(shared.err)")
    let report = try CLI.run(["report", sample.path, "--out", sample.appendingPathComponent("one").path, "--student", "Yeung Tsz Kin"])
    #expect(report.code == 0, "\(report.err)")
    #expect(report.out.contains("wrote the report of u3035110123 in "), "\(report.out)")
    // A folder made for one student holds only their report: the overview (other students' names
    // and totals) is written only beside every student's report (SPEC §10).
    let written = try FileManager.default.contentsOfDirectory(atPath: sample.appendingPathComponent("one").path).sorted()
    #expect(written == ["u3035110123.html", "u3035110123.md"])
    // Scored with only that student's detail, the report is the one written beside everyone's.
    let all = try CLI.run(["report", sample.path, "--out", sample.appendingPathComponent("all").path])
    #expect(all.code == 0, "\(all.err)")
    for name in written {
      let one = try Data(contentsOf: sample.appendingPathComponent("one/\(name)"))
      #expect(one == (try Data(contentsOf: sample.appendingPathComponent("all/\(name)"))), "\(name)")
    }
  }
}

/// Properties over the whole pipeline on the sample course.
struct PipelinePropertyTests {
  @Test(arguments: [
    ("u3035101234", "pr-presentation"), ("u3035105678", "pr-feedback"), ("u3035116789", "project"), ("u3035102345", "project-talk"),
  ])
  func excusingOneStudentsItemChangesNoOtherStudentsTotal(student: String, item: String) throws {
    let sample = try CLI.sampleCopy()
    let course = try GradebookKit.Course(path: sample.path)
    _ = try course.importSources(by: "test")
    let before = try course.score().grades
    let adjustments = sample.appendingPathComponent("data/adjustments.csv")
    var text = try String(contentsOf: adjustments, encoding: .utf8)
    text += "\(student),\(item),excuse,,property test,bdai\n"
    try Data(text.utf8).write(to: adjustments)
    _ = try course.importSources(by: "test")
    let after = try course.score().grades
    for (old, new) in zip(before, after) where old.student != student {
      #expect(old.total == new.total, "\(old.student)")
    }
    let changed = after.first { $0.student == student }!
    #expect(changed.items.first { $0.item == item }?.status == .excused)
  }
}
