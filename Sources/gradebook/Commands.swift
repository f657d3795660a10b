import ArgumentParser
import Foundation
import GradebookCore
import GradebookKit
import GradebookScorers

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Validate course.yaml, the rubric, the roster, every source and the stored data; exit 1 on any error.")
  @OptionGroup var options: CourseOption

  func run() throws {
    let course = try options.open()
    let (outcomes, stored) = try course.checkAll()
    for outcome in outcomes {
      Output.diagnostics(outcome.diagnostics)
      Output.line(outcome.summary)
    }
    let errors = outcomes.reduce(0) { $0 + $1.diagnostics.count { $0.severity == .error } }
    if errors > 0 { throw CommandFailure.input("\(errors) error(s) in \(outcomes.count { $0.status == .rejected }) file(s)") }
    Output.diagnostics(stored)
    let storedErrors = stored.count { $0.severity == .error }
    if storedErrors > 0 { throw CommandFailure.input("\(storedErrors) error(s) in the stored scores; build would write nothing") }
    Output.line(
      "\(course.workspace.config.course): everything checks out (\(course.workspace.roster.students.count) students, \(course.workspace.rubric.items.count) items)"
    )
  }
}

struct Import: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Import one CSV file as one batch (all or nothing), preview it, or withdraw a batch.")
  @OptionGroup var options: CourseOption
  @Argument(help: "The CSV file.") var file: String?
  @Option(help: "roster, groups, registrations, uploads, scores, adjustments or contributions.") var kind: String?
  @Option(help: "A map file for a wide form export (scores only).") var map: String?
  @Option(help: "Who is importing (kept in the audit trail; default: the login name).") var by: String = LoginName.current()
  @Flag(help: "Validate and show what would change (values superseded, results that move); write nothing.") var dryRun = false
  @Flag(help: "With --dry-run: list every changed value and moved result, not the first \(ImportPreview.listed) of each.") var all = false
  @Option(help: "Withdraw this batch: its rows stop counting and what it replaced counts again.") var withdraw: Int64?
  @Option(help: "The file's encoding when not UTF-8 (utf-16, big5, gbk, gb18030, windows-1252, …).") var encoding: String?
  @Option(help: "The separator: ',', ';' or tab (default: detected from the header line).") var delimiter: String?

  func validate() throws {
    if withdraw != nil {
      guard file == nil, kind == nil else { throw ValidationError("--withdraw takes no file or --kind") }
      guard !all else { throw ValidationError("--all goes with --dry-run (it lists what would change)") }
      return
    }
    guard file != nil else { throw ValidationError("name the file to import (or --withdraw BATCH)") }
    guard dryRun || !all else { throw ValidationError("--all goes with --dry-run (it lists what would change)") }
    guard let kind, InputKind(rawValue: kind) != nil else {
      let kinds = InputKind.allCases.map(\.rawValue)
      throw ValidationError(
        "--kind must be one of \(kinds.joined(separator: ", "))\(kind.map { Suggestion.hint(for: $0, amongWords: kinds) } ?? "")")
    }
  }

  func run() throws {
    let course = try options.open()
    if let withdraw {
      guard let (batch, restored) = try course.withdraw(batch: withdraw) else {
        if let earlier = try course.batches().first(where: { $0.id == withdraw }), earlier.withdrawn {
          throw CommandFailure.input(
            "batch \(withdraw) (\(earlier.path)) is already withdrawn; to bring it back, import the file again")
        }
        throw CommandFailure.input("there is no batch \(withdraw) to withdraw (see gradebook history)")
      }
      Output.line(
        "withdrew batch \(batch.id) (\(batch.path), \(batch.rows) rows)"
          + (restored.isEmpty ? "" : "; batch \(restored.map(String.init).joined(separator: ", ")) counts again"))
      return
    }
    let kind = InputKind(rawValue: kind!)!
    let path = Paths.input(file!, course: options.course)
    let map = map.map { Paths.input($0, course: options.course) }
    if dryRun {
      let preview = try course.preview(path, kind: kind, map: map, by: by, encoding: encoding, delimiter: delimiter)
      Output.diagnostics(preview.outcome.diagnostics)
      for line in preview.lines(limit: all ? nil : ImportPreview.listed) { Output.line(line) }
      if preview.outcome.status == .rejected { throw CommandFailure.input("nothing would be imported") }
      return
    }
    let outcome = try course.importFile(path, kind: kind, map: map, by: by, dryRun: false, encoding: encoding, delimiter: delimiter)
    Output.diagnostics(outcome.diagnostics)
    Output.line(outcome.summary)
    if outcome.status == .rejected { throw CommandFailure.input("nothing imported") }
  }
}

