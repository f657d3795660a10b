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
