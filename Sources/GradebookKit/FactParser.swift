import GradebookCore

/// Turns the rows of one kind of CSV into facts, reporting every problem at its line.
///
/// An import runs the two halves on two threads: ``parse(_:log:)`` on the reading thread, row by
/// row as the file is read, and ``settle(_:log:store:into:)`` on the storing thread, in file order. A parser
/// whose rows need nothing from each other but a duplicate check can leave that check and the
/// building of its facts to `settle`, so the storing thread (which otherwise waits on SQLite) does
/// a share of the work; most parsers do everything in `parse` (`Checked` is then `[Fact]`).
protocol FactParser {
  /// What the reading thread makes of a row: its facts, or what `settle` needs to finish them.
  associatedtype Checked = [Fact]
  /// Columns the header must have (normalised names).
  var requiredColumns: [String] { get }
  /// Called with the header; returns the columns that are missing. The default checks `requiredColumns`.
  mutating func header(_ names: [String]) -> [String]
  /// Whether the parser reads a column of this (normalised) name: such a column must not appear
  /// twice. The default: every column (a CSV made for one kind names only what it means).
  func reads(_ column: String) -> Bool
  /// A required column (normalised) as its source names it, and where, when that is not the kind's
  /// own list: a form map's column. The default: `nil`, the name alone says it.
  func origin(ofColumn column: String) -> String?
  /// One data row, checked (nothing stored when the row has an error or is "not rated").
  mutating func parse(_ row: TableRow, log: inout DiagnosticLog) -> Checked
  /// After the last row: what only the whole file shows. The default: nothing.
  mutating func finish(log: inout DiagnosticLog)
  /// Settles a checked row after what needs the rows before it (duplicates; RULES §46) and, when
  /// `store` is true (no error so far), writes its facts to `writer`.
  mutating func settle(_ checked: Checked, log: inout DiagnosticLog, store: Bool, into writer: inout FactWriter) throws
}

extension FactParser {
  mutating func header(_ names: [String]) -> [String] { requiredColumns.filter { !names.contains($0) } }
  func reads(_ column: String) -> Bool { true }
  func origin(ofColumn column: String) -> String? { nil }
  mutating func finish(log: inout DiagnosticLog) {}
}

extension FactParser where Checked == [Fact] {
  func settle(_ checked: [Fact], log: inout DiagnosticLog, store: Bool, into writer: inout FactWriter) throws {
    guard store else { return }
    for fact in checked { try writer.write(fact) }
  }
}
