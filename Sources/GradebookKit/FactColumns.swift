import Foundation
import GRDB
import GRDBSQLite
import GradebookCore

/// The current row of `SELECT batch, line, kind, key, subject, item, criterion, rater, number, at,
/// text, extra FROM fact`, read column by column from SQLite (valid until the next step).
struct FactColumns {
  let statement: OpaquePointer

  /// Whether a row of scores is a form response (``Fact/isResponse``): packed points, no criterion.
  var isResponse: Bool {
    sqlite3_column_type(statement, 6) == SQLITE_NULL && sqlite3_column_type(statement, 11) != SQLITE_NULL
  }

  /// The row's kind (`nil` for a name this version does not know, read as scores, as ``StoredFact/init(row:)`` does).
  var kind: InputKind? {
    let bytes = bytes(2)
    return Self.kinds.first { bytes.holds($0.bytes) }?.kind
  }

  /// Each kind with its name's bytes, scores first (nearly every row).
  private static let kinds =
    ([.scores] + InputKind.allCases.filter { $0 != .scores }).map { ($0, Array($0.rawValue.utf8)) }
    as [(kind: InputKind, bytes: [UInt8])]

  /// The text of column `index`, or `nil` for NULL.
  func text(_ index: Int32) -> String? {
    guard sqlite3_column_type(statement, index) != SQLITE_NULL else { return nil }
    return String(decoding: bytes(index), as: UTF8.self)
  }

  /// The bytes of column `index` as text (empty for NULL).
  func bytes(_ index: Int32) -> UnsafeRawBufferPointer {
    guard let start = sqlite3_column_text(statement, index) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
    return UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(statement, index)))
  }

  func int64(_ index: Int32) -> Int64? {
    sqlite3_column_type(statement, index) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, index)
  }

  func double(_ index: Int32) -> Double? {
    sqlite3_column_type(statement, index) == SQLITE_NULL ? nil : sqlite3_column_double(statement, index)
  }

  /// The whole row as a fact of `kind` (its ``kind``); without its `text` when `text` is false. A
  /// score stored without its key gets it from its parts when `key` is true (``Fact/keyFromParts``);
  /// otherwise its key stays empty and ``Fact/keyHash`` hashes the parts.
  func fact(kind: InputKind, text wanted: Bool = true, key: Bool = true) -> Fact {
    var fact = Fact(kind, line: Int(int64(1)!), key: text(3) ?? "", subject: text(4) ?? "")
    (fact.item, fact.criterion, fact.rater) = (text(5), text(6), text(7))
    (fact.number, fact.at, fact.text, fact.extra) = (double(8), int64(9), wanted ? text(10) : nil, text(11))
    if key, fact.key.isEmpty { fact.key = fact.keyFromParts }
    return fact
  }
}
