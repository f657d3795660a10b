import Foundation
import GradebookCore
import Testing

@testable import GradebookKit

/// Files as Excel, LibreOffice and the forms tools write them (issue: real exports).
struct RealExportTests {
  static let scores = "target,item,criterion,rater,score,comment\ns1,talk,clarity,ins,4,陳大文 說：很好\ns2,talk,clarity,ins,3,café\n"

  /// Writes `text` in `encoding` (through the system's iconv), optionally with a BOM first.
  static func encoded(_ text: String, as encoding: String, bom: [UInt8] = []) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
    process.arguments = ["-f", "UTF-8", "-t", encoding]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Data(bom) + data
  }

  func importData(_ data: Data, encoding: String? = nil, delimiter: String? = nil) throws -> (
    ImportOutcome, [Rating], [GradebookCore.Comment]
  ) {
    let ws = try TestWorkspace()
    try data.write(to: URL(fileURLWithPath: ws.path("export.csv")))
    let course = try ws.open()
    _ = try course.importFile(ws.path("groups.csv"), kind: .groups, map: nil, by: "t", dryRun: false)
    let outcome = try course.importFile(
      ws.path("export.csv"), kind: .scores, map: nil, by: "t", dryRun: false, encoding: encoding, delimiter: delimiter)
    let state = try ws.open().state()
    return (outcome, Array(state.ratings["talk"] ?? []), state.comments["talk"] ?? [])
  }

  func expectImported(_ result: (ImportOutcome, [Rating], [GradebookCore.Comment]), sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.0.status == .imported(batch: 2, rows: 2, replaced: []), "\(result.0.diagnostics)", sourceLocation: sourceLocation)
    #expect(result.1.map(\.points).sorted() == [3, 4], sourceLocation: sourceLocation)
    #expect(Set(result.2.map(\.text)) == ["陳大文 說：很好", "café"], sourceLocation: sourceLocation)
  }

  @Test func utf8WithBOMAndCRLF() throws {
    expectImported(try importData(Data([0xEF, 0xBB, 0xBF]) + Data(Self.scores.replacingOccurrences(of: "\n", with: "\r\n").utf8)))
  }

  @Test func excelUnicodeTextIsUTF16LittleEndianAndTabSeparated() throws {
    let text = Self.scores.replacingOccurrences(of: ",", with: "\t").replacingOccurrences(of: "\n", with: "\r\n")
    expectImported(try importData(try Self.encoded(text, as: "UTF-16LE", bom: [0xFF, 0xFE])))
  }

  @Test func utf16BigEndianWithBOM() throws {
    expectImported(try importData(try Self.encoded(Self.scores, as: "UTF-16BE", bom: [0xFE, 0xFF])))
  }

  @Test func semicolonSeparatedAsEuropeanExcelWritesIt() throws {
    expectImported(try importData(Data(Self.scores.replacingOccurrences(of: ",", with: ";").utf8)))
  }

  /// Excel writes (and reads) a first line `sep=;` naming the separator: it is no part of the table,
  /// and lines keep their numbers in the file (the header is line 2).
  @Test func excelsSeparatorLineNamesTheSeparatorAndIsSkipped() throws {
    let semicolons = Self.scores.replacingOccurrences(of: ",", with: ";")
    expectImported(try importData(Data(("sep=;\r\n" + semicolons).utf8)))
    expectImported(try importData(Data([0xEF, 0xBB, 0xBF]) + Data(("sep=,\n" + Self.scores).utf8)))
    let (outcome, _, _) = try importData(Data(("sep=;\n" + semicolons + "s9;talk;clarity;ins;4;\n").utf8))
    #expect(outcome.diagnostics.map(\.description) == ["export.csv:5: error: unknown student 's9' (did you mean 's1'?)"])
    let (pipe, _, _) = try importData(Data(("sep=|\n" + Self.scores).utf8))
    #expect(pipe.diagnostics.map(\.description) == ["export.csv: error: the first line names the separator '|'; use ',', ';' or tab"])
  }

  /// The roster goes through the same preparation: a roster saved from Excel as Unicode text
  /// (UTF-16, tabs) or in a European locale (`;`, with `sep=;`) is read as the CSV one.
  @Test func aRosterSavedByExcelInAnyOfItsFormsIsRead() throws {
    let ws = try TestWorkspace()
    let plain = try ws.open().workspace.roster.students
    let text = try String(contentsOfFile: ws.path("roster.csv"), encoding: .utf8)
    // Separators outside quotes only: "Wong, Siu Ming" keeps its comma.
    func separated(by separator: Character) -> String {
      var quoted = false
      return String(
        text.map { ch in
          if ch == "\"" { quoted.toggle() }
          return ch == "," && !quoted ? separator : ch
        })
    }
    #expect(separated(by: ";").contains("\"Wong, Siu Ming\";s2@hku.hk"))
    for data in [
      try Self.encoded(separated(by: "\t"), as: "UTF-16LE", bom: [0xFF, 0xFE]), Data(("sep=;\r\n" + separated(by: ";")).utf8),
    ] {
      try data.write(to: URL(fileURLWithPath: ws.path("roster.csv")))
      let roster = try ws.open().workspace.roster.students
      #expect(roster.map(\.id) == plain.map(\.id))
      #expect(roster.map(\.name) == plain.map(\.name) && roster.map(\.email) == plain.map(\.email))
      #expect(roster.map(\.line) == plain.map(\.line).map { $0 + (data.first == UInt8(ascii: "s") ? 1 : 0) })
    }
  }

  @Test func namedDelimiterOverridesDetection() throws {
    // A header with no separator at all cannot be detected; --delimiter names it.
    let text = Self.scores.replacingOccurrences(of: ",", with: "\t")
    expectImported(try importData(Data(text.utf8), delimiter: "tab"))
  }

  @Test func big5FromAChineseWindowsExcelWithEncoding() throws {
    let big5 = try Self.encoded(Self.scores.replacingOccurrences(of: "café", with: "cafe"), as: "BIG5")
    let (outcome, ratings, comments) = try importData(big5, encoding: "big5")
    #expect(outcome.status == .imported(batch: 2, rows: 2, replaced: []))
    #expect(ratings.count == 2)
    #expect(comments.contains { $0.text == "陳大文 說：很好" })
  }

  @Test func windows1252WithEncodingAndWithout() throws {
    let latin = try Self.encoded(Self.scores.replacingOccurrences(of: "陳大文 說：很好", with: "très bien"), as: "WINDOWS-1252")
    let (outcome, _, comments) = try importData(latin, encoding: "windows-1252")
    #expect(outcome.status == .imported(batch: 2, rows: 2, replaced: []))
    #expect(Set(comments.map(\.text)) == ["très bien", "café"])
    let (rejected, _, _) = try importData(latin)
    #expect(rejected.status == .rejected)
    #expect(
      rejected.diagnostics.first?.description
        == "export.csv:2: error: the file is not valid UTF-8 here (save it as CSV UTF-8, or name the encoding it was saved in with --encoding, e.g. big5, gbk, windows-1252)"
    )
  }

  @Test func excelSerialTimesAreRead() throws {
    let ws = try TestWorkspace()
    let parser = TimestampParser(zone: TimeZone(identifier: "Asia/Hong_Kong")!)
    #expect(parser.parseExcelSerial("46094.5") == parser.parseISO("2026-03-13T12:00"))
    #expect(parser.parseExcelSerial("46094") == parser.parseISO("2026-03-13T00:00"))
    #expect(parser.parseExcelSerial("abc") == nil)
    try ws.write("u.csv", "student_id,item,submitted_at\ns1,prop,46094.75\n")
    let course = try ws.open()
    let outcome = try course.importFile(ws.path("u.csv"), kind: .uploads, map: nil, by: "t", dryRun: false)
    #expect(outcome.diagnostics.isEmpty)
    #expect(try ws.open().state().uploads["prop"]?.first?.at == parser.parseISO("2026-03-13T18:00"))
  }
}

