import ArgumentParser
import Foundation
import GradebookCore
import GradebookKit

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
