import Foundation
import GradebookCSV
import GradebookCore

/// One data row of a CSV table, with cells looked up by column name. A cell becomes a `String`
/// only when it is read.
public struct TableRow {
  /// The physical line where the record starts.
  public let line: Int
  let record: CSVRecord
  let columns: [String: Int]

  /// The trimmed cell of a column ("" when the column is absent or the row is short).
  public subscript(_ column: String) -> String { self[at: columns[column]] }

  /// The untrimmed cell (for comments).
  public func raw(_ column: String) -> String { raw(at: columns[column]) }

  /// Whether the table has the column.
  public func has(_ column: String) -> Bool { columns[column] != nil }

  /// Where a column is (the same in every row of a table): look it up once, then read cells by
  /// position, not by hashing the column's name for every row.
  public func position(of column: String) -> Int? { columns[column] }

  /// The trimmed cell at a position from `position(of:)` ("" for none or a short row).
  public subscript(at position: Int?) -> String {
    guard let position, position < record.count else { return "" }
    return record.field(position, trimmed: true)
  }

  /// The untrimmed cell at a position from `position(of:)`.
  public func raw(at position: Int?) -> String {
    guard let position, position < record.count else { return "" }
    return record.field(position)
  }
}

/// Reads a CSV table with a header row: names compared case-insensitively after trimming and
/// collapsing white space; required columns checked at the header line (RULES §42); blank rows
/// skipped, short rows padded, rows with more non-empty fields than the header refused (RULES §41).
public struct TableReader {
  public let path: String
  public let shownPath: String
  public var delimiter: UInt8 = UInt8(ascii: ",")
  /// Skip the first record: Excel's `sep=` line (``InputFile/startsWithSeparatorLine``).
  public var skipsFirstRecord = false
  /// The encoding the file was read as (for the invalid-UTF-8 hint).
  public var encoding = "UTF-8"
  /// Told the bytes read so far, after each block.
  public var onBlock: ((Int) -> Void)?
  /// Given a header that lacks required columns, what else to say (``KindHint``), if anything.
  var missingHint: ([String]) -> String? = { _ in nil }
  /// How to name a required column (given normalised) where its name comes from elsewhere, such
  /// as a form map: the name as written there, and where.
  var columnOrigin: (String) -> String? = { _ in nil }

  /// A reader of `path`, reporting problems under `shownPath`.
  public init(path: String, shownPath: String) { (self.path, self.shownPath) = (path, shownPath) }

  /// A reader of a prepared file: its UTF-8 path, separator, encoding and `sep=` line.
  public init(_ input: InputFile, shownPath: String) {
    self.init(path: input.path, shownPath: shownPath)
    (delimiter, encoding, skipsFirstRecord) = (input.delimiter, input.encoding, input.startsWithSeparatorLine)
  }

  /// The canonical form of a header name.
  public static func normalize(_ name: String) -> String {
    name.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").lowercased()
  }

  /// Streams the rows. `header` gets the normalised column names and returns the missing columns
  /// it needs (reading stops if any); `row` is called for every data row. A name that appears twice
  /// in the header is an error at the header line (which of the two to read would be a guess) when
  /// `reads` says the reader reads that column; reading then stops too.
  public func read(
    log: inout DiagnosticLog, header: ([String]) -> [String], reads: (String) -> Bool = { _ in true },
    row: (TableRow, inout DiagnosticLog) throws -> Void
  ) throws {
    var columns: [String: Int]?
    var headerCount = 0
    var stop = false
    var csv = CSVReader(path: path, delimiter: delimiter)
    csv.onBlock = onBlock
    var skipping = skipsFirstRecord
    try csv.read(
      { record in
        if stop { return }
        if skipping {
          skipping = false
          return
        }
        guard let known = columns else {
          let names = record.fields.map(Self.normalize)
          var map: [String: Int] = [:]
          for (index, name) in names.enumerated() where !name.isEmpty && map[name] == nil { map[name] = index }
          columns = map
          headerCount = record.fields.count
          let missing = header(names)
          if !missing.isEmpty {
            for column in missing {
              let named = columnOrigin(column) ?? "'\(column)'"
              // The closest name, else the column without its `_id` (a header written `Group,Student`).
              let bare = column.hasSuffix("_id") ? String(column.dropLast(3)) : nil
              let closest = Suggestion.closest(to: column, among: names) ?? bare.flatMap { names.contains($0) ? $0 : nil }
              let meant = closest.flatMap { names.firstIndex(of: $0) }.map {
                " (did you mean '\(record.fields[$0].trimmingCharacters(in: .whitespaces))'?)"
              }
              log.error(record.line, "missing required column \(named)\(meant ?? "")")
            }
            if let hint = missingHint(names) { log.error(record.line, hint) }
            stop = true
          }
          for (index, name) in names.enumerated() where !name.isEmpty && map[name] == index && reads(name) {
            let all = names.indices.filter { names[$0] == name }
            guard all.count > 1 else { continue }
            let numbers = all.map { String($0 + 1) }.joined(separator: ", ")
            log.error(record.line, "column '\(name)' appears \(all.count) times (columns \(numbers)): rename or remove all but one")
            stop = true
          }
          return
        }
        if record.isBlank() { return }
        if record.count > headerCount, !record.isBlank(from: headerCount) {
          log.error(record.line, "the row has \(record.count) fields but the header has \(headerCount)")
          return
        }
        try row(TableRow(line: record.line, record: record, columns: known), &log)
      },
      problem: { problem in
        let hint =
          problem.message.contains("UTF-8") && encoding == "UTF-8"
          ? " (save it as CSV UTF-8, or name the encoding it was saved in with --encoding, e.g. big5, gbk, windows-1252)" : ""
        log.error(problem.line, problem.message + hint)
      })
    if columns == nil && !log.hasErrors { log.error(1, "the file is empty: a header row is required") }
  }
}
