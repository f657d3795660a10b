import Foundation
import GRDB
import GradebookCore

/// A workspace with its store: what every `gradebook` command works on.
public struct Course: Sendable {
  public let workspace: Workspace
  let storeIfExists: Store?

  /// Opens a workspace; its store is opened only if it already exists (``store()`` creates it).
  public init(path: String) throws {
    workspace = try Workspace.load(path)
    let storePath = workspace.storePath
    storeIfExists = FileManager.default.fileExists(atPath: storePath) ? try Store(path: storePath) : nil
  }

  /// The store, created on first use.
  public func store() throws -> Store { try storeIfExists ?? Store(path: workspace.storePath) }

  /// A store to validate against without writing: the real one if it exists, else an empty one in memory.
  func scratchStore() throws -> Store { try storeIfExists ?? Store() }

  /// The file ``scratchStore()`` reads, when it is one (not the store in memory): while a
  /// transaction on it has changed nothing, a second connection may read its scores ahead.
  private var scratchStoreFile: String? { storeIfExists == nil ? nil : workspace.storePath }

  /// Sources in the order `build` imports them (RULES §45): the roster, groups, registrations,
  /// then every other source as declared.
  public var importOrder: [SourceDeclaration] {
    let sources = workspace.config.sources
    let roster = SourceDeclaration(kind: .roster, file: workspace.config.roster, position: -1)
    return [roster] + sources.filter { $0.kind == .groups } + sources.filter { $0.kind == .registrations }
      + sources.filter { $0.kind != .groups && $0.kind != .registrations && $0.kind != .roster }
  }

  /// Validates every declared source as `build` would import it, writing nothing.
  public func check() throws -> [ImportOutcome] {
    try runSources(in: scratchStore(), by: "check", write: false).outcomes
  }

  /// What `gradebook check` finds: every declared source validated as `build` would import it, and
  /// when all of them are clean, what the stored data as `build` would leave it says
  /// (``CourseState/diagnostics``: stale names, scores above a lowered max, renamed sources; and
  /// ``CourseState/courseWarnings``), so that `check` passes only where `build` would. Writes nothing.
  public func checkAll() throws -> (outcomes: [ImportOutcome], stored: [Diagnostic]) {
    try runSources(in: scratchStore(), by: "check", write: false) { db, changed in
      // When a file was stored in the uncommitted transaction, read on this connection (a second
      // one would not see it); when every file was already stored as it reads now, the store file
      // holds what `build` would leave, and a second connection may read ahead (as `build` does).
      let state = try CourseState.load(db, workspace: workspace, comments: false, storePath: changed ? nil : scratchStoreFile)
      return state.diagnostics + state.courseWarnings
    }
  }

  /// Imports one file as one transaction; with `dryRun`, validates and writes nothing.
  public func importFile(
    _ file: String, kind: InputKind, map: String?, by: String, dryRun: Bool, encoding: String? = nil, delimiter: String? = nil
  ) throws -> ImportOutcome {
    try importFiles([file], kind: kind, maps: [map], by: by, dryRun: dryRun, encoding: encoding, delimiter: delimiter)[0]
  }

  /// Imports several files of one kind in one transaction, in the order given (`gradebook import
  /// COURSE data/week*.csv --kind scores`): each becomes a batch of its own, as if imported one
  /// after another, and one error in any of them imports none. Every file is still read and
  /// reported; the workspace is loaded once. With `dryRun`, validates and writes nothing. Each
  /// file is read through its own map (`maps[i]` for `files[i]`; `nil`: none), as course.yaml
  /// gives a staff file none and a form export its own.
  public func importFiles(
    _ files: [String], kind: InputKind, maps: [String?], by: String, dryRun: Bool = false, encoding: String? = nil,
    delimiter: String? = nil
  ) throws -> [ImportOutcome] {
    let importer = FileImporter(workspace: workspace)
    let store = dryRun ? try scratchStore() : try store()
    PhaseTrace.mark("workspace loaded, store open")
    defer { PhaseTrace.mark("transaction ended (committed or rolled back)") }
    return try store.transaction { db in
      let outcomes = try importer.run(
        db, files: files, maps: maps, kind: kind, by: by, write: !dryRun, encoding: encoding, delimiter: delimiter)
      PhaseTrace.mark("file read and stored")
      let clean = !outcomes.contains { $0.status == .rejected }
      let changed = outcomes.contains { if case .imported = $0.status { true } else { false } }
      return (outcomes, commit: clean && changed)
    }
  }

