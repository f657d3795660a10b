import Foundation
import GradebookCore
import TestSupport
import Testing

@testable import FinalProjectScorer

/// `proposal` and `final-project` (SPEC §7.4–5, RULES §20–22, §36–38). Due 2026-03-13 23:59 HKT,
/// grace 1h, 10% a started day, floor 0.5, cutoff 7d.
struct GroupItemTests {
  static let rubric = try! Fixture.rubric(
    """
    - id: prop
      weight: 10
      scorer: proposal
      target: group
      criteria: [{id: topic, title: T, max: 10}, {id: papers, title: P, max: 5, weight: 0.5}]
      config: {due: 2026-03-13T23:59, grace: 1h, deduct: 0.1, per: 24h, floor: 0.5, cutoff: 7d}
    - id: proj
      weight: 30
      scorer: final-project
      target: group
      criteria: [{id: q, title: Q, max: 10}]
      config: {due: 2026-05-08T23:59, contribution: {method: webpa, weight: 0.5}}
    """)

  func score(
    _ item: String, ratings: [Fixture.Rated], uploads: [Upload] = [], extensions: [String: [String: TimeSpan]] = [:],
    contributions: [Contribution] = []
  ) throws -> [String: TargetScore] {
    let item = Self.rubric.item(item)!
    let context = Fixture.context(
      rubric: Self.rubric, ratings: ratings, uploads: uploads, extensions: extensions, contributions: contributions)
    return Fixture.scores(try item.scorer.score(item, in: context))
  }

  /// G1: topic 8 (ins) and 6 (ta1) → 0.7; papers 5/5 → 1; G₀ = (0.7 + 0.5·1)/1.5 = 0.8.
  let ratings = [
    Fixture.rating("G1", "prop", "topic", "ins", 8), Fixture.rating("G1", "prop", "topic", "ta1", 6),
    Fixture.rating("G1", "prop", "papers", "ins", 5),
  ]

  @Test func rule21_lateMultiplierUsesTheGroupsEarliestUploadAndEachMembersExtension() throws {
    // s2 uploaded 2026-03-14 02:00 (2h01m late → ×0.9), s1 re-uploaded later; s1 has a 48h extension.
    let uploads = [Fixture.upload("s2", "prop", "2026-03-14T02:00"), Fixture.upload("s1", "prop", "2026-03-15T09:00")]
    let s = try score("prop", ratings: ratings, uploads: uploads, extensions: ["s1": ["prop": .hours(48)]])
    #expect(s["s1"]!.score.isClose(to: 0.8))
    #expect(s["s2"]!.score.isClose(to: 0.8 * 0.9))
  }

  @Test func rule19_cutoffBeatsTheFloor() throws {
    let six = try score("prop", ratings: ratings, uploads: [Fixture.upload("s1", "prop", "2026-03-19T23:59")])
    #expect(six["s1"]!.score.isClose(to: 0.8 * 0.5))  // 6 days: 1 − 0.6 = 0.4 → floor 0.5
    let eight = try score("prop", ratings: ratings, uploads: [Fixture.upload("s1", "prop", "2026-03-21T23:59")])
    #expect(eight["s1"]!.score == 0)  // past the 7d cutoff: 0, not the floor
  }

  @Test func rules22_36_37_noUploadNoGroupNoStaffScore() throws {
    let s = try score("prop", ratings: ratings)
    #expect(s["s1"]!.score.isClose(to: 0.8))
    #expect(s["s1"]!.evidence.contains("no upload on record: multiplier 1"))
    #expect(s["s3"]!.status == .missing)  // G2 has no staff score
    #expect(s["s5"]!.status == .missing && s["s5"]!.evidence == ["not in a group"])  // a student in no group
  }

  @Test func rule38_webpaWithARaterWhoseRatingsSumToZero() throws {
    // G = 0.8. s1 rates s1 3, s2 1; s2 rates both 0 (not a rater). n = 2, raters = 1:
    // WebPA_s1 = 2 · 0.75 = 1.5, WebPA_s2 = 2 · 0.25 = 0.5; w = 0.5:
    // s1 = clamp(0.8 · 1.25) = 1.0, s2 = 0.8 · 0.75 = 0.6.
    let ratings = [Fixture.rating("G1", "proj", "q", "ins", 8)]
    let contributions = [("s1", "s1", 3.0), ("s1", "s2", 1), ("s2", "s1", 0), ("s2", "s2", 0)].map {
      Contribution(group: "G1", rater: $0.0, ratee: $0.1, score: $0.2, source: SourceRef(path: "c.csv", line: 1))
    }
    let s = try score("proj", ratings: ratings, contributions: contributions)
    #expect(s["s1"]!.score.isClose(to: 1.0))
    #expect(s["s2"]!.score.isClose(to: 0.6))
  }

