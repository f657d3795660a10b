import Foundation

/// The kinds of CSV input a workspace reads (SPEC §4).
public enum InputKind: String, Sendable, Hashable, CaseIterable {
  case roster, groups, registrations, uploads, scores, adjustments, contributions
}

/// A staff member's role; instructors and TAs together are *staff*.
public enum StaffRole: String, Sendable, Hashable {
  case instructor, ta
}

/// A member of the teaching team.
public struct StaffMember: Sendable, Hashable {
  public var id: String
  public var name: String
  public var role: StaffRole
  public var email: String?

  /// A staff member.
  public init(id: String, name: String, role: StaffRole, email: String? = nil) {
    (self.id, self.name, self.role, self.email) = (id, name, role, email)
  }
}

/// The weekly class meeting that slots are laid on.
public struct CourseCalendar: Sendable, Hashable {
  /// Monday of week 1 (a civil date).
  public var week1Monday: CivilTime
  /// Number of teaching weeks.
  public var weeks: Int
  /// ISO weekday of the class (Monday = 1).
  public var classWeekday: Int
  /// Class start, wall clock.
  public var startHour: Int, startMinute: Int

  /// A calendar.
  public init(week1Monday: CivilTime, weeks: Int, classWeekday: Int, startHour: Int, startMinute: Int) {
    (self.week1Monday, self.weeks, self.classWeekday) = (week1Monday, weeks, classWeekday)
    (self.startHour, self.startMinute) = (startHour, startMinute)
  }

  /// The course's weeks in `zone`: from week 1's Monday 00:00 to the end of the last week's Sunday.
  public func span(in zone: TimeZone) -> ClosedRange<Instant> {
    let monday = CivilTime(year: week1Monday.year, month: week1Monday.month, day: week1Monday.day)!.instant(in: zone)
    return monday...(monday + .hours(Int64(weeks) * 7 * 24) - .seconds(1))
  }

  /// The wall-clock class start of `week` (RULES §10).
  public func classStart(week: Int) -> CivilTime {
    let days =
      CivilTime.daysFromEpoch(year: week1Monday.year, month: week1Monday.month, day: week1Monday.day)
      + (week - 1) * 7 + (classWeekday - 1)
    let (y, m, d) = CivilTime.civil(fromDays: days)
    return CivilTime(year: y, month: m, day: d, hour: startHour, minute: startMinute)!
  }
}

/// The two sign-up tracks of SPEC §3.
public enum TrackName: String, Sendable, Hashable, CaseIterable {
  case paperReading = "paper_reading"
  case projectTalks = "project_talks"

  /// Who holds a slot of this track: a student, or a group.
  public var holder: TargetKind { self == .paperReading ? .student : .group }
}

/// A track of presentation slots: `per_week` slots in each of `weeks`.
public struct Track: Sendable, Hashable {
  public var name: TrackName
  public var weeks: ClosedRange<Int>
  public var perWeek: Int
  public var slotMinutes: Int
  /// Registrations made by this instant (inclusive) count as on time (RULES §13); `nil`: no deadline.
  public var registrationDeadline: Instant?

  /// A track.
  public init(name: TrackName, weeks: ClosedRange<Int>, perWeek: Int, slotMinutes: Int, registrationDeadline: Instant?) {
    (self.name, self.weeks, self.perWeek) = (name, weeks, perWeek)
    (self.slotMinutes, self.registrationDeadline) = (slotMinutes, registrationDeadline)
  }

  /// Whether the slot lies in this track.
  public func contains(_ slot: SlotID) -> Bool { weeks.contains(slot.week) && (1...perWeek).contains(slot.number) }

  /// Every slot, in order.
  public var slots: [SlotID] { weeks.flatMap { w in (1...max(1, perWeek)).map { SlotID(week: w, number: $0) } } }
}

