import ArgumentParser
import Foundation
import GradebookCore
import GradebookKit

struct Build: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Import the declared sources, score every item, write gradebook.xlsx and results.json.")
  @OptionGroup var options: CourseOption
  @Option(help: "Output folder (default COURSE/out).") var out: String?
  @Option(help: "Who is importing (kept in the audit trail; default: the login name).") var by: String = LoginName.current()
  @Flag(inversion: .prefixedNo, help: "Write the student reports and the overview (DIR/reports).") var reports = true

  func validate() throws { try LoginName.validate(by: by) }

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