  /// Imports every declared source in one transaction: one error anywhere and nothing is written.
  /// Every file is still checked (and reported), and each becomes a batch of its own.
  public func importSources(by: String) throws -> [ImportOutcome] {
    try runSources(in: store(), by: by, write: true).outcomes
  }

  /// Every declared source in import order, in one transaction, committed only when writing and
  /// every file was clean; then, when every file was clean, `andThen` in the same transaction.
  /// `andThen` is told whether the transaction changed the store.
  private func runSources(
    in store: Store, by: String, write: Bool, andThen: ((Database, _ changed: Bool) throws -> [Diagnostic])? = nil
  ) throws -> (outcomes: [ImportOutcome], stored: [Diagnostic]) {
    let importer = FileImporter(workspace: workspace)
    return try store.transaction { db in
      let changesBefore = db.totalChangesCount
      let outcomes = try importOrder.map { source in
        try importer.run(db, file: source.file, kind: source.kind, map: source.map, by: by, write: write, declared: true)
      }
      let clean = !outcomes.contains { $0.status == .rejected }
      let stored = clean ? try andThen?(db, db.totalChangesCount != changesBefore) ?? [] : []
      return ((outcomes, stored), commit: write && clean)
    }
  }

  /// The current groups (none before anything is stored).
  public func groups() throws -> Groups {
    guard let store = storeIfExists else { return Groups(memberships: []) }
    return try store.read { try CurrentFacts($0, workspace: workspace).groups($0) }
  }

  /// The store's current data; comments only when asked (only reports show them, and at MOOC scale
  /// they are hundreds of megabytes); no scores at all when `scores` is false.
  public func state(comments: Bool = true, scores: Bool = true) throws -> CourseState {
    try (storeIfExists ?? store()).read {
      try CourseState.load($0, workspace: workspace, comments: comments, storePath: workspace.storePath, scores: scores)
    }
  }

  /// Scores the course from the store's current state; `detail` and `detailStudents`: whether, and
  /// for whom (`nil`: everyone), an output will show evidence, per-criterion breakdowns and parts
  /// (``ScoringContext/detail``).
  public func score(comments: Bool = true, detail: Bool = true, detailStudents: Set<String>? = nil) throws -> GradebookResult {
    PhaseTrace.mark("workspace loaded")
    let state = try state(comments: comments)
    PhaseTrace.mark("state loaded")
    let result = try GradebookResult.score(workspace: workspace, state: state, detail: detail, detailStudents: detailStudents)
    PhaseTrace.mark("scored")
    return result
  }

  /// Withdraws a batch (its rows stop counting; what it replaced counts again). `nil` when there is
  /// no such batch or it is already withdrawn. A roster batch is refused (``InputErrors``): the
  /// roster counts from its file as it is now, so withdrawing one would change nothing.
  public func withdraw(batch: Int64) throws -> (Batch, restored: [Int64])? {
    try store().transaction { db in
      if let roster = try Store.batch(db, id: batch), roster.kind == InputKind.roster.rawValue {
        throw InputErrors([
          Diagnostic(
            path: roster.path, line: nil,
            "batch \(batch) is an import of the roster, which counts from \(roster.path) as the file is now, not from its imports: "
              + "to take a student off, edit the file")
        ])
      }
      let result = try Store.withdraw(db, batch: batch)
      return (result, commit: result != nil)
    }
  }

  /// What importing a file would change, computed by importing it in a transaction that is rolled
  /// back: the outcome, values that would be superseded, and the students whose results would move.
  public func preview(
    _ file: String, kind: InputKind, map: String?, by: String, encoding: String? = nil, delimiter: String? = nil
  ) throws -> ImportPreview {
    try preview([file], kind: kind, maps: [map], by: by, encoding: encoding, delimiter: delimiter)
  }

  /// What importing several files of one kind together would change (``importFiles(_:kind:maps:by:dryRun:encoding:delimiter:)``,
  /// `maps[i]` for `files[i]`): each file's outcome, then, when every one is clean, what they
  /// change together.
  public func preview(
    _ files: [String], kind: InputKind, maps: [String?], by: String, encoding: String? = nil, delimiter: String? = nil
  ) throws -> ImportPreview {
    try preview(
      files, kind: kind, maps: maps, by: by, encoding: encoding, delimiter: delimiter, rankLimit: Int(ImportPreview.Stamp.unranked))
  }