  @Test func rule38_noRatingsGiveFactorOneAndZeroGroupScoreStaysZero() throws {
    let s = try score(
      "proj", ratings: [Fixture.rating("G1", "proj", "q", "ins", 7), Fixture.rating("G2", "proj", "q", "ins", 0)],
      contributions: [Contribution(group: "G2", rater: "s3", ratee: "s3", score: 5, source: SourceRef(path: "c", line: 1))])
    #expect(s["s1"]!.score.isClose(to: 0.7) && s["s2"]!.score.isClose(to: 0.7))
    #expect(s["s3"]!.score == 0 && s["s4"]!.score == 0)
  }

  @Test func property_latenessNeverRaisesAScore() throws {
    var rng = SeededRandom(seed: 3)
    for _ in 0..<200 {
      let policy = LatePolicy(
        grace: .minutes(Int64(rng.next() * 180)), deduct: rng.next(), per: .hours(Int64(1 + rng.next() * 48)), floor: rng.next() * 0.6,
        cutoff: rng.next() < 0.5 ? nil : .hours(Int64(rng.next() * 200)))
      let a = TimeSpan(milliseconds: Int64((rng.next() - 0.2) * 400 * 3_600_000))
      let b = a + TimeSpan(milliseconds: Int64(rng.next() * 100 * 3_600_000))
      #expect(policy.multiplier(late: b) <= policy.multiplier(late: a))
      #expect((0...1).contains(policy.multiplier(late: a)))
    }
  }

  /// Random staff scores, uploads (early or late) and WebPA ratings: every member's score stays in
  /// [0, 1] (a generous WebPA factor is clamped), on both group items.
  @Test func property_scoresStayInTheUnitIntervalWhateverTheContributions() throws {
    var rng = SeededRandom(seed: 23)
    let members = [("G1", ["s1", "s2"]), ("G2", ["s3", "s4"])]
    var clamped = 0  // members whose WebPA factor would have taken them above 1
    for _ in 0..<100 {
      var ratings: [Fixture.Rated] = []
      var contributions: [Contribution] = []
      var uploads: [Upload] = []
      for (group, students) in members {
        for rater in ["ins", "ta1"] where rng.next() < 0.8 {
          ratings.append(Fixture.rating(group, "prop", "topic", rater, Double(Int(rng.next() * 11))))
          ratings.append(Fixture.rating(group, "prop", "papers", rater, Double(Int(rng.next() * 6))))
          ratings.append(Fixture.rating(group, "proj", "q", rater, Double(Int(rng.next() * 11))))
        }
        for rater in students where rng.next() < 0.8 {
          for ratee in students {
            contributions.append(
              Contribution(
                group: group, rater: rater, ratee: ratee, score: Double(Int(rng.next() * 6)), source: SourceRef(path: "c.csv", line: 1)))
          }
        }
        for item in ["prop", "proj"] where rng.next() < 0.8 {
          let due = item == "prop" ? "2026-03-13T23:59" : "2026-05-08T23:59"
          var upload = Fixture.upload(students[0], item, due)
          upload.at = upload.at + TimeSpan(milliseconds: Int64((rng.next() - 0.3) * 240 * 3_600_000))  // up to 7 days late
          uploads.append(upload)
        }
      }
      for item in ["prop", "proj"] {
        let s = try score(item, ratings: ratings, uploads: uploads, contributions: contributions)
        #expect(s.values.allSatisfy { (0...1).contains($0.score) }, "\(item): a score outside [0, 1]")
        clamped += s.values.filter { $0.score == 1 }.count
      }
    }
    #expect(clamped >= 10, "too few random cases at the upper bound: \(clamped)")
  }

  @Test func rule39_pendingWithoutAnyStaffScoreEvenWithUploads() throws {
    let item = Self.rubric.item("prop")!
    let outcome = try item.scorer.score(
      item, in: Fixture.context(rubric: Self.rubric, uploads: [Fixture.upload("s1", "prop", "2026-03-01T10:00")]))
    if case .scored = outcome { Issue.record("expected pending") }
  }
}
