import Foundation
import GradebookCore

/// Writes the reports: one HTML and one Markdown file per student, and the instructor's `index.html`.
public struct ReportWriter: Sendable {
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
    let index = StudentReport.ClassIndex(result)
    let charts = HTMLReport.charts(of: index.histogram)
    // Two workers (the machine has two cores), each writing every other chunk of students.
    let workers = min(2, max(1, students.count / 64))
    let failures = FailureBox()
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      do {
        for position in stride(from: worker, to: students.count, by: workers) {
          let id = students[position]
          let report = StudentReport(result: result, studentID: id, index: index)
          if formats.contains(.html) {
            try AtomicFile.writeInExistingFolder(Data(HTMLReport(report: report, charts: charts).text.utf8), to: folder + "/\(id).html")
          }
          if formats.contains(.md) {
            try AtomicFile.writeInExistingFolder(Data(MarkdownReport(report: report).text.utf8), to: folder + "/\(id).md")
          }
        }
      } catch {
        failures.record(error)
      }
    }
    if let error = failures.first { throw error }
    try AtomicFile.write(Data(overview.utf8), to: folder + "/index.html")
    return students.count
  }
}

/// The first error of concurrent workers.
private final class FailureBox: @unchecked Sendable {
  private let lock = NSLock()
  private var error: (any Error)?

  func record(_ error: any Error) {
    lock.lock()
    defer { lock.unlock() }
    if self.error == nil { self.error = error }
  }

  var first: (any Error)? {
    lock.lock()
    defer { lock.unlock() }
    return error
  }
}
