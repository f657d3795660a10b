import Foundation
import GradebookCore
import GradebookZip

/// Packs each student's HTML report for Moodle's "Upload multiple feedback files in a zip".
///
/// Moodle's importer (`mod/assign/feedback/file/importziplib.php`, `is_valid_filename_for_import`)
/// splits each path part on `_` into at most five pieces and accepts
/// `fullname_participantid_plugintype_pluginname[_rest]`: the second piece must be a number that is a
/// participant of the assignment, the third and fourth must name a plugin of the assignment
/// (`assignsubmission_file`, as its own "Download all submissions" writes them); files whose names
/// start with `.` or `~` are ignored. So a folder per student,
/// `Full Name_<participant id>_assignsubmission_file/`, with `_` removed from the name.
public struct MoodleFeedbackZip {
  /// A participant from Moodle's grading worksheet (`Identifier` = `Participant 1234567`).
  public struct Participant: Sendable, Hashable {
    public var id: Int
    public var fullName: String
    public var email: String
    public var idNumber: String
  }

  public let result: GradebookResult

  /// A packer for a scored course.
  public init(result: GradebookResult) { self.result = result }

  /// Reads the grading worksheet CSV Moodle exports (`Identifier`, `Full name`, `Email address`,
  /// optional `ID number`), reporting problems at their lines.
  public static func participants(path: String, shownPath: String) throws -> ([Participant], [Diagnostic]) {
    var log = DiagnosticLog(path: shownPath)
    var list: [Participant] = []
    let input: InputFile
    do {
      input = try InputFile(path: path)  // Moodle's worksheet, maybe opened and saved again in Excel
    } catch let error as CSVSetupError {
      log.error(nil, error.message)
      return (list, log.all)
    }
    defer { input.close() }
    try TableReader(input, shownPath: shownPath).read(
      log: &log,
      header: { names in
        ["identifier", "full name", "email address"].filter { !names.contains($0) }
      },
      row: { row, log in
        let identifier = row["identifier"]
        let digits = identifier.split(whereSeparator: { !$0.isNumber }).last.map(String.init) ?? ""
        guard let id = Int(digits) else {
          log.error(row.line, "identifier '\(identifier)' has no participant number (expected e.g. 'Participant 1234567')")
          return
        }
        list.append(Participant(id: id, fullName: row["full name"], email: row["email address"], idNumber: row["id number"]))
      })
    return (list, log.all)
  }

  /// The folder name Moodle's importer reads the participant from.
  public static func folder(for participant: Participant) -> String {
    let name = participant.fullName.map { $0 == "_" || $0 == "/" || $0 == "\\" ? " " : $0 }
    let clean = String(name).split(separator: " ").joined(separator: " ")
    return "\(clean.isEmpty ? "Participant" : clean)_\(participant.id)_assignsubmission_file"
  }

  /// Writes the zip; returns warnings for students with no participant (matched by ID number, then
  /// email), for participants no student matched (a roster out of date: they get no feedback and,
  /// from this course's files, no grade), and for a participant two students matched (the second
  /// gets no file, rather than one folder holding two reports).
  public func write(to path: String, participants: [Participant]) throws -> [String] {
    var warnings: [String] = []
    let temporary = URL(fileURLWithPath: path + ".partial-\(getpid())")
    try? FileManager.default.removeItem(at: temporary)
    try AtomicFile.createFolder(temporary.deletingLastPathComponent().path)
    do {
      try pack(into: temporary, participants: participants, warnings: &warnings)
    } catch let failure as ZipWriter.Failure {
      try? FileManager.default.removeItem(at: temporary)
      let reason = NSError(domain: NSPOSIXErrorDomain, code: Int(failure.systemError == 0 ? EIO : failure.systemError))
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: reason])
    }
    guard rename(temporary.path, path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
    return warnings
  }

  /// Adds every matched student's report; the archive is closed when this returns.
  private func pack(into url: URL, participants: [Participant], warnings: inout [String]) throws {
    let byIDNumber = Dictionary(participants.filter { !$0.idNumber.isEmpty }.map { ($0.idNumber, $0) }, uniquingKeysWith: { a, _ in a })
    let byEmail = Dictionary(
      participants.filter { !$0.email.isEmpty }.map { ($0.email.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
    let archive = try ZipWriter(path: url.path)
    let modified = Self.zipTime(result.documentDate, zone: result.workspace.config.zone)
    let index = StudentReport.ClassIndex(result)
    var matched: [Int: String] = [:]  // participant id → the student whose report it got
    var unmatched: [String] = []  // said in one line: a worksheet of another section leaves thousands
    for student in result.workspace.roster.students {
      // By ID number, else by the roster's e-mail, else by one of the student's other e-mails.
      let emails = ([student.email] + student.otherEmails).filter { !$0.isEmpty }
      guard let participant = byIDNumber[student.id] ?? emails.lazy.compactMap({ byEmail[$0.lowercased()] }).first else {
        unmatched.append(student.id)
        continue
      }
      if let earlier = matched[participant.id] {
        warnings.append(
          "\(student.id): Moodle participant \(participant.id) (\(participant.fullName)) already has \(earlier)'s report; no feedback file for \(student.id)"
        )
        continue
      }
      matched[participant.id] = student.id
      let html = HTMLReport(report: StudentReport(result: result, studentID: student.id, index: index)).text
      let entry = "\(Self.folder(for: participant))/\(result.workspace.config.course)-report.html"
      try archive.add(entry, Array(html.utf8), modified: modified)
    }
    try archive.close()
    if !unmatched.isEmpty {
      warnings.append(
        "\(unmatched.count) roster student(s) with no Moodle participant of their ID number or e-mail get no feedback file: "
          + unmatched.listed())
    }
    let strangers = participants.filter { matched[$0.id] == nil }.map {
      "\($0.id) (\([$0.fullName, $0.email].filter { !$0.isEmpty }.joined(separator: ", ")))"
    }
    if !strangers.isEmpty {
      warnings.append("\(strangers.count) Moodle participant(s) not on the roster get no feedback file: " + strangers.listed())
    }
  }

  /// ZIP times have no zone: the document date as the course's clocks read it.
  static func zipTime(_ date: Date, zone: TimeZone) -> ZipWriter.Time {
    let instant = Instant(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    let (civil, _) = CivilTime.at(instant, in: zone)
    return ZipWriter.Time(
      year: civil.year, month: civil.month, day: civil.day, hour: civil.hour, minute: civil.minute, second: civil.second)
  }
}