/// History, withdrawal and dry runs (issue: imports a TA can trust).
struct HistoryTests {
  @Test func withdrawingABatchRestoresWhatItReplaced() throws {
    let ws = try TestWorkspace()
    let course = try ws.open()
    _ = try course.importFile(ws.path("groups.csv"), kind: .groups, map: nil, by: "t", dryRun: false)
    try ws.write("s.csv", "target,item,criterion,rater,score\ns1,talk,clarity,ins,4\n")
    _ = try course.importFile(ws.path("s.csv"), kind: .scores, map: nil, by: "ta", dryRun: false)
    try ws.write("s.csv", "target,item,criterion,rater,score\ns1,talk,clarity,ins,2\n")
    _ = try ws.open().importFile(ws.path("s.csv"), kind: .scores, map: nil, by: "ta", dryRun: false)
    #expect(try ws.open().state().ratings["talk"]?.map(\.points) == [2])
    let withdrawn = try #require(try ws.open().withdraw(batch: 3))
    #expect(withdrawn.restored == [2])
    #expect(try ws.open().state().ratings["talk"]?.map(\.points) == [4])
    #expect(try ws.open().withdraw(batch: 3) == nil)
    let batches = try ws.open().batches()
    #expect(batches.map(\.isActive) == [true, true, false])
  }