  /// `preview`, old values found by their batch's rank only below `rankLimit` (a test lowers it
  /// to check the other way, reading every current value again, which over 65,534 batches takes).
  ///
  /// The files are imported first, in a savepoint taken back once what they change is read: a
  /// file with errors, or files already imported, are told at once, without loading the course.
  /// The course before them is read on a connection that does not see the savepoint.
  ///
  /// `scoped` false reads every stored batch of the kind, not only those that may give a key the
  /// files change (``ImportPreview/Scope``; a test checks both agree).
  func preview(
    _ files: [String], kind: InputKind, maps: [String?], by: String, encoding: String?, delimiter: String?, rankLimit: Int,
    scoped: Bool = true
  ) throws -> ImportPreview {
    let importer = FileImporter(workspace: workspace)
    return try scratchStore().transaction { db in
      var preview: ImportPreview?
      var fingerprints = KeyHashTable<ImportPreview.Stamp>()
      var changed: [KeyHash: (key: String, new: ImportPreview.Value?)] = [:]
      var scope: ImportPreview.Scope?
      try db.inSavepoint {
        let outcomes = try importer.run(
          db, files: files, maps: maps, kind: kind, by: by, write: true, encoding: encoding, delimiter: delimiter)
        var found = ImportPreview(outcomes: outcomes)
        defer { preview = found }
        guard found.wouldImport else { return .rollback }
        PhaseTrace.mark("dry run: files read and stored in a savepoint")
        scope = scoped ? try ImportPreview.Scope(db, kind: kind, outcomes: outcomes) : nil
        PhaseTrace.mark("dry run: the batches that may give a changed key found")
        // Before: the grades and messages kept, the course state let go (at 100,000 students two
        // states at once were over a gigabyte); each key's value as a fingerprint. No state is
        // loaded with comments: no score reads them.
        let (gradesBefore, known) = try readStoreBefore { before in
          let kept = try {  // the state let go before the fingerprints are taken
            let state = try CourseState.load(before, workspace: workspace, comments: false, storePath: scratchStoreFile)
            let grades = try GradebookResult.score(workspace: workspace, state: state, detail: false).grades
            return (grades, Set((state.diagnostics + state.courseWarnings).map(\.message)))
          }()
          PhaseTrace.mark("dry run: the course before, loaded and scored")
          fingerprints = try ImportPreview.fingerprints(
            before, workspace: workspace, kind: kind, storePath: scratchStoreFile, rankLimit: rankLimit, scope: scope)
          PhaseTrace.mark("dry run: fingerprints of the stored values")
          return kept
        }
        try {  // the state after, let go before the values are compared
          let after = try CourseState.load(db, workspace: workspace, comments: false)
          // What the import would leave stored scores naming that the course then lacks (a group
          // renamed, a student dropped): the reason such students would move, said before the
          // moves. By message: the course's own warnings may name the new file as where they stand.
          found.courseWarnings = (after.diagnostics + after.courseWarnings).filter {
            $0.severity == .warning && !known.contains($0.message)
          }
          found.compare(gradesBefore, try GradebookResult.score(workspace: workspace, state: after, detail: false).grades)
        }()
        PhaseTrace.mark("dry run: the course after, loaded and scored")
        changed = try found.compareAfter(db, workspace: workspace, kind: kind, before: &fingerprints, scope: scope)
        PhaseTrace.mark("dry run: values compared")
        return .rollback
      }
      guard var preview else { preconditionFailure("the savepoint ran") }
      if preview.wouldImport {
        try preview.compareBefore(db, workspace: workspace, kind: kind, changed: changed, stamps: fingerprints, scope: scope)
        PhaseTrace.mark("dry run: old values described")
      }
      return (preview, commit: false)
    }
  }

  /// Runs `body` on a connection that reads the store as it was before the open transaction's
  /// changes: a second, read-only connection to the store file (in WAL mode it sees committed
  /// pages only), or, for a course with no store yet, an empty store in memory.
  private func readStoreBefore<T>(_ body: (Database) throws -> T) throws -> T {
    if let path = scratchStoreFile { return try Store.readOnlyQueue(path: path).read(body) }
    return try Store().read(body)
  }

  /// Every batch, oldest first.
  public func batches() throws -> [Batch] {
    guard storeIfExists != nil || FileManager.default.fileExists(atPath: workspace.storePath) else { return [] }
    return try store().batches()
  }
}
