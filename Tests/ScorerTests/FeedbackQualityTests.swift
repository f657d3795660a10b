import Foundation
import GradebookCore
import TestSupport
import Testing

/// `feedback-quality` (SPEC §7.3, RULES §31–35), reviewing `talk` (clarity max 5, depth max 10).
struct FeedbackQualityTests {
  static let rubric = try! Fixture.rubric(
    """
    - id: talk
      weight: 30
      scorer: presentation-quality
      criteria:
        - {id: clarity, title: C, max: 5}
        - {id: depth, title: D, max: 10}
    - id: fb
      weight: 10
      scorer: feedback-quality
      criteria:
        - {id: specific, title: S, max: 4}
      config: {reviews_of: talk}
    """)

  /// Talk ratings: s1 rated by ins, s2, s3; s2 rated by s1; s3 rated only by s3 (self); s4 by nobody.
  static let ratings = [
    Fixture.rating("s1", "talk", "clarity", "ins", 4),
    Fixture.rating("s1", "talk", "clarity", "s2", 5), Fixture.rating("s1", "talk", "depth", "s2", 8),
    Fixture.rating("s1", "talk", "depth", "s3", 6),
    Fixture.rating("s2", "talk", "clarity", "s1", 3),
    Fixture.rating("s3", "talk", "clarity", "s3", 5),
    Fixture.rating("s2", "fb", "specific", "ta1", 3),
  ]

  func score(_ ratings: [Fixture.Rated] = ratings) throws -> [String: TargetScore] {
    let item = Self.rubric.item("fb")!
    return Fixture.scores(try item.scorer.score(item, in: Fixture.context(rubric: Self.rubric, ratings: ratings)))
  }

  @Test func rules31to35_participationQualityAgreementHandComputed() throws {
    let s = try score()
    // s2: E = {s1, s2, s3} − own s2 = 2; R = {s1} = 1 → participation 0.5.
    // quality: ta1 3/4 = 0.75.
    // agreement: clarity 5/5 vs κ = staff 0.8 → 0.2; depth 8/10 vs κ = median of other peers (s3: 0.6) → 0.2;
    //   1 − 0.2 = 0.8.  Score = (0.5 + 0.75 + 0.8) / 3.
    #expect(s["s2"]!.score.isClose(to: (0.5 + 0.75 + 0.8) / 3))
  }

  @Test func rule31_aStudentWhoseOwnTalkGotNoRatingsKeepsTheFullE() throws {
    let s = try score()
    // s4's talk has no rating: E = 3 (s1, s2, s3); s4 reviewed nobody → participation 0, the only part.
    #expect(s["s4"]!.status == .graded && s["s4"]!.score == 0)
    // s3 rated s1 (depth 6/10 vs κ = median of other peers = s2's 0.8 → gap 0.2), and its own talk (self,
    // not counted). E = {s1, s2, s3} − s3 = 2, R = 1.
    #expect(s["s3"]!.score.isClose(to: (0.5 + 0.8) / 2))
  }

  @Test func rule34_reviewedNobodyWhileEPositiveIsGradedZeroNotMissing() throws {
    let s = try score()
    #expect(s["s5"]!.status == .graded)
    #expect(s["s5"]!.score == 0)
  }

  @Test func rule24_selfRatingsCountForENotForR() throws {
    // Only self ratings: E counts s3's talk for others, R never counts a self rating.
    let s = try score([Fixture.rating("s3", "talk", "clarity", "s3", 5), Fixture.rating("s1", "fb", "specific", "ins", 4)])
    #expect(s["s1"]!.score.isClose(to: (0 + 1.0) / 2))  // E = 1, R = 0; quality 1
    #expect(s["s3"]!.status == .missing)  // E = 0 (own talk only), no quality, no agreement
  }

  @Test func rule39_pendingWithoutPeerScoresOrStaffQuality() throws {
    let item = Self.rubric.item("fb")!
    let outcome = try item.scorer.score(
      item, in: Fixture.context(rubric: Self.rubric, ratings: [Fixture.rating("s1", "talk", "clarity", "ins", 4)]))
    if case .scored = outcome { Issue.record("expected pending") }
  }

