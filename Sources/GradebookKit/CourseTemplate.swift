import Foundation
import GradebookCore
import GradebookScorers

/// A new course workspace (`gradebook init`): a `course.yaml` with every key explained, an empty
/// roster and a copy of a shipped rubric to edit, so that `gradebook check` runs on it at once
/// and says what is still to fill in. It never writes over a course.
public struct CourseTemplate {
  /// The course id (a safe id: it names files).
  public var course: String
  public var title: String
  public var term: String
  /// An IANA time zone name.
  public var zone: String
  /// The Monday of week 1 (its day; the time is not used).
  public var week1Monday: CivilTime
  /// A rubric shipped with the program (or in `Rubrics/` of the folder), or the path of a file
  /// (relative to the current folder).
  public var rubric: String

  /// The name the course gives the rubric: its copy is `Rubrics/NAME.yaml` (a file's name without
  /// `.yaml`, for a path).
  var rubricName: String {
    RubricLocator.isPath(rubric) ? URL(fileURLWithPath: rubric).deletingPathExtension().lastPathComponent : rubric
  }

  /// A template.
  public init(course: String, title: String, term: String, zone: String, week1Monday: CivilTime, rubric: String) {
    (self.course, self.title, self.term, self.zone, self.week1Monday, self.rubric) = (course, title, term, zone, week1Monday, rubric)
  }

  /// What `init` wrote, and what is left for the instructor to set: the rubric's absolute dates,
  /// as `path:line` with the line's text.
  public struct Written {
    public var files: [String]
    public var datesToSet: [String]
  }

  /// The first Monday after `day` (a new course starts on a week to come).
  public static func nextMonday(after day: CivilTime) -> CivilTime {
    let days = CivilTime.daysFromEpoch(year: day.year, month: day.month, day: day.day)
    return date(days + 8 - day.isoWeekday)
  }

  /// The day `days` after 1970-01-01.
  static func date(_ days: Int) -> CivilTime {
    let (year, month, day) = CivilTime.civil(fromDays: days)
    return CivilTime(year: year, month: month, day: day)!
  }

  /// `yyyy-MM-dd` of the day `days` after week 1's Monday.
  func day(_ days: Int) -> String {
    let date = Self.date(CivilTime.daysFromEpoch(year: week1Monday.year, month: week1Monday.month, day: week1Monday.day) + days)
    return String(format: "%04d-%02d-%02d", date.year, date.month, date.day)
  }

