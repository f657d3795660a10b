import ArgumentParser
import Foundation
import GradebookCore
import GradebookKit

struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Write the gradebook from the store, without importing.")
  @OptionGroup var options: CourseOption
  @Option(help: "Write the XLSX gradebook here.") var xlsx: String?
  @Option(help: "Write results.json here.") var json: String?
  @Option(help: "Write a Canvas gradebook import CSV here.") var canvas: String?
  @Option(help: "Write a Moodle grade import CSV here.") var moodle: String?
  @Option(help: "all, or gradebook: only the Gradebook sheet and the Weights and Scale sheets its formulas read.") var sheets: String =
    "all"

  func validate() throws {
    guard ["all", "gradebook"].contains(sheets) else { throw ValidationError("--sheets must be all or gradebook") }
    guard xlsx != nil || json != nil || canvas != nil || moodle != nil else {
      throw ValidationError("name at least one of --xlsx, --json, --canvas, --moodle")
    }
  }

  func run() throws {
    Output.statusToStandardError = [xlsx, json, canvas, moodle].contains { $0.map(AtomicFile.isStandardOutput) == true }
    let course = try options.open()
    // Only the workbook's item detail sheets show how scores were reached; the Gradebook sheet,
    // results.json and the LMS files show scores and statuses alone.
    func output(_ path: String?) throws -> String? { try path.map { try Paths.output($0, course: course) } }
    let (xlsxPath, jsonPath, canvasPath, moodlePath) = (try output(xlsx), try output(json), try output(canvas), try output(moodle))
    let result = try course.scoreKeptUntilExit(comments: false, detail: xlsx != nil && sheets == "all")
    for path in try Exporter(result: result, batches: course.batches(), gradebookOnly: sheets == "gradebook").write(
      xlsx: xlsxPath, json: jsonPath, canvas: canvasPath, moodle: moodlePath
    ) {
      Output.line("wrote \(Paths.shown(path))")
    }
    let unreleased = LMSExport(result: result).unreleased.map(\.id)
    if (canvas != nil || moodle != nil) && !unreleased.isEmpty {
      Output.line(
        "not released yet, so left out of the LMS file(s): \(unreleased.joined(separator: ", "))\(moodle != nil ? " (and Moodle's Total)" : "") (release: in course.yaml)"
      )
    }
  }
}
