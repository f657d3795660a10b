/// Finds an item's criteria by id, as positions in the rubric, trying the last one found first.
///
/// Scorers read millions of ratings, and a target's ratings come criterion by criterion, so the
/// last position nearly always answers without comparing any other id; arrays indexed by the
/// position then replace dictionaries keyed by criterion id.
public struct CriterionCursor {
  public let criteria: [Criterion]
  private var last = 0

  /// A cursor over `criteria` (an item's, in rubric order).
  public init(_ criteria: [Criterion]) { self.criteria = criteria }

  /// The position of the criterion with this id, `nil` if the item has none. The last position and
  /// the one after it (a form response's scores come in rubric order) are tried first.
  public mutating func position(of id: String) -> Int? {
    if criteria.indices.contains(last), criteria[last].id == id { return last }
    if criteria.indices.contains(last + 1), criteria[last + 1].id == id {
      last += 1
      return last
    }
    guard let found = criteria.firstIndex(where: { $0.id == id }) else { return nil }
    last = found
    return found
  }
}
