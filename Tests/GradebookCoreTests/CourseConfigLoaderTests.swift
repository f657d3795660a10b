import Foundation
import GradebookCore
import Testing

/// `course.yaml` numbers a typing slip can make absurd are input errors at their line, not a crash
/// or a schedule of a trillion slots (each of these crashed `build` before: an allocation of 16 TB
/// for `per_week: 999999999999`, an overflow for `slot_minutes: 99999999999`).
struct CourseConfigLoaderTests {
  static func course(calendarWeeks: String = "13", paper: String = "{weeks: 3-11, per_week: 2, slot_minutes: 45}") -> String {
    """
    course: T1
    timezone: Asia/Hong_Kong
    rubric: rubric.yaml
    roster: roster.csv
    calendar:
      week1_monday: 2026-01-19
      weeks: \(calendarWeeks)
      class: {weekday: tuesday, start: "14:30"}
    paper_reading: \(paper)
    project_talks: {weeks: 12-13, per_week: 4, slot_minutes: 45}
    """
  }

  func errors(_ text: String) -> [String] {
    CourseConfigLoader.load(text: text).1.filter { $0.severity == .error }.map(\.description)
  }

  /// A key written twice in one mapping is one error at that mapping's line, naming the key, not
  /// the YAML library's message quoting the whole file.
  @Test func aKeyWrittenTwiceIsOneErrorNamingIt() {
    let text = Self.course().replacingOccurrences(of: "  weeks: 13\n", with: "  weeks: 13\n  weeks: 14\n")
    let found = errors(text)
    #expect(found.count == 1)
    #expect(
      found.first?.hasPrefix("course.yaml:") == true
        && found.first?.hasSuffix(
          ": error: invalid YAML: the key 'weeks' written twice in one mapping (which value counts would be a guess)") == true,
      "\(found)")
    let line = found.first.flatMap { Int($0.split(separator: ":")[1]) }
    #expect(line.map { (5...8).contains($0) } == true, "\(found)")  // in or at the calendar mapping
    #expect(!(found.first ?? "").contains("course: T1"))  // the file is not quoted
  }

  /// RULES §9: times are read in the course zone. `Etc/GMT+8` is UTC−8 (POSIX signs), which an
  /// instructor in Hong Kong would not mean: a warning names the offset it gives.
  @Test func rule9_anEtcGMTZoneSaysItsSignIsInverted() {
    func warnings(_ zone: String) -> [String] {
      let text = Self.course().replacingOccurrences(of: "timezone: Asia/Hong_Kong", with: "timezone: \(zone)")
      return CourseConfigLoader.load(text: text).1.filter { $0.severity == .warning }.map(\.description)
    }
    #expect(
      warnings("Etc/GMT+8") == [
        "course.yaml:2: warning: time zone 'Etc/GMT+8' is UTC−08:00: IANA's Etc/GMT names invert the sign. If you meant the other side of UTC, write 'UTC+8' or a city such as Asia/Hong_Kong"
      ])
    #expect(warnings("Etc/GMT-8").first?.contains("is UTC+08:00") == true)
    #expect(warnings("Etc/GMT-8").first?.contains("write 'UTC-8'") == true)
    for plain in ["Asia/Hong_Kong", "UTC+8", "Etc/GMT", "Etc/GMT+0", "UTC"] { #expect(warnings(plain).isEmpty, "\(plain)") }
    #expect(
      CourseConfigLoader.load(text: Self.course().replacingOccurrences(of: "Asia/Hong_Kong", with: "Etc/GMT+8")).0?.zone.secondsFromGMT()
        == -8 * 3600)
  }

  /// RULES §47: a zone that is not an IANA name is an error offering the name meant, whether it was
  /// written as a typo, a city, an abbreviation or an offset.
  @Test func rule47_aTimeZoneWrittenAsACityAbbreviationOrOffsetIsOfferedItsName() {
    func error(_ zone: String) -> String? {
      errors(Self.course().replacingOccurrences(of: "timezone: Asia/Hong_Kong", with: "timezone: \"\(zone)\"")).first
    }
    #expect(error("Hong Kong") == "course.yaml:2: error: unknown time zone 'Hong Kong' (did you mean 'Asia/Hong_Kong'?)")
    #expect(error("hongkong")?.hasSuffix("(did you mean 'Asia/Hong_Kong'?)") == true)
    #expect(error("new york")?.hasSuffix("(did you mean 'America/New_York'?)") == true)
    #expect(error("Asia/HongKong")?.hasSuffix("(did you mean 'Asia/Hong_Kong'?)") == true)
    #expect(error("HKT")?.contains("(did you mean 'Asia/Hong_Kong'? 'HKT' is an abbreviation") == true)
    #expect(error("+08:00")?.contains("(did you mean 'UTC+08:00'?") == true)
    #expect(
      error("Atlantis") == "course.yaml:2: error: unknown time zone 'Atlantis' (an IANA name such as Asia/Hong_Kong)")
    // What is offered is a name the loader accepts, read as the zone meant.
    for offered in ["Asia/Hong_Kong", "America/New_York", "UTC+08:00"] {
      let config = CourseConfigLoader.load(
        text: Self.course().replacingOccurrences(of: "timezone: Asia/Hong_Kong", with: "timezone: \"\(offered)\"")
      ).0
      #expect(config != nil, "\(offered)")
    }
    #expect(
      CourseConfigLoader.load(
        text: Self.course().replacingOccurrences(of: "timezone: Asia/Hong_Kong", with: "timezone: \"UTC+08:00\"")
      ).0?.zone.secondsFromGMT() == 8 * 3600)
  }

  /// A registration deadline of another term (a course.yaml copied from last year, the calendar
  /// updated but not the deadline) would make every sign-up late: warned about at its line.
  @Test func aRegistrationDeadlineFarFromTheCoursesWeeksIsWarnedAbout() {
    func warnings(_ deadline: String) -> [String] {
      let text = Self.course(paper: "{weeks: 3-11, per_week: 2, slot_minutes: 45, registration_deadline: \(deadline)}")
      return CourseConfigLoader.load(text: text).1.filter { $0.severity == .warning }.map(\.description)
    }
    #expect(warnings("2026-01-30T23:59").isEmpty)
    #expect(warnings("2025-12-22T00:00").isEmpty)  // four weeks before week 1: a sign-up before term
    #expect(
      warnings("2025-01-30T23:59") == [
        "course.yaml:9: warning: 'registration_deadline' 2025-01-30 23:59 HKT is far from the course's weeks (2026-01-19 to 2026-04-19): a date from another term? Lateness is measured against it"
      ])
  }

  /// RULES §12 reads a date alone as 00:00; a deadline written so is read that way, and the warning
  /// says so and how to write its end, or the start without being asked.
  @Test func rule12_aDeadlineWrittenAsADateAloneIsReadAsItsStartAndSaysSo() {
    func load(_ deadline: String) -> (CourseConfig?, [String]) {
      let (config, diagnostics) = CourseConfigLoader.load(
        text: Self.course(paper: "{weeks: 3-11, per_week: 2, slot_minutes: 45, registration_deadline: \(deadline)}"))
      return (config, diagnostics.filter { $0.severity == .warning }.map(\.description))
    }
    let (config, warnings) = load("2026-01-30")
    #expect(
      warnings == [
        "course.yaml:9: warning: 'registration_deadline' 2026-01-30 is read as 2026-01-30 00:00, the start of that day (RULES §12); write 2026-01-30T23:59 for its end, or 2026-01-30T00:00 to keep the start and not be asked"
      ])
    #expect(config?.paperReading?.registrationDeadline == load("2026-01-30T00:00").0?.paperReading?.registrationDeadline)
    #expect(load("2026-01-30T00:00").1.isEmpty && load("2026-01-30T23:59").1.isEmpty)
  }

  @Test func theSampleShapeLoadsWithoutErrors() {
    #expect(errors(Self.course()) == [])
    // MOOC scale: 100,000 presentations over 9 weeks (the benchmark's course).
    #expect(errors(Self.course(paper: "{weeks: 3-11, per_week: 11112, slot_minutes: 45}")) == [])
  }

  @Test func absurdTrackNumbersAreErrorsAtTheirLine() {
    #expect(
      errors(Self.course(paper: "{weeks: 3-11, per_week: 999999999999, slot_minutes: 45}")) == [
        "course.yaml:9: error: 'per_week' must be at most 999999, not 999999999999"
      ])
    #expect(
      errors(Self.course(paper: "{weeks: 3-11, per_week: 2, slot_minutes: 99999999999}")) == [
        "course.yaml:9: error: 'slot_minutes' must be at most 10080, not 99999999999"
      ])
    #expect(errors(Self.course(paper: "{weeks: 3-11, per_week: 999999, slot_minutes: 45}")) == [])  // 9 × 999,999: under the limit
    #expect(
      errors(Self.course(paper: "{weeks: 1-11, per_week: 999999, slot_minutes: 45}")) == [
        "course.yaml:9: error: paper_reading would have 10999989 slots (weeks × per_week); at most 10000000 (10 million)"
      ])
  }

  /// A file listed twice would rank by its first place (RULES §26) and be skipped the second time:
  /// whoever moved it down the list meant it to rank there. An error at the second line.
  @Test func rule26_aSourceListedTwiceIsAnErrorAtItsSecondLine() {
    let sources = """

      sources:
        - {kind: scores, file: data/a.csv}
        - {kind: scores, file: data/b.csv}
        - {kind: scores, file: data/a.csv}
      """
    #expect(
      errors(Self.course() + sources) == [
        "course.yaml:14: error: data/a.csv is already a source at line 12: list each file once, where it should rank"
      ])
    #expect(errors(Self.course() + sources.replacingOccurrences(of: "file: data/a.csv}\n", with: "file: data/c.csv}\n")) == [])
  }

  @Test func trackWeeksMustLieInTheCalendar() {
    #expect(
      errors(Self.course(calendarWeeks: "12")) == ["course.yaml:10: error: project_talks weeks 12-13 go past the calendar's 12 weeks"])
    #expect(
      errors(Self.course(calendarWeeks: "99999999999")) == ["course.yaml:7: error: 'weeks' must be at most 999, not 99999999999"])
  }
}