struct History: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the import batches: file, kind, rows, who, when, whether each still counts, and the map it was read with.")
  @OptionGroup var options: CourseOption

  func run() throws {
    let course = try options.open()
    let batches = try course.batches()
    if batches.isEmpty { Output.line("no imports yet") }
    for batch in batches {
      let state = batch.withdrawn ? "withdrawn" : batch.replacedBy.map { "replaced by \($0)" } ?? "current"
      Output.line(
        "\(batch.id)\t\(batch.importedAt)\t\(batch.importedBy)\t\(batch.kind)\t\(batch.path)\t\(batch.rows) rows\t\(batch.sha256.prefix(12))\t\(state)"
          + (batch.readWith.isEmpty ? "" : "\t\(batch.readWith)"))
    }
  }
}

struct Build: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Import the declared sources, score every item, write gradebook.xlsx and results.json.")
  @OptionGroup var options: CourseOption
  @Option(help: "Output folder (default COURSE/out).") var out: String?
  @Option(help: "Who is importing (kept in the audit trail; default: the login name).") var by: String = LoginName.current()
  @Flag(inversion: .prefixedNo, help: "Write the student reports and the overview (DIR/reports).") var reports = true

  func run() throws {
    let course = try options.open()
    let folder = out.map(Paths.absolute) ?? course.workspace.folder.appendingPathComponent("out").path
    let files = BuildOutputs.files(in: folder)
    for file in [files.xlsx, files.json] { _ = try Paths.output(file, course: course) }
    let outcomes = try course.importSources(by: by)
    for outcome in outcomes { Output.diagnostics(outcome.diagnostics) }
    let rejected = outcomes.filter { $0.status == .rejected }
    if !rejected.isEmpty {
      for outcome in rejected { Output.line(outcome.summary) }
      throw CommandFailure.input("nothing imported or written")
    }
    for outcome in outcomes { Output.line(outcome.summary) }
    let result = try course.scoreKeptUntilExit(comments: reports)
    Output.diagnostics(result.state.schedule.warnings)
    let (written, reportCount) = try BuildOutputs(result: result, batches: course.batches()).write(to: folder, reports: reports)
    Output.line(Summary(result: result).text)
    for path in written { Output.line("wrote \(Paths.shown(path))") }
    if let reportCount {
      let reports = BuildOutputs.reports(in: folder)
      Output.line("wrote reports for \(reportCount) students and the class overview in \(Paths.shown(reports))")
      if let strays = ReportWriter(result: result).straysWarning(in: reports, shown: Paths.shown(reports)) { Output.diagnostics([strays]) }
    }
  }
}

struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Write the gradebook from the store, without importing.")
  @OptionGroup var options: CourseOption
  @Option(help: "Write the XLSX gradebook here.") var xlsx: String?
  @Option(help: "Write results.json here.") var json: String?
  @Option(help: "Write a Canvas gradebook import CSV here.") var canvas: String?
  @Option(help: "Write a Moodle grade import CSV here.") var moodle: String?
  @Option(help: "all, or gradebook: only the Gradebook sheet and the Weights and Scale sheets its formulas read.") var sheets: String =
    "all"

  func validate() throws {
    guard ["all", "gradebook"].contains(sheets) else { throw ValidationError("--sheets must be all or gradebook") }
  }

  func run() throws {
    guard xlsx != nil || json != nil || canvas != nil || moodle != nil else {
      throw ValidationError("name at least one of --xlsx, --json, --canvas, --moodle")
    }
    Output.statusToStandardError = [xlsx, json, canvas, moodle].contains { $0.map(AtomicFile.isStandardOutput) == true }
    let course = try options.open()
    // Only the workbook's item detail sheets show how scores were reached; the Gradebook sheet,
    // results.json and the LMS files show scores and statuses alone.
    func output(_ path: String?) throws -> String? { try path.map { try Paths.output($0, course: course) } }
    let (xlsxPath, jsonPath, canvasPath, moodlePath) = (try output(xlsx), try output(json), try output(canvas), try output(moodle))
    let result = try course.scoreKeptUntilExit(comments: false, detail: xlsx != nil && sheets == "all")
    for path in try Exporter(result: result, batches: course.batches(), gradebookOnly: sheets == "gradebook").write(
      xlsx: xlsxPath, json: jsonPath, canvas: canvasPath, moodle: moodlePath
    ) {
      Output.line("wrote \(Paths.shown(path))")
    }
    let unreleased = LMSExport(result: result).unreleased.map(\.id)
    if (canvas != nil || moodle != nil) && !unreleased.isEmpty {
      Output.line(
        "not released yet, so left out of the LMS file(s): \(unreleased.joined(separator: ", "))\(moodle != nil ? " (and Moodle's Total)" : "") (release: in course.yaml)"
      )
    }
  }
}

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write each student's report (HTML and Markdown) and the instructor overview (index.html).")
  @OptionGroup var options: CourseOption
  @Option(help: "Output folder.") var out: String
  @Option(help: "Only this student (id, e-mail or roster name); the overview is then not written.") var student: String?
  @Option(help: "html or md (default: both).") var format: String?
  @Option(help: "Also pack the HTML reports for Moodle's feedback-files zip upload.") var moodleZip: String?
  @Option(help: "Moodle's grading worksheet CSV (participant ids), needed with --moodle-zip.") var participants: String?

  func validate() throws {
    if let format, ReportWriter.Format(rawValue: format) == nil { throw ValidationError("--format must be html or md") }
    if (moodleZip == nil) != (participants == nil) { throw ValidationError("--moodle-zip and --participants go together") }
  }

  func run() throws {
    let course = try options.open()
    let student = try self.student.map { try CommandFailure.studentID($0, in: course) }
    let zipPath = try moodleZip.map { try Paths.output($0, course: course) }
    let result = try course.scoreKeptUntilExit()
    let formats = format.flatMap(ReportWriter.Format.init(rawValue:)).map { [$0] } ?? ReportWriter.Format.allCases
    let count = try ReportWriter(result: result).write(to: Paths.absolute(out), student: student, formats: formats)
    if let student {
      Output.line("wrote the report of \(student) in \(out) (the class overview is written only with every student's report)")
    } else {
      Output.line("wrote reports for \(count) student(s) and index.html in \(out)")
      if let strays = ReportWriter(result: result).straysWarning(in: Paths.absolute(out), shown: out) { Output.diagnostics([strays]) }
    }
    if let moodleZip, let zipPath, let participants {
      let (list, diagnostics) = try MoodleFeedbackZip.participants(path: Paths.absolute(participants), shownPath: participants)
      Output.diagnostics(diagnostics)
      if diagnostics.contains(where: { $0.severity == .error }) { throw CommandFailure.input("no zip written") }
      for warning in try MoodleFeedbackZip(result: result).write(to: zipPath, participants: list) {
        Output.diagnostics([Diagnostic(.warning, path: participants, line: nil, warning)])
      }
      Output.line("wrote \(moodleZip)")
    }
  }
}

