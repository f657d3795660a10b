/// An item's ratings grouped by target or by rater, as positions into the ratings array in rating
/// order, groups numbered in order of first appearance.
///
/// Scorers read millions of ratings at MOOC scale, and a target's or a rater's ratings come in runs
/// (a form response is one rating a criterion), so the dictionary is consulted once a run, not once
/// a rating; the ratings themselves are never copied.
public struct RatingGroups: Sendable {
  /// What the ratings are grouped by.
  public enum Key: Sendable {
    case target, rater
  }

  /// Each group's key (a target or rater id) → its number.
  public let numbers: [String: Int]
  /// The positions of each group's ratings, by number, in rating order.
  public let positions: [[Int32]]

  /// Groups `ratings` by `key`; with `role`, only the ratings of that role.
  public init(_ ratings: [Rating], by key: Key, role: RaterRole? = nil) {
    var numbers: [String: Int] = [:]
    var positions: [[Int32]] = []
    var current: (key: String, number: Int)?
    for index in ratings.indices {
      if let role, ratings[index].role != role { continue }
      let value = key == .target ? ratings[index].target : ratings[index].rater
      if current?.key != value {
        let number = numbers[value] ?? positions.count
        if number == positions.count {
          numbers[value] = number
          positions.append([])
        }
        current = (value, number)
      }
      positions[current!.number].append(Int32(index))
    }
    (self.numbers, self.positions) = (numbers, positions)
  }

  /// The positions of the ratings of the group with this key (none when it has no rating).
  public subscript(_ key: String) -> [Int32] { numbers[key].map { positions[$0] } ?? [] }
}
