import Foundation
import GRDB
import GradebookCore

extension ImportPreview {
  /// The stored batches a dry run need not read: those that give none of the keys the import can
  /// change.
  ///
  /// Only the keys its new batches give, and those of the batches they replace, can change their
  /// current value: any other key is given only by batches whose standing the import leaves as it
  /// was (it adds batches and marks the ones it replaces; precedence is by each batch's own file).
  /// A score's key ends with its rater, so a batch of scores by none of those batches' raters gives
  /// none of those keys. Leaving it out of both passes changes no comparison: each of its keys
  /// compares the same before and after, whichever batch then gives it. A staff file's preview at
  /// 100,000 students then reads the staff file's half a million scores, not also the forms
  /// export's 4.3 million.
  struct Scope {
    /// The batches left out.
    let excluded: Set<Int64>

    /// The scope of the imports in `outcomes`, read in `db` with them stored. Raters are compared
    /// by SQLite, without reading rows into facts; other kinds than scores leave nothing out.
    /// `fewRaters`: how many raters a side may have to be listed (below).
    init(_ db: Database, kind: InputKind, outcomes: [ImportOutcome], fewRaters: Int = 1_000) throws {
      excluded = kind == .scores ? try Self.batchesByOtherRaters(db, outcomes: outcomes, fewRaters: fewRaters) : []
    }

    /// The active batches of scores whose raters are none of those of the batches `outcomes` added
    /// or replaced. A batch and those batches are compared by listing the raters of a side that has
    /// few, at most `fewRaters` (a staff file's handful; a forms export has a student's each), and
    /// looking for any of them in the other; when neither side has few, or a row has no rater, the
    /// batch is kept.
    private static func batchesByOtherRaters(_ db: Database, outcomes: [ImportOutcome], fewRaters: Int) throws -> Set<Int64> {
      var ids: Set<Int64> = []
      for outcome in outcomes {
        guard case .imported(let batch, _, let replaced) = outcome.status else { continue }
        ids.insert(batch)
        ids.formUnion(replaced)
      }
      let batches = try Store.batches(db).filter { $0.kind == InputKind.scores.rawValue && $0.firstFact != nil }
      let touched = batches.filter { ids.contains($0.id) }
      // The touched batches' raters, listed once, when first wanted (`nil` inside: not few).
      var touchedRaters: Set<String>?
      var touchedListed = false
      var excluded: Set<Int64> = []
      for batch in batches where batch.isActive && !ids.contains(batch.id) {
        let shares: Bool
        if let raters = try raters(db, of: [batch], atMost: fewRaters) {
          shares = try rates(db, any: raters, in: touched)
        } else {
          if !touchedListed { (touchedRaters, touchedListed) = (try raters(db, of: touched, atMost: fewRaters), true) }
          shares = try touchedRaters.map { try rates(db, any: $0, in: [batch]) } ?? true
        }
        if !shares { excluded.insert(batch.id) }
      }
      return excluded
    }

    /// The raters of `batches`' rows, when there are at most `limit` (SQLite stops reading at one
    /// more) and every row has one; otherwise `nil`.
    private static func raters(_ db: Database, of batches: [Batch], atMost limit: Int) throws -> Set<String>? {
      var raters: Set<String> = []
      for batch in batches {
        let found = try String?.fetchAll(
          db, sql: "SELECT DISTINCT rater FROM fact WHERE id BETWEEN ? AND ? LIMIT ?",
          arguments: [batch.firstFact, batch.lastFact, limit + 1])
        if found.contains(nil) { return nil }
        raters.formUnion(found.compactMap { $0 })
        if raters.count > limit { return nil }
      }
      return raters
    }

    /// Whether a row of `batches` is by one of `raters`, or by none.
    private static func rates(_ db: Database, any raters: Set<String>, in batches: [Batch]) throws -> Bool {
      let list = String(decoding: try JSONEncoder().encode(raters.sorted()), as: UTF8.self)
      for batch in batches {
        let found = try Bool.fetchOne(
          db,
          sql:
            "SELECT EXISTS (SELECT 1 FROM fact WHERE id BETWEEN ? AND ? AND (rater IS NULL OR rater IN (SELECT value FROM json_each(?))))",
          arguments: [batch.firstFact, batch.lastFact, list])
        if found == true { return true }
      }
      return false
    }
  }
}
