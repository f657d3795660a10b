import Foundation
import GradebookCore
import TestSupport
import Testing

@testable import PresentationQualityScorer

/// `presentation-quality` (SPEC §7.2, RULES §28–30). Criteria: clarity (max 5, w 1), depth (max 10, w 2).
struct PresentationQualityTests {
  static func rubric(_ config: String, target: String = "student") -> Rubric {
    try! Fixture.rubric(
      """
      - id: talk
        weight: 30
        scorer: presentation-quality
        target: \(target)
        criteria:
          - {id: clarity, title: C, max: 5}
          - {id: depth, title: D, max: 10, weight: 2}
        config: \(config)
      """)
  }

  /// Staff: ins clarity 4 (0.8), depth 6 (0.6); ta1 clarity 3 (0.6) → clarity 0.7, depth 0.6,
  /// S = (0.7 + 2·0.6)/3 = 0.63333… Peers: s2 clarity 5, depth 8; s3 clarity 4; s4 depth 10 →
  /// clarity 0.9, depth 0.9, P = 0.9. Self (s1) clarity 5: shown, never counted.
  let ratings = [
    Fixture.rating("s1", "talk", "clarity", "ins", 4), Fixture.rating("s1", "talk", "depth", "ins", 6),
    Fixture.rating("s1", "talk", "clarity", "ta1", 3),
    Fixture.rating("s1", "talk", "clarity", "s2", 5), Fixture.rating("s1", "talk", "depth", "s2", 8),
    Fixture.rating("s1", "talk", "clarity", "s3", 4), Fixture.rating("s1", "talk", "depth", "s4", 10),
    Fixture.rating("s1", "talk", "clarity", "s1", 5),
  ]

  func score(_ config: String, _ ratings: [Fixture.Rated]) throws -> [String: TargetScore] {
    let rubric = Self.rubric(config)
    return Fixture.scores(try rubric.items[0].scorer.score(rubric.items[0], in: Fixture.context(rubric: rubric, ratings: ratings)))
  }

  @Test func rule30_rolesCombinedByWeightOverTheCriteriaEachRated() throws {
    let s = try score("{staff_weight: 1, peer_weight: 1}", ratings)
    #expect(s["s1"]!.score.isClose(to: (1.9 / 3 + 0.9) / 2))
    let weighted = try score("{staff_weight: 0.7, peer_weight: 0.3}", ratings)
    #expect(weighted["s1"]!.score.isClose(to: 0.7 * 1.9 / 3 + 0.3 * 0.9))
    #expect(s["s2"]!.status == .missing)
    let clarity = s["s1"]!.criteria.first { $0.criterion == "clarity" }!
    #expect(clarity.selfRating == 1 && clarity.peerRaters == 2 && clarity.staffRaters == 2)
  }

  /// Raters are counted once each however their ratings are spread (a rater's ratings of a
  /// target in two places, between others'); the evidence says so and shows the self rating apart.
  @Test func rule28_distinctRatersCountedWhateverTheOrderAndTheEvidenceSaysSo() throws {
    let scattered = [
      Fixture.rating("s1", "talk", "clarity", "s2", 5), Fixture.rating("s1", "talk", "clarity", "ins", 4),
      Fixture.rating("s1", "talk", "clarity", "s3", 4), Fixture.rating("s1", "talk", "depth", "s2", 8),
      Fixture.rating("s1", "talk", "clarity", "s1", 5), Fixture.rating("s1", "talk", "depth", "ins", 6),
      Fixture.rating("s1", "talk", "depth", "s4", 10), Fixture.rating("s1", "talk", "clarity", "ta1", 3),
    ]
    for ratings in [ratings, scattered, scattered.reversed()] {
      let s = try score("{min_peer_ratings: 3}", Array(ratings))
      #expect(s["s1"]!.score.isClose(to: (1.9 / 3 + 0.9) / 2))
      #expect(s["s1"]!.evidence.contains("staff: 2 rater(s), score 0.6333"))
      #expect(s["s1"]!.evidence.contains("peers: 3 rater(s), mean 0.9"))
      #expect(s["s1"]!.evidence.contains("self rating shown, not counted"))
      let four = try score("{min_peer_ratings: 4}", Array(ratings))
      #expect(four["s1"]!.evidence.contains("peers: 3 rater(s), fewer than the 4 needed: peer role left out"))
    }
  }

