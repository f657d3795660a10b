/// The immutable lookup table of scorers, built once from a list of types (STYLE §3).
///
/// It refuses duplicate identifiers, and answers an unknown id with the list of known ones.
public struct ScorerRegistry: Sendable {
  /// A registry could not be built: two scorers share an identifier.
  public struct DuplicateIdentifier: Error, CustomStringConvertible {
    /// The identifier used twice.
    public var identifier: String
    public var description: String { "two scorers share the identifier '\(identifier)'" }
  }

  private let table: [String: any Scorer.Type]
  /// Every scorer type, in the order given.
  public let all: [any Scorer.Type]

  /// Builds the registry; throws if two types share an identifier.
  public init(_ types: [any Scorer.Type]) throws(DuplicateIdentifier) {
    var table: [String: any Scorer.Type] = [:]
    for type in types {
      let id = type.description.identifier
      guard table[id] == nil else { throw DuplicateIdentifier(identifier: id) }
      table[id] = type
    }
    self.table = table
    self.all = types
  }

  /// Known identifiers, sorted.
  public var identifiers: [String] { table.keys.sorted() }

  /// The type registered under `identifier`.
  public func scorerType(_ identifier: String) -> (any Scorer.Type)? { table[identifier] }

  /// The message for an unknown scorer id: the known ones, and the closest.
  public func unknownMessage(_ identifier: String) -> String {
    "unknown scorer '\(identifier)'\(Suggestion.hint(for: identifier, amongWords: identifiers)); known scorers: \(identifiers.joined(separator: ", "))"
  }

  /// Reads the configuration for `type` and makes a configured scorer.
  public static func make(_ type: any Scorer.Type, reading config: inout ConfigReader) -> any Scorer {
    func open<S: Scorer>(_ type: S.Type) -> any Scorer {
      S(configuration: S.Configuration(reading: &config))
    }
    return open(type)
  }
}
