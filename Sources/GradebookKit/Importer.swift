import Foundation
import GRDB
import GradebookCore
import GradebookHash

/// What one import did.
public struct ImportOutcome: Sendable {
  /// How it ended.
  public enum Status: Sendable, Equatable {
    /// Stored as a new batch; `replaced` are the earlier batches of the same file.
    case imported(batch: Int64, rows: Int, replaced: [Int64])
    /// Byte-identical to an active batch: nothing to do.
    case unchanged(batch: Int64)
    /// A declared source whose latest batch, of these very bytes, was withdrawn: `build` leaves it
    /// out rather than undo the withdrawal (an explicit `gradebook import` brings it back).
    case withdrawn(batch: Int64)
    /// Valid, but nothing was written (`--dry-run`, `check`).
    case checked(rows: Int)
    /// Errors: nothing was written.
    case rejected
  }

  public var file: String
  public var kind: InputKind
  public var status: Status
  /// Errors and warnings, in file order.
  public var diagnostics: [Diagnostic]

  /// A line for the terminal: `data/scores.csv: imported 312 rows as batch 7`.
  public var summary: String {
    switch status {
    case .imported(let batch, let rows, let replaced):
      let replacedText = replaced.isEmpty ? "" : " (replaces batch \(replaced.map(String.init).joined(separator: ", ")))"
      return "\(file): imported \(rows) row(s) of \(kind.rawValue) as batch \(batch)\(replacedText)"
    case .unchanged(let batch): return "\(file): unchanged, already imported as batch \(batch); nothing to do"
    case .withdrawn(let batch):
      return "\(file): unchanged since batch \(batch) was withdrawn; left out (change the file, or bring it back with gradebook import)"
    case .checked(let rows): return "\(file): \(rows) row(s) of \(kind.rawValue) valid"
    case .rejected:
      let errors = diagnostics.count { $0.severity == .error }
      return "\(file): \(errors) error(s); nothing imported"
    }
  }
}

/// Validates one file against the workspace and the store's current state, and stores it as a
/// batch in the same pass: facts stream into one prepared statement inside the caller's
/// transaction, which commits only when the file had no error (SPEC §5).
struct FileImporter {
  let workspace: Workspace

  /// Imports `files` in the order given inside `db`'s open transaction, `maps[i]` for `files[i]`:
  /// each a batch of its own, read against what the files before it stored.
  func run(
    _ db: Database, files: [String], maps: [String?], kind: InputKind, by: String, write: Bool, encoding: String?, delimiter: String?
  ) throws -> [ImportOutcome] {
    precondition(maps.count == files.count, "a map (or nil) for each file")
    return try zip(files, maps).map { file, map in
      try run(db, file: file, kind: kind, map: map, by: by, write: write, encoding: encoding, delimiter: delimiter)
    }
  }

