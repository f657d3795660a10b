import GradebookCore
import TestSupport
import Testing

/// Scorers read an item's ratings through `RatingList`, which keeps each as numbers into a table
/// of names: every rating must read back exactly as it was added, in order, whatever the runs of
/// targets, raters and criteria look like.
struct RatingListTests {
  @Test func everyRatingReadsBackAsAddedInOrder() {
    var random = SeededRandom(seed: 8018)
    func pick(_ n: Int) -> Int { Int(random.next() * Double(n)) }
    let targets = ["s1", "s2", "G-07", "a-student-id-longer-than-fifteen-bytes", "Zoë"]
    let raters = ["ins", "ta-wong", "s1", "s2", "another-rater-id-longer-than-fifteen"]
    let criteria = ["question", "approach", "critique", "a-criterion-id-longer-than-fifteen", "delivery"]
    let roles: [RaterRole] = [.instructor, .ta, .peer, .selfRating]
    var ratings: [Rating] = []
    for _ in 0..<2_000 {
      // Runs as a form gives them (one target and rater, criteria in rubric order), broken at random.
      let target = targets[pick(targets.count)], rater = raters[pick(raters.count)]
      let role = roles[pick(roles.count)]
      let start = pick(criteria.count)
      for offset in 0..<(1 + pick(criteria.count)) {
        let criterion = criteria[(start + offset * (1 + pick(2))) % criteria.count]
        ratings.append(Rating(target: target, criterion: criterion, rater: rater, role: role, points: Double(pick(101)) / 10))
      }
    }
    let list = RatingList(ratings)
    #expect(list.count == ratings.count)
    #expect(Array(list) == ratings)
    #expect(list[list.count - 1] == ratings[ratings.count - 1])
    let literal: RatingList = [ratings[0], ratings[1]]
    #expect(Array(literal) == Array(ratings[0..<2]))
    #expect(RatingList([]).isEmpty)
  }

  /// Scorers find a rating's criterion by its position in the rubric: the same answer as searching
  /// the item's criteria by id, in any order, `nil` for a criterion the item no longer has.
  @Test func criterionPositionsAreTheRubricOrderWhateverTheOrderOfRatings() {
    let criteria = ["question", "approach", "critique"].map { Criterion(id: $0, title: $0, max: 5, weight: 1) }
    let asked = ["approach", "approach", "question", "critique", "nope", "critique", "approach"]
    let list = RatingList(asked.map { Rating(target: "s1", criterion: $0, rater: "s2", role: .peer, points: 1) })
    let table = list.criterionPositions(criteria)
    #expect(list.indices.map { list.criterionPosition(at: $0, in: table) } == [1, 1, 0, 2, nil, 2, 1])
    let none = list.criterionPositions([])
    #expect(list.indices.allSatisfy { list.criterionPosition(at: $0, in: none) == nil })
  }

  /// The fields read in place are the rating's, and equal numbers are equal ids.
  @Test func fieldsReadInPlaceAgreeWithTheRating() {
    let ratings = [
      Rating(target: "s1", criterion: "c", rater: "s2", role: .peer, points: 3),
      Rating(target: "s2", criterion: "c", rater: "s1", role: .peer, points: 4.5),
      Rating(target: "s1", criterion: "d", rater: "ins", role: .instructor, points: 0),
      Rating(target: "s1", criterion: "c", rater: "s1", role: .selfRating, points: 5),
    ]
    let list = RatingList(ratings)
    for i in list.indices {
      #expect(list.role(at: i) == ratings[i].role)
      #expect(list.points(at: i) == ratings[i].points)
      #expect(list.name(list.targetNumber(at: i)) == ratings[i].target)
      #expect(list.name(list.raterNumber(at: i)) == ratings[i].rater)
    }
    #expect(list.targetNumber(at: 0) == list.targetNumber(at: 2))
    #expect(list.targetNumber(at: 1) == list.raterNumber(at: 0))  // s2, target or rater
    #expect(list.raterNumber(at: 0) != list.raterNumber(at: 1))
    #expect(list.nameCount == 5)  // s1, c, s2, d, ins
  }

  @Test func aRowIsAThirdTheSizeOfARating() {
    #expect(MemoryLayout<RatingList.Row>.stride == 24)
    #expect(MemoryLayout<Rating>.stride == 64)
  }
}
