/// A scorer turns one item's data into a normalised score for every student (SPEC §7).
///
/// Like a SwiftLint rule: a static ``description``, a ``Configuration`` read from the rubric's
/// `config:` mapping, and one scoring function. Scorers live in `Plugins/<Name>/` and depend on
/// the core only; ``ScorerRegistry`` lists them.
public protocol Scorer: Sendable {
  /// The scorer's settings, read from the item's `config:`.
  associatedtype Configuration: ScorerConfiguration

  /// Identifier, target kinds, summary and configuration keys: what `gradebook scorers` prints.
  static var description: ScorerDescription { get }

  /// The settings this instance was made with.
  var configuration: Configuration { get }

  /// A scorer with the given settings.
  init(configuration: Configuration)

  /// Problems with an item that uses this scorer (e.g. a missing criterion list), as messages.
  func check(_ item: Item, in rubric: Rubric) -> [String]

  /// Scores `item` for every student of the roster, or says that the item is pending.
  func score(_ item: Item, in context: ScoringContext) throws -> ItemOutcome

  /// Roughly how much work scoring `item` is, to compare with other items: items are started
  /// largest first, so that the cores finish together. It decides only the order in which items
  /// are started, never a result. The default: the item's own ratings and one a student.
  func workEstimate(_ item: Item, in context: ScoringContext) -> Int
}

/// Settings a scorer reads from an item's `config:` mapping, reporting problems at their lines.
public protocol ScorerConfiguration: Sendable {
  /// Reads the settings; unknown keys are warned about by the caller.
  init(reading config: inout ConfigReader)
}

extension Scorer {
  /// By default: the item's own ratings, and one a student.
  public func workEstimate(_ item: Item, in context: ScoringContext) -> Int {
    (context.ratings[item.id]?.count ?? 0) + context.roster.students.count
  }

  /// By default an item needs criteria exactly when the scorer's description says so.
  public func check(_ item: Item, in rubric: Rubric) -> [String] {
    let description = Self.description
    if description.usesCriteria && item.criteria.isEmpty {
      return ["item '\(item.id)' uses scorer '\(description.identifier)', which needs a 'criteria' list"]
    }
    if !description.usesCriteria && !item.criteria.isEmpty {
      return ["item '\(item.id)' uses scorer '\(description.identifier)', which has no criteria; remove 'criteria'"]
    }
    return []
  }
}

/// What a scorer is: printed by `gradebook scorers` and used to check rubrics.
public struct ScorerDescription: Sendable {
  /// The id a rubric names in `scorer:`.
  public var identifier: String
  /// One line on what it computes.
  public var summary: String
  /// The formula, as the spec writes it.
  public var formula: String
  /// Target kinds the scorer accepts.
  public var targets: [TargetKind]
  /// Whether items using it list criteria.
  public var usesCriteria: Bool
  /// Configuration keys with defaults and meaning.
  public var keys: [ConfigKey]
  /// Which uploads it reads (an upload or an extension for an item whose scorer reads none counts
  /// for nothing, and the importer says so).
  public var uploads: UploadUse
  /// Whether its evidence lines are text it does not control (an external program's), which may
  /// name anyone: reports take other students out of them, as out of comments. A scorer whose
  /// lines it writes itself from numbers, slots and times says `false` (and its tests show it).
  public var freeTextEvidence: Bool
  /// Whether its ratings are of a talk given in a slot of the target's track (paper reading for a
  /// student, project talks for a group): a target rated without holding such a slot (a mistyped
  /// id in a score file) is warned about.
  public var ratesTalks: Bool

  /// A description.
  public init(
    identifier: String, summary: String, formula: String, targets: [TargetKind], usesCriteria: Bool, keys: [ConfigKey],
    uploads: UploadUse = .none, freeTextEvidence: Bool = true, ratesTalks: Bool = false
  ) {
    (self.identifier, self.summary, self.formula) = (identifier, summary, formula)
    (self.targets, self.usesCriteria, self.keys, self.uploads) = (targets, usesCriteria, keys, uploads)
    (self.freeTextEvidence, self.ratesTalks) = (freeTextEvidence, ratesTalks)
  }
}

/// Which uploads a scorer reads.
public enum UploadUse: Sendable {
  /// None.
  case none
  /// Its own item's, against a due time (an extension moves it).
  case ownItem
  /// Every item's (an external program may check the files of another item).
  case anyItem
}

/// One configuration key of a scorer.
public struct ConfigKey: Sendable {
  /// The key as written in `config:`.
  public var name: String
  /// The default, as text (`"none"` or `"required"` where there is none).
  public var defaultValue: String
  /// What it means.
  public var meaning: String

  /// A key.
  public init(_ name: String, _ defaultValue: String, _ meaning: String) {
    (self.name, self.defaultValue, self.meaning) = (name, defaultValue, meaning)
  }
}
