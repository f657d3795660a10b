import Foundation
import GradebookCore

/// Writes the outputs of a scored course, each atomically.
public struct Exporter {
  public let result: GradebookResult
  /// Import batches, for the workbook's *Audit* sheet.
  public var batches: [Batch]
  /// Write only the *Gradebook* sheet (and the *Weights* and *Scale* its formulas read).
  public var gradebookOnly = false

  /// An exporter.
  public init(result: GradebookResult, batches: [Batch] = [], gradebookOnly: Bool = false) {
    self.result = result
    self.batches = batches
    self.gradebookOnly = gradebookOnly
  }

  /// Writes the files asked for; returns their paths.
  @discardableResult
  public func write(xlsx: String? = nil, json: String? = nil, canvas: String? = nil, moodle: String? = nil) throws -> [String] {
    var written: [String] = []
    if let canvas {
      try AtomicFile.write(LMSExport(result: result).canvas, to: canvas)
      written.append(canvas)
    }
    if let moodle {
      try AtomicFile.write(LMSExport(result: result).moodle, to: moodle)
      written.append(moodle)
    }
    if let json {
      try AtomicFile.write(ResultsJSON.render(result), to: json)
      written.append(json)
      // The text (grown by doubling while rendered) is freed into the heap, below what comes next.
      MemoryRelease.trim()
      PhaseTrace.mark("results.json written")
    }
    if let xlsx {
      try AtomicFile.createFolder((xlsx as NSString).deletingLastPathComponent)
      try GradebookWorkbook(result: result, batches: batches, gradebookOnly: gradebookOnly).write(to: xlsx)
      written.append(xlsx)
      PhaseTrace.mark("gradebook.xlsx written")
    }
    return written
  }
}

/// The few lines `build` prints about the class.
public struct Summary {
  public let result: GradebookResult

  /// A summary.
  public init(result: GradebookResult) { self.result = result }

  /// e.g. "DATA8018: 24 students, 7 items; mean total 78.41; A+ 2, A 5, …; pending: project".
  public var text: String {
    let totals = result.grades.compactMap(\.total)
    let mean = totals.isEmpty ? "none" : FixedDecimal.format(totals.reduce(0, +) / Double(totals.count))
    var letters: [String: Int] = [:]
    for grade in result.grades { if let letter = grade.letter { letters[letter, default: 0] += 1 } }
    let distribution = result.workspace.config.scale.compactMap { step in letters[step.letter].map { "\(step.letter) \($0)" } }.joined(
      separator: ", ")
    let pending = result.workspace.rubric.items.filter { if case .pending = result.outcomes[$0.id] { return true } else { return false } }
      .map(\.id)
    var text =
      "\(result.workspace.config.course): \(result.grades.count) students, \(result.workspace.rubric.items.count) items; mean total \(mean)"
    if !distribution.isEmpty { text += "\nletters: \(distribution)" }
    if !pending.isEmpty { text += "\npending (no data yet): \(pending.joined(separator: ", "))" }
    return text
  }
}
