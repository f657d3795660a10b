import Foundation
import Testing

@testable import GradebookCore

/// SPEC §8 and RULES §1–8: totals, statuses, precedence and letters, against hand-computed numbers.
struct GradeEngineTests {
  struct FixedScorer: Scorer {
    struct Configuration: ScorerConfiguration {
      init(reading config: inout ConfigReader) {}
    }
    static let description = ScorerDescription(
      identifier: "fixed", summary: "", formula: "", targets: [.student], usesCriteria: false, keys: [])
    let configuration: Configuration
    init(configuration: Configuration) { self.configuration = configuration }
    func score(_ item: Item, in context: ScoringContext) throws -> ItemOutcome { .pending("test") }
  }

  static func item(_ id: String, _ weight: Double) -> Item {
    var config = ConfigReader(nil, path: "t")
    return Item(
      id: id, title: id, weight: weight, target: .student, criteria: [], scorer: FixedScorer(configuration: .init(reading: &config)))
  }

  let engine = GradeEngine(items: [item("a", 10), item("b", 30), item("c", 60)], scale: LetterStep.defaultScale)

  func adjustment(_ action: AdjustmentAction) -> Adjustment {
    Adjustment(student: "s1", item: "b", action: action, reason: "why", by: "bdai", source: SourceRef(path: "adj.csv", line: 2))
  }

  @Test func totalIsTheWeightedMeanOfCountedItems() {
    let outcomes: [String: ItemOutcome] = [
      "a": .scored(["s1": .graded(0.9, evidence: [])]),
      "b": .scored(["s1": .graded(0.5, evidence: [])]),
      "c": .scored(["s1": .graded(0.75, evidence: [])]),
    ]
    let grade = engine.grade(student: "s1", outcomes: outcomes, decisions: [:])
    // (10·0.9 + 30·0.5 + 60·0.75) / 100 × 100 = 69
    #expect(abs(grade.total! - 69) < 1e-9)
    #expect(grade.letter == "B-")  // 65 ≤ 69 < 70
    #expect(grade.items.map(\.percent) == [90, 50, 75])
  }

  @Test func rule1_missingCountsAsZeroAndPendingCountsForNothing() {
    let outcomes: [String: ItemOutcome] = [
      "a": .scored(["s1": .graded(0.9, evidence: [])]),
      "b": .scored([:]),
      "c": .pending("no data"),
    ]
    let grade = engine.grade(student: "s1", outcomes: outcomes, decisions: [:])
    #expect(grade.items[1].status == .missing && grade.items[1].percent == 0)
    #expect(grade.items[2].status == .pending && grade.items[2].percent == nil)
    // (10·0.9 + 30·0) / 40 × 100 = 22.5
    #expect(abs(grade.total! - 22.5) < 1e-9)
  }

  @Test func rule3_allExcusedOrPendingGivesNoTotal() {
    let outcomes: [String: ItemOutcome] = ["a": .pending("x"), "b": .pending("x"), "c": .pending("x")]
    let grade = engine.grade(student: "s1", outcomes: outcomes, decisions: [:])
    #expect(grade.total == nil && grade.letter == nil)
  }

  @Test func rule4_overrideBeatsExcuseBeatsPendingBeatsScorer() {
    let scored: [String: ItemOutcome] = [
      "a": .scored(["s1": .graded(1, evidence: [])]), "b": .scored(["s1": .graded(0.2, evidence: [])]), "c": .pending("x"),
    ]
    let excuse = adjustment(.excuse)
    let override = adjustment(.override(percent: 80))
    let excused = engine.grade(student: "s1", outcomes: scored, decisions: ["b": ItemDecision(excuse: excuse)])
    #expect(excused.items[1].status == .excused && excused.items[1].percent == nil)
    #expect(abs(excused.total! - 100) < 1e-9)
    let both = engine.grade(student: "s1", outcomes: scored, decisions: ["b": ItemDecision(excuse: excuse, override: override)])
    #expect(both.items[1].status == .override && both.items[1].percent == 80)
    // (10·1 + 30·0.8) / 40 = 85
    #expect(abs(both.total! - 85) < 1e-9)
    let pendingOverride = engine.grade(
      student: "s1", outcomes: scored,
      decisions: [
        "c": ItemDecision(
          override: Adjustment(
            student: "s1", item: "c", action: .override(percent: 50), reason: "", by: "", source: SourceRef(path: "", line: 1)))
      ])
    #expect(pendingOverride.items[2].status == .override)
    // (10·1 + 30·0.2 + 60·0.5) / 100 = 46
    #expect(abs(pendingOverride.total! - 46) < 1e-9)
  }

