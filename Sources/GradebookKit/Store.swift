import Foundation
import GRDB
import GRDBSQLite
import GradebookCore

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

  /// The batch with this id, if any.
  static func batch(_ db: Database, id: Int64) throws -> Batch? {
    try Batch.fetchOne(db, sql: "SELECT * FROM batch WHERE id = ?", arguments: [id])
  }

  /// Withdraws a batch: its rows stop counting, and the earlier version of the same file it had
  /// replaced counts again. Returns the restored batches' ids.
  static func withdraw(_ db: Database, batch id: Int64) throws -> (Batch, restored: [Int64])? {
    guard let batch = try batch(db, id: id), !batch.withdrawn else { return nil }
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
  /// the reading thread and freed on another. With `lines`, only the rows of those lines are
  /// decoded (a dry run describing the few old values an import changes).
  static func forEachScore(
    _ db: Database, of batch: Batch, keys: Bool, comments: Bool = true, lines: Set<Int>? = nil,
    _ body: (consuming StoredFact) throws -> Void
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
      if let lines, !lines.contains(Int(sqlite3_column_int64(s, 1))) { continue }
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
