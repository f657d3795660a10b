import ArgumentParser
import Foundation
import GradebookCore
import GradebookKit

struct Init: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Start a course: a course.yaml to fill in, an empty roster and a copy of a rubric to edit.",
    discussion: "Never writes over a course: a folder with a course.yaml or roster.csv is refused.")
  @Argument(help: "The new course's folder (made if it does not exist).") var folder: String
  @Option(help: "The course id (default: the folder's name).") var course: String?
  @Option(help: "The course's title.") var title: String = ""
  @Option(help: "The term, e.g. 'Spring 2027'.") var term: String = ""
  @Option(help: "IANA time zone, e.g. Asia/Hong_Kong (default: this computer's).") var timezone: String?
  @Option(help: "The rubric to start from (a shipped one's name, or a file), copied into the course's Rubrics/ to edit.")
  var rubric: String = "data8018"
  @Option(help: "The Monday of week 1, YYYY-MM-DD (default: the next Monday).") var week1: String?

  func validate() throws {
    if folder.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("name the new course's folder") }
    if let week1 { _ = try Self.monday(week1) }
  }

  func run() throws {
    let url = URL(fileURLWithPath: Paths.absolute(folder))
    let zone = timezone ?? TimeZone.current.identifier
    let template = CourseTemplate(
      course: course ?? url.lastPathComponent, title: title, term: term, zone: zone, week1Monday: try monday(in: zone), rubric: rubric)
    let written: CourseTemplate.Written
    do {
      written = try template.write(to: url)
    } catch let error as CourseTemplateError {
      for problem in error.problems { Output.error(problem) }
      throw CommandFailure.input("nothing written")
    }
    Output.line("made \(folder): \(written.files.joined(separator: ", "))")
    Output.line("next:")
    Output.line("  1. fill in roster.csv (student_id,name,email) and the staff in course.yaml")
    Output.line("  2. check the calendar and the sign-up tracks in course.yaml, and set the rubric's dates for this term:")
    for line in written.datesToSet { Output.line("     \(Paths.shown(url.appendingPathComponent(line).path))") }
    let maps = written.files.filter { $0.hasPrefix("maps/") }
    if !maps.isEmpty {
      Output.line(
        "  3. for a peer-feedback form, write its questions, as its export's column headers, into \(maps.joined(separator: " or "))")
    }
    Output.line("  \(maps.isEmpty ? 3 : 4). list the files to import under sources, then: gradebook check \(folder)")
  }

  /// `--week1`, which must be a Monday, or the next Monday from today in the course's zone.
  func monday(in zone: String) throws -> CivilTime {
    guard let week1 else {
      return CourseTemplate.nextMonday(
        after: CivilTime.at(Instant(seconds: Int64(Date().timeIntervalSince1970)), in: TimeZone(identifier: zone) ?? .current).time)
    }
    return try Self.monday(week1)
  }

  /// `week1` read as a date that is a Monday (checked before running, so that a usage error shows
  /// this command's usage).
  static func monday(_ week1: String) throws -> CivilTime {
    let parts = week1.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3, week1.count == 10, let date = CivilTime(year: parts[0], month: parts[1], day: parts[2]) else {
      throw ValidationError("--week1 must be a date written YYYY-MM-DD, not '\(week1)'")
    }
    guard date.isoWeekday == 1 else {
      let name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][date.isoWeekday - 1]
      throw ValidationError("--week1 \(week1) is a \(name); give the Monday of week 1")
    }
    return date
  }
}
