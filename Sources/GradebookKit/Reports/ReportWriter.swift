import Foundation
import GradebookCore

/// Writes the reports: one HTML and one Markdown file per student, and the instructor's `index.html`.
public struct ReportWriter {
  /// Which files to write for each student.
  public enum Format: String, Sendable, CaseIterable {
    case html, md
  }

  public let result: GradebookResult

  /// A writer for a scored course.
  public init(result: GradebookResult) { self.result = result }

  /// The HTML report of one student.
  public func html(for student: String) -> String { HTMLReport(report: StudentReport(result: result, studentID: student)).text }

  /// The Markdown report of one student.
  public func markdown(for student: String) -> String { MarkdownReport(report: StudentReport(result: result, studentID: student)).text }

  /// The instructor overview page.
  public var overview: String { OverviewPage(result: result).text }

  /// Writes `DIR/<student_id>.html` / `.md` (every student, or one) and `DIR/index.html`; returns the
  /// number of students written.
  @discardableResult
  public func write(to folder: String, student: String? = nil, formats: [Format] = Format.allCases) throws -> Int {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let students = student.map { [$0] } ?? result.workspace.roster.ids
    var count = 0
    for id in students {
      let report = StudentReport(result: result, studentID: id)
      if formats.contains(.html) { try AtomicFile.write(Data(HTMLReport(report: report).text.utf8), to: folder + "/\(id).html") }
      if formats.contains(.md) { try AtomicFile.write(Data(MarkdownReport(report: report).text.utf8), to: folder + "/\(id).md") }
      count += 1
    }
    try AtomicFile.write(Data(overview.utf8), to: folder + "/index.html")
    return count
  }
}
