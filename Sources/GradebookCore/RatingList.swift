/// An item's ratings, held compactly: each rating is a fixed-size row of numbers, and the target,
/// rater and criterion ids it names are kept once, in a table of names. Read as a collection of
/// ``Rating``s, in the order they were added.
///
/// At MOOC scale an item has millions of ratings (4.3 million at 100,000 students). A ``Rating``
/// holds three strings (64 bytes); a row holds three numbers into the table (24 bytes), so the
/// ratings of a course at that scale take 190 MB less, and nothing else changes: a rating read
/// back is equal to the one added.
public struct RatingList: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
  /// One rating: its target, rater and criterion as positions in the list's names.
  public struct Row: Sendable {
    @usableFromInline var target: UInt32
    @usableFromInline var rater: UInt32
    @usableFromInline var criterion: UInt32
    @usableFromInline var role: RaterRole
    @usableFromInline var points: Double

    /// A row naming its ids by their numbers in a ``Names`` table.
    init(target: UInt32, criterion: UInt32, rater: UInt32, role: RaterRole, points: Double) {
      (self.target, self.criterion, self.rater, self.role, self.points) = (target, criterion, rater, role, points)
    }
  }

  /// The ids of a list's ratings, numbered in the order first seen; it makes each rating's row.
  ///
  /// A file's ratings come in runs (a form response is one rating a criterion, by one rater of one
  /// target; a criterion follows the one before it in the rubric), so the last target and rater
  /// and the criteria seen are remembered, and most ratings hash no string.
  public struct Names: Sendable {
    private(set) var names: [String] = []
    private var numbers: [String: UInt32] = [:]
    private var lastTarget: (name: String, number: UInt32)?
    private var lastRater: (name: String, number: UInt32)?
    /// Criteria seen, in the order first seen, and where the next is looked for first.
    private var criteria: [(name: String, number: UInt32)] = []
    private var nextCriterion = 0

    /// An empty table.
    public init() {}

    /// The row of a rating, numbering its ids that are new.
    public mutating func row(target: String, criterion: String, rater: String, role: RaterRole, points: Double) -> Row {
      if lastTarget?.name != target { lastTarget = (target, number(of: target)) }
      if lastRater?.name != rater { lastRater = (rater, number(of: rater)) }
      return Row(target: lastTarget!.number, criterion: criterionNumber(criterion), rater: lastRater!.number, role: role, points: points)
    }

    private mutating func criterionNumber(_ name: String) -> UInt32 {
      for offset in 0..<criteria.count {
        let index = (nextCriterion + offset) % criteria.count
        if criteria[index].name == name {
          nextCriterion = (index + 1) % criteria.count
          return criteria[index].number
        }
      }
      let number = number(of: name)
      criteria.append((name, number))
      nextCriterion = 0
      return number
    }

    private mutating func number(of name: String) -> UInt32 {
      if let known = numbers[name] { return known }
      let number = UInt32(names.count)
      names.append(name)
      numbers[name] = number
      return number
    }
  }

  @usableFromInline let names: [String]
  @usableFromInline let rows: [Row]

  /// The ratings in `rows`, whose numbers are positions in `names`.
  public init(names: Names, rows: [Row]) { (self.names, self.rows) = (names.names, rows) }

  /// The ratings given, in order.
  public init(_ ratings: some Sequence<Rating>) {
    var names = Names()
    var rows: [Row] = []
    for r in ratings { rows.append(names.row(target: r.target, criterion: r.criterion, rater: r.rater, role: r.role, points: r.points)) }
    self.init(names: names, rows: rows)
  }

  /// The ratings listed.
  public init(arrayLiteral ratings: Rating...) { self.init(ratings) }

  public var startIndex: Int { 0 }
  public var endIndex: Int { rows.count }

  /// The rating at `position`.
  @inlinable public subscript(position: Int) -> Rating {
    let row = rows[position]
    return Rating(
      target: names[Int(row.target)], criterion: names[Int(row.criterion)], rater: names[Int(row.rater)], role: row.role,
      points: row.points)
  }

  // Fields read in place, for loops over millions of ratings: making a ``Rating`` copies (retains)
  // three strings, and scorers often need only a number, a role, or whether two raters are one.

  /// The role of the rating at `position`.
  @inlinable public func role(at position: Int) -> RaterRole { rows[position].role }

  /// The points of the rating at `position`.
  @inlinable public func points(at position: Int) -> Double { rows[position].points }

  /// The number of the rating's target among the list's ids (``name(_:)``): equal numbers, equal targets.
  @inlinable public func targetNumber(at position: Int) -> Int { Int(rows[position].target) }

  /// The number of the rating's rater among the list's ids (``name(_:)``): equal numbers, equal raters.
  @inlinable public func raterNumber(at position: Int) -> Int { Int(rows[position].rater) }

  /// The id numbered `number` (a target, rater or criterion id).
  @inlinable public func name(_ number: Int) -> String { names[number] }

  /// How many ids the list numbers.
  public var nameCount: Int { names.count }

  /// Where each of the list's ids stands among `criteria` (an item's, in rubric order), so that a
  /// rating's criterion is found without comparing ids (``criterionPosition(at:in:)``).
  public func criterionPositions(_ criteria: [Criterion]) -> CriterionPositions {
    var byID: [String: Int32] = [:]
    for (position, criterion) in criteria.enumerated() where byID[criterion.id] == nil { byID[criterion.id] = Int32(position) }
    return CriterionPositions(positions: names.map { byID[$0] ?? -1 })
  }

  /// The position among the criteria given to ``criterionPositions(_:)`` of the criterion of the
  /// rating at `position`; `nil` when none of them has its id.
  @inlinable public func criterionPosition(at position: Int, in table: CriterionPositions) -> Int? {
    let found = table.positions[Int(rows[position].criterion)]
    return found < 0 ? nil : Int(found)
  }

  /// Positions of a list's ids among an item's criteria (−1: none).
  public struct CriterionPositions: Sendable {
    @usableFromInline let positions: [Int32]
  }

  /// Lists are equal when they hold equal ratings in the same order, however their ids are numbered.
  public static func == (lhs: RatingList, rhs: RatingList) -> Bool { lhs.elementsEqual(rhs) }
}
