import Foundation
import GRDB
import Testing

/// The store survives: a killed import, two imports at once, a full disk, an unreadable file
/// (issue: no lost data under faults). These spawn the built binary.
@Suite(.serialized)
struct FaultTests {
  /// A workspace with groups imported and a 6,000-row scores file to import.
  static func prepared() throws -> (TestWorkspace, rows: Int) {
    let students = (1...300).map { "s\($0)" }
    var roster = "student_id,name,email\n"
    for s in students { roster += "\(s),Name \(s),\(s)@hku.hk\n" }
    let ws = try TestWorkspace(files: ["roster.csv": roster, "groups.csv": "group_id,student_id\nG1,s1\nG1,s2\n"])
    var scores = "target,item,criterion,rater,score,comment\n"
    var rows = 0
    for target in students {
      for rater in students.prefix(10) where rater != target {
        scores += "\(target),talk,clarity,\(rater),\(rows % 6),\"comment \(rows) with, a comma\"\n"
        rows += 1
      }
    }
    try ws.write("scores.csv", scores)
    #expect(try CLI.run(["import", ws.folder.path, ws.path("groups.csv"), "--kind", "groups"]).code == 0)
    return (ws, rows)
  }

  /// Batches of `file` and facts per batch, after an integrity check.
  /// A page limit one page above the store's size: the next import fills the "disk" at once,
  /// whatever the store's page size.
  static func fullAfterOnePage(_ ws: TestWorkspace) throws -> String {
    let pages = try DatabaseQueue(path: ws.path("gradebook.sqlite")).read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
    return String(pages + 1)
  }

  static func inspect(_ store: String, file: String) throws -> (ok: Bool, batches: [(Int64, Int)]) {
    let queue = try DatabaseQueue(path: store)
    return try queue.read { db in
      let ok = try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok"
      let batches = try Row.fetchAll(
        db, sql: "SELECT b.id, b.rows, (SELECT COUNT(*) FROM fact f WHERE f.batch = b.id) AS facts FROM batch b WHERE b.path = ?",
        arguments: [file])
      return (ok, batches.map { ($0["rows"] as Int64, $0["facts"] as Int) })
    }
  }

  @Test func killedAt200RandomPointsTheStoreHoldsAllOfTheBatchOrNone() throws {
    let (ws, rows) = try Self.prepared()
    let store = ws.path("gradebook.sqlite")
    let template = ws.path("template.sqlite")
    // Checkpoint the WAL into the template so a copy is a complete store.
    try DatabaseQueue(path: store).writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    try FileManager.default.copyItem(atPath: store, toPath: template)
    var rng = SystemRandomNumberGenerator()
    var (corrupt, half, complete, none) = (0, 0, 0, 0)
    for _ in 0..<200 {
      for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
      try FileManager.default.copyItem(atPath: template, toPath: store)
      let process = Process()
      process.executableURL = CLI.binary
      process.arguments = ["import", ws.folder.path, ws.path("scores.csv"), "--kind", "scores"]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      usleep(UInt32.random(in: 0...150_000, using: &rng))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let (ok, batches) = try Self.inspect(store, file: "scores.csv")
      if !ok { corrupt += 1 }
      if batches.isEmpty { none += 1 }
      for (batchRows, facts) in batches {
        if batchRows == rows && facts == rows { complete += 1 } else { half += 1 }
      }
    }
    print("killed imports: \(complete) complete, \(none) none, \(half) half, \(corrupt) corrupt")
    #expect(corrupt == 0)
    #expect(half == 0)
    #expect(complete + none == 200)
  }

