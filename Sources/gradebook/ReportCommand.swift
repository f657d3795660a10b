import ArgumentParser
import Foundation
import GradebookCore
import GradebookKit

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
    // One student's report shows one student's detail; the Moodle zip holds every student's report.
    let result = try course.scoreKeptUntilExit(detailStudents: moodleZip == nil ? student.map { [$0] } : nil)
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
