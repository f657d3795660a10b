import Foundation
import GradebookCore
import GradebookScorers
import Testing

/// The immutable registry (STYLE §3) and rubric checks that depend on it.
struct RegistryTests {
  @Test func allSixBuiltInsAreRegisteredWithTheirKeys() {
    let ids = BuiltInScorers.registry.all.map { $0.description.identifier }
    #expect(ids == ["on-time-upload", "presentation-quality", "feedback-quality", "proposal", "final-project", "external"])
    let quality = BuiltInScorers.registry.scorerType("presentation-quality")!.description
    #expect(quality.keys.map(\.name) == ["staff_weight", "peer_weight", "peer_aggregate", "trim", "min_peer_ratings"])
  }

  @Test func duplicateIdentifiersAreRefused() {
    #expect(throws: ScorerRegistry.DuplicateIdentifier.self) {
      try ScorerRegistry(BuiltInScorers.types + [BuiltInScorers.types[0]])
    }
  }

  @Test func unknownScorerInARubricListsTheKnownOnes() {
    do {
      _ = try Fixture.rubric("- id: x\n  weight: 1\n  scorer: proposl\n  target: group\n  criteria: [{id: a, title: A, max: 1}]")
      Issue.record("expected an error")
    } catch let errors as InputErrors {
      let message = errors.diagnostics.first { $0.severity == .error }?.description ?? ""
      #expect(
        message
          == "rubric.yaml:7: error: unknown scorer 'proposl' (did you mean 'proposal'?); known scorers: external, feedback-quality, final-project, on-time-upload, presentation-quality, proposal"
      )
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  /// RULES §19's multiplier is a fraction: a percent written as a number (`deduct: 25`) would make
  /// any lateness cost the whole score, so it is an error that says what to write; a cutoff inside
  /// the grace is a warning.
  @Test func rule19_deductAndFloorAreFractionsNotPercents() {
    let text = """
      id: r
      components:
        - id: c
          items:
            - {id: a, weight: 10, scorer: on-time-upload, target: student, config: {deduct: 25, floor: 50}}
            - {id: b, weight: 10, scorer: on-time-upload, target: student, config: {deduct: 1, floor: 0.5}}
            - {id: d, weight: 10, scorer: on-time-upload, target: student, config: {grace: 2h, cutoff: 1h}}
      """
    let (rubric, diagnostics) = RubricLoader(registry: BuiltInScorers.registry, zone: Fixture.hk).load(text: text, path: "r.yaml")
    #expect(rubric == nil)
    #expect(
      diagnostics.map(\.description) == [
        "r.yaml:5: error: 'deduct' is the fraction deducted per period, at most 1, not 25 (write 0.25 for 25%)",
        "r.yaml:5: error: 'floor' is the lowest multiplier, a fraction at most 1, not 50 (write 0.5 for 50%)",
        "r.yaml:7: warning: 'cutoff' 1h is shorter than 'grace' 2h: an upload between them is on time (the grace is looked at first)",
      ])
  }

  /// A deadline far from the course's weeks (a rubric reused with last term's dates) is warned
  /// about: up to four weeks before week 1 and eight after the last week (exams, a final blog) are
  /// not, anything beyond is.
  @Test func aDeadlineFarFromTheCoursesWeeksIsWarnedAbout() {
    let calendar = CourseCalendar(
      week1Monday: CivilTime(year: 2026, month: 1, day: 19)!, weeks: 13, classWeekday: 2, startHour: 14, startMinute: 30)
    func warnings(_ due: String) -> [String] {
      let text = """
        id: r
        components:
          - id: c
            weight: 10
            items:
              - {id: p, weight: 10, scorer: proposal, target: group, criteria: [{id: q, title: Q, max: 5}], config: {due: \(due)}}
        """
      let loader = RubricLoader(registry: BuiltInScorers.registry, zone: Fixture.hk, term: calendar.span(in: Fixture.hk))
      return loader.load(text: text, path: "r.yaml").1.map(\.description)
    }
    #expect(warnings("2026-03-13T23:59").isEmpty)
    #expect(warnings("2025-12-22T00:00").isEmpty)  // four weeks before week 1's Monday
    #expect(warnings("2026-06-14T23:59:59").isEmpty)  // eight weeks after the last Sunday
    #expect(
      warnings("2025-03-13T23:59") == [
        "r.yaml:6: warning: 'due' 2025-03-13 23:59 HKT is far from the course's weeks (2026-01-19 to 2026-04-19): a date from another term? Lateness is measured against it"
      ])
    #expect(warnings("2025-12-21T23:59:59").count == 1)
    #expect(warnings("2026-06-15T00:00").count == 1)
  }

  @Test func rule8_rubricChecksTargetsCriteriaAndComponentAndCriterionWeights() {
    let text = """
      id: r
      components:
        - id: c
          weight: 20
          items:
            - {id: a, weight: 10, scorer: proposal, target: student, criteria: [{id: q, title: Q, max: 0}], config: {due: 2026-02-30T10:00}}
            - {id: b, weight: 5, scorer: on-time-upload, target: student, config: {grace: soon, colour: red, cutoff: 3 days, deduct: 25%, upload_weight: 50%}}
            - id: t
              weight: 0
              scorer: presentation-quality
              criteria: [{id: q, title: Q, max: 5, weight: 0}, {id: r, title: R, max: 5, weight: 0}]
      """
    let (rubric, diagnostics) = RubricLoader(registry: BuiltInScorers.registry, zone: Fixture.hk).load(text: text, path: "r.yaml")
    #expect(rubric == nil)
    let lines = diagnostics.map(\.description)
    #expect(lines.contains("r.yaml:6: error: scorer 'proposal' scores a group, not a student"))
    #expect(lines.contains("r.yaml:6: error: criterion 'q' needs max > 0"))
    #expect(
      lines.contains(
        "r.yaml:6: error: 'due' is not a valid timestamp: '2026-02-30T10:00' names no real time (February 2026 has 28 days, so no day 30)"))
    #expect(lines.contains("r.yaml:7: error: 'grace' must be a duration such as 48h, 15m, 7d or 1h30m (at most 1,000 years), not 'soon'"))
    #expect(lines.contains("r.yaml:7: warning: unknown key 'colour' ignored"))
    // A duration in words and a percent are offered the form the rubric reads.
    #expect(
      lines.contains(
        "r.yaml:7: error: 'cutoff' must be a duration such as 48h, 15m, 7d or 1h30m (at most 1,000 years), not '3 days' (did you mean '3d'?)"
      ))
    #expect(lines.contains("r.yaml:7: error: 'deduct' must be a number, not '25%' (a fraction: write 0.25 for 25%)"))
    #expect(
      lines.contains(
        "r.yaml:7: error: 'upload_weight' must be a number, not '50%' (write 50 without '%', in the same scale as the weights beside it)"))
    #expect(lines.contains("r.yaml:4: error: component 'c' has weight 20 but its items' weights sum to 15"))
    // Every criterion weighing 0 would leave every student `missing` on the item, silently.
    #expect(lines.contains("r.yaml:11: error: the criteria's weights cannot all be 0 (no score could be computed)"))
  }
}
