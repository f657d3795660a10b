import Foundation
import GRDB
import GRDBSQLite
import GradebookCore

/// One import: a file, its SHA-256, kind, row count, who imported it and when (SPEC §5).
public struct Batch: Sendable, Hashable, FetchableRecord, Decodable {
  public var id: Int64
  /// Path relative to the workspace.
  public var path: String
  public var sha256: String
  public var kind: String
  public var map: String?
  /// SHA-256 of the map's text when it was imported through one (`nil` for stores written before
  /// version 3 kept it).
  public var mapSHA256: String?
  /// `--encoding` and `--delimiter` as given (`nil`: not given, or a store before version 3).
  public var encoding: String?
  public var delimiter: String?
  /// SHA-256 of what else decided how its rows were read (``ReadingContext``; `nil` for stores
  /// before version 3).
  public var contextSHA256: String?
  /// A source `course.yaml` listed when it was imported (by `build` or by hand), not a file a TA
  /// imported on purpose beside them.
  public var declared: Bool
  public var rows: Int
  public var importedBy: String
  /// ISO 8601, UTC.
  public var importedAt: String
  /// A later import of the same file that replaced this one.
  public var replacedBy: Int64?
  public var withdrawn: Bool
  /// The first and last `fact.id` of the batch (`nil` when it stored no fact): a batch's facts are
  /// written in one transaction, so they are one id range, in line order.
  public var firstFact: Int64?
  public var lastFact: Int64?

  /// Whether its rows count.
  public var isActive: Bool { replacedBy == nil && !withdrawn }

  /// How its file was read.
  var reading: Reading {
    Reading(map: map, mapSHA256: mapSHA256, encoding: encoding, delimiter: delimiter, contextSHA256: contextSHA256)
  }

  /// How its file was read, for people: `map maps/forms.yaml 1a2b3c4d5e6f, encoding big5`, or
  /// empty for a plain file (a re-import of the same bytes with an edited map shows why it counted).
  public var readWith: String {
    var parts: [String] = []
    if let map { parts.append("map \(map)" + (mapSHA256.map { " \($0.prefix(12))" } ?? "")) }
    if let encoding { parts.append("encoding \(encoding)") }
    if let delimiter { parts.append("delimiter \(delimiter)") }
    return parts.joined(separator: ", ")
  }

  /// How a file was read, besides its bytes: the same bytes read another way are another import.
  struct Reading: Equatable {
    /// The map's path, relative to the workspace.
    var map: String?
    var mapSHA256: String?
    var encoding: String?
    var delimiter: String?
    var contextSHA256: String?
  }

  /// How many facts it stored (a form response is one).
  var factCount: Int { firstFact.flatMap { first in lastFact.map { Int($0 - first + 1) } } ?? 0 }
}

/// A fact as stored, with its batch.
public struct StoredFact: Sendable, Hashable, FetchableRecord {
  public var batch: Int64
  public var fact: Fact

  /// A fact of a batch.
  public init(batch: Int64, fact: Fact) { (self.batch, self.fact) = (batch, fact) }

  /// Calls `body` with each score this row stands for (``Fact/forEachScore(keys:_:)`` for a form
  /// response), or with the row itself.
  func forEachScore(keys: Bool, _ body: (StoredFact) throws -> Void) rethrows {
    guard fact.isResponse else { return try body(self) }
    try fact.forEachScore(keys: keys) { try body(StoredFact(batch: batch, fact: $0)) }
  }

  /// Reads a row of `SELECT * FROM fact` by position (the table's column order; by name was slow).
  public init(row: Row) throws {
    batch = row[1]
    let kind = InputKind(rawValue: row[3]) ?? .scores
    var fact = Fact(kind, line: row[2], key: row[4], subject: row[5])
    fact.item = row[6]
    fact.criterion = row[7]
    fact.rater = row[8]
    fact.number = row[9]
    fact.at = row[10]
    fact.text = row[11]
    fact.extra = row[12]
    if fact.key.isEmpty { fact.key = fact.keyFromParts }  // a score stored without its key
    self.fact = fact
  }
}