  @Test func property_moreRatersAgreeingWithStaffNeverLowerAgreement() throws {
    var rng = SeededRandom(seed: 11)
    for _ in 0..<50 {
      var ratings = [
        Fixture.rating("s1", "talk", "clarity", "ins", 3), Fixture.rating("s1", "talk", "clarity", "s2", Double(Int(rng.next() * 6))),
      ]
      let before = try score(ratings)["s2"]!.score
      for extra in ["s3", "s4", "s5"] where rng.next() < 0.7 {
        ratings.append(Fixture.rating("s1", "talk", "clarity", extra, 3))
      }
      let after = try score(ratings)["s2"]!.score
      #expect(after >= before - 1e-12)
    }
  }

  /// The scorer reads a rater's and a target's ratings in runs; whatever the order of the ratings
  /// (runs broken up, a target rated in several places), participation and agreement equal a
  /// direct reading of RULES §31–33; with random staff quality scores, every score stays in [0, 1].
  @Test func rules31to33_participationAndAgreementEqualTheRuleWhateverTheOrderOfRatings() throws {
    var rng = SeededRandom(seed: 31)
    let people = Fixture.students
    let criteria = [("clarity", 5.0), ("depth", 10.0)]
    for _ in 0..<40 {
      var ratings: [Fixture.Rated] = []
      for target in people where rng.next() < 0.8 {
        for rater in people + ["ins"] where rng.next() < 0.5 {
          for (criterion, max) in criteria where rng.next() < 0.7 {
            ratings.append(Fixture.rating(target, "talk", criterion, rater, Double(Int(rng.next() * (max + 1)))))
          }
        }
      }
      for i in ratings.indices.reversed() { ratings.swapAt(i, Int(rng.next() * Double(i + 1))) }  // shuffled
      let talk = ratings.map(\.rating)
      guard talk.contains(where: { $0.role == .peer }) else { continue }
      let quality = people.filter { _ in rng.next() < 0.5 }.map { Fixture.rating($0, "fb", "specific", "ta1", Double(Int(rng.next() * 5))) }
      let s = try score(ratings + quality)
      #expect(s.values.allSatisfy { (0...1).contains($0.score) }, "a score outside [0, 1]")
      let targets = Set(talk.map(\.target))
      for student in people {
        let mine = talk.filter { $0.rater == student && $0.role == .peer }
        let expected = targets.subtracting([student]).count  // talk is scored per student
        let participation = expected > 0 ? min(1, Double(Set(mine.map(\.target)).count) / Double(expected)) : nil
        var gaps: [Double] = []
        for rating in mine {
          let max = criteria.first { $0.0 == rating.criterion }!.1
          let same = talk.filter { $0.target == rating.target && $0.criterion == rating.criterion }
          let staff = same.filter { $0.role.isStaff }.map { $0.points / max }
          let others = same.filter { $0.role == .peer && $0.rater != student }.map { $0.points / max }
          let kappa = staff.isEmpty ? (others.isEmpty ? nil : CriterionMath.median(others)) : staff.reduce(0, +) / Double(staff.count)
          if let kappa { gaps.append(abs(rating.points / max - kappa)) }
        }
        let agreement = gaps.isEmpty ? nil : 1 - gaps.reduce(0, +) / Double(gaps.count)
        let parts = s[student]?.parts ?? [:]
        #expect(parts["participation"].map { abs($0 - participation!) < 1e-12 } ?? (participation == nil), "\(student)")
        #expect(parts["agreement"].map { abs($0 - agreement!) < 1e-12 } ?? (agreement == nil), "\(student)")
      }
    }
  }

  @Test func unknownReviewsOfIsARubricError() {
    #expect(throws: InputErrors.self) {
      try Fixture.rubric(
        """
        - id: fb
          weight: 10
          scorer: feedback-quality
          criteria: [{id: q, title: Q, max: 4}]
          config: {reviews_of: tlak}
        """)
    }
  }
}
