import Foundation
import GradebookCore
import Testing

/// First come, first served (SPEC §6, RULES §14–18).
struct SchedulingTests {
  @Test func rule15_earliestFirstTiesByLineDuplicatesWarned() {
    let course = Fixture.course()
    let regs = [
      Fixture.registration("s2", "2026-01-20T10:00", "W03-1", "W03-2", line: 3),
      Fixture.registration("s1", "2026-01-20T10:00", "W03-1", line: 2),  // same instant, earlier line: wins W03-1
      Fixture.registration("s3", "2026-01-20T09:00", "W04-1", line: 4),
      Fixture.registration("s3", "2026-01-20T11:00", "W05-1", line: 5),  // already holds W04-1: ignored
      Fixture.registration("s4", "2026-01-20T12:00", "W03-1", line: 6),  // taken: unassigned
    ]
    let schedule = Schedule.build(course: course, groups: Fixture.groups, registrations: regs)
    #expect(schedule.bySlot[SlotID(week: 3, number: 1)]?.holder == "s1")
    #expect(schedule.bySlot[SlotID(week: 3, number: 2)]?.holder == "s2")
    #expect(schedule.assignment(of: "s3", in: .paperReading)?.slot == SlotID(week: 4, number: 1))
    #expect(schedule.assignment(of: "s4", in: .paperReading) == nil)
    #expect(schedule.warnings.map(\.line) == [5, 6])
  }

  /// A registration deadline that every registration (five or more) missed, the wrong day or year
  /// most likely, gives every student R = 0 silently: warned at the earliest registration. One on
  /// time, or fewer than five, say nothing.
  @Test func aDeadlineNoRegistrationMetIsWarnedAbout() {
    func warnings(deadline: String, times: [String]) -> [String] {
      let regs = times.enumerated().map { index, time in
        Fixture.registration("s\(index + 1)", time, "W0\(index % 5 + 3)-1", line: index + 2)
      }
      return Schedule.build(course: Fixture.course(deadline: deadline), groups: Fixture.groups, registrations: regs).warnings
        .map(\.description)
    }
    let late = ["2026-01-20T10:00", "2026-01-20T09:00", "2026-01-21T10:00", "2026-01-22T10:00", "2026-01-23T10:00"]
    #expect(
      warnings(deadline: "2026-01-19T23:59", times: late) == [
        "r.csv:3: warning: none of the 5 registrations for paper_reading came by its registration_deadline 2026-01-19 23:59 HKT; the earliest, this one, came 2026-01-20 09:00 HKT. Is the deadline right? Late registrations get R = 0"
      ])
    #expect(warnings(deadline: "2026-01-20T09:00", times: late).isEmpty)  // the earliest on time, exactly
    #expect(warnings(deadline: "2026-01-19T23:59", times: Array(late.prefix(4))).isEmpty)  // too few to tell
  }

  /// The placement builds no array for the usual registration; on random registrations (both
  /// tracks, slots gone from the calendar, students in no group, repeats, taken slots) it places,
  /// warns and counts exactly as a direct reading of RULES §14–17 (the code it replaced, kept here),
  /// and `holdersInSlotOrder` lists `assignments`' slots and holders.
  @Test func rules14to17_placementEqualsADirectReadingOnRandomRegistrations() {
    let course = Fixture.course()
    var generator = SystemRandomNumberGenerator()
    for round in 0..<200 {
      let students = (1...8).map { "s\($0)" }
      let registrations = (0..<Int.random(in: 1...25, using: &generator)).map { line in
        let slots = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
          SlotID(week: Int.random(in: 1...14, using: &generator), number: Int.random(in: 1...5, using: &generator))
        }
        return Registration(
          student: students.randomElement(using: &generator)!, at: Instant(milliseconds: Int64.random(in: 0...20, using: &generator)),
          choices: slots, source: SourceRef(path: "r.csv", line: line + 2))
      }
      let schedule = Schedule.build(course: course, groups: Fixture.groups, registrations: registrations)
      let reference = ReferencePlacement(course: course, groups: Fixture.groups, registrations: registrations)
      let placed = schedule.bySlot.mapValues {
        ReferencePlacement.Placed(track: $0.track, holder: $0.holder, line: $0.registration.source.line)
      }
      #expect(placed == reference.bySlot, "round \(round)")
      #expect(schedule.byHolder == reference.byHolder, "round \(round)")
      #expect(schedule.registrationCount == reference.registrationCount, "round \(round)")
      #expect(schedule.warnings.map(\.message) == reference.warnings, "round \(round)")
      #expect(schedule.warnings.map(\.line) == reference.lines, "round \(round)")
      #expect(schedule.holdersInSlotOrder.map(\.slot) == schedule.assignments.map(\.slot))
      #expect(schedule.holdersInSlotOrder.map(\.holder) == schedule.assignments.map(\.holder))
    }
  }

  /// Registrations are stored as imported; if the calendar changes afterwards, a choice that is no
  /// slot now is passed over with a warning (the next choice counts), never silently.
  @Test func rule14_aStoredChoiceNoLongerInATrackIsPassedOverWithAWarning() {
    let regs = [
      Fixture.registration("s1", "2026-01-20T10:00", "W01-1", "W03-1", line: 2),  // week 1 has no paper-reading slots
      Fixture.registration("s2", "2026-01-20T10:05", "W03-3", line: 3),  // two a week: no W03-3
    ]
    let schedule = Schedule.build(course: Fixture.course(), groups: Fixture.groups, registrations: regs)
    #expect(schedule.assignment(of: "s1", in: .paperReading)?.slot == SlotID(week: 3, number: 1))
    #expect(schedule.assignment(of: "s2", in: .paperReading) == nil)
    #expect(
      schedule.warnings.map(\.message) == [
        "choice W01-1 is no slot of course.yaml's tracks now (changed since the import?); passed over",
        "choice W03-3 is no slot of course.yaml's tracks now (changed since the import?); this registration is ignored",
      ])
    #expect(schedule.registrationCount[.paperReading] == 1)
  }

  @Test func rule17_projectTalksAreHeldByTheGroup() {
    let regs = [
      Fixture.registration("s2", "2026-03-20T10:00", "W12-1", line: 2),
      Fixture.registration("s1", "2026-03-20T09:00", "W12-2", line: 3),  // earlier, same group: the group's slot
      Fixture.registration("s5", "2026-03-20T11:00", "W12-3", line: 4),  // no group: not scheduled
    ]
    let schedule = Schedule.build(course: Fixture.course(), groups: Fixture.groups, registrations: regs)
    #expect(schedule.assignment(of: "G1", in: .projectTalks)?.slot == SlotID(week: 12, number: 2))
    #expect(schedule.bySlot[SlotID(week: 12, number: 1)] == nil)
    #expect(schedule.warnings.count == 2)
  }
}

