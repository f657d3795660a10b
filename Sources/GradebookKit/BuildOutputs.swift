import Foundation

/// What `build` writes into its output folder: `gradebook.xlsx`, `results.json` and, unless turned
/// off, every student's report in `reports/`.
///
/// The workbook is written on one core (a quarter of a large build is zlib inside libxlsxwriter),
/// so the reports are written at the same time on one other thread.
public struct BuildOutputs {
  public let result: GradebookResult
  /// Import batches, for the workbook's *Audit* sheet.
  public let batches: [Batch]

  /// Outputs of a scored course.
  public init(result: GradebookResult, batches: [Batch]) { (self.result, self.batches) = (result, batches) }

  /// The workbook and JSON files `build` writes into `folder`.
  public static func files(in folder: String) -> (xlsx: String, json: String) {
    (folder + "/gradebook.xlsx", folder + "/results.json")
  }

  /// The folder of the students' reports `build` writes into `folder`.
  public static func reports(in folder: String) -> String { folder + "/reports" }

  /// Writes everything into `folder`; returns the paths of the workbook and JSON, and the number of
  /// students who got a report (nil without reports). The first error is the workbook's, then the
  /// reports'.
  public func write(to folder: String, reports: Bool) throws -> (written: [String], reports: Int?) {
    let exporter = Exporter(result: result, batches: batches)
    let (xlsx, json) = Self.files(in: folder)
    guard reports else { return (try exporter.write(xlsx: xlsx, json: json), nil) }
    // The folder first, so the two threads never race to create it.
    try AtomicFile.createFolder(folder)
    let writer = ReportWriter(result: result)
    let reporting = Worker { Result { try writer.write(to: Self.reports(in: folder), threads: 1) } }
    let written = Result { try exporter.write(xlsx: xlsx, json: json) }
    let count = reporting.wait()
    return (try written.get(), try count.get())
  }
}
