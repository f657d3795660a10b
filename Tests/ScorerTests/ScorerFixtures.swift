import Foundation
import GradebookCore
import GradebookScorers

/// Builds rubrics, courses and contexts for scorer tests.
enum Fixture {
  static let hk = TimeZone(identifier: "Asia/Hong_Kong")!

  /// Items read from rubric YAML with the built-in registry (so configs parse as in real rubrics).
  static func rubric(_ itemsYAML: String, zone: TimeZone = hk) throws -> Rubric {
    let text =
      "id: t\ncomponents:\n  - id: c\n    items:\n"
      + itemsYAML.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n")
    let (rubric, diagnostics) = RubricLoader(registry: BuiltInScorers.registry, zone: zone).load(text: text, path: "rubric.yaml")
    guard let rubric else { throw InputErrors(diagnostics) }
    return rubric
  }

  static let students = ["s1", "s2", "s3", "s4", "s5"]

  static func course(
    zone: TimeZone = hk, week1: CivilTime = CivilTime(year: 2026, month: 1, day: 19)!, weekday: Int = 2, start: (Int, Int) = (14, 30),
    deadline: String? = "2026-01-30T23:59"
  ) -> CourseConfig {
    let calendar = CourseCalendar(week1Monday: week1, weeks: 13, classWeekday: weekday, startHour: start.0, startMinute: start.1)
    let parser = TimestampParser(zone: zone)
    let paper = Track(
      name: .paperReading, weeks: 2...11, perWeek: 2, slotMinutes: 45, registrationDeadline: deadline.flatMap(parser.parseISO))
    let talks = Track(name: .projectTalks, weeks: 12...13, perWeek: 4, slotMinutes: 45, registrationDeadline: nil)
    return CourseConfig(
      course: "T", zone: zone, rubric: "t", roster: "r.csv",
      staff: [
        StaffMember(id: "ins", name: "Ins", role: .instructor), StaffMember(id: "ta1", name: "TA", role: .ta),
      ], calendar: calendar, paperReading: paper, projectTalks: talks)
  }

  static let groups = Groups(memberships: [("G1", "s1"), ("G1", "s2"), ("G2", "s3"), ("G2", "s4")])

  static func context(
    rubric: Rubric, course: CourseConfig = course(), ratings: [Rated] = [], uploads: [Upload] = [],
    registrations: [Registration] = [], extensions: [String: [String: TimeSpan]] = [:], contributions: [Contribution] = [],
    students: [String] = students
  ) -> ScoringContext {
    let roster = Roster(students.map { Student(id: $0, name: "Name \($0)", email: "\($0)@hku.hk") })
    return ScoringContext(
      course: course, rubric: rubric, roster: roster, groups: groups,
      schedule: Schedule.build(course: course, groups: groups, registrations: registrations),
      ratings: Dictionary(grouping: ratings, by: \.item).mapValues { RatingList($0.map(\.rating)) },
      uploads: Dictionary(grouping: uploads, by: \.item),
      extensions: extensions, contributions: Dictionary(grouping: contributions, by: \.group))
  }

  /// A rating with the item it is filed under.
  struct Rated {
    var item: String
    var rating: Rating
  }

  static func rating(_ target: String, _ item: String, _ criterion: String, _ rater: String, _ points: Double, role: RaterRole? = nil)
    -> Rated
  {
    let derived: RaterRole = role ?? (rater == "ins" ? .instructor : rater == "ta1" ? .ta : rater == target ? .selfRating : .peer)
    return Rated(item: item, rating: Rating(target: target, criterion: criterion, rater: rater, role: derived, points: points))
  }

  static func at(_ text: String, zone: TimeZone = hk) -> Instant { TimestampParser(zone: zone).parseISO(text)! }

  static func upload(_ student: String, _ item: String, _ when: String, zone: TimeZone = hk) -> Upload {
    Upload(student: student, item: item, at: at(when, zone: zone), source: SourceRef(path: "u.csv", line: 1))
  }

  static func registration(_ student: String, _ when: String, _ slots: String..., line: Int = 1, zone: TimeZone = hk) -> Registration {
    Registration(
      student: student, at: at(when, zone: zone), choices: slots.compactMap(SlotID.init(parsing:)),
      source: SourceRef(path: "r.csv", line: line))
  }

  /// The scores of a scored outcome (fails the test for pending).
  static func scores(_ outcome: ItemOutcome) -> [String: TargetScore] {
    if case .scored(let scores) = outcome { return scores }
    return [:]
  }
}

extension Double {
  /// Equal within 1e-9.
  func isClose(to other: Double) -> Bool { abs(self - other) < 1e-9 }
}
