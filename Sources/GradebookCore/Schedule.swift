/// Who holds each presentation slot, decided first come, first served (SPEC §6, RULES §14–18).
public struct Schedule: Sendable {
  /// A slot won by a student (paper reading) or a group (project talks).
  public struct Assignment: Sendable, Hashable {
    public var slot: SlotID
    public var track: TrackName
    /// Student id or group id.
    public var holder: String
    /// The registration that won the slot (R looks at it: RULES §18).
    public var registration: Registration
  }

  /// Assignments by slot.
  public private(set) var bySlot: [SlotID: Assignment] = [:]
  /// Slot held by each holder, per track.
  public private(set) var byHolder: [TrackName: [String: SlotID]] = [:]
  /// How many registration rows each track received (assigned or not).
  public private(set) var registrationCount: [TrackName: Int] = [:]
  /// Duplicate and unassigned registrations, as warnings at their lines.
  public private(set) var warnings: [Diagnostic] = []

  /// An empty schedule.
  public init() {}

  /// The assignment of the slot a holder has in a track.
  public func assignment(of holder: String, in track: TrackName) -> Assignment? {
    byHolder[track]?[holder].flatMap { bySlot[$0] }
  }

  /// Every assignment, in slot order.
  public var assignments: [Assignment] { bySlot.values.sorted { $0.slot < $1.slot } }

  /// Every slot's holder, in slot order: what ``assignments`` gives, read from `byHolder` (which
  /// `place` fills with each assignment) so that no whole assignment is copied or sorted (an import
  /// of a form naming presenters by slot digests these).
  public var holdersInSlotOrder: [(slot: SlotID, holder: String)] {
    byHolder.values.flatMap { $0.map { (slot: $0.value, holder: $0.key) } }.sorted { $0.slot < $1.slot }
  }

  /// Runs first come, first served over `registrations`: by instant, then source position in
  /// `course.yaml`, then line (RULES §15). Each takes its first free choice; a holder that already
  /// has a slot in the track keeps it and the later row is ignored with a warning (RULES §17).
  public static func build(course: CourseConfig, groups: Groups, registrations: [Registration]) -> Schedule {
    var schedule = Schedule()
    schedule.bySlot.reserveCapacity(registrations.count)
    let ordered = registrations.sorted {
      ($0.at, $0.sourcePosition, $0.source.line) < ($1.at, $1.sourcePosition, $1.source.line)
    }
    var earliest: [TrackName: Registration] = [:]
    for registration in ordered {
      // The first registration a track counts is its earliest: they are placed in time order.
      if let track = schedule.place(registration, course: course, groups: groups), earliest[track] == nil { earliest[track] = registration }
    }
    schedule.warnIfNoneOnTime(earliest, course: course)
    return schedule
  }

  /// A track with five or more registrations none of which came by its deadline: every `R` of
  /// `on-time-upload` is 0, which a deadline of the wrong day or year (or zone) does silently.
  /// Warned at the earliest registration of the track.
  private mutating func warnIfNoneOnTime(_ earliestOf: [TrackName: Registration], course: CourseConfig) {
    for (name, earliest) in earliestOf.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      let track = name == .paperReading ? course.paperReading : course.projectTalks
      guard let deadline = track?.registrationDeadline, registrationCount[name, default: 0] >= 5, earliest.at > deadline else { continue }
      let time = TimestampParser(zone: course.zone)
      warn(
        earliest,
        "none of the \(registrationCount[name, default: 0]) registrations for \(name.rawValue) came by its registration_deadline \(time.display(deadline)); the earliest, this one, came \(time.display(earliest.at)). Is the deadline right? Late registrations get R = 0"
      )
    }
  }

  /// Places one registration. A stored choice that names no slot of the course's tracks now (the
  /// calendar or a track's weeks changed after the import) is passed over with a warning, rather
  /// than leaving its student without a slot, or with one that does not exist, silently.
  ///
  /// The usual registration (every choice a slot of one track, one of them free) builds no array:
  /// the lists below are made only for a warning. Returns the track the registration counts in
  /// (placed or not), `nil` when none of its choices is a slot now.
  private mutating func place(_ registration: Registration, course: CourseConfig, groups: Groups) -> TrackName? {
    let all = registration.choices
    var found: TrackName?
    var someGone = false
    for slot in all {
      if let name = course.trackName(of: slot) {
        if found == nil { found = name }
      } else {
        someGone = true
      }
    }
    if someGone {
      let gone = all.filter { course.trackName(of: $0) == nil }
      let list = gone.map(\.description).joined(separator: ", ")
      let kept = gone.count == all.count ? "this registration is ignored" : "passed over"
      warn(registration, "choice \(list) is no slot of course.yaml's tracks now (changed since the import?); \(kept)")
    }
    guard let track = found else { return nil }
    /// Whether a slot is one of the choices that count: those in `track`.
    func isChoice(_ slot: SlotID) -> Bool { course.trackName(of: slot) == track }
    registrationCount[track, default: 0] += 1
    let student = registration.student
    let holder: String
    switch track.holder {
    case .student:
      holder = student
    case .group:
      guard let group = groups.groupOf[student] else {
        warn(registration, "\(student) registered for a project talk but is in no group; not scheduled")
        return track
      }
      holder = group
    }
    if let held = byHolder[track]?[holder] {
      warn(registration, "\(holder) already holds \(held) in \(track.rawValue); this later registration is ignored")
      return track
    }
    guard let free = all.first(where: { isChoice($0) && bySlot[$0] == nil }) else {
      let wanted = all.filter(isChoice).map(\.description).joined(separator: ", ")
      warn(registration, "\(holder) is unassigned: every choice (\(wanted)) was already taken")
      return track
    }
    bySlot[free] = Assignment(slot: free, track: track, holder: holder, registration: registration)
    byHolder[track, default: [:]][holder] = free
    return track
  }

  private mutating func warn(_ registration: Registration, _ message: String) {
    warnings.append(Diagnostic(.warning, path: registration.source.path, line: registration.source.line, message))
  }
}
