import GradebookCore
import Testing

/// Scorers group ratings through `RatingGroups`: the same groups, in rating order, as a dictionary
/// filled rating by rating, however the runs are broken up.
struct RatingGroupsTests {
  @Test func groupsArePositionsInRatingOrderNumberedByFirstAppearance() {
    let rows: [(target: String, rater: String, role: RaterRole)] = [
      ("s1", "s2", .peer), ("s1", "s2", .peer), ("s1", "ins", .instructor), ("s2", "s1", .peer),
      ("s1", "s3", .peer), ("s2", "s2", .selfRating), ("s2", "s1", .peer), ("s3", "s2", .peer),
    ]
    let ratings = RatingList(rows.map { Rating(target: $0.target, criterion: "c", rater: $0.rater, role: $0.role, points: 1) })
    let byTarget = RatingGroups(ratings, by: .target)
    #expect(byTarget.numbers == ["s1": 0, "s2": 1, "s3": 2])
    #expect(byTarget.positions == [[0, 1, 2, 4], [3, 5, 6], [7]])
    let peersByRater = RatingGroups(ratings, by: .rater, role: .peer)
    #expect(peersByRater["s2"] == [0, 1, 7])
    #expect(peersByRater["s1"] == [3, 6])
    #expect(peersByRater["s3"] == [4])
    #expect(peersByRater["ins"] == [])  // staff, left out
    #expect(peersByRater.numbers.count == 3)
  }
}
