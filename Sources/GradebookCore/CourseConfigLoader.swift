import Foundation

/// Reads `course.yaml` (SPEC §3, FORMATS §5), reporting every problem at its line.
public enum CourseConfigLoader {
  /// Parses the text of `course.yaml`; diagnostics (errors and warnings) are returned beside the
  /// result, which is `nil` when an error makes the course unusable.
  public static func load(text: String, path: String = "course.yaml") -> (CourseConfig?, [Diagnostic]) {
    let root: YAMLValue
    do {
      root = try YAMLValue.parse(text, path: path)
    } catch {
      return (nil, error.diagnostics)
    }
    var zone = TimeZone(identifier: "UTC")!
    var probe = ConfigReader(root, path: path)
    if let name = probe.string("timezone", required: true) {
      if let found = TimeZone(identifier: name) {
        zone = found
        if let warning = Self.invertedSign(name, zone: found) { probe.log.warning(root["timezone"]?.line, warning) }
      } else {
        probe.log.error(
          root["timezone"]?.line,
          "unknown time zone '\(name)'\(TimeZoneSuggestion.hint(for: name))"
        )
      }
    }
    var config = ConfigReader(root, path: path, zone: zone)
    config.log.append(contentsOf: probe.log.all)
    _ = config.raw("timezone")
    let course = config.string("course", required: true) ?? ""
    if !course.isEmpty, let problem = SafeID.problem(course, what: "course id") { config.log.error(root["course"]?.line, problem) }
    let title = config.string("title") ?? ""
    let term = config.string("term") ?? ""
    let rubric = config.string("rubric", required: true) ?? ""
    let roster = config.string("roster", required: true) ?? ""
    let staff = readStaff(&config)
    let calendar = readCalendar(&config)
    config.term = calendar?.span(in: zone)  // a registration deadline of another term is warned about
    let paper = readTrack(&config, .paperReading)
    let talks = readTrack(&config, .projectTalks)
    for track in [paper, talks].compactMap({ $0 }) {
      let line = root[track.name.rawValue]?.line
      if let calendar, track.weeks.upperBound > calendar.weeks {
        config.log.error(
          line,
          "\(track.name.rawValue) weeks \(track.weeks.lowerBound)-\(track.weeks.upperBound) go past the calendar's \(calendar.weeks) weeks")
      }
      let (slots, overflow) = track.weeks.count.multipliedReportingOverflow(by: track.perWeek)
      if overflow || slots > Self.mostSlots {
        config.log.error(
          line,
          "\(track.name.rawValue) would have \(overflow ? "too many" : String(slots)) slots (weeks × per_week); at most \(Self.mostSlots) (10 million)"
        )
      }
    }
    if let paper, let talks, paper.weeks.overlaps(talks.weeks) {
      config.log.error(root["project_talks"]?.line, "paper_reading and project_talks share a week; slot ids would be ambiguous")
    }
    let groupMax = config.integer("group_max_size", default: 2, minimum: 1) ?? 2
    let sources = readSources(&config)
    let scale = readScale(&config)
    var release: [String]?
    if let value = config.raw("release") {
      if let list = value.elements, list.allSatisfy({ $0.text != nil }) {
        release = list.compactMap(\.text)
      } else {
        config.log.error(value.line, "'release' must be a list of item ids")
      }
    }
    config.finish()
    var result = CourseConfig(
      course: course, title: title, term: term, zone: zone, rubric: rubric, roster: roster, staff: staff,
      calendar: calendar, paperReading: paper, projectTalks: talks, groupMaxSize: groupMax, sources: sources, scale: scale)
    result.release = release
    return (config.log.hasErrors ? nil : result, config.log.all)
  }

