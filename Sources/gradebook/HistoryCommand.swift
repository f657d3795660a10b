import ArgumentParser
import Foundation
import GradebookCore
import GradebookKit

struct History: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the import batches: file, kind, rows, who, when, whether each still counts, and the map it was read with.",
    discussion: "One line a batch, tab-separated under a header line; times in the course's time zone.")
  @OptionGroup var options: CourseOption

  func run() throws {
    let course = try options.open()
    let batches = try course.batches()
    if batches.isEmpty { return Output.line("no imports yet") }
    let time = TimestampParser(zone: course.workspace.config.zone)
    Output.line("batch\timported at\tby\tkind\tfile\trows\tsha256\tstate\tread with")
    for batch in batches {
      let state = batch.withdrawn ? "withdrawn" : batch.replacedBy.map { "replaced by \($0)" } ?? "current"
      Output.line(
        "\(batch.id)\t\(batch.importedAt(shownWith: time))\t\(batch.importedBy)\t\(batch.kind)\t\(batch.path)\t\(batch.rows) rows\t\(batch.sha256.prefix(12))\t\(state)"
          + (batch.readWith.isEmpty ? "" : "\t\(batch.readWith)"))
    }
  }
}
