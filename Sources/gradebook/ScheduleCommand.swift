import ArgumentParser
import Foundation
import GradebookCore
import GradebookKit

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
