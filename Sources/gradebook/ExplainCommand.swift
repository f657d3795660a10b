import ArgumentParser
import Foundation
import GradebookCore
import GradebookKit

struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Show how every number of one student came about, with sources.")
  @OptionGroup var options: CourseOption
  @Argument(help: "The student: id, e-mail or roster name.") var student: String

  func run() throws {
    let course = try options.open()
    let id = try CommandFailure.studentID(student, in: course)
    // The class is scored (a score may depend on everyone's ratings), one student's detail made;
    // the comments explain shows come from the store, with their sources.
    let result = try course.scoreKeptUntilExit(comments: false, detailStudents: [id], despiteErrors: true)
    guard let text = try Explanation(result: result, store: course.store()).render(student: id) else {
      throw CommandFailure.input("unknown student '\(id)'")
    }
    print(text, terminator: "")
  }
}
