import ArgumentParser
import Foundation
import GRDB
import GradebookCore
import GradebookKit

/// `gradebook`: grading and peer feedback for a course workspace.
@main
struct Gradebook: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gradebook",
    abstract: "Grade a course: import scored CSVs and form exports, score every item, export the gradebook.",
    discussion: "Exit codes: 0 done; 1 input errors (nothing changed); 2 usage; 3 internal failure.",
    subcommands: [
      Init.self, Check.self, Import.self, Build.self, Export.self, Report.self, Schedule.self, Explain.self, History.self, Scorers.self,
    ])

  /// Runs the command and maps failures to SPEC §11's exit codes.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let errors as InputErrors {
      Output.diagnostics(errors.diagnostics)
      Foundation.exit(1)
    } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
      Output.error("the disk is full (or the store reached its size limit): \(error.message ?? "") — nothing was changed")
      Foundation.exit(1)
    } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
      Output.error(
        "the course's store (gradebook.sqlite) is damaged: \(error.message ?? "") — nothing was changed. Restore it from a "
          + "backup; or move it aside and run gradebook build, which imports every source in course.yaml again "
          + "(files imported by hand and withdrawals are not in course.yaml: import or withdraw them again)")
      Foundation.exit(1)
    } catch let failure as ScoringFailure {
      Output.diagnostics([failure.diagnostic])
      if failure.isCourseError {
        Output.error("no output written (the scorer's program must run cleanly; see its item's config in the rubric)")
        Foundation.exit(1)
      }
      Foundation.exit(3)
    } catch let failure as CommandFailure {
      Output.error(failure.message)
      Foundation.exit(failure.code)
    } catch let error as CocoaError where error.filePath != nil {
      Output.error(fileFailure(error))
      Foundation.exit(3)
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        exit(withError: error)
      } else if code == .validationFailure || error is ValidationError || "\(type(of: error))".contains("CommandError") {
        FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
        Foundation.exit(2)
      } else if let exit = error as? ExitCode {
        Foundation.exit(exit.rawValue)
      } else {
        Output.error("internal failure: \(error)")
        Foundation.exit(3)
      }
    }
  }
}

/// `cannot write PATH: File exists` from a file error, with the system's reason when there is one.
func fileFailure(_ error: CocoaError) -> String {
  let writing = (512..<1024).contains(error.code.rawValue)
  var reason = error.localizedDescription
  if let posix = error.underlying as NSError?, posix.domain == NSPOSIXErrorDomain {
    reason = String(cString: strerror(Int32(posix.code)))
  }
  return "cannot \(writing ? "write" : "read") \(error.filePath ?? "?"): \(reason)"
}

/// A failure with its exit code and message.
struct CommandFailure: Error {
  var code: Int32
  var message: String

  static func input(_ message: String) -> CommandFailure { CommandFailure(code: 1, message: message) }

  /// A usage error found once the course is read (exit 2), such as an option it could not supply.
  static func usage(_ message: String) -> CommandFailure { CommandFailure(code: 2, message: message) }

  /// The id of the student a user named by id, e-mail or name (``StudentQuery``), before any
  /// scoring: an unknown or ambiguous one is an input error at once.
  static func studentID(_ text: String, in course: Course) throws -> String {
    switch StudentQuery.resolve(text, in: course.workspace.roster) {
    case .student(let id): return id
    case .problem(let message):
      // A staff member's or a group's id is not a typo: said what it is, and for a group whom to name.
      let query = text.trimmingCharacters(in: .whitespaces)
      if let staff = course.workspace.config.staff.first(where: { $0.id == query }) {
        throw input("'\(query)' is \(staff.name), a member of staff (\(staff.role.rawValue)), not a student")
      }
      if let members = try course.groups().members[query] {
        let roster = course.workspace.roster
        let named = members.map { id in roster.student(id: id).map { "\($0.name) (\(id))" } ?? id }
        throw input("'\(query)' is a group: name one of its members, \(named.joined(separator: " or "))")
      }
      throw input(message)
    }
  }
}

/// The course folder argument shared by most commands.
struct CourseOption: ParsableArguments {
  @Argument(help: "The course workspace folder (with course.yaml).")
  var course: String

  /// `COURSE/course.yaml` names the course too: its folder is the workspace.
  mutating func validate() throws {
    guard (course as NSString).lastPathComponent == "course.yaml" else { return }
    let folder = (course as NSString).deletingLastPathComponent
    course = folder.isEmpty ? "." : folder
  }

  /// Opens the workspace, printing its warnings; like a scored course, it is kept until exit.
  func open() throws -> Course {
    let course = try Course(path: self.course)
    Output.diagnostics(course.workspace.warnings)
    keptUntilExit.append(course)
    return course
  }
}

/// Printing for people: diagnostics to standard error, results to standard output.
enum Output {
  static func diagnostics(_ list: [Diagnostic]) {
    guard !list.isEmpty else { return }
    FileHandle.standardError.write(Data((list.map(\.description).joined(separator: "\n") + "\n").utf8))
  }

  static func error(_ message: String) {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
  }

  /// Set when an output file is this process's standard output (`--json /dev/stdout | jq`):
  /// status lines then go to standard error, so that standard output holds that file alone.
  nonisolated(unsafe) static var statusToStandardError = false

  static func line(_ text: String) {
    if statusToStandardError {
      FileHandle.standardError.write(Data((text + "\n").utf8))
    } else {
      print(text)
    }
  }
}

/// What a command keeps until the process exits rather than freeing when it returns: a scored
/// course at 100,000 students is millions of values freed one by one, most of a second after the last
/// file is written (measured: `export` 0.75 s), and the opened workspace's roster 40 ms more, for
/// memory the system takes back at exit anyway. Commands run on the main thread, one per process.
nonisolated(unsafe) private var keptUntilExit: [Any] = []

extension Course {
  /// `score(comments:detail:detailStudents:)` for a command: the result lives until the process
  /// exits. Stops with exit 1 when a stored score cannot be read under the rubric now, unless
  /// `despiteErrors` (`explain`, which shows where those scores came from).
  func scoreKeptUntilExit(
    comments: Bool = true, detail: Bool = true, detailStudents: Set<String>? = nil, despiteErrors: Bool = false
  ) throws -> GradebookResult {
    let result = try score(comments: comments, detail: detail, detailStudents: detailStudents)
    Output.diagnostics(result.state.diagnostics + result.state.courseWarnings)
    if result.state.hasErrors && !despiteErrors {
      let count = result.state.stale.count(where: \.isError)
      throw CommandFailure.input("\(count) error(s) in the stored scores; no gradebook, results or reports written")
    }
    keptUntilExit.append(result)
    return result
  }
}