  @Test func twoImportsAtOnceBothLandTwentyTimes() throws {
    let (ws, rows) = try Self.prepared()
    try ws.write(
      "uploads.csv", "student_id,item,submitted_at\n" + (1...300).map { "s\($0),prop,2026-03-01T10:00" }.joined(separator: "\n") + "\n")
    var lost = 0
    for run in 0..<20 {
      for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ws.path("gradebook.sqlite") + suffix) }
      #expect(try CLI.run(["import", ws.folder.path, ws.path("groups.csv"), "--kind", "groups"]).code == 0)
      let first = Process(), second = Process()
      for (process, args) in [
        (first, [ws.path("scores.csv"), "--kind", "scores"]), (second, [ws.path("uploads.csv"), "--kind", "uploads"]),
      ] {
        process.executableURL = CLI.binary
        process.arguments = ["import", ws.folder.path] + args + ["--by", "run\(run)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
      }
      first.waitUntilExit()
      second.waitUntilExit()
      #expect(first.terminationStatus == 0 && second.terminationStatus == 0)
      let scores = try Self.inspect(ws.path("gradebook.sqlite"), file: "scores.csv").batches
      let uploads = try Self.inspect(ws.path("gradebook.sqlite"), file: "uploads.csv").batches
      if scores.map(\.1) != [rows] || uploads.map(\.1) != [300] { lost += 1 }
    }
    #expect(lost == 0)
  }

  @Test func aFullDiskIsAClearErrorAndChangesNothing() throws {
    let (ws, _) = try Self.prepared()
    let before = try ws.storeDump()
    let result = try CLI.run(
      ["import", ws.folder.path, ws.path("scores.csv"), "--kind", "scores"],
      environment: ["GRADEBOOK_TEST_MAX_PAGES": try Self.fullAfterOnePage(ws)])
    #expect(result.code == 1)
    #expect(result.err.contains("the disk is full"))
    #expect(result.err.contains("nothing was changed"))
    #expect(try ws.storeDump() == before)
  }

  /// A damaged store (cut short, or not a database at all) is a clear error saying what to do, exit
  /// 1, the file left as it was: not an "internal failure" quoting the pragma that first read it.
  @Test func aDamagedStoreIsAClearErrorAndChangesNothing() throws {
    let (ws, _) = try Self.prepared()
    let store = ws.path("gradebook.sqlite")
    for path in [store + "-wal", store + "-shm"] { try? FileManager.default.removeItem(atPath: path) }
    let whole = try Data(contentsOf: URL(fileURLWithPath: store))
    for damaged in [whole.prefix(whole.count / 2), Data("not a database\n".utf8)] {
      try damaged.write(to: URL(fileURLWithPath: store))
      for command in [["history", ws.folder.path], ["import", ws.folder.path, ws.path("scores.csv"), "--kind", "scores"]] {
        let result = try CLI.run(command)
        #expect(result.code == 1, "\(command): \(result.err)")
        #expect(result.err.contains("error: the course's store (gradebook.sqlite) is damaged"), "\(result.err)")
        #expect(result.err.contains("Restore it from a backup; or move it aside and run gradebook build"), "\(result.err)")
        #expect(!result.err.contains("internal failure"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: store)) == damaged)
      }
    }
  }

  /// A file of many chunks (the reading thread sends 4,096 facts at a time, eight waiting at most),
  /// with `bad` appended at the end when given.
  static func largeScores(_ ws: TestWorkspace, bad: String? = nil) throws {
    var scores = "target,item,criterion,rater,score\n"
    for t in 1...300 {
      for r in 1...150 where r != t { scores += "s\(t),talk,clarity,s\(r),\((t + r) % 6)\n" }
    }
    try ws.write("large.csv", scores + (bad ?? ""))
  }

  @Test func aFullDiskWhileTheReaderIsAheadEndsCleanly() throws {
    let (ws, _) = try Self.prepared()
    try Self.largeScores(ws)
    let before = try ws.storeDump()
    let result = try CLI.run(
      ["import", ws.folder.path, ws.path("large.csv"), "--kind", "scores"],
      environment: ["GRADEBOOK_TEST_MAX_PAGES": try Self.fullAfterOnePage(ws)])
    #expect(result.code == 1)
    #expect(result.err.contains("the disk is full"))
    #expect(try ws.storeDump() == before)
  }

  @Test func anErrorAfterManyStoredChunksStillChangesNothing() throws {
    let (ws, _) = try Self.prepared()
    try Self.largeScores(ws, bad: "s1,talk,clarity,s999,4\n")
    let before = try ws.storeDump()
    let result = try CLI.run(["import", ws.folder.path, ws.path("large.csv"), "--kind", "scores"])
    #expect(result.code == 1)
    #expect(result.err.contains("large.csv:44852: error: unknown rater 's999'"))
    #expect(try ws.storeDump() == before)
    try Self.largeScores(ws)
    #expect(try CLI.run(["import", ws.folder.path, ws.path("large.csv"), "--kind", "scores"]).code == 0)
    #expect(try ws.open().score().state.ratings["talk"]?.count == 44_850)
  }

  @Test func anUnreadableFileIsAClearErrorAndChangesNothing() throws {
    let (ws, _) = try Self.prepared()
    let before = try ws.storeDump()
    try FileManager.default.createDirectory(atPath: ws.path("folder.csv"), withIntermediateDirectories: true)
    let result = try CLI.run(["import", ws.folder.path, ws.path("folder.csv"), "--kind", "scores"])
    #expect(result.code == 1)
    #expect(result.err.contains("folder.csv: error:"))
    #expect(try ws.storeDump() == before)
  }
}