  @Test(arguments: [
    (89.995, "A+"), (89.9949, "A"), (79.9951, "A-"), (79.994, "B+"), (90, "A+"), (0, "F"), (39.995, "D"), (100, "A+"),
  ])
  func rule7_letterRoundsHalfUpFromTheShortestDecimal(total: Double, letter: String) {
    #expect(GradeEngine.letter(for: total, scale: LetterStep.defaultScale) == letter)
  }

  @Test func rule7_thePreparedScaleGivesTheDecimalLetterForEveryTotal() {
    var generator = SystemRandomNumberGenerator()
    let scales: [[LetterStep]] = [
      LetterStep.defaultScale,
      [LetterStep("P", 49.995), LetterStep("Q", 12.345), LetterStep("R", 0.1), LetterStep("F", 0)],
      [LetterStep("H", 1e-7), LetterStep("L", -3.25)],
    ]
    var totals: [Double] = [
      0, -0.0, 100, 89.995, 79.9951, 1e-5, 0.005, 0.004999, 49.995, 49.994999, 12.345, 12.344, 0.1, 0.095, -3.25, -3.255,
    ]
    for _ in 0..<20_000 {
      let whole = Double(Int.random(in: -500...10_000, using: &generator)) / 100
      totals.append(whole + [0, 0.005, 0.0049, 0.00051, 0.004999999][Int.random(in: 0..<5, using: &generator)])
      totals.append(Double.random(in: -10...110, using: &generator))
    }
    for scale in scales {
      let prepared = LetterScale(scale)
      for total in totals {
        #expect(prepared.letter(for: total) == GradeEngine.letterByDecimal(for: total, scale: scale), "total \(total)")
      }
    }
  }

  @Test func rule2_lettersAreASCII() {
    #expect(LetterStep.defaultScale.map(\.letter) == ["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "F"])
  }

  @Test func lateMultiplier_rule19() {
    let policy = LatePolicy(grace: .hours(2), deduct: 0.25, per: .hours(24), floor: 0.5, cutoff: .hours(72))
    #expect(policy.multiplier(late: .seconds(-5)) == 1)
    #expect(policy.multiplier(late: .hours(2)) == 1)  // exactly at grace
    #expect(policy.multiplier(late: .hours(2) + .seconds(1)) == 0.75)  // one second past: one started period
    #expect(policy.multiplier(late: .hours(24)) == 0.75)
    #expect(policy.multiplier(late: .hours(24) + .seconds(1)) == 0.5)  // two periods: 0.5
    #expect(policy.multiplier(late: .hours(60)) == 0.5)  // three periods → 0.25, held at the floor 0.5
    #expect(policy.multiplier(late: .hours(72)) == 0.5)  // at the cutoff: not past it
    #expect(policy.multiplier(late: .hours(72) + .seconds(1)) == 0)  // the cutoff beats the floor
  }

  @Test func rule47_didYouMeanOffersTheClosestIdOnlyWhenCloseEnough() {
    #expect(Suggestion.closest(to: "u3035101243", among: ["u3035101234", "u3035999999"]) == "u3035101234")
    #expect(Suggestion.closest(to: "u3035101235", among: ["u3035101234"]) == "u3035101234")
    #expect(Suggestion.closest(to: "zzz", among: ["u3035101234"]) == nil)
    #expect(Suggestion.closest(to: "propsal", among: ["proposal", "project"]) == "proposal")
  }