/// The gradebook store: SQLite through GRDB in `COURSE/gradebook.sqlite`, with migrations.
///
/// Every import is one transaction; batches are never deleted: a newer import of the same file
/// replaces the older (which stays, for history), and `explain` shows what superseded what.
public final class Store: Sendable {
  let queue: DatabaseQueue

  /// Opens (creating and migrating) the store at `path`. Writers wait up to 30 s for each other.
  public init(path: String) throws {
    var config = Configuration()
    config.busyMode = .timeout(30)
    config.journalMode = .wal
    config.prepareDatabase { db in
      // 16 KiB pages for a new store (an existing one keeps its own): a 100,000-student forms import
      // writes a quarter as many pages through the write-ahead log, 0.3 s less of its 4.3 s.
      try db.execute(sql: "PRAGMA page_size = 16384")
      // A 32 MiB page cache (the default 2 MiB spilled during large imports; a larger one only
      // added to the peak memory of a 100,000-student build).
      try db.execute(sql: "PRAGMA cache_size = -32768; PRAGMA synchronous = NORMAL")
      // Fault injection for the tests: a store that cannot grow past N pages behaves as a full disk.
      if let pages = ProcessInfo.processInfo.environment["GRADEBOOK_TEST_MAX_PAGES"].flatMap(Int.init) {
        try db.execute(sql: "PRAGMA max_page_count = \(pages)")
      }
    }
    queue = try DatabaseQueue(path: path, configuration: config)
    try Self.migrator.migrate(queue)
  }

  /// A second, read-only connection to the store file at `path` (no migration: the store is open).
  static func readOnlyQueue(path: String) throws -> DatabaseQueue {
    var config = Configuration()
    config.readonly = true
    config.busyMode = .timeout(30)
    return try DatabaseQueue(path: path, configuration: config)
  }

