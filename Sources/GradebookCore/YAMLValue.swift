import Yams

/// A parsed YAML document that remembers the line of every value, so loaders can report
/// `path:line: error: …` at the exact place.
public indirect enum YAMLValue: Sendable, Hashable {
  /// A scalar, kept as written (numbers are read when a key asks for one).
  case scalar(String, line: Int)
  /// A mapping, keys in file order.
  case mapping([(key: String, keyLine: Int, value: YAMLValue)], line: Int)
  /// A sequence.
  case sequence([YAMLValue], line: Int)

  public static func == (a: YAMLValue, b: YAMLValue) -> Bool { a.hashKey == b.hashKey }
  public func hash(into hasher: inout Hasher) { hasher.combine(hashKey) }
  private var hashKey: String { "\(self)" }

  /// The 1-based line the value starts on.
  public var line: Int {
    switch self {
    case .scalar(_, let line), .mapping(_, let line), .sequence(_, let line): return line
    }
  }

  /// The scalar text, or `nil` for a mapping or sequence.
  public var text: String? {
    if case .scalar(let s, _) = self { return s }
    return nil
  }

  /// The entries of a mapping, or `nil`.
  public var entries: [(key: String, keyLine: Int, value: YAMLValue)]? {
    if case .mapping(let entries, _) = self { return entries }
    return nil
  }

  /// The elements of a sequence, or `nil`.
  public var elements: [YAMLValue]? {
    if case .sequence(let elements, _) = self { return elements }
    return nil
  }

  /// The value under `key` in a mapping.
  public subscript(key: String) -> YAMLValue? {
    entries?.first { $0.key == key }?.value
  }

  /// Parses YAML text. A syntax error becomes a diagnostic at its line.
  public static func parse(_ text: String, path: String) throws(InputErrors) -> YAMLValue {
    let node: Node?
    do {
      node = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw InputErrors([Diagnostic(path: path, line: Self.line(of: error), "invalid YAML: \(Self.describe(error))")])
    } catch {
      throw InputErrors([Diagnostic(path: path, line: nil, "invalid YAML: \(error)")])
    }
    guard let node else { return .mapping([], line: 1) }
    return convert(node)
  }

  static func convert(_ node: Node) -> YAMLValue {
    let line = node.mark?.line ?? 1
    switch node {
    case .scalar(let scalar):
      return .scalar(scalar.string, line: line)
    case .mapping(let mapping):
      return .mapping(
        mapping.map { pair in
          (key: pair.key.string ?? "", keyLine: pair.key.mark?.line ?? line, value: convert(pair.value))
        }, line: line)
    case .sequence(let sequence):
      return .sequence(sequence.map(convert), line: line)
    case .alias:
      return .scalar("", line: line)
    }
  }

  static func line(of error: YamlError) -> Int? {
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
      return mark.line
    case .duplicatedKeysInMapping(_, let context):
      return context.mark.line
    default: return nil
    }
  }

  static func describe(_ error: YamlError) -> String {
    switch error {
    case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
      return problem
    case .duplicatedKeysInMapping(let duplicates, _):
      // Yams's own text quotes the whole file as its context.
      let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
      return "\(duplicates.count == 1 ? "the key" : "the keys") \(keys) written twice in one mapping (which value counts would be a guess)"
    default: return "\(error)"
    }
  }
}