  /// Writes the workspace into `folder` (created if need be). Refuses, writing nothing, when the
  /// folder holds a `course.yaml` or a roster already, when a value is not one the course file
  /// accepts, or when the rubric is not found.
  public func write(to folder: URL) throws -> Written {
    var problems: [String] = []
    if let problem = SafeID.problem(course, what: "course id") { problems.append(problem) }
    if let problem = SafeID.problem(rubricName, what: "rubric name") { problems.append(problem) }
    if TimeZone(identifier: zone) == nil { problems.append("unknown time zone '\(zone)'\(TimeZoneSuggestion.hint(for: zone))") }
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), !isFolder.boolValue {
      problems.append("\(folder.path) is a file, not a folder")
    }
    for name in ["course.yaml", "roster.csv"] where FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
      problems.append("\(folder.appendingPathComponent(name).path) exists: init never writes over a course")
    }
    var rubricText = ""
    switch RubricLocator.locate(RubricLocator.isPath(rubric) ? URL(fileURLWithPath: rubric).path : rubric, workspace: folder) {
    case .success(let (url, _)):
      if let text = try? String(contentsOf: url, encoding: .utf8) {
        rubricText = text
      } else {
        problems.append("cannot read rubric \(url.path)")
      }
    case .failure(let message): problems.append(message.text)
    }
    guard problems.isEmpty else { throw CourseTemplateError(problems: problems) }
    let rubricPath = "Rubrics/\(rubricName).yaml"
    let zoneForRubric = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!
    let (parsed, _) = RubricLoader(registry: BuiltInScorers.registry, zone: zoneForRubric).load(text: rubricText, path: rubricPath)
    let maps = (parsed?.items ?? []).filter(\.ratesTalks).map { ("maps/\($0.id)-form.yaml", Self.formMap(for: $0)) }
    let files = [("course.yaml", courseYAML()), ("roster.csv", "student_id,name,email\n"), (rubricPath, rubricText)] + maps
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("data"), withIntermediateDirectories: true)
    for (path, text) in files {
      let url = folder.appendingPathComponent(path)
      // The rubric may be the folder's own already: it is kept as it is.
      if path == rubricPath, FileManager.default.fileExists(atPath: url.path) { continue }
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try AtomicFile.write(Data(text.utf8), to: url.path)
    }
    let dates = rubricText.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
      line.trimmingCharacters(in: .whitespaces).hasPrefix("due:")
        ? "\(rubricPath):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))" : nil
    }
    return Written(files: files.map(\.0) + ["data/"], datesToSet: dates)
  }

  /// A map to start from for a forms export rating `item`'s talks (FORMATS §4): Microsoft Forms'
  /// columns, presenters named by the slot a choice starts with, and each criterion's question
  /// left for the instructor to fill in as the form writes it. Not a source until course.yaml
  /// lists it; a question not filled in is then an error naming the map's line.
  static func formMap(for item: Item) -> String {
    var lines = [
      "# How to read a forms export of the peer feedback on \(Self.quoted(item.title)) as scores of item",
      "# \(item.id) (docs/formats.md). Write each criterion's question exactly as the export's column",
      "# header, then list the export in course.yaml's sources:",
      "#   - {kind: scores, file: data/\(item.id)-form.csv, map: maps/\(item.id)-form.yaml}",
      "# Google Forms' downloaded responses: rater column \"Email Address\", submitted_at column",
      "# \"Timestamp\" with format \"yyyy/M/d h:mm:ss a O\".",
      "kind: scores",
      "item: \(item.id)",
      "rater:",
      "  column: \"Email\"",
      "  match: email",
      "target:                       # a choice that starts with the talk's slot id: \"W05-2 Chan Tai Man — DDPM\"",
      "  column: \"Which presentation are you reviewing?\"",
      "  match: slot",
      "submitted_at:",
      "  column: \"Completion time\"",
      "  format: \"M/d/yyyy H:mm:ss\"",
      "criteria:",
    ]
    for criterion in item.criteria {
      lines.append(
        "  \(criterion.id): \(Self.quoted(Self.questionPlaceholder + criterion.title))   # 0-\(ConfigReader.format(criterion.max))")
    }
    lines.append("# comment: \"Comments for the presenter (optional)\"   # the comments question, if the form has one")
    return lines.joined(separator: "\n") + "\n"
  }

  /// `course.yaml`, each key with what it means (FORMATS §5).
  func courseYAML() -> String {
    let registration = day(11)  // the Friday of week 2
    let projects = day(9 * 7 + 4)  // the Friday of week 10
    return """
      # \(course): made by `gradebook init`. Set the calendar, the sign-up tracks and the staff, fill in
      # roster.csv, list the files to import under `sources`, then run `gradebook check` on this folder.
      # Every key: docs/formats.md, "course.yaml".
      course: \(course)
      title: \(Self.quoted(title))
      term: \(Self.quoted(term))
      \(Self.aligned("timezone: \(zone)"))# IANA name: times written without an offset are read in it
      \(Self.aligned("rubric: \(rubricName)"))# Rubrics/\(rubricName).yaml in this folder: the items, weights and scorers
      \(Self.aligned("roster: roster.csv"))# student_id,name,email[,other_emails] (and any columns of your own)
      staff:                         # who rates as staff (ids or e-mails in the score files)
        - {id: instructor, name: "Your Name", role: instructor, email: instructor@example.edu}
      #  - {id: ta-1, name: "A TA", role: ta, email: ta@example.edu}
      calendar:
        week1_monday: \(day(0))
        weeks: 13
        class: {weekday: tuesday, start: "14:30"}   # presentation slots start at the class
      # Presentation sign-ups, first come first served; slot W05-2 is week 5's second talk.
      paper_reading: {weeks: 3-11, per_week: 2, slot_minutes: 45, registration_deadline: \(registration)T23:59}
      project_talks: {weeks: 12-13, per_week: 4, slot_minutes: 45, registration_deadline: \(projects)T23:59}
      group_max_size: 2
      sources: []                    # what `gradebook build` imports, in this order of precedence, e.g.:
      #  - {kind: groups, file: data/groups.csv}
      #  - {kind: registrations, file: data/paper-signups.csv}
      #  - {kind: uploads, file: data/uploads.csv}
      #  - {kind: scores, file: data/staff-scores.csv}
      #  - {kind: scores, file: data/peer-feedback.csv, map: maps/forms-peer.yaml}
      #  - {kind: adjustments, file: data/adjustments.csv}

      """
  }

  /// `line` padded to where the template's comments start.
  static func aligned(_ line: String) -> String { line.count < 31 ? line.padding(toLength: 31, withPad: " ", startingAt: 0) : line + " " }

  /// A YAML scalar in double quotes.
  /// What a form map `init` writes holds for each criterion's question until a TA writes the
  /// form's own (``FormMap`` says so when a map still holds it).
  static let questionPlaceholder = "the form's question for: "

  static func quoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}

/// Why `init` wrote nothing.
public struct CourseTemplateError: Error {
  public var problems: [String]
}
