import Foundation
import GRDB
import GradebookCore
import TestSupport
import Testing

@testable import GradebookKit

/// How the store keeps facts: each batch's facts are one id range (store v2), a form response is
/// one row, and a store written by version 1 is migrated without changing a grade.
struct StoreLayoutTests {
  @Test func aVersion1StoreIsMigratedAndGivesTheSameScores() throws {
    let ws = try TestWorkspace()
    let old = try DatabaseQueue(path: ws.path("gradebook.sqlite"))
    try old.write { db in
      // The v1 schema, as version 1 of gradebook created it.
      try db.execute(
        sql: """
          CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
          INSERT INTO grdb_migrations VALUES ('v1');
          CREATE TABLE batch (id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL, sha256 TEXT NOT NULL, kind TEXT NOT NULL,
            map TEXT, rows INTEGER NOT NULL, importedBy TEXT NOT NULL, importedAt TEXT NOT NULL,
            replacedBy INTEGER REFERENCES batch(id), withdrawn BOOLEAN NOT NULL DEFAULT 0);
          CREATE TABLE fact (batch INTEGER NOT NULL REFERENCES batch(id), line INTEGER NOT NULL, kind TEXT NOT NULL,
            key TEXT NOT NULL, subject TEXT NOT NULL,
            item TEXT, criterion TEXT, rater TEXT, number REAL, at INTEGER, text TEXT, extra TEXT);
          CREATE INDEX fact_by_batch ON fact(batch, line);
          INSERT INTO batch (path, sha256, kind, rows, importedBy, importedAt) VALUES
            ('groups.csv', 'a', 'groups', 4, 't', '2026-03-01T00:00:00Z'),
            ('s.csv', 'b', 'scores', 2, 't', '2026-03-02T00:00:00Z'),
            ('late.csv', 'c', 'scores', 1, 't', '2026-03-03T00:00:00Z');
          INSERT INTO fact (batch, line, kind, key, subject, extra) VALUES
            (1, 2, 'groups', 's1', 's1', 'G1'), (1, 3, 'groups', 's2', 's2', 'G1'),
            (1, 4, 'groups', 's3', 's3', 'G2'), (1, 5, 'groups', 's4', 's4', 'G2');
          INSERT INTO fact (batch, line, kind, key, subject, item, criterion, rater, number) VALUES
            (2, 2, 'scores', 's1|talk|clarity|ins', 's1', 'talk', 'clarity', 'ins', 4),
            (2, 3, 'scores', 's2|talk|clarity|ins', 's2', 'talk', 'clarity', 'ins', 2),
            (3, 2, 'scores', 's1|talk|clarity|ins', 's1', 'talk', 'clarity', 'ins', 5);
          """)
    }
    let batches = try ws.open().batches()
    #expect(batches.map(\.firstFact) == [1, 5, 7])
    #expect(batches.map(\.lastFact) == [4, 6, 7])
    let state = try ws.open().score().state
    #expect(state.groups.groupOf["s3"] == "G2")
    // late.csv (not in course.yaml, a later batch) supersedes s.csv for s1: RULES §26.
    #expect(state.ratings["talk"]?.sorted { $0.target < $1.target }.map(\.points) == [5, 2])
    // Imports after the migration land after the old facts.
    try ws.write("more.csv", "target,item,criterion,rater,score\ns3,talk,clarity,ins,3\n")
    _ = try ws.open().importFile(ws.path("more.csv"), kind: .scores, map: nil, by: "t", dryRun: false)
    #expect(try ws.open().batches().last?.firstFact == 8)
    #expect(try ws.open().score().state.ratings["talk"]?.count == 3)
    // A score imported now is stored without its key (its parts give it) and still supersedes the
    // same score stored with its key by an older version, on both ways of loading (RULES §26).
    try ws.write("fix.csv", "target,item,criterion,rater,score\ns2,talk,clarity,ins,1\n")
    _ = try ws.open().importFile(ws.path("fix.csv"), kind: .scores, map: nil, by: "t", dryRun: false)
    let keys = try Store(path: ws.path("gradebook.sqlite")).read { try String.fetchAll($0, sql: "SELECT key FROM fact WHERE batch >= 4") }
    #expect(keys == ["", ""])
    #expect(try ws.open().score().state.ratings["talk"]?.sorted { $0.target < $1.target }.map(\.points) == [5, 1, 3])
    let course = try ws.open()
    try course.store().read { db in
      let reader = try CurrentFacts(db, workspace: course.workspace)
      var inline: [String] = []
      try reader.forEachCurrent(db, .scores, keys: true) { inline.append("\($0.batch) \($0.fact.key) \($0.fact.number ?? -1)") }
      #expect(inline.sorted() == ["3 s1|talk|clarity|ins 5.0", "4 s3|talk|clarity|ins 3.0", "5 s2|talk|clarity|ins 1.0"])
      for bottomUp in [true, false] {
        var ahead: [String] = []
        try CurrentFacts.ReadingAhead(reader, .scores, path: course.workspace.storePath, bottomUp: bottomUp).forEach {
          ahead.append("\($0.batch) \($0.fact.number ?? -1)")
        }
        #expect(ahead.sorted() == ["3 5.0", "4 3.0", "5 1.0"], "bottom up: \(bottomUp)")
      }
    }
  }

