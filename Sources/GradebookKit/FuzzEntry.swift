import Foundation
import GradebookCSV
import GradebookCore
import GradebookScorers

/// What the fuzz targets (`fuzz/`, `scripts/fuzz`) call: every reader of untrusted files.
public enum FuzzEntry {
  /// Reads a CSV file with each separator, through the libcsv wrapper and the table reader.
  public static func readCSV(_ path: String) {
    for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09] {
      var reader = TableReader(path: path, shownPath: "fuzz.csv")
      reader.delimiter = delimiter
      var log = DiagnosticLog(path: "fuzz.csv")
      try? reader.read(log: &log, header: { _ in [] }, row: { row, _ in _ = row["a"] })
    }
    _ = InputFile.detectDelimiter(InputFile.head(of: path))
  }

  /// Parses the text as course.yaml, a rubric and a map.
  public static func loadYAML(_ text: String) {
    let (config, _) = CourseConfigLoader.load(text: text)
    let (rubric, _) = RubricLoader(registry: BuiltInScorers.registry, zone: config?.zone ?? TimeZone(identifier: "UTC")!).load(
      text: text, path: "fuzz.yaml")
    if let rubric { _ = FormMap.load(text: text, path: "fuzz.yaml", rubric: rubric) }
    _ = TimestampFormat(text)
    _ = TimeSpan(parsing: text)
    _ = TimestampParser(zone: TimeZone(identifier: "UTC")!).parseISO(text)
  }
}