  /// An empty store in memory (for `check` on a workspace that has no store yet: nothing is written).
  public init() throws {
    queue = try DatabaseQueue()
    try Self.migrator.migrate(queue)
  }

  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE batch (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            kind TEXT NOT NULL,
            map TEXT,
            rows INTEGER NOT NULL,
            importedBy TEXT NOT NULL,
            importedAt TEXT NOT NULL,
            replacedBy INTEGER REFERENCES batch(id),
            withdrawn BOOLEAN NOT NULL DEFAULT 0
          );
          CREATE TABLE fact (
            batch INTEGER NOT NULL REFERENCES batch(id),
            line INTEGER NOT NULL,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            subject TEXT NOT NULL,
            item TEXT, criterion TEXT, rater TEXT, number REAL, at INTEGER, text TEXT, extra TEXT
          );
          CREATE INDEX fact_by_batch ON fact(batch, line);
          """)
    }
    // v2: facts get an id, and each batch its id range, in place of the (batch, line) index, which
    // was 15% of an import's time. Facts keep their order: by batch, then line.
    migrator.registerMigration("v2") { db in
      try db.execute(
        sql: """
          CREATE TABLE fact2 (
            id INTEGER PRIMARY KEY,
            batch INTEGER NOT NULL REFERENCES batch(id),
            line INTEGER NOT NULL,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            subject TEXT NOT NULL,
            item TEXT, criterion TEXT, rater TEXT, number REAL, at INTEGER, text TEXT, extra TEXT
          );
          INSERT INTO fact2 (batch, line, kind, key, subject, item, criterion, rater, number, at, text, extra)
            SELECT batch, line, kind, key, subject, item, criterion, rater, number, at, text, extra FROM fact ORDER BY batch, line, rowid;
          DROP TABLE fact;
          ALTER TABLE fact2 RENAME TO fact;
          ALTER TABLE batch ADD COLUMN firstFact INTEGER;
          ALTER TABLE batch ADD COLUMN lastFact INTEGER;
          UPDATE batch SET
            firstFact = (SELECT min(id) FROM fact WHERE fact.batch = batch.id),
            lastFact = (SELECT max(id) FROM fact WHERE fact.batch = batch.id);
          """)
    }
    // v3: a batch keeps its map's SHA-256, the encoding and delimiter it was read with, and a
    // SHA-256 of the course context its rows were resolved in (``ReadingContext``), so that a map
    // edited in place (same path, same data file), a file read with another encoding, or a
    // corrected time zone or roster imports the file again instead of skipping it as unchanged;
    // and whether course.yaml listed it then (a renamed source is then told apart).
    migrator.registerMigration("v3") { db in
      try db.execute(
        sql: """
          ALTER TABLE batch ADD COLUMN mapSHA256 TEXT;
          ALTER TABLE batch ADD COLUMN encoding TEXT;
          ALTER TABLE batch ADD COLUMN delimiter TEXT;
          ALTER TABLE batch ADD COLUMN contextSHA256 TEXT;
          ALTER TABLE batch ADD COLUMN declared BOOLEAN NOT NULL DEFAULT 0;
          """)
    }
    return migrator
  }

  /// Runs `body` in one write transaction, committed only when it returns `true`.
  public func transaction<T>(_ body: (Database) throws -> (T, commit: Bool)) throws -> T {
    var result: T?
    try queue.inTransaction(.immediate) { db in
      let (value, commit) = try body(db)
      result = value
      return commit ? .commit : .rollback
    }
    return result!
  }

  /// Reads in a snapshot.
  public func read<T>(_ body: (Database) throws -> T) throws -> T { try queue.read(body) }

  /// Every batch, oldest first.
  public func batches() throws -> [Batch] { try queue.read { try Self.batches($0) } }

  static func batches(_ db: Database) throws -> [Batch] {
    try Batch.fetchAll(db, sql: "SELECT * FROM batch ORDER BY id")
  }

  /// The active batch of `kind` with this content, if any.
  static func activeBatch(_ db: Database, sha256: String, kind: InputKind) throws -> Batch? {
    try Batch.fetchOne(
      db, sql: "SELECT * FROM batch WHERE sha256 = ? AND kind = ? AND replacedBy IS NULL AND withdrawn = 0",
      arguments: [sha256, kind.rawValue])
  }

  /// The most recent batch of this file as `kind`, whatever its state.
  static func latestBatch(_ db: Database, path: String, kind: InputKind) throws -> Batch? {
    try Batch.fetchOne(
      db, sql: "SELECT * FROM batch WHERE path = ? AND kind = ? ORDER BY id DESC LIMIT 1", arguments: [path, kind.rawValue])
  }

  /// Starts a batch; rows are added with a ``FactWriter``.
  static func insertBatch(
    _ db: Database, path: String, sha256: String, kind: InputKind, reading: Batch.Reading = Batch.Reading(),
    declared: Bool = false, by: String, at: String
  ) throws -> Int64 {
    try db.execute(
      sql: """
        INSERT INTO batch (path, sha256, kind, map, mapSHA256, encoding, delimiter, contextSHA256, declared, rows, importedBy, importedAt)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
        """,
      arguments: [
        path, sha256, kind.rawValue, reading.map, reading.mapSHA256, reading.encoding, reading.delimiter, reading.contextSHA256, declared,
        by, at,
      ])
    return db.lastInsertedRowID
  }

  /// Marks earlier active batches of the same file and kind as replaced; returns their ids and row
  /// counts.
  static func replaceEarlier(_ db: Database, batch: Int64, path: String, kind: InputKind) throws -> [(id: Int64, rows: Int)] {
    let replaced = try Row.fetchAll(
      db, sql: "SELECT id, rows FROM batch WHERE path = ? AND kind = ? AND id <> ? AND replacedBy IS NULL AND withdrawn = 0",
      arguments: [path, kind.rawValue, batch]
    ).map { (id: $0[0] as Int64, rows: $0[1] as Int) }
    try db.execute(
      sql: "UPDATE batch SET replacedBy = ? WHERE path = ? AND kind = ? AND id <> ? AND replacedBy IS NULL AND withdrawn = 0",
      arguments: [batch, path, kind.rawValue, batch])
    return replaced
  }

  /// Withdraws a batch: its rows stop counting, and the earlier version of the same file it had
  /// replaced counts again. Returns the restored batches' ids.
  static func withdraw(_ db: Database, batch id: Int64) throws -> (Batch, restored: [Int64])? {
    guard let batch = try Batch.fetchOne(db, sql: "SELECT * FROM batch WHERE id = ?", arguments: [id]), !batch.withdrawn else { return nil }
    let restored = try Int64.fetchAll(db, sql: "SELECT id FROM batch WHERE replacedBy = ? AND withdrawn = 0", arguments: [id])
    try db.execute(sql: "UPDATE batch SET withdrawn = 1 WHERE id = ?", arguments: [id])
    try db.execute(sql: "UPDATE batch SET replacedBy = NULL WHERE replacedBy = ?", arguments: [id])
    return (batch, restored)
  }

  /// Records the id range of a batch's facts once they are written, and the reading context the
  /// file turned out to depend on (`contextSHA256`, when given: ``ValidationContext/readAnEmail``).
  static func finishBatch(_ db: Database, batch: Int64, rows: Int, facts: ClosedRange<Int64>?, contextSHA256: String? = nil) throws {
    try db.execute(
      sql: "UPDATE batch SET rows = ?, firstFact = ?, lastFact = ?, contextSHA256 = IFNULL(?, contextSHA256) WHERE id = ?",
      arguments: [rows, facts?.lowerBound, facts?.upperBound, contextSHA256, batch])
  }

  /// Calls `body` with each score of a batch, stepped in line order: a form response's scores one
  /// by one (as ``StoredFact/forEachScore(keys:_:)`` gives them), any other fact itself.
  ///
  /// Rows are read straight from SQLite's columns (``FactColumns``), not through GRDB's `Row`: a
  /// response's packed points are read where SQLite holds them, and no key text is made for a score
  /// stored without one unless `keys` asks for its scores' keys (decoding rows was half of the loading thread's
  /// time at 100,000 students). With `comments` false, scores come without their comment text
  /// (`text` nil): scoring reads none, and at 100,000 students they are 800,000 strings made on
  /// the reading thread and freed on another.
  static func forEachScore(
    _ db: Database, of batch: Batch, keys: Bool, comments: Bool = true, _ body: (consuming StoredFact) throws -> Void
  ) throws {
    guard let first = batch.firstFact, let last = batch.lastFact else { return }
    let statement = try db.makeStatement(
      sql:
        "SELECT batch, line, kind, key, subject, item, criterion, rater, number, at, text, extra FROM fact WHERE id BETWEEN ? AND ? ORDER BY id"
    )
    let s = statement.sqliteStatement
    sqlite3_bind_int64(s, 1, first)
    sqlite3_bind_int64(s, 2, last)
    defer { sqlite3_reset(s) }
    var names = CriterionNames()
    while true {
      let code = sqlite3_step(s)
      if code == SQLITE_DONE { return }
      guard code == SQLITE_ROW else {
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(s))))
      }
      let row = FactColumns(statement: s)
      let batchID = row.int64(0)!
      let kind = row.kind ?? .scores
      guard kind == .scores, row.isResponse else {
        try body(StoredFact(batch: batchID, fact: row.fact(kind: kind, text: comments || kind != .scores, key: keys)))
        continue
      }
      // A response, expanded as Fact.forEachScore(keys:_:) expands it, its points read in place.
      guard let item = row.text(5), let rater = row.text(7) else { continue }
      try Fact.forEachResponseScore(
        line: Int(row.int64(1)!), target: row.text(4)!, item: item, rater: rater, at: row.int64(9),
        comment: comments ? row.text(10) : nil, packed: row.bytes(11), keys: keys, name: { names.name($0) }
      ) { try body(StoredFact(batch: batchID, fact: $0)) }
    }
  }

  /// Every fact of `kind` whose key is in `keys`, active or not (for history).
  static func history(_ db: Database, kind: InputKind, subject: String) throws -> [StoredFact] {
    try StoredFact.fetchAll(
      db, sql: "SELECT * FROM fact WHERE kind = ? AND subject = ? ORDER BY id", arguments: [kind.rawValue, subject]
    ).flatMap { stored in stored.fact.expanded().map { StoredFact(batch: stored.batch, fact: $0) } }
  }
}

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