  @Test func aFormResponseIsOneStoredRowThatReadsAsItsScores() throws {
    let ws = try FormMapTests().workspace()
    try ws.write(
      "forms.csv",
      """
      Id,Completion time,Email,Which presentation?,Clarity of the talk,Depth (optional),Comments
      1,2/3/2026 15:20:05,s2@hku.hk,W03-1 Chan Tai Man — DDPM,4,7.5,Clear.
      2,2/3/2026 15:25:00,s3@hku.hk,W03-1 Chan Tai Man — DDPM,3,,

      """)
    let outcomes = try ws.open().importSources(by: "t")
    #expect(outcomes.allSatisfy { $0.status != .rejected }, "\(outcomes.flatMap(\.diagnostics))")
    let rows = try Store(path: ws.path("gradebook.sqlite")).read { db in
      try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fact WHERE kind = 'scores'")
    }
    #expect(rows == 2)
    let state = try ws.open().score().state
    let ratings = (state.ratings["talk"] ?? []).map { "\($0.rater) \($0.criterion) \($0.points)" }.sorted()
    #expect(ratings == ["s2 clarity 4.0", "s2 depth 7.5", "s3 clarity 3.0"])
    #expect(state.comments["talk"]?.map(\.text) == ["Clear."])
    // History (explain) shows each score with its own key, at the response's line.
    let history = try Store(path: ws.path("gradebook.sqlite")).read { try Store.history($0, kind: .scores, subject: "s1") }
    #expect(history.map { "\($0.fact.line) \($0.fact.key)" } == ["2 s1|talk|clarity|s2", "2 s1|talk|depth|s2", "3 s1|talk|clarity|s3"])
  }

  /// A batch's import time is kept as UTC text (the Audit sheet shows it so) and shown to people in
  /// the course's zone, daylight saving included; a text that is not ISO 8601 is shown as it is.
  @Test func anImportTimeIsShownInTheCoursesZone() throws {
    let store = try Store(path: Scratch.path("t", suffix: ".sqlite").path)
    let batches = try store.transaction { db -> ([Batch], commit: Bool) in
      for at in ["2026-11-27T12:52:59Z", "2026-07-01T23:30:00Z", "yesterday"] {
        _ = try Store.insertBatch(db, path: "\(at).csv", sha256: at, kind: .scores, by: "t", at: at)
      }
      return (try Store.batches(db), commit: false)
    }
    let hongKong = TimestampParser(zone: TimeZone(identifier: "Asia/Hong_Kong")!)
    let london = TimestampParser(zone: TimeZone(identifier: "Europe/London")!)
    #expect(batches.map { $0.importedAt(shownWith: hongKong) } == ["2026-11-27 20:52:59 HKT", "2026-07-02 07:30 HKT", "yesterday"])
    #expect(batches.map { $0.importedAt(shownWith: london) } == ["2026-11-27 12:52:59 GMT", "2026-07-02 00:30 BST", "yesterday"])
    #expect(batches.map(\.importedAt) == ["2026-11-27T12:52:59Z", "2026-07-01T23:30:00Z", "yesterday"])
  }

