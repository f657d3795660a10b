/// One problem found in an input file, printed as `path:line: error: message`.
///
/// Every loader collects diagnostics instead of stopping at the first, so a user sees every problem
/// of every file in one run (RULES §40).
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
  /// Whether the problem stops the import (`error`) or is only worth a look (`warning`).
  public enum Severity: String, Sendable, Hashable {
    case error, warning
  }

  /// `error` or `warning`.
  public var severity: Severity
  /// The file, relative to the workspace folder as `course.yaml` names it.
  public var path: String
  /// 1-based physical line where the offending record starts; `nil` for a whole-file problem.
  public var line: Int?
  /// What is wrong, with a "did you mean" where one fits.
  public var message: String

  /// Creates a diagnostic.
  public init(_ severity: Severity = .error, path: String, line: Int?, _ message: String) {
    self.severity = severity
    self.path = path
    self.line = line
    self.message = message
  }

  /// `path:line: error: message`, the one format every command prints.
  public var description: String {
    let location = line.map { "\(path):\($0)" } ?? path
    return "\(location): \(severity.rawValue): \(message)"
  }
}

/// Input errors, all of them: thrown when a file (or a workspace) has at least one error.
public struct InputErrors: Error, Sendable, CustomStringConvertible {
  /// Every diagnostic found, errors and warnings, in file order.
  public var diagnostics: [Diagnostic]

  /// Wraps a list of diagnostics.
  public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

  /// One diagnostic a line.
  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics for one file.
public struct DiagnosticLog: Sendable {
  /// The file the diagnostics are about.
  public let path: String
  /// Everything reported so far.
  public private(set) var all: [Diagnostic] = []

  /// A log for `path`.
  public init(path: String) { self.path = path }

  /// Records an error at `line`.
  public mutating func error(_ line: Int?, _ message: String) {
    all.append(Diagnostic(.error, path: path, line: line, message))
    errorCount += 1
  }

  /// Records a warning at `line`.
  public mutating func warning(_ line: Int?, _ message: String) {
    all.append(Diagnostic(.warning, path: path, line: line, message))
  }

  /// Records a warning that a file can give row after row (every timestamp of last year's export):
  /// the first `shown` of its `kind` are recorded, the rest only counted, for
  /// ``closeRepeatedWarnings()`` to say in one line (and their messages never made).
  public mutating func repeatedWarning(_ line: Int?, _ message: @autoclosure () -> String, kind: String, shown: Int = 10) {
    if let index = repeated.firstIndex(where: { $0.kind == kind }) {
      repeated[index].given += 1
      if repeated[index].given > repeated[index].shown { return }
    } else {
      repeated.append((kind, 1, shown))
    }
    warning(line, message())
  }

  /// One warning for each kind of ``repeatedWarning(_:_:kind:shown:)`` with rows left unlisted:
  /// `and 38 more row(s) with <kind>, not listed`, after the file's other diagnostics.
  public mutating func closeRepeatedWarnings() {
    for (kind, given, shown) in repeated where given > shown {
      warning(nil, "and \(given - shown) more row(s) with \(kind), not listed")
    }
    repeated = []
  }

  /// Appends diagnostics gathered elsewhere.
  public mutating func append(contentsOf other: [Diagnostic]) {
    all.append(contentsOf: other)
    errorCount += other.count { $0.severity == .error }
  }

  /// Puts diagnostics gathered on another thread among these, by line: each goes before the
  /// first of these with a later line, so both keep their order and the result reads in file order.
  public mutating func merge(_ other: [Diagnostic]) {
    guard !other.isEmpty else { return }
    var merged: [Diagnostic] = []
    merged.reserveCapacity(all.count + other.count)
    var index = 0
    for diagnostic in other {
      let line = diagnostic.line ?? Int.max
      while index < all.count, (all[index].line ?? Int.max) <= line {
        merged.append(all[index])
        index += 1
      }
      merged.append(diagnostic)
    }
    merged.append(contentsOf: all[index...])
    all = merged
    errorCount += other.count { $0.severity == .error }
  }

  /// Whether any error (not warning) was recorded (asked once a row: counted, not searched).
  public var hasErrors: Bool { errorCount > 0 }

  /// The number of errors.
  public private(set) var errorCount = 0

  /// Known names "did you mean" may still compare against in this file (``hint(for:among:line:)``).
  var suggestionBudget = DiagnosticLog.suggestionBudget
  /// Whether the warning that suggestions stopped was given.
  var suggestionsStopped = false
  /// Kinds of repeated warning in the order first given: how many were given, how many are listed.
  private var repeated: [(kind: String, given: Int, shown: Int)] = []
}
