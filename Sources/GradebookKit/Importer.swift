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

  /// Imports `file` (a path as the user gave it) inside `db`'s open transaction. Returns whether
  /// the transaction may commit.
  func run(
    _ db: Database, file: String, kind: InputKind, map: String?, by: String, write: Bool, encoding: String? = nil, delimiter: String? = nil
  ) throws -> ImportOutcome {
    let shown = workspace.relativePath(file)
    let url = workspace.url(file)
    func rejected(_ diagnostics: [Diagnostic]) -> ImportOutcome {
      ImportOutcome(file: shown, kind: kind, status: .rejected, diagnostics: diagnostics)
    }
    guard let sha = Self.sha256(of: url.path) else {
      return rejected([Diagnostic(path: shown, line: nil, "cannot read the file (missing or unreadable)")])
    }
    if write, let existing = try Store.activeBatch(db, sha256: sha, kind: kind) {
      return ImportOutcome(file: shown, kind: kind, status: .unchanged(batch: existing.id), diagnostics: [])
    }
    var formMap: FormMap?
    if let map {
      guard kind == .scores else { return rejected([Diagnostic(path: shown, line: nil, "--map is only for scores")]) }
      let mapShown = workspace.relativePath(map)
      guard let text = try? String(contentsOf: workspace.url(map), encoding: .utf8) else {
        return rejected([Diagnostic(path: mapShown, line: nil, "cannot read the map file")])
      }
      let (loaded, diagnostics) = FormMap.load(text: text, path: mapShown, rubric: workspace.rubric)
      guard let loaded else { return rejected(diagnostics) }
      formMap = loaded
    }
    let input: InputFile
    do {
      input = try InputFile(path: url.path, encoding: encoding ?? formMap?.encoding, delimiter: delimiter ?? formMap?.delimiter)
    } catch {
      return rejected([Diagnostic(path: shown, line: nil, "\(error)")])
    }
    defer { input.close() }
    // Only a form whose presenters are named by slot reads the schedule (100,000 registrations
    // placed first come, first served: a quarter of a second at MOOC scale).
    let (groups, schedule) = try CourseState.loadForValidation(
      db, workspace: workspace, schedule: formMap?.namesPresentersBySlot ?? false)
    let context = ValidationContext(workspace: workspace, groups: groups, schedule: schedule)
    let batch = try Store.insertBatch(
      db, path: shown, sha256: sha, kind: kind, map: map.map(workspace.relativePath), by: by, at: Self.now())
    var writer = try FactWriter(db, batch: batch)
    let channel = FactChannel()
    let parser = Self.parser(kind: kind, context: context, map: formMap)
    let reading = Worker { FileReading(input: input, shown: shown).run(parser, into: channel) }
    // This thread stores what the reading thread validated, while it reads on.
    do {
      while let chunk = channel.receive() {
        for fact in chunk { try writer.write(fact) }
      }
    } catch {
      channel.cancel()
      _ = reading.wait()
      throw error
    }
    let read = reading.wait()
    if let error = read.error { throw error }
    let (log, rows) = (read.log, read.rows)
    if log.hasErrors { return rejected(log.all) }
    // Replaced even when only checking (the caller rolls back), so files checked after this one see
    // the data as `build` would leave it.
    try Store.finishBatch(db, batch: batch, rows: rows, facts: writer.ids)
    let replaced = try Store.replaceEarlier(db, batch: batch, path: shown, kind: kind)
    guard write else { return ImportOutcome(file: shown, kind: kind, status: .checked(rows: rows), diagnostics: log.all) }
    return ImportOutcome(file: shown, kind: kind, status: .imported(batch: batch, rows: rows, replaced: replaced), diagnostics: log.all)
  }

  static func parser(kind: InputKind, context: ValidationContext, map: FormMap?) -> any FactParser {
    if let map { return WideScoreFacts(context: context, map: map) }
    switch kind {
    case .roster: return RosterFacts(context: context)
    case .groups: return GroupFacts(context: context)
    case .registrations: return RegistrationFacts(context: context)
    case .uploads: return UploadFacts(context: context)
    case .scores: return ScoreFacts(context: context)
    case .adjustments: return AdjustmentFacts(context: context)
    case .contributions: return ContributionFacts(context: context)
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