  /// Imports `file` (a path as the user gave it) inside `db`'s open transaction. Returns whether
  /// the transaction may commit.
  /// `declared`: a source of `course.yaml` (`build`, `check`), which a withdrawal keeps out.
  func run(
    _ db: Database, file: String, kind: InputKind, map: String?, by: String, write: Bool, encoding: String? = nil, delimiter: String? = nil,
    declared: Bool = false
  ) throws -> ImportOutcome {
    let shown = workspace.relativePath(file)
    let url = workspace.url(file)
    func rejected(_ diagnostics: [Diagnostic]) -> ImportOutcome {
      ImportOutcome(file: shown, kind: kind, status: .rejected, diagnostics: diagnostics)
    }
    // The file's SHA-256 is taken on a second thread while the map and, for a form naming
    // presenters by slot, the schedule are read (a 144 MB forms export: 0.12 s).
    let path = url.path
    let hashing = Worker { Self.sha256(of: path) }
    let mapLoad = kind == .scores ? map.map(loadMap) : nil
    // Only a form whose presenters are named by slot reads the schedule (100,000 registrations
    // placed first come, first served: a quarter of a second at MOOC scale); it is read first, as
    // who holds each slot decides whether the file is unchanged.
    var validation: (Groups, Schedule?)?
    if case .success(let (loaded, _)) = mapLoad, loaded.namesPresentersBySlot {
      validation = try CourseState.loadForValidation(db, workspace: workspace, schedule: true)
    }
    guard let sha = hashing.wait() else {
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
        return rejected([Diagnostic(path: shown, line: nil, "this is a folder, not a file: name a CSV file in it")])
      }
      return rejected([workspace.unreadable(shown)])
    }
    if map != nil, kind != .scores { return rejected([Diagnostic(path: shown, line: nil, "--map is only for scores")]) }
    var formMap: FormMap?
    var mapSHA256: String?
    switch mapLoad {
    case .success(let (loaded, sha)): (formMap, mapSHA256) = (loaded, sha)
    case .failure(let problems): return rejected(problems.diagnostics)
    case nil: break  // no map
    }
    // Unchanged: the same bytes, already imported as this kind through the same map with the same
    // text, the same encoding and delimiter, in the same context (a map given with a typo in its
    // path, a different map, a map edited since, a changed time zone or roster is not skipped; nor
    // is a batch from a store too old to know these).
    let reading = Batch.Reading(
      map: map.map(workspace.relativePath), mapSHA256: mapSHA256, encoding: encoding, delimiter: delimiter,
      contextSHA256: ReadingContext.digest(workspace: workspace, map: formMap, schedule: validation?.1))
    // A file whose rater column, read by id, held e-mails was stored with the roster's and staff's
    // e-mails in its context (``ValidationContext/readAnEmail``): the same file is unchanged while
    // either context is.
    var withEmails: Batch.Reading?
    func readingWithEmails() -> Batch.Reading {
      if let withEmails { return withEmails }
      var counted = reading
      counted.contextSHA256 = ReadingContext.digest(workspace: workspace, map: formMap, schedule: validation?.1, emails: true)
      withEmails = counted
      return counted
    }
    func readsAsNow(_ stored: Batch.Reading?) -> Bool {
      guard let stored else { return false }
      return stored == reading || (stored.contextSHA256 != reading.contextSHA256 && stored == readingWithEmails())
    }
    let existing = try Store.activeBatch(db, sha256: sha, kind: kind)
    if write, let existing, readsAsNow(existing.reading) {
      return ImportOutcome(file: shown, kind: kind, status: .unchanged(batch: existing.id), diagnostics: [])
    }
    // Only checking a file whose rows are stored as they would be read now: validate it, write
    // nothing (the store already holds what `build` would leave).
    let alreadyStored = !write && readsAsNow(existing?.reading)
    if declared, let latest = try Store.latestBatch(db, path: shown, kind: kind), latest.withdrawn, latest.sha256 == sha,
      readsAsNow(latest.reading)
    {
      return ImportOutcome(file: shown, kind: kind, status: .withdrawn(batch: latest.id), diagnostics: [])
    }
    let input: InputFile
    do {
      input = try InputFile(path: url.path, encoding: encoding ?? formMap?.encoding, delimiter: delimiter ?? formMap?.delimiter)
    } catch {
      return rejected([Diagnostic(path: shown, line: nil, "\(error)")])
    }
    defer { input.close() }
    let (groups, schedule) = try validation ?? CourseState.loadForValidation(db, workspace: workspace, schedule: false)
    let context = ValidationContext(workspace: workspace, groups: groups, schedule: schedule)
    PhaseTrace.mark("checked unchanged (SHA-256), groups\(schedule == nil ? "" : ", registrations and schedule") loaded")
    if alreadyStored {
      var discarding = FactWriter()
      let (log, rows) = try Self.readAndStore(kind: kind, context: context, map: formMap, input: input, shown: shown, into: &discarding)
      if log.hasErrors { return rejected(log.all) }
      return ImportOutcome(file: shown, kind: kind, status: .checked(rows: rows), diagnostics: log.all)
    }
    // Recorded as a source when course.yaml lists it now, however it is imported (by `build`, or
    // by hand): if the list later drops or renames it, its batch is warned about (StaleReference).
    let listed = declared || workspace.declares(shown, as: kind)
    let batch = try Store.insertBatch(db, path: shown, sha256: sha, kind: kind, reading: reading, declared: listed, by: by, at: Self.now())
    var writer = try FactWriter(db, batch: batch)
    var (log, rows) = try Self.readAndStore(kind: kind, context: context, map: formMap, input: input, shown: shown, into: &writer)
    if log.hasErrors { return rejected(log.all) }
    // Replaced even when only checking (the caller rolls back), so files checked after this one see
    // the data as `build` would leave it.
    try Store.finishBatch(
      db, batch: batch, rows: rows, facts: writer.ids, contextSHA256: context.readAnEmail.isSet ? readingWithEmails().contextSHA256 : nil)
    let earlier = try Store.replaceEarlier(db, batch: batch, path: shown, kind: kind)
    let replaced = earlier.map(\.id)
    guard write else { return ImportOutcome(file: shown, kind: kind, status: .checked(rows: rows), diagnostics: log.all) }
    // A form export only grows: a version with fewer rows than the one it replaces is most often an
    // older download, and the rows it lacks stop counting. (The roster counts from its file.)
    if kind != .roster, let larger = earlier.max(by: { $0.rows < $1.rows }), larger.rows > rows {
      log.warning(
        nil,
        "this file has \(rows) row(s), \(larger.rows - rows) fewer than batch \(larger.id) it replaces: those rows stop counting"
          + " (if it is an older download, gradebook import --withdraw \(batch) brings batch \(larger.id) back)")
    }
    return ImportOutcome(file: shown, kind: kind, status: .imported(batch: batch, rows: rows, replaced: replaced), diagnostics: log.all)
  }

  /// Reads and checks the map at `path` against the rubric; with the SHA-256 of its text. A path
  /// that cannot be read suggests the nearest file name in its folder.
  func loadMap(_ path: String) -> Result<(FormMap, String), InputErrors> {
    let shown = workspace.relativePath(path)
    if ["csv", "tsv"].contains((path as NSString).pathExtension.lowercased()) {  // the file and the map swapped
      return .failure(
        InputErrors([
          Diagnostic(
            path: shown, line: nil, "this is a CSV file (the form's export?), not a map: import the export, with its map (YAML) as --map")
        ]))
    }
    guard let text = try? String(contentsOf: workspace.url(path), encoding: .utf8) else {
      return .failure(
        InputErrors([Diagnostic(path: shown, line: nil, "cannot read the map file\(Workspace.nearby(shown, in: workspace.folder))")]))
    }
    let (loaded, diagnostics) = FormMap.load(text: text, path: shown, rubric: workspace.rubric)
    guard let loaded else { return .failure(InputErrors(diagnostics)) }
    var digest = SHA256Digest()
    digest.update(Data(text.utf8))
    return .success((loaded, digest.finalizeHex()))
  }

  /// Reads `input` on a second thread, which checks each row (``FactParser/parse(_:log:)``),
  /// while this one settles the checked rows in file order (``FactParser/settle(_:log:store:into:)``) and
  /// stores their facts, until the first error of either. Returns both threads' diagnostics in
  /// file order and the rows read.
  static func readAndStore<Parser: FactParser>(
    _ parser: Parser, input: InputFile, shown: String, into writer: inout FactWriter,
    kindHint: @escaping @Sendable ([String]) -> String? = { _ in nil }
  ) throws -> (DiagnosticLog, Int) {
    var settling = parser
    let channel = ChunkChannel<Parser.Checked>()
    let foundErrors = SharedFlag()
    let reading = Worker {
      FileReading(input: input, shown: shown, foundErrors: foundErrors, kindHint: kindHint).run(parser, into: channel)
    }
    var settled = DiagnosticLog(path: shown)
    do {
      while let chunk = channel.receive() {
        for index in chunk.indices {
          try settling.settle(chunk[index], log: &settled, store: !settled.hasErrors && !foundErrors.isSet, into: &writer)
        }
      }
    } catch {
      channel.cancel()
      _ = reading.wait()
      throw error
    }
    let read = reading.wait()
    if let error = read.error { throw error }
    var log = read.log
    log.merge(settled.all)
    return (log, read.rows)
  }

  /// ``readAndStore(_:input:shown:into:)`` with the parser for `kind` (or `map`), named by its
  /// type so that the reading and storing loops are compiled for it (through `any FactParser`
  /// every checked row was copied through the type's witness table).
  static func readAndStore(
    kind: InputKind, context: ValidationContext, map: FormMap?, input: InputFile, shown: String, into writer: inout FactWriter
  ) throws -> (DiagnosticLog, Int) {
    let hasMap = map != nil
    func run<Parser: FactParser>(_ parser: Parser) throws -> (DiagnosticLog, Int) {
      try readAndStore(parser, input: input, shown: shown, into: &writer) { KindHint.hint(header: $0, kind: kind, map: hasMap) }
    }
    if let map { return try run(WideScoreFacts(context: context, map: map)) }
    switch kind {
    case .roster: return try run(RosterFacts(context: context))
    case .groups: return try run(GroupFacts(context: context))
    case .registrations: return try run(RegistrationFacts(context: context))
    case .uploads: return try run(UploadFacts(context: context))
    case .scores: return try run(ScoreFacts(context: context))
    case .adjustments: return try run(AdjustmentFacts(context: context))
    case .contributions: return try run(ContributionFacts(context: context))
    }
  }

  /// SHA-256 of a file, read in blocks; `nil` if it cannot be read.
  static func sha256(of path: String) -> String? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    var digest = SHA256Digest()
    do {
      while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
        digest.update(chunk)
      }
    } catch {
      return nil
    }
    return digest.finalizeHex()
  }

  /// The import time for the audit trail (UTC, seconds).
  static func now() -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: Date())
  }
}