struct Schedule: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the presentation schedule (first come, first served) and optionally write it as XLSX.")
  @OptionGroup var options: CourseOption
  @Option(help: "Also write the schedule to this XLSX file.") var xlsx: String?

  func run() throws {
    let course = try options.open()
    let state = try course.state(comments: false, scores: false)  // the schedule shows no score
    Output.diagnostics(state.schedule.warnings)
    let report = ScheduleReport(workspace: course.workspace, state: state)
    // The workbook written to standard output (`--xlsx /dev/stdout > s.xlsx`) is all it holds.
    Output.statusToStandardError = xlsx.map(AtomicFile.isStandardOutput) == true
    if !Output.statusToStandardError { print(report.text, terminator: "") }
    if let xlsx {
      try report.write(xlsx: Paths.output(xlsx, course: course), created: state.documentDate)
      Output.line("wrote \(xlsx)")
    }
  }
}

struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Show how every number of one student came about, with sources.")
  @OptionGroup var options: CourseOption
  @Argument(help: "The student: id, e-mail or roster name.") var student: String

  func run() throws {
    let course = try options.open()
    let id = try CommandFailure.studentID(student, in: course)
    let result = try course.scoreKeptUntilExit(despiteErrors: true)
    guard let text = try Explanation(result: result, store: course.store()).render(student: id) else {
      throw CommandFailure.input("unknown student '\(id)'")
    }
    print(text, terminator: "")
  }
}

struct Scorers: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "List the scorer registry: each scorer, its targets and configuration keys.")

  func run() throws {
    for type in BuiltInScorers.registry.all {
      let d = type.description
      print("\(d.identifier)  (target: \(d.targets.map(\.rawValue).joined(separator: " or "))\(d.usesCriteria ? ", with criteria" : ""))")
      print("  \(d.summary)")
      switch d.uploads {
      case .none: break
      case .ownItem: print("  reads the item's uploads against its due time (extensions move it)")
      case .anyItem: print("  reads every item's uploads")
      }
      if d.ratesTalks { print("  rates talks: a target rated without a slot of its track is warned about") }
      print("  \(d.formula)")
      for key in d.keys {
        print("    \(key.name.padding(toLength: 22, withPad: " ", startingAt: 0)) [\(key.defaultValue)]  \(key.meaning)")
      }
      print("")
    }
  }
}

/// Paths the user types are relative to the current folder.
enum Paths {
  static func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
  }

  /// `absolute(path)` for an output, refused when it is one of the course's own inputs
  /// (``Workspace/input(overwrittenBy:)``): a slip of the keyboard must not replace the roster.
  static func output(_ path: String, course: Course) throws -> String {
    let absolute = absolute(path)
    if let input = course.workspace.input(overwrittenBy: absolute) {
      throw CommandFailure.input("will not write over \(path): it is \(input.what), an input of this course (name another file)")
    }
    return absolute
  }

  /// A path to print: relative to the current folder when it lies inside it.
  static func shown(_ path: String) -> String {
    let here = FileManager.default.currentDirectoryPath
    let prefix = here.hasSuffix("/") ? here : here + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
  }

  /// An input file as typed: relative to the current folder, or, when no such file is there, to
  /// the course folder (`gradebook import COURSE data/scores.csv`, as `course.yaml` names files),
  /// also when only the course has its folder (so a typo gets the nearest name there).
  static func input(_ path: String, course: String) -> String {
    let here = absolute(path)
    let files = FileManager.default
    guard !path.hasPrefix("/"), !files.fileExists(atPath: here) else { return here }
    let inCourse = absolute(course) + "/" + path
    func folder(_ file: String) -> String { (file as NSString).deletingLastPathComponent }
    if files.fileExists(atPath: inCourse) || (files.fileExists(atPath: folder(inCourse)) && !files.fileExists(atPath: folder(here))) {
      return inCourse
    }
    return here
  }
}