/// A source file `build` imports.
public struct SourceDeclaration: Sendable, Hashable {
  public var kind: InputKind
  /// Path relative to the workspace.
  public var file: String
  /// Map file for a wide export, relative to the workspace.
  public var map: String?
  /// Position in `course.yaml`'s `sources` list (0-based): later supersedes earlier (RULES §26).
  public var position: Int
  /// Its line in `course.yaml`, for messages.
  public var line: Int?

  /// A source.
  public init(kind: InputKind, file: String, map: String? = nil, position: Int, line: Int? = nil) {
    (self.kind, self.file, self.map, self.position, self.line) = (kind, file, map, position, line)
  }
}

/// One step of the letter scale: totals at or above `minimum` get `letter`.
public struct LetterStep: Sendable, Hashable {
  public var letter: String
  public var minimum: Double

  /// A step.
  public init(_ letter: String, _ minimum: Double) { (self.letter, self.minimum) = (letter, minimum) }

  /// SPEC §8's default scale.
  public static let defaultScale: [LetterStep] = [
    .init("A+", 90), .init("A", 85), .init("A-", 80), .init("B+", 75), .init("B", 70), .init("B-", 65),
    .init("C+", 60), .init("C", 55), .init("C-", 50), .init("D+", 45), .init("D", 40), .init("F", 0),
  ]
}

/// `course.yaml`: the course, its calendar, tracks, staff and sources (SPEC §3, FORMATS §5).
public struct CourseConfig: Sendable {
  public var course: String
  public var title: String
  public var term: String
  public var zone: TimeZone
  /// `rubric:` as written: a name or a path.
  public var rubric: String
  /// Roster path relative to the workspace.
  public var roster: String
  public var staff: [StaffMember]
  public var calendar: CourseCalendar?
  public var paperReading: Track?
  public var projectTalks: Track?
  public var groupMaxSize: Int
  public var sources: [SourceDeclaration]
  public var scale: [LetterStep]
  /// Items whose reports are released to students; `nil` releases every item.
  public var release: [String]? = nil

  /// A course configuration.
  public init(
    course: String, title: String = "", term: String = "", zone: TimeZone, rubric: String, roster: String,
    staff: [StaffMember] = [], calendar: CourseCalendar? = nil, paperReading: Track? = nil, projectTalks: Track? = nil,
    groupMaxSize: Int = 2, sources: [SourceDeclaration] = [], scale: [LetterStep] = LetterStep.defaultScale
  ) {
    (self.course, self.title, self.term, self.zone, self.rubric, self.roster) = (course, title, term, zone, rubric, roster)
    (self.staff, self.calendar, self.paperReading, self.projectTalks) = (staff, calendar, paperReading, projectTalks)
    (self.groupMaxSize, self.sources, self.scale) = (groupMaxSize, sources, scale)
  }

  /// Both tracks that are configured.
  public var tracks: [Track] { [paperReading, projectTalks].compactMap { $0 } }

  /// Whether students may see the item with this id: in their reports and in the LMS files.
  public func releases(_ item: String) -> Bool { release?.contains(item) ?? true }

  /// The track a slot belongs to (RULES §14).
  public func track(of slot: SlotID) -> Track? {
    switch trackName(of: slot) {
    case .paperReading: paperReading
    case .projectTalks: projectTalks
    case nil: nil
    }
  }

  /// The name of the track a slot lies in, without building `tracks` or copying a track (placing a
  /// MOOC's 100,000 registrations asks this for every choice).
  public func trackName(of slot: SlotID) -> TrackName? {
    if paperReading?.contains(slot) == true { return .paperReading }
    if projectTalks?.contains(slot) == true { return .projectTalks }
    return nil
  }

  /// The wall-clock start of a slot, as an instant (RULES §10).
  public func start(of slot: SlotID) -> Instant? {
    guard let calendar, let track = track(of: slot) else { return nil }
    let classStart = calendar.classStart(week: slot.week).instant(in: zone)
    return classStart + .minutes(Int64((slot.number - 1) * track.slotMinutes))
  }
}
