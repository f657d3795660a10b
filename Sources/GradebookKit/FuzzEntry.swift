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

  /// A copy of `sample` (a course folder) in `folder`, with its declared sources imported: the
  /// course every fuzzed file is checked against.
  public static func prepareCourse(sample: String, in folder: String) throws -> Course {
    try? FileManager.default.removeItem(atPath: folder)
    try FileManager.default.copyItem(atPath: sample, toPath: folder)
    for leftover in ["out", "gradebook.sqlite", "gradebook.sqlite-wal", "gradebook.sqlite-shm"] {
      try? FileManager.default.removeItem(atPath: folder + "/" + leftover)
    }
    // A second map for forms exports: raters by name (NFC, case folding), targets by e-mail, and
    // a time format with non-ASCII literals (``importCSV`` reads every file through both).
    let names = """
      item: pr-presentation
      rater: {column: "Name", match: name}
      target: {column: "Which presentation are you reviewing?", match: email}
      submitted_at: {column: "Completion time", format: "yyyy'年'M'月'd'日' H:mm:ss"}
      criteria:
        question: "The key research question of the paper was clearly explained"
        approach: "How the paper explores this question was well presented"
      comment: "Comments for the presenter (optional)"
      """
    try names.write(toFile: folder + "/" + namesMap, atomically: true, encoding: .utf8)
    let course = try Course(path: folder)
    _ = try course.importSources(by: "fuzz")
    return course
  }

  /// The second map ``prepareCourse(sample:in:)`` writes into the course.
  public static let namesMap = "maps/fuzz-names.yaml"

  /// Reads the file at `path` as every kind of input (a dry run each: nothing is stored), scores
  /// through `map` and through ``namesMap`` as a forms export too, and as a roster: every row parser, with the course's
  /// groups, schedule and roster to check against.
  public static func importCSV(_ path: String, into course: Course, map: String) {
    for kind in InputKind.allCases where kind != .roster {
      _ = try? course.importFile(path, kind: kind, map: nil, by: "fuzz", dryRun: true)
    }
    _ = try? course.importFile(path, kind: .scores, map: map, by: "fuzz", dryRun: true)
    _ = try? course.importFile(path, kind: .scores, map: namesMap, by: "fuzz", dryRun: true)
    let url = URL(fileURLWithPath: path)
    _ = RosterReader(config: course.workspace.config).read(folder: url.deletingLastPathComponent(), file: url.lastPathComponent)
  }

  /// Redaction keys for ``loadYAML(_:)``: Latin, accented and Han names, ids and e-mails.
  static let redactor = CommentRedactor(
    roster: Roster([
      Student(id: "s1", name: "Wong, Siu Ming", email: "s1@hku.hk"), Student(id: "s2", name: "李嘉欣", email: "s2@hku.hk"),
      Student(id: "s3", name: "Zoë O'Brien", email: "zoe+x@hku.hk"),
    ]))

  /// Parses the text as course.yaml, a rubric and a map; and reads it as a comment in a report.
  public static func loadYAML(_ text: String) {
    _ = redactor.redact(text, keeping: nil)
    _ = CommentRedactor.asciiWords(text)
    let (config, _) = CourseConfigLoader.load(text: text)
    let (rubric, _) = RubricLoader(registry: BuiltInScorers.registry, zone: config?.zone ?? TimeZone(identifier: "UTC")!).load(
      text: text, path: "fuzz.yaml")
    if let rubric { _ = FormMap.load(text: text, path: "fuzz.yaml", rubric: rubric) }
    _ = TimeSpan(parsing: text)
    let utc = TimestampParser(zone: TimeZone(identifier: "UTC")!)
    _ = utc.parseISO(text)
    // A map's `submitted_at.format` (the first line) reading a cell (the rest): a format with a
    // non-ASCII literal once crashed here.
    let (pattern, cell) = text.firstIndex(of: "\n").map { (String(text[..<$0]), String(text[text.index(after: $0)...])) } ?? (text, text)
    if let format = TimestampFormat(pattern) { _ = utc.read(cell, format: format) }
  }
}
