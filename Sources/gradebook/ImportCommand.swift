import ArgumentParser
import Foundation
import GradebookCore
import GradebookKit

struct Import: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Import CSV files, each as one batch (all or nothing), preview one, or withdraw a batch.",
    discussion: """
      Several files of one kind (data/week*.csv) are imported in one go, in the order given: each \
      becomes a batch of its own, and an error in any of them imports none.
      """)
  @OptionGroup var options: CourseOption
  @Argument(help: "The CSV file, or several of one kind.") var files: [String] = []
  @Option(help: "roster, groups, registrations, uploads, scores, adjustments or contributions.") var kind: String?
  @Option(help: "A map file for a wide form export (scores only).") var map: String?
  @Option(help: "Who is importing (kept in the audit trail; default: the login name).") var by: String = LoginName.current()
  @Flag(help: "Validate and show what would change (values superseded, results that move); write nothing.") var dryRun = false
  @Flag(help: "With --dry-run: list every changed value and moved result, not the first \(ImportPreview.listed) of each.") var all = false
  @Option(help: "Withdraw this batch: its rows stop counting and what it replaced counts again.") var withdraw: Int64?
  @Option(help: "The file's encoding when not UTF-8 (utf-16, big5, gbk, gb18030, windows-1252, …).") var encoding: String?
  @Option(help: "The separator: ',', ';' or tab (default: detected from the header line).") var delimiter: String?

  func validate() throws {
    try LoginName.validate(by: by)
    if withdraw != nil {
      guard files.isEmpty, kind == nil else { throw ValidationError("--withdraw takes no file or --kind") }
      guard !all else { throw ValidationError("--all goes with --dry-run (it lists what would change)") }
      return
    }
    guard !files.isEmpty else { throw ValidationError("name the file to import (or --withdraw BATCH)") }
    guard !dryRun || files.count == 1 else { throw ValidationError("--dry-run previews one file at a time: name one") }
    guard dryRun || !all else { throw ValidationError("--all goes with --dry-run (it lists what would change)") }
    guard let kind, InputKind(rawValue: kind) != nil else {
      let kinds = InputKind.allCases.map(\.rawValue)
      throw ValidationError(
        "--kind must be one of \(kinds.joined(separator: ", "))\(kind.map { Suggestion.hint(for: $0, amongWords: kinds) } ?? "")")
    }
  }

  func run() throws {
    let course = try options.open()
    if let withdraw {
      guard let (batch, restored) = try course.withdraw(batch: withdraw) else {
        if let earlier = try course.batches().first(where: { $0.id == withdraw }), earlier.withdrawn {
          throw CommandFailure.input(
            "batch \(withdraw) (\(earlier.path)) is already withdrawn; to bring it back, import the file again")
        }
        throw CommandFailure.input("there is no batch \(withdraw) to withdraw (see gradebook history)")
      }
      Output.line(
        "withdrew batch \(batch.id) (\(batch.path), \(batch.rows) rows)"
          + (restored.isEmpty ? "" : "; batch \(restored.map(String.init).joined(separator: ", ")) counts again"))
      return
    }
    let kind = InputKind(rawValue: kind!)!
    let paths = files.map { Paths.input($0, course: options.course) }
    let map = map.map { Paths.input($0, course: options.course) }
    if dryRun {
      let preview = try course.preview(paths[0], kind: kind, map: map, by: by, encoding: encoding, delimiter: delimiter)
      Output.diagnostics(preview.outcome.diagnostics)
      for line in preview.lines(limit: all ? nil : ImportPreview.listed) { Output.line(line) }
      if preview.outcome.status == .rejected { throw CommandFailure.input("nothing would be imported") }
      return
    }
    let outcomes = try course.importFiles(paths, kind: kind, map: map, by: by, encoding: encoding, delimiter: delimiter)
    for outcome in outcomes { Output.diagnostics(outcome.diagnostics) }
    guard outcomes.contains(where: { $0.status == .rejected }) else {
      for outcome in outcomes { Output.line(outcome.summary) }
      return
    }
    for outcome in outcomes {
      Output.line(
        outcome.status == .rejected
          ? outcome.summary : "\(outcome.file): no errors, but not imported: the files go in together or not at all")
    }
    throw CommandFailure.input("nothing imported")
  }
}
