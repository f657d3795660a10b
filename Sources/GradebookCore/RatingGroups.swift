/// An item's ratings grouped by target or by rater, as positions into the ratings array in rating
/// order, groups numbered in order of first appearance.
///
/// Scorers read millions of ratings at MOOC scale: keys are found by their numbers in the
/// ``RatingList``, so no id is hashed but once a group, and the ratings themselves are never copied.
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
  public init(_ ratings: RatingList, by key: Key, role: RaterRole? = nil) {
    var numbers: [String: Int] = [:]
    var positions: [[Int32]] = []
    var groupOfKey = [Int](repeating: -1, count: ratings.nameCount)  // keys by their numbers in the list: nothing hashed
    for index in ratings.indices {
      if let role, ratings.role(at: index) != role { continue }
      let key = key == .target ? ratings.targetNumber(at: index) : ratings.raterNumber(at: index)
      if groupOfKey[key] < 0 {
        groupOfKey[key] = positions.count
        numbers[ratings.name(key)] = positions.count
        positions.append([])
      }
      positions[groupOfKey[key]].append(Int32(index))
    }
    (self.numbers, self.positions) = (numbers, positions)
  }

  /// The positions of the ratings of the group with this key (none when it has no rating).
  public subscript(_ key: String) -> [Int32] { numbers[key].map { positions[$0] } ?? [] }
}