  /// The writer binds a row's text in place: each value reads back as written, an empty text as
  /// empty (not NULL), a missing one as NULL, a long or non-ASCII one whole, row after row.
  @Test func storedTextReadsBackExactlyEmptyAndMissingApart() throws {
    let store = try Store(path: Scratch.path("w", suffix: ".sqlite").path)
    let comment = String(repeating: "長いコメント, with \"quotes\" and\nlines; ", count: 200)
    var facts: [Fact] = []
    for line in 2..<300 {
      var fact = Fact(.scores, line: line, key: "s\(line)|talk|#comment:clarity|ins", subject: "s\(line)")
      (fact.item, fact.criterion, fact.rater) = ("talk", line % 3 == 0 ? "" : "clarity", line % 5 == 0 ? nil : "ins")
      (fact.number, fact.text, fact.extra) = (line % 2 == 0 ? Double(line) : nil, line % 7 == 0 ? comment : line % 11 == 0 ? "" : nil, nil)
      facts.append(fact)
    }
    let read = try store.transaction { db -> ([Fact], commit: Bool) in
      let batch = try Store.insertBatch(db, path: "w.csv", sha256: "x", kind: .scores, by: "t", at: "2026-01-01T00:00:00Z")
      var writer = try FactWriter(db, batch: batch)
      for fact in facts { try writer.write(fact) }
      return (try StoredFact.fetchAll(db, sql: "SELECT * FROM fact ORDER BY id").map(\.fact), commit: false)
    }
    #expect(read == facts)
  }

  /// A long-form score is written from its parts (no `Fact` in between): the row is the one the
  /// `Fact` it stands for gives, for a score with and without a comment and a time, and for a
  /// comment without a score (its own `#comment:` key, criterion ""); an import stores those rows.
  @Test func aLongFormScoreWrittenFromItsPartsIsTheRowOfItsFact() throws {
    var scored = Fact(.scores, line: 2, key: "s1|talk|clarity|ins", subject: "s1")
    (scored.item, scored.criterion, scored.rater, scored.number, scored.at, scored.text) = (
      "talk", "clarity", "ins", 2.5, 1_700, "Fine, \"ok\""
    )
    var bare = Fact(.scores, line: 3, key: "s2|talk|depth|ta1", subject: "s2")
    (bare.item, bare.criterion, bare.rater, bare.number) = ("talk", "depth", "ta1", 0)
    var commentOnly = Fact(.scores, line: 4, key: "s3|talk|#comment:clarity|ins", subject: "s3")
    (commentOnly.item, commentOnly.criterion, commentOnly.rater, commentOnly.text) = ("talk", "", "ins", "長い comment")
    let store = try Store(path: Scratch.path("l", suffix: ".sqlite").path)
    let rows = try store.transaction { db -> ([Fact], commit: Bool) in
      let batch = try Store.insertBatch(db, path: "s.csv", sha256: "x", kind: .scores, by: "t", at: "2026-01-01T00:00:00Z")
      var writer = try FactWriter(db, batch: batch)
      try writer.writeScore(
        line: 2, target: "s1", item: "talk", criterion: "clarity", rater: "ins", points: 2.5, at: 1_700, comment: "Fine, \"ok\"")
      try writer.writeScore(line: 3, target: "s2", item: "talk", criterion: "depth", rater: "ta1", points: 0, at: nil, comment: nil)
      try writer.writeScore(
        line: 4, target: "s3", item: "talk", criterion: "clarity", rater: "ins", points: nil, at: nil, comment: "長い comment")
      return (try StoredFact.fetchAll(db, sql: "SELECT * FROM fact ORDER BY id").map(\.fact), commit: false)
    }
    #expect(rows == [scored, bare, commentOnly])
    // Stored: the scores without their keys (their parts give them), the comment with its own.
    let columns = try store.transaction { db -> ([String], commit: Bool) in
      let batch = try Store.insertBatch(db, path: "s.csv", sha256: "x", kind: .scores, by: "t", at: "2026-01-01T00:00:00Z")
      var writer = try FactWriter(db, batch: batch)
      try writer.writeScore(line: 2, target: "s1", item: "talk", criterion: "clarity", rater: "ins", points: 2.5, at: nil, comment: nil)
      try writer.writeScore(line: 4, target: "s3", item: "talk", criterion: "clarity", rater: "ins", points: nil, at: nil, comment: "x")
      return (try String.fetchAll(db, sql: "SELECT key FROM fact ORDER BY id"), commit: false)
    }
    #expect(columns == ["", "s3|talk|#comment:clarity|ins"])
    let ws = try TestWorkspace()
    _ = try ws.open().importFile(ws.path("groups.csv"), kind: .groups, map: nil, by: "t", dryRun: false)
    try ws.write(
      "s.csv",
      "target,item,criterion,rater,score,comment,submitted_at\ns1,talk,clarity,ins,4, Fine ,2026-03-01T10:00\ns2,talk,depth,ta1,,Later.,\n")
    #expect(try ws.open().importFile(ws.path("s.csv"), kind: .scores, map: nil, by: "t", dryRun: false).status != .rejected)
    let stored = try Store(path: ws.path("gradebook.sqlite")).read {
      try StoredFact.fetchAll($0, sql: "SELECT * FROM fact WHERE kind = 'scores' ORDER BY id").map(\.fact)
    }
    #expect(stored.map(\.key) == ["s1|talk|clarity|ins", "s2|talk|#comment:depth|ta1"])
    #expect(stored.map(\.criterion) == ["clarity", ""])
    #expect(stored.map(\.number) == [4, nil])
    #expect(stored.map(\.text) == ["Fine", "Later."])
    #expect(stored[0].at != nil && stored[1].at == nil)
  }

