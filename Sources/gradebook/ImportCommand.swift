import ArgumentParser
import Foundation
import GradebookCore
import GradebookKit

struct Import: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Import CSV files, each as one batch (all or nothing), preview them, or withdraw a batch.",
    discussion: """
      Several files of one kind (data/week*.csv) are imported in one go, in the order given: each \
      becomes a batch of its own, and an error in any of them imports none. A file course.yaml \
      lists needs neither --kind nor --map: each is read as its source there says.
      """)
  @OptionGroup var options: CourseOption
  @Argument(help: "The CSV file, or several of one kind.") var files: [String] = []
  @Option(
    help: "roster, groups, registrations, uploads, scores, adjustments or contributions (default: as course.yaml lists the file)."
  ) var kind: String?
  @Option(help: "A map file for a wide form export (scores only; default: the one course.yaml gives the file).") var map: String?
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
    guard dryRun || !all else { throw ValidationError("--all goes with --dry-run (it lists what would change)") }
    if let kind, InputKind(rawValue: kind) == nil {
      throw ValidationError(
        "--kind must be one of \(Self.kinds)\(Suggestion.hint(for: kind, amongWords: InputKind.allCases.map(\.rawValue)))")
    }
  }

  static let kinds = InputKind.allCases.map(\.rawValue).joined(separator: ", ")

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
    let paths = files.map { Paths.input($0, course: options.course) }
    let standardized = paths.map { course.workspace.url($0).path }
    for (index, path) in standardized.enumerated() where standardized[..<index].contains(path) {
      throw CommandFailure.usage("\(files[index]) is named twice: name each file once")
    }
    let (kind, maps) = try kindAndMaps(of: paths, in: course.workspace)
    if dryRun {
      let preview = try course.preview(paths, kind: kind, maps: maps, by: by, encoding: encoding, delimiter: delimiter)
      Output.diagnostics(preview.diagnostics)
      for line in preview.lines(limit: all ? nil : ImportPreview.listed) { Output.line(line) }
      if preview.outcomes.contains(where: { $0.status == .rejected }) { throw CommandFailure.input("nothing would be imported") }
      return
    }
    let outcomes = try course.importFiles(paths, kind: kind, maps: maps, by: by, encoding: encoding, delimiter: delimiter)
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

  /// The kind and maps to import `paths` with: as given, or as `course.yaml` lists the files (a TA
  /// importing a declared file again need not repeat what the course already says): without
  /// `--map`, each file its own map as a source of that kind (a staff file none, a form export its
  /// map). Files not listed, or listed as different kinds, must be said with `--kind`.
  func kindAndMaps(of paths: [String], in workspace: Workspace) throws -> (InputKind, maps: [String?]) {
    let declared = paths.map { workspace.declaration(of: $0) }
    let kind: InputKind
    if let given = self.kind {
      kind = InputKind(rawValue: given)!
    } else {
      // A file not there, mistyped: said as its import would say it (with the nearest name).
      let missing = zip(paths, declared).compactMap { $1 == nil ? workspace.missingFile($0) : nil }
      if !missing.isEmpty { throw InputErrors(missing) }
      for (file, declaration) in zip(files, declared) where declaration == nil {
        throw CommandFailure.usage("--kind is needed: course.yaml does not list \(file) among its sources (say one of \(Self.kinds))")
      }
      let kinds = Set(declared.map { $0!.kind })
      guard kinds.count == 1, let only = kinds.first else {
        let listed = zip(files, declared).map { "\($0) as \($1!.kind.rawValue)" }.joined(separator: ", ")
        throw CommandFailure.usage("--kind is needed: course.yaml lists \(listed); files imported together are of one kind")
      }
      kind = only
    }
    if let map = self.map.map({ Paths.input($0, course: options.course) }) { return (kind, paths.map { _ in map }) }
    return (kind, declared.map { declaration in declaration?.kind == kind ? declaration?.map.map { workspace.url($0).path } : nil })
  }
}