  static func readStaff(_ config: inout ConfigReader) -> [StaffMember] {
    guard let list = config.raw("staff") else { return [] }
    guard let elements = list.elements else {
      config.log.error(list.line, "'staff' must be a list of {id, name, role, email}")
      return []
    }
    var staff: [StaffMember] = []
    for element in elements {
      var entry = ConfigReader(element, path: config.log.path, zone: config.zone)
      let id = entry.string("id", required: true) ?? ""
      if !id.isEmpty, let problem = SafeID.problem(id, what: "staff id") { entry.log.error(element.line, problem) }
      if staff.contains(where: { $0.id == id }) { entry.log.error(element.line, "duplicate staff id '\(id)'") }
      let name = entry.string("name") ?? id
      let role = entry.choice("role", among: ["instructor", "ta"], default: "ta").flatMap(StaffRole.init(rawValue:)) ?? .ta
      let email = entry.string("email")
      config.merge(entry)
      staff.append(StaffMember(id: id, name: name, role: role, email: email))
    }
    return staff
  }

  /// The most slots a track may have: the schedule holds each one (10 million: a MOOC of 100,000
  /// students needs about 100,000; a typing slip of a few digits more must be an error, not a crash).
  static let mostSlots = 10_000_000

  static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

  static func readCalendar(_ config: inout ConfigReader) -> CourseCalendar? {
    guard var cal = config.nested("calendar") else { return nil }
    defer { config.merge(cal) }
    var monday: CivilTime?
    if let text = cal.string("week1_monday", required: true) {
      let parts = text.split(separator: "-").compactMap { Int($0) }
      if parts.count == 3, text.utf8.count == 10, let date = CivilTime(year: parts[0], month: parts[1], day: parts[2]) {
        monday = date
        if date.isoWeekday != 1 { cal.log.error(cal.value?["week1_monday"]?.line, "week1_monday \(text) is not a Monday") }
      } else {
        cal.log.error(cal.value?["week1_monday"]?.line, "week1_monday must be a date such as 2026-01-19, not '\(text)'")
      }
    }
    let weeks = cal.integer("weeks", default: 13, minimum: 1, maximum: 999) ?? 13  // slot ids name the week in 3 digits
    var weekday = 2, hour = 9, minute = 0
    if var klass = cal.nested("class") {
      if let day = klass.choice("weekday", among: weekdays) { weekday = weekdays.firstIndex(of: day)! + 1 }
      if let start = klass.string("start", required: true) {
        let parts = start.split(separator: ":").compactMap { Int($0) }
        if parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]) {
          (hour, minute) = (parts[0], parts[1])
        } else {
          klass.log.error(klass.value?["start"]?.line, "class start must be a time such as \"14:30\", not '\(start)'")
        }
      }
      cal.merge(klass)
    } else {
      cal.log.error(cal.line, "missing key 'class' ({weekday, start})")
    }
    guard let monday else { return nil }
    return CourseCalendar(week1Monday: monday, weeks: weeks, classWeekday: weekday, startHour: hour, startMinute: minute)
  }

  static func readTrack(_ config: inout ConfigReader, _ name: TrackName) -> Track? {
    guard var track = config.nested(name.rawValue) else { return nil }
    defer { config.merge(track) }
    var weeks: ClosedRange<Int>?
    if let text = track.string("weeks", required: true) {
      let parts = text.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
      if parts.count == 2, let a = parts[0], let b = parts[1], a >= 1, a <= b {
        weeks = a...b
      } else if parts.count == 1, let a = parts[0], a >= 1 {
        weeks = a...a
      } else {
        track.log.error(track.value?["weeks"]?.line, "weeks must be a range such as 3-11, not '\(text)'")
      }
    }
    let perWeek = track.integer("per_week", default: 1, minimum: 1, maximum: 999_999) ?? 1  // slot ids: 6 digits
    let minutes = track.integer("slot_minutes", default: 45, minimum: 1, maximum: 10_080) ?? 45  // a week
    let deadline = track.timestamp("registration_deadline")
    guard let weeks else { return nil }
    return Track(name: name, weeks: weeks, perWeek: perWeek, slotMinutes: minutes, registrationDeadline: deadline)
  }

  static func readSources(_ config: inout ConfigReader) -> [SourceDeclaration] {
    guard let list = config.raw("sources") else { return [] }
    guard let elements = list.elements else {
      config.log.error(list.line, "'sources' must be a list of {kind, file, map}")
      return []
    }
    var sources: [SourceDeclaration] = []
    var firstLine: [String: Int] = [:]
    for (position, element) in elements.enumerated() {
      var entry = ConfigReader(element, path: config.log.path, zone: config.zone)
      let kinds = InputKind.allCases.map(\.rawValue)
      let kind = entry.choice("kind", among: kinds).flatMap(InputKind.init(rawValue:))
      let file = entry.string("file", required: true)
      let map = entry.string("map")
      if map != nil, kind != .scores { entry.log.error(element.line, "'map' is only for sources of kind scores") }
      if kind == nil, entry.value?["kind"] == nil { entry.log.error(element.line, "missing key 'kind'") }
      config.merge(entry)
      if let kind, let file {
        // The same file twice: its first place decides its precedence (RULES §26), the second is
        // skipped as unchanged; whoever moved it down the list meant something else.
        if let first = firstLine[file] {
          config.log.error(element.line, "\(file) is already a source at line \(first): list each file once, where it should rank")
        } else {
          firstLine[file] = element.line
        }
        sources.append(SourceDeclaration(kind: kind, file: file, map: map, position: position, line: element.line))
      }
    }
    return sources
  }

  static func readScale(_ config: inout ConfigReader) -> [LetterStep] {
    guard let list = config.raw("scale") else { return LetterStep.defaultScale }
    guard let elements = list.elements, !elements.isEmpty else {
      config.log.error(list.line, "'scale' must be a list of {letter, min}, highest first")
      return LetterStep.defaultScale
    }
    var steps: [LetterStep] = []
    for element in elements {
      var entry = ConfigReader(element, path: config.log.path)
      let letter = entry.string("letter", required: true) ?? "?"
      let minimum = entry.number("min", required: true, minimum: 0) ?? 0
      if let last = steps.last, minimum >= last.minimum {
        entry.log.error(
          element.line,
          "scale minimums must fall from the first entry to the last (\(letter) \(ConfigReader.format(minimum)) after \(last.letter) \(ConfigReader.format(last.minimum)))"
        )
      }
      config.merge(entry)
      steps.append(LetterStep(letter, minimum))
    }
    if steps.last?.minimum != 0 { config.log.error(list.line, "the last scale entry must have min 0") }
    return steps
  }

  /// IANA's `Etc/GMT+8` is eight hours *behind* UTC (POSIX signs are inverted), the opposite of what
  /// an instructor in Hong Kong means by it: every deadline would move 16 hours. Said as a warning
  /// (the name is valid, and right for someone who knows), with the offset it gives and what to
  /// write for the other.
  static func invertedSign(_ name: String, zone: TimeZone) -> String? {
    let lower = name.lowercased()
    guard lower.hasPrefix("etc/gmt+") || lower.hasPrefix("etc/gmt-"), zone.secondsFromGMT() != 0 else { return nil }
    let hours = zone.secondsFromGMT() / 3600
    let minutes = abs(zone.secondsFromGMT() / 60 % 60)
    let offset = "UTC\(hours < 0 ? "−" : "+")\(String(format: "%02d:%02d", abs(hours), minutes))"
    let opposite = "UTC\(hours < 0 ? "+" : "-")\(abs(hours))"
    return "time zone '\(name)' is \(offset): IANA's Etc/GMT names invert the sign. If you meant the other side of UTC,"
      + " write '\(opposite)' or a city such as Asia/Hong_Kong"
  }
}

extension Error {
  /// Diagnostics carried by an ``InputErrors``, or one whole-file diagnostic.
  var diagnostics: [Diagnostic] {
    (self as? InputErrors)?.diagnostics ?? [Diagnostic(path: "", line: nil, "\(self)")]
  }
}
