import Foundation
import GRDB
import GRDBSQLite
import GradebookCore

/// Inserts facts of one batch with one prepared statement, binding values straight to SQLite
/// (GRDB's argument boxing was a fifth of an import's time).
struct FactWriter {
  /// `nil`: a writer that only counts (`check` of a file already stored as it reads now).
  let statement: Statement?
  let batch: Int64
  private(set) var count = 0
  /// The ids of the first and last fact written.
  private(set) var ids: ClosedRange<Int64>?

  init(_ db: Database, batch: Int64) throws {
    statement = try db.makeStatement(
      sql: """
        INSERT INTO fact (batch, line, kind, key, subject, item, criterion, rater, number, at, text, extra)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    self.batch = batch
  }

  /// A writer that stores nothing and counts the facts it is given.
  init() {
    statement = nil
    batch = 0
  }

  /// The row's text values, laid end to end and bound in place (`SQLITE_STATIC`): SQLite copying
  /// each bound string (`SQLITE_TRANSIENT`) was an allocation a value.
  private var texts: [UInt8] = []
  /// Where each text column's value lies in `texts` (offset −1: NULL).
  private var spans: [(column: Int32, offset: Int, count: Int)] = []

  private mutating func place(_ column: Int32, _ text: String?) {
    guard let text else { return spans.append((column, -1, 0)) }
    let offset = texts.count
    texts.append(contentsOf: text.utf8)
    spans.append((column, offset, texts.count - offset))
  }

  mutating func write(_ fact: Fact) throws {
    guard statement != nil else { return count += 1 }
    texts.removeAll(keepingCapacity: true)
    spans.removeAll(keepingCapacity: true)
    place(3, fact.kind.rawValue)
    place(4, fact.key)
    place(5, fact.subject)
    place(6, fact.item)
    place(7, fact.criterion)
    place(8, fact.rater)
    place(11, fact.text)
    place(12, fact.extra)
    try step(line: fact.line, number: fact.number, at: fact.at)
  }

  /// Writes a long-form score (`points`), or a comment without one (`points` nil: key
  /// `target|item|#comment:criterion|rater`, criterion `""`), laid straight into the row's buffer:
  /// the row ``write(_:)`` would store for the `Fact` it stands for, without the `Fact`, and
  /// without the key of a score, which its parts give (``Fact/keyFromParts``).
  mutating func writeScore(
    line: Int, target: String, item: String, criterion: String, rater: String, points: Double?, at: Int64?, comment: String?
  ) throws {
    guard statement != nil else { return count += 1 }
    let scored = points != nil
    startScores(
      target: target, item: item, commentKey: scored ? nil : criterion, criterion: scored ? criterion : "", rater: rater,
      comment: comment)
    place(12, nil)
    try step(line: line, number: points, at: at)
  }

  /// Writes a form response as one row (``Fact/isResponse``): no criterion, its points as
  /// `criterion=points;…` in map order, and no key (its parts give `target|item|#response|rater`),
  /// laid straight into the row's buffer (a `Fact` with a joined key and points text was five
  /// allocations a response).
  mutating func writeResponse(
    line: Int, target: String, item: String, rater: String, criteria: [String], points: ResponsePoints, at: Int64?, comment: String?
  ) throws {
    guard statement != nil else { return count += 1 }
    startScores(target: target, item: item, commentKey: nil, criterion: nil, rater: rater, comment: comment)
    let offset = texts.count
    for position in points.positions {
      if texts.count > offset { texts.append(UInt8(ascii: ";")) }
      texts.append(contentsOf: criteria[position].utf8)
      texts.append(UInt8(ascii: "="))
      Fact.appendPointsText(points[position], to: &texts)
    }
    spans.append((12, offset, texts.count - offset))
    try step(line: line, number: nil, at: at)
  }

  /// Starts a row of scores in the emptied buffer: its kind; its key, empty for a score or a
  /// response, whose parts give it (``Fact/keyFromParts``; keys were a quarter of the store and of
  /// what an import writes), and `target|item|#comment:<commentKey>|rater` for a comment without a
  /// score, the only row that keeps one; then the target, item, criterion, rater and comment.
  private mutating func startScores(
    target: String, item: String, commentKey: String?, criterion: String?, rater: String, comment: String?
  ) {
    texts.removeAll(keepingCapacity: true)
    spans.removeAll(keepingCapacity: true)
    place(3, InputKind.scores.rawValue)
    let offset = texts.count
    if let commentKey {
      for part in [target, "|", item, "|#comment:", commentKey, "|", rater] { texts.append(contentsOf: part.utf8) }
    }
    spans.append((4, offset, texts.count - offset))
    place(5, target)
    place(6, item)
    place(7, criterion)
    place(8, rater)
    place(11, comment)
  }

  /// Binds the row's numbers and placed texts, and inserts it.
  private mutating func step(line: Int, number: Double?, at: Int64?) throws {
    let s = statement!.sqliteStatement  // a counting writer returned before placing the texts
    sqlite3_reset(s)
    sqlite3_bind_int64(s, 1, batch)
    sqlite3_bind_int64(s, 2, Int64(line))
    if let number { sqlite3_bind_double(s, 9, number) } else { sqlite3_bind_null(s, 9) }
    if let at { sqlite3_bind_int64(s, 10, at) } else { sqlite3_bind_null(s, 10) }
    let code = texts.withUnsafeBytes { bytes -> Int32 in
      for span in spans {
        if span.offset < 0 {
          sqlite3_bind_null(s, span.column)
        } else {
          let start = (bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!) + span.offset
          sqlite3_bind_text(s, span.column, start.assumingMemoryBound(to: CChar.self), Int32(span.count), nil)  // SQLITE_STATIC
        }
      }
      return sqlite3_step(s)  // the bytes stay where they are until the step is done
    }
    guard code == SQLITE_DONE else {
      throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(s))))
    }
    count += 1
    let id = sqlite3_last_insert_rowid(sqlite3_db_handle(s))
    ids = (ids?.lowerBound ?? id)...id
  }
}