  @Test func rule28_tooFewDistinctPeersDropsThePeerRole() throws {
    let s = try score("{min_peer_ratings: 4}", ratings)  // 3 distinct peers (the self rating does not count)
    #expect(s["s1"]!.score.isClose(to: 1.9 / 3))
    let exactly = try score("{min_peer_ratings: 3}", ratings)
    #expect(exactly["s1"]!.score.isClose(to: (1.9 / 3 + 0.9) / 2))
  }

  @Test func rule30_aRoleWithWeightZeroIsAbsent() throws {
    let s = try score("{staff_weight: 0}", ratings)
    #expect(s["s1"]!.score.isClose(to: 0.9))
  }

  @Test func rule29_medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() throws {
    let peers = [1.0, 2, 3, 5].enumerated().map { Fixture.rating("s1", "talk", "clarity", "p\($0.offset)", $0.element) }
    let s = try score("{staff_weight: 0, peer_aggregate: median}", peers)
    #expect(s["s1"]!.score.isClose(to: 2.5 / 5))
  }

  @Test func rule29_trimmedMeanDropsFloorOfNTimesTrimExactly() throws {
    // 10 values, trim 0.1: ⌊10 × 0.1⌋ = 1 from each end (binary 0.1 × 10 would also be 1, but
    // 0.3 × 10 in binary is 2.9999…; the decimal rule gives 3).
    #expect(PeerAggregate.trimCount(10, trim: Decimal(string: "0.1")!) == 1)
    #expect(PeerAggregate.trimCount(10, trim: Decimal(string: "0.3")!) == 3)
    #expect(PeerAggregate.trimCount(9, trim: Decimal(string: "0.1")!) == 0)
    let values: [Double] = [0, 5, 5, 5, 5, 5, 5, 5, 5, 1]
    let peers = values.enumerated().map { Fixture.rating("s1", "talk", "clarity", "p\($0.offset)", $0.element) }
    let s = try score("{staff_weight: 0, peer_aggregate: trimmed-mean, trim: 0.1}", peers)
    #expect(s["s1"]!.score.isClose(to: (5.0 * 7 + 1) / 8 / 5))
  }

  @Test func groupTargetGivesEveryMemberTheGroupScoreAndNoGroupIsMissing() throws {
    let rubric = Self.rubric("{}", target: "group")
    let ratings = [Fixture.rating("G1", "talk", "clarity", "ins", 4), Fixture.rating("G1", "talk", "clarity", "s3", 3)]
    let s = Fixture.scores(try rubric.items[0].scorer.score(rubric.items[0], in: Fixture.context(rubric: rubric, ratings: ratings)))
    #expect(s["s1"]!.score.isClose(to: 0.7) && s["s2"]!.score.isClose(to: 0.7))
    #expect(s["s3"]!.status == .missing)
    #expect(s["s5"]!.status == .missing && s["s5"]!.evidence == ["not in a group"])
  }

  @Test func rule39_noRatingAtAllIsPending() throws {
    let rubric = Self.rubric("{}")
    let outcome = try rubric.items[0].scorer.score(rubric.items[0], in: Fixture.context(rubric: rubric))
    if case .scored = outcome { Issue.record("expected pending") }
  }

  @Test func property_scoresStayInTheUnitInterval() throws {
    var rng = SeededRandom(seed: 7)
    for aggregate in ["mean", "median", "trimmed-mean", "calibrated"] {
      var ratings: [Fixture.Rated] = []
      for target in Fixture.students {
        for rater in ["ins", "ta1"] + Fixture.students.map({ "p-" + $0 }) where rng.next() < 0.7 {
          ratings.append(Fixture.rating(target, "talk", "clarity", rater, Double(Int(rng.next() * 6))))
          ratings.append(Fixture.rating(target, "talk", "depth", rater, Double(Int(rng.next() * 11))))
        }
      }
      let s = try score("{peer_aggregate: \(aggregate)}", ratings)
      #expect(s.values.allSatisfy { (0...1).contains($0.score) })
    }
  }
}