  /// `build` imports the declared sources; a declared file whose batch was withdrawn is left out
  /// while its bytes are unchanged (re-importing it would undo the withdrawal without a word), and
  /// `check` says so too. An explicit import brings it back; a changed file is imported.
  @Test func buildDoesNotUndoTheWithdrawalOfADeclaredFile() throws {
    let ws = try TestWorkspace(
      sources: "  - {kind: groups, file: groups.csv}\n  - {kind: scores, file: s.csv}",
      files: ["s.csv": "target,item,criterion,rater,score\ns1,talk,clarity,ins,4\n"])
    func statusOfScores(_ outcomes: [ImportOutcome]) -> ImportOutcome.Status? { outcomes.first { $0.file == "s.csv" }?.status }
    func points() throws -> [Double] { try ws.open().state().ratings["talk"]?.map(\.points) ?? [] }
    _ = try ws.open().importSources(by: "t")
    #expect(try points() == [4])
    _ = try #require(try ws.open().withdraw(batch: 3))
    let again = try ws.open().importSources(by: "t")
    #expect(statusOfScores(again) == .withdrawn(batch: 3))
    #expect(
      again.first { $0.file == "s.csv" }?.summary
        == "s.csv: unchanged since batch 3 was withdrawn; left out (change the file, or bring it back with gradebook import)")
    #expect(statusOfScores(try ws.open().check()) == .withdrawn(batch: 3))
    #expect(try points() == [])
    // Brought back on purpose: counts again, and build leaves it as it is.
    let explicit = try ws.open().importFile(ws.path("s.csv"), kind: .scores, map: nil, by: "t", dryRun: false)
    #expect(explicit.status == .imported(batch: 4, rows: 1, replaced: []))
    #expect(statusOfScores(try ws.open().importSources(by: "t")) == .unchanged(batch: 4))
    #expect(try points() == [4])
    // Withdrawn again, then corrected: the new bytes are imported.
    _ = try #require(try ws.open().withdraw(batch: 4))
    try ws.write("s.csv", "target,item,criterion,rater,score\ns1,talk,clarity,ins,5\n")
    #expect(statusOfScores(try ws.open().importSources(by: "t")) == .imported(batch: 5, rows: 1, replaced: []))
    #expect(try points() == [5])
  }

  /// `file` written with `text` into the workspace, then previewed (`import --dry-run`).
  static func dryRun(_ ws: TestWorkspace, _ file: String, _ text: String, kind: InputKind = .scores) throws -> ImportPreview {
    try ws.write(file, text)
    return try ws.open().preview(ws.path(file), kind: kind, map: nil, by: "t")
  }

  @Test func theDryRunPredictsExactlyWhatTheImportDoes() throws {
    let ws = try TestWorkspace(
      sources: "  - {kind: groups, file: groups.csv}\n  - {kind: scores, file: s.csv}",
      files: [
        "s.csv": "target,item,criterion,rater,score\ns1,talk,clarity,ins,4\ns2,talk,clarity,ins,5\nG1,prop,topic,ins,6\n"
      ])
    _ = try ws.open().importSources(by: "t")
    let before = try ws.open().score().grades
    let preview = try Self.dryRun(ws, "fix.csv", "target,item,criterion,rater,score\ns1,talk,clarity,ins,2\ns3,talk,depth,ta1,10\n")
    #expect(preview.added == 1)
    #expect(preview.changes.map { "\($0.old?.text ?? "-") → \($0.new?.text ?? "-")" } == ["clarity = 4 by ins → clarity = 2 by ins"])
    #expect(preview.changes.first?.old?.source == "s.csv:2" && preview.changes.first?.new?.source == "fix.csv:2")
    // Each changed value says whom and which item it is about (a TA reads the preview without the file).
    #expect(preview.lines().contains("  s1 talk: clarity = 4 by ins (s.csv:2) → clarity = 2 by ins (fix.csv:2)"), "\(preview.lines())")
    #expect(try ws.storeDump().contains("fix.csv") == false)
    _ = try ws.open().importFile(ws.path("fix.csv"), kind: .scores, map: nil, by: "t", dryRun: false)
    let after = try ws.open().score().grades
    var actual: [String] = []
    for (a, b) in zip(before, after) {
      for (x, y) in zip(a.items, b.items) where x.percent != y.percent || x.status != y.status { actual.append("\(b.student) \(y.item)") }
      if a.total != b.total { actual.append("\(b.student) total") }
    }
    #expect(preview.moves.map { "\($0.student) \($0.what)" }.sorted() == actual.sorted())
    #expect(preview.moves.contains { $0.student == "s1" && $0.what == "talk" && $0.old == "80.00" && $0.new == "40.00" && $0.delta == -40 })
    #expect(preview.lines().contains("  s1 talk: 80.00 → 40.00 (-40.00)"), "\(preview.lines())")
  }

  /// A new version of an imported file: the rows it drops stop counting, a changed score is listed
  /// old → new, a row added is counted as new, and a comment edited under an unchanged score is
  /// not a changed value (the listing shows scores, as `explain` does).
  @Test func theDryRunOfANewVersionListsChangedAndWithdrawnValuesOnly() throws {
    let ws = try TestWorkspace(
      sources: "  - {kind: scores, file: s.csv}",
      files: [
        "s.csv":
          "target,item,criterion,rater,score,comment\ns1,talk,clarity,ins,4,good\ns2,talk,clarity,ins,5,\ns3,talk,clarity,ins,3,fine\ns4,talk,depth,ta1,8,\n"
      ])
    _ = try ws.open().importSources(by: "t")
    let preview = try Self.dryRun(
      ws, "s.csv",
      "target,item,criterion,rater,score,comment\ns1,talk,clarity,ins,4,very good\ns3,talk,clarity,ins,2,fine\ns4,talk,depth,ta1,8,\ns5,talk,depth,ta1,7,\n"
    )
    #expect(preview.added == 1)
    #expect(
      preview.changes.map { "\($0.whose): \($0.old?.text ?? "-") → \($0.new?.text ?? "-")" } == [
        "s2 talk: clarity = 5 by ins → -", "s3 talk: clarity = 3 by ins → clarity = 2 by ins",
      ])
    #expect(preview.lines().contains("  s2 talk: clarity = 5 by ins (s.csv:3) → no longer counts"), "\(preview.lines())")
    #expect(preview.lines().first?.contains(", replacing batch ") == true, "\(preview.lines())")
  }

  /// A re-import that changes many values lists the first few of each kind and counts the rest, so
  /// that a dry run at MOOC scale does not print a line for every one of 100,000 students; `--all`
  /// (no limit) lists every one.
  @Test func aLimitedDryRunListsTheFirstChangesAndCountsTheRest() throws {
    let ws = try TestWorkspace(
      sources: "  - {kind: scores, file: s.csv}",
      files: ["s.csv": "target,item,criterion,rater,score\ns1,talk,clarity,ins,4\ns2,talk,clarity,ins,5\ns3,talk,clarity,ins,3\n"])
    _ = try ws.open().importSources(by: "t")
    let preview = try Self.dryRun(
      ws, "fix.csv", "target,item,criterion,rater,score\ns1,talk,clarity,ins,1\ns2,talk,clarity,ins,2\ns3,talk,clarity,ins,5\n")
    #expect(preview.changes.count == 3)
    let limited = preview.lines(limit: 1)
    #expect(limited.filter { $0.hasPrefix("  s") && $0.contains("clarity =") }.count == 1, "\(limited)")
    #expect(limited.contains("  … and 2 more changed value(s) (--all lists every one)"), "\(limited)")
    #expect(limited.contains("  … and \(preview.moves.count - 1) more moved result(s) (--all lists every one)"), "\(limited)")
    let all = preview.lines()
    #expect(all.filter { $0.contains("clarity =") }.count == 3)
    #expect(!all.contains { $0.contains("more changed value") || $0.contains("more moved result") })
    // A limit the listing does not reach adds nothing.
    #expect(preview.lines(limit: 1000) == all)
  }

  /// A groups file that renames a group leaves that group's stored scores naming nothing: the dry
  /// run says so, as the build after it would, before listing the students who would move; names
  /// stale already before the import are not said again.
  @Test func theDryRunSaysWhichStoredScoresTheImportWouldLeaveNamingNothing() throws {
    let ws = try TestWorkspace(
      sources: "  - {kind: groups, file: groups.csv}\n  - {kind: scores, file: s.csv}",
      files: ["s.csv": "target,item,criterion,rater,score\nG1,prop,topic,ins,6\nG2,prop,topic,ins,8\n"])
    _ = try ws.open().importSources(by: "t")
    let preview = try Self.dryRun(ws, "renamed.csv", "group_id,student_id\nG01,s1\nG01,s2\nG2,s3\nG2,s4\n", kind: .groups)
    let warnings = preview.diagnostics.filter { $0.severity == .warning }.map(\.description)
    #expect(warnings.count == 1, "\(warnings)")
    #expect(
      warnings.first?.hasPrefix("s.csv:2: warning: the groups file has no group 'G1' now; 1 stored score(s) for it are ignored") == true)
    #expect(preview.moves.contains { $0.student == "s1" && $0.what == "prop" && $0.new == "0.00 (missing)" }, "\(preview.moves)")
    // Applied, then previewed again: the warning is the course's already, not the new file's.
    _ = try ws.open().importFile(ws.path("renamed.csv"), kind: .groups, map: nil, by: "t", dryRun: false)
    let again = try Self.dryRun(ws, "again.csv", "group_id,student_id\nG01,s1\nG01,s2\nG2,s3\nG2,s4\nG3,s5\n", kind: .groups)
    #expect(again.diagnostics.filter { $0.severity == .warning }.isEmpty, "\(again.diagnostics)")
  }

  /// A student listed as moving by less than 0.005 points is shown by how much, not as "+0.00".
  @Test func aMoveTooSmallForTwoDecimalsShowsEnoughToBeSeen() {
    #expect(ImportPreview.signed(-40) == "-40.00")
    #expect(ImportPreview.signed(0.005) == "+0.01")
    #expect(ImportPreview.signed(0.0046) == "+0.005")
    #expect(ImportPreview.signed(-0.00012) == "-0.0001")
    #expect(ImportPreview.signed(1e-9) == "+0.000000")
  }
}
