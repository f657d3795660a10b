/// What a score's `target` names: a student, or a group of students (FORMATS §2).
public enum TargetKind: String, Sendable, Hashable, CaseIterable {
  case student, group
}

/// One rated aspect of an item: points in `0...max`, weighted within the item.
public struct Criterion: Sendable, Hashable {
  /// A safe id, unique within the item.
  public var id: String
  /// What the rater is asked about.
  public var title: String
  /// The highest score; a criterion score is `points / max`.
  public var max: Double
  /// Weight within the item (default 1).
  public var weight: Double

  /// A criterion.
  public init(id: String, title: String, max: Double, weight: Double = 1) {
    (self.id, self.title, self.max, self.weight) = (id, title, max, weight)
  }
}

/// A gradebook column: one graded item of the rubric, scored by one configured scorer.
public struct Item: Sendable {
  /// A safe id, unique in the rubric; used in CSVs and `results.json`.
  public var id: String
  /// Title shown in reports and the gradebook.
  public var title: String
  /// The item's weight in the course total (any number ≥ 0).
  public var weight: Double
  /// Whom scores name: students or groups.
  public var target: TargetKind
  /// Ordered criteria (empty for `on-time-upload`).
  public var criteria: [Criterion]
  /// The configured scorer that turns the item's data into scores.
  public var scorer: any Scorer
  /// The id of the component the item belongs to.
  public var componentID: String
  /// The line of the item in the rubric file, for messages.
  public var line: Int

  /// The scorer's id, e.g. `proposal`.
  public var scorerID: String { type(of: scorer).description.identifier }
  /// Which uploads its scorer reads.
  public var uploads: UploadUse { type(of: scorer).description.uploads }
  /// Whether its scorer rates a talk given in a slot (``ScorerDescription/ratesTalks``).
  public var ratesTalks: Bool { type(of: scorer).description.ratesTalks }

  /// The criterion with `id`, if any.
  public func criterion(_ id: String) -> Criterion? { criteria.first { $0.id == id } }

  /// An item.
  public init(
    id: String, title: String, weight: Double, target: TargetKind, criteria: [Criterion], scorer: any Scorer, componentID: String = "",
    line: Int = 0
  ) {
    (self.id, self.title, self.weight, self.target) = (id, title, weight, target)
    (self.criteria, self.scorer, self.componentID, self.line) = (criteria, scorer, componentID, line)
  }
}

/// A group of items shown together (a component carries no weight beyond its items': RULES §8).
public struct Component: Sendable {
  /// A safe id.
  public var id: String
  /// Title shown in the gradebook.
  public var title: String
  /// The component's items, in gradebook order.
  public var items: [Item]

  /// A component.
  public init(id: String, title: String, items: [Item]) {
    (self.id, self.title, self.items) = (id, title, items)
  }

  /// The sum of its items' weights.
  public var weight: Double { items.reduce(0) { $0 + $1.weight } }
}

/// A course's grading scheme: ordered components of items (FORMATS §2).
public struct Rubric: Sendable {
  /// A safe id.
  public var id: String
  /// A title.
  public var title: String
  /// Ordered components; their items, in order, are the gradebook columns.
  public let components: [Component]
  /// The file the rubric came from.
  public var path: String

  /// Every item, in gradebook order.
  public let items: [Item]
  private let positions: [String: Int]

  /// A rubric.
  public init(id: String, title: String, components: [Component], path: String = "") {
    (self.id, self.title, self.components, self.path) = (id, title, components, path)
    items = components.flatMap(\.items)
    positions = Dictionary(items.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
  }

  /// The item with `id`, if any.
  public func item(_ id: String) -> Item? { positions[id].map { items[$0] } }

  /// Whether any scorer reads `item`'s uploads: its own (against a due time), or one that reads
  /// every item's.
  public func readsUploads(of item: Item) -> Bool { item.uploads != .none || readsEveryUpload }

  /// Whether an extension on `item` moves a due time some scorer measures against.
  public func readsExtensions(of item: Item) -> Bool { item.uploads == .ownItem || readsEveryUpload }

  /// Whether some item's scorer reads every item's uploads (an external program may).
  private var readsEveryUpload: Bool { items.contains { $0.uploads == .anyItem } }
}