/// RULES §14–17 read directly: the placement as first written (a list of each registration's
/// choices with their tracks), kept to check the faster one against.
private struct ReferencePlacement {
  /// Who holds a slot, and the line of the registration that won it.
  struct Placed: Equatable {
    var track: TrackName
    var holder: String
    var line: Int?
  }

  var bySlot: [SlotID: Placed] = [:]
  var byHolder: [TrackName: [String: SlotID]] = [:]
  var registrationCount: [TrackName: Int] = [:]
  var warnings: [String] = []
  var lines: [Int?] = []

  init(course: CourseConfig, groups: Groups, registrations: [Registration]) {
    let ordered = registrations.sorted {
      ($0.at, $0.sourcePosition, $0.source.line) < ($1.at, $1.sourcePosition, $1.source.line)
    }
    for registration in ordered { place(registration, course: course, groups: groups) }
  }

  mutating func warn(_ registration: Registration, _ message: String) {
    warnings.append(message)
    lines.append(registration.source.line)
  }

  mutating func place(_ registration: Registration, course: CourseConfig, groups: Groups) {
    let tracked = registration.choices.map { (slot: $0, track: course.track(of: $0)) }
    let gone = tracked.filter { $0.track == nil }.map(\.slot)
    if !gone.isEmpty {
      let list = gone.map(\.description).joined(separator: ", ")
      let kept = gone.count == tracked.count ? "this registration is ignored" : "passed over"
      warn(registration, "choice \(list) is no slot of course.yaml's tracks now (changed since the import?); \(kept)")
    }
    guard let track = tracked.lazy.compactMap(\.track).first else { return }
    let choices = tracked.filter { $0.track?.name == track.name }.map(\.slot)
    registrationCount[track.name, default: 0] += 1
    let student = registration.student
    let holder: String
    switch track.name.holder {
    case .student:
      holder = student
    case .group:
      guard let group = groups.groupOf[student] else {
        warn(registration, "\(student) registered for a project talk but is in no group; not scheduled")
        return
      }
      holder = group
    }
    if let held = byHolder[track.name]?[holder] {
      warn(registration, "\(holder) already holds \(held) in \(track.name.rawValue); this later registration is ignored")
      return
    }
    guard let free = choices.first(where: { bySlot[$0] == nil }) else {
      let wanted = choices.map(\.description).joined(separator: ", ")
      warn(registration, "\(holder) is unassigned: every choice (\(wanted)) was already taken")
      return
    }
    bySlot[free] = Placed(track: track.name, holder: holder, line: registration.source.line)
    byHolder[track.name, default: [:]][holder] = free
  }
}