  /// A form response is written from its parts (no `Fact` in between): its row has the response
  /// key, no criterion, its points in map order as `criterion=points` (whole numbers without
  /// `.0`, others exactly), and expands into one score a criterion with the comment on the first;
  /// rows written before and after it are unchanged. Positions past the eighth (held outside the
  /// inline ones) are written too.
  @Test func aResponseWrittenFromItsPartsReadsBackAsItsScores() throws {
    let store = try Store(path: Scratch.path("r", suffix: ".sqlite").path)
    let criteria = (0..<11).map { "c\($0)" }
    var points = ResponsePoints()
    for (position, value) in [(10, 3.0), (1, 2.5), (0, 0.0), (8, 0.1), (4, 12.0)] { points[position] = value }
    #expect(Array(points.positions) == [0, 1, 4, 8, 10])
    #expect(points[9] == 0 && points[8] == 0.1 && points[10] == 3)
    var before = Fact(.scores, line: 2, key: "s1|talk|clarity|ins", subject: "s1")
    (before.item, before.criterion, before.rater, before.number) = ("talk", "clarity", "ins", 4)
    let (rows, storedKeys) = try store.transaction { db -> (([StoredFact], [String]), commit: Bool) in
      let batch = try Store.insertBatch(db, path: "f.csv", sha256: "x", kind: .scores, by: "t", at: "2026-01-01T00:00:00Z")
      var writer = try FactWriter(db, batch: batch)
      try writer.write(before)
      try writer.writeResponse(
        line: 3, target: "s2", item: "talk", rater: "s9", criteria: criteria, points: points, at: 1_700, comment: "Good, \"clear\"")
      try writer.writeResponse(line: 4, target: "s3", item: "talk", rater: "s9", criteria: criteria, points: points, at: nil, comment: nil)
      try writer.write(before)
      let rows = try StoredFact.fetchAll(db, sql: "SELECT * FROM fact ORDER BY id")
      return ((rows, try String.fetchAll(db, sql: "SELECT key FROM fact ORDER BY id")), commit: false)
    }
    #expect(storedKeys == ["s1|talk|clarity|ins", "", "", "s1|talk|clarity|ins"])  // responses stored without their keys
    #expect(rows.map(\.fact) == [before, rows[1].fact, rows[2].fact, before])
    let response = rows[1].fact
    #expect(response.isResponse && response.criterion == nil && response.number == nil)
    #expect(response.key == "s2|talk|#response|s9")  // from its parts
    #expect(response.extra == "c0=0;c1=2.5;c4=12;c8=0.1;c10=3")
    #expect((response.subject, response.item, response.rater, response.at, response.text) == ("s2", "talk", "s9", 1_700, "Good, \"clear\""))
    let scores = response.expanded()
    #expect(scores.map(\.criterion) == ["c0", "c1", "c4", "c8", "c10"])
    #expect(scores.map(\.number) == [0, 2.5, 12, 0.1, 3])
    #expect(scores.map(\.key) == ["s2|talk|c0|s9", "s2|talk|c1|s9", "s2|talk|c4|s9", "s2|talk|c8|s9", "s2|talk|c10|s9"])
    #expect(scores.map(\.text) == ["Good, \"clear\"", nil, nil, nil, nil])
    #expect(rows[2].fact.text == nil && rows[2].fact.at == nil && rows[2].fact.extra == response.extra)
  }

