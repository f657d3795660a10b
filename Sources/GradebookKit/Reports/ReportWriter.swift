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

  /// Writes `DIR/<student_id>.html` / `.md` for every student and the overview `DIR/index.html`, or
  /// for `student` alone: a folder made for one student holds nothing about the others (SPEC §10),
  /// lest it be sent to them whole. Returns the number of students written. `threads`: how many
  /// threads render and write (the machine's two cores by default; one when something else runs
  /// beside it).
  @discardableResult
  public func write(to folder: String, student: String? = nil, formats: [Format] = Format.allCases, threads: Int = 2) throws -> Int {
    try AtomicFile.createFolder(folder)
    let students = student.map { [$0] } ?? result.workspace.roster.ids
    let index = StudentReport.ClassIndex(result)
    let charts = HTMLReport.charts(of: index.histogram)
    PhaseTrace.mark("reports: class index made")
    // Workers take students 64 at a time; the last one first draws the overview page (for every
    // student), which is written after every student's report.
    let workers = min(max(1, threads), max(1, students.count / 64))
    let queue = StudentQueue(count: students.count)
    let pages = parallelMap(workers) { worker in
      Result { () throws -> String? in
        do {
          let page = student == nil && worker == workers - 1 ? overview : nil
          while let positions = queue.take(64) {
            for position in positions {
              let id = students[position]
              let report = StudentReport(result: result, studentID: id, index: index)
              if formats.contains(.html) {
                try AtomicFile.writeInExistingFolder(HTMLReport(report: report, charts: charts).text, to: folder + "/\(id).html")
              }
              if formats.contains(.md) {
                try AtomicFile.writeInExistingFolder(MarkdownReport(report: report).text, to: folder + "/\(id).md")
              }
            }
          }
          return page
        } catch {
          queue.stop()  // the other worker stops too
          throw error
        }
      }
    }
    let page = try pages.compactMap { try $0.get() }.first
    PhaseTrace.mark("reports: every student's written")
    if student == nil { try AtomicFile.writeInExistingFolder(page ?? overview, to: folder + "/index.html") }
    return students.count
  }
}

extension ReportWriter {
  /// Reports in `folder` of students no longer on the roster (`ID.html`, `ID.md`): an earlier run
  /// wrote them, and they would go out with the current ones (a student who left the course, whose
  /// report stays as it was). Found, not deleted: the folder may hold the instructor's own files.
  public func strays(in folder: String) -> [String] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
    let roster = result.workspace.roster
    return names.filter { name in
      guard name != "index.html", name.hasSuffix(".html") || name.hasSuffix(".md") else { return false }
      let id = String(name[..<name.lastIndex(of: ".")!])
      return SafeID.problem(id, what: "id") == nil && !roster.contains(id)
    }.sorted()
  }

  /// The warning about ``strays(in:)``, if there are any.
  public func straysWarning(in folder: String, shown: String) -> Diagnostic? {
    let strays = strays(in: folder)
    guard !strays.isEmpty else { return nil }
    let listed = strays.listed()
    return Diagnostic(
      .warning, path: shown, line: nil,
      "\(strays.count) report file(s) here belong to no student on the roster now, left by an earlier run: \(listed) (delete them before sending the reports)"
    )
  }
}

/// Hands out positions of students to workers, a run at a time.
private final class StudentQueue: @unchecked Sendable {
  private let lock = NSLock()
  private var next = 0
  private let count: Int

  init(count: Int) { self.count = count }

  /// The next `size` positions (fewer at the end), or nil when none are left.
  func take(_ size: Int) -> Range<Int>? {
    lock.withLock {
      guard next < count else { return nil }
      defer { next = min(count, next + size) }
      return next..<min(count, next + size)
    }
  }

  /// Hands out nothing more (a worker failed).
  func stop() { lock.withLock { next = count } }
}