  /// RULES §47 at scale: each suggestion reads every known name, so a file takes them from a
  /// budget (a file of another course at 100,000 students took hours to report). Once it is spent,
  /// errors come without "did you mean", and one warning says so, at the row where it ran out.
  @Test func rule47_suggestionsStopOnceAFileHasComparedItsBudgetOfNames() {
    var log = DiagnosticLog(path: "f.csv")
    let roster = ["u3035000012", "u3035000013"]
    let first = log.hint(for: "u3035000l12", among: roster, line: 2)
    let half = (DiagnosticLog.suggestionBudget - 4) / 2  // leaves room for one more search among the two
    let spent = [log.spendSuggestion(half, line: 3), log.spendSuggestion(half, line: 4), log.spendSuggestion(half, line: 5)]
    let later = [6, 7, 8].map { log.hint(for: "u3035000l13", among: roster, line: $0) }
    #expect(first == " (did you mean 'u3035000012'?)")
    #expect(spent == [true, true, false])  // searches among 100,000s of names; the third would pass the budget
    #expect(later == [" (did you mean 'u3035000013'?)", "", ""])  // what was left served one more
    #expect(
      log.all.map(\.description) == [
        "f.csv:5: warning: no more 'did you mean' in this file from here: so many unknown names were looked up (is this file from this course, and the roster current?)"
      ])
    #expect(!log.hasErrors)
    // A class-sized roster never runs out, however many rows are wrong.
    var small = DiagnosticLog(path: "g.csv")
    let students = (0..<24).map { "u\(3_035_101_000 + $0)" }
    for line in 2..<10_002 { _ = small.hint(for: "u3035101x00", among: students, line: line) }
    let last = small.hint(for: "u3035101x00", among: students, line: 10_002)
    #expect(last == " (did you mean 'u3035101000'?)")
    #expect(small.all.isEmpty)
  }

  /// RULES §47 for a fixed list of words: an abbreviation that begins exactly one of them is offered
  /// it; one that begins several (or a single letter) is offered none, rather than a guess.
  @Test func rule47_anAbbreviatedWordIsOfferedTheOneWordItBegins() {
    let days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    #expect(Suggestion.hint(for: "tues", amongWords: days) == " (did you mean 'tuesday'?)")
    #expect(Suggestion.hint(for: "Wed", amongWords: days) == " (did you mean 'wednesday'?)")
    #expect(Suggestion.hint(for: "t", amongWords: days) == "")  // tuesday or thursday
    #expect(Suggestion.hint(for: "s", amongWords: days) == "")
    #expect(Suggestion.hint(for: "tuseday", amongWords: days) == " (did you mean 'tuesday'?)")  // a typo still
    #expect(
      Suggestion.hint(for: "presentation", amongWords: ["presentation-quality", "proposal"])
        == " (did you mean 'presentation-quality'?)")
    #expect(Suggestion.hint(for: "xyz", amongWords: days) == "")
    // Ids (students, items) are not offered by prefix: a cut-off id is not one person.
    #expect(Suggestion.hint(for: "u30351", among: ["u3035101234"]) == "")
  }

  @Test func rule44_safeIDs() {
    #expect(SafeID.isValid("u3035101234"))
    #expect(SafeID.isValid("ta-wong.2_x"))
    #expect(!SafeID.isValid("../etc"))
    #expect(!SafeID.isValid("-x"))
    #expect(!SafeID.isValid(""))
    #expect(!SafeID.isValid("a b"))
    #expect(!SafeID.isValid(String(repeating: "a", count: 65)))
  }
}

/// Display rounding of reports and LMS files (`FixedDecimal`).
struct FixedDecimalTests {
  @Test(arguments: [
    (85.454, 2, "85.45"), (89.995, 2, "90.00"), (100, 2, "100.00"), (0.07, 2, "0.07"), (0, 2, "0.00"),
    (-0.005, 2, "-0.01"), (-0.001, 2, "0.00"), (12.25, 1, "12.3"), (7.5, 0, "8"), (3.14159, 4, "3.1416"),
  ])
  func formatsLikeAPersonWritesIt(x: Double, places: Int, text: String) {
    #expect(FixedDecimal.format(x, places: places) == text)
  }

  /// 39.995 is stored as 39.99499999999999744…; scaled in binary it is 3999.4999999999995, which
  /// rounded to 39.99 on the page beside the letter D (whose minimum, 40, RULES §7 reaches from the
  /// shortest digits "39.995"). Found by the reference grader (Tests/Oracle) on 62.824999999999996.
  @Test(arguments: [
    (39.995, "40.00", "D"), (62.824999999999996, "62.82", "C+"), (84.99499999999999, "84.99", "A-"), (84.995, "85.00", "A"),
  ])
  func rule7_aShownTotalRoundsAsItsLetterDoes(total: Double, shown: String, letter: String) {
    #expect(FixedDecimal.format(total) == shown)
    #expect(GradeEngine.letter(for: total, scale: LetterStep.defaultScale) == letter)
  }

  /// Equal to rounding the shortest decimal with Foundation's `Decimal`, at every number of places,
  /// on random numbers and on the doubles next to every kind of half.
  @Test func rule7_roundsAsTheShortestDecimalRoundsAtEveryPlace() {
    var generator = SystemRandomNumberGenerator()
    var values: [Double] = [0, -0.0, 1e-7, 5e-5, 0.5, 2.5, -2.5, 39.995, 89.995, 1e11 + 0.5]
    for _ in 0..<4_000 {
      let tie = (Double(Int.random(in: -2_000_000...20_000_000, using: &generator)) + 0.5) / 1000
      var below = tie, above = tie
      for _ in 0..<3 { (below, above) = (below.nextDown, above.nextUp) }
      values += [tie, below, above, tie.nextDown, tie.nextUp, Double.random(in: -1000...1000, using: &generator)]
    }
    for places in 0...6 {
      for x in values {
        let expected = GradeEngine.roundHalfUp(x, places: places)
        var scaled = expected
        var result = Decimal()
        _ = NSDecimalMultiplyByPowerOf10(&result, &scaled, Int16(places), .plain)
        #expect(FixedDecimal.scaledHalfUp(x, places: places).map { Decimal($0) } == result, "x \(x), places \(places)")
      }
    }
  }
}