  /// Loading reads rows from SQLite's columns, not through GRDB's `Row`: every row of a batch gives
  /// the same scores as the row decoded by GRDB and expanded (`StoredFact.forEachScore`), with and
  /// without keys: plain scores, comments (criterion ""), NULLs, non-ASCII text, responses with and
  /// without a comment, scores and responses stored without their keys, and packed points with empty pairs, a pair without `=`, points that are not
  /// a number, an empty criterion, and long criterion names.
  @Test func rowsReadFromSQLiteColumnsGiveTheScoresGRDBGives() throws {
    let store = try Store(path: Scratch.path("c", suffix: ".sqlite").path)
    var facts: [Fact] = []
    for line in 2..<200 {
      var fact = Fact(.scores, line: line, key: "s\(line)|talk|clarity|ins", subject: "s\(line % 17)")
      (fact.item, fact.rater, fact.at) = ("talk", line % 5 == 0 ? "ta" : "s\(line % 13)", line % 3 == 0 ? nil : Int64(line) * 1_000)
      switch line % 4 {
      case 0: (fact.criterion, fact.number) = ("clarity", Double(line % 6) / 2)
      case 1: (fact.criterion, fact.text) = ("", line % 8 == 1 ? "Très bien, \"clair\"" : "")
      case 2:
        fact.key = "s\(line)|talk|#response|x"
        fact.extra = ["q=4;a=3", "q=1;;a=x;c=2.5;=3;d", "a_criterion_with_a_long_name=2;q=0", "q=5"][line % 3]
        fact.text = line % 8 == 2 ? "長いコメント\nline two" : nil
      default: (fact.criterion, fact.number, fact.rater) = ("delivery", nil, nil)
      }
      if line % 8 == 0 || line % 8 == 2 { fact.key = "" }  // a score or a response stored without its key
      facts.append(fact)
    }
    for keys in [false, true] {
      let (read, expected) = try store.transaction { db -> (([StoredFact], [StoredFact]), commit: Bool) in
        let id = try Store.insertBatch(db, path: "m.csv", sha256: "x", kind: .scores, by: "t", at: "2026-01-01T00:00:00Z")
        var writer = try FactWriter(db, batch: id)
        for fact in facts { try writer.write(fact) }
        try Store.finishBatch(db, batch: id, rows: facts.count, facts: writer.ids)
        let batch = try Store.batches(db).first { $0.id == id }!
        var read: [StoredFact] = []
        try Store.forEachScore(db, of: batch, keys: keys) { read.append($0) }
        var expected: [StoredFact] = []
        for stored in try StoredFact.fetchAll(db, sql: "SELECT * FROM fact ORDER BY id") {
          stored.forEachScore(keys: keys) { expected.append($0) }
        }
        return ((read, expected), commit: false)
      }
      if keys {
        #expect(read == expected)  // a score stored without its key gets it from its parts on both ways
      } else {
        // Without keys, a score stored without one keeps it empty: its hash (from its parts) is its key's.
        #expect(read.map(\.fact.keyHash) == expected.map(\.fact.keyHash))
        let keyless = { (facts: [StoredFact]) in
          facts.map {
            var stored = $0; stored.fact.key = ""; return stored
          }
        }
        #expect(keyless(read) == keyless(expected))
      }
      #expect(read.count > facts.count && read.contains { $0.fact.criterion == "a_criterion_with_a_long_name" })
      let odd = read.filter { $0.fact.line == 10 }.map(\.fact)  // line 10: "q=1;;a=x;c=2.5;=3;d", with a comment, rated by ta
      #expect(odd.map(\.criterion) == ["q", "c", ""] && odd.map(\.number) == [1, 2.5, 3])
      #expect(odd.map(\.text) == ["長いコメント\nline two", nil, nil])
      #expect(odd.map(\.key) == (keys ? ["s10|talk|q|ta", "s10|talk|c|ta", "s10|talk||ta"] : ["", "", ""]))
    }
  }
}
