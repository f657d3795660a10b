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
  }

  /// Records a warning at `line`.
  public mutating func warning(_ line: Int?, _ message: String) {
    all.append(Diagnostic(.warning, path: path, line: line, message))
  }

  /// Appends diagnostics gathered elsewhere.
  public mutating func append(contentsOf other: [Diagnostic]) { all.append(contentsOf: other) }

  /// Whether any error (not warning) was recorded.
  public var hasErrors: Bool { all.contains { $0.severity == .error } }

  /// The number of errors.
  public var errorCount: Int { all.count { $0.severity == .error } }
}
