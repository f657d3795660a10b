import GRDB
import GradebookCore

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
