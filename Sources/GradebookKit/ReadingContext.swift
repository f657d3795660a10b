import Foundation
import GradebookCore
import GradebookHash

/// What, outside a file and its map, decides what the file's rows mean once stored: the course's
/// time zone (a time written without an offset is read in it); for a form that names people by
/// e-mail (other e-mails included) or by name, the roster and staff that turn those into ids; for a form that names
/// presenters by slot, who holds each slot.
///
/// A file is skipped as unchanged only while this stays the same. A corrected `timezone:`, two
/// students' e-mails swapped back in the roster, or a sign-up that moved a slot to someone else
/// would otherwise leave the stored rows as they were first read: lateness measured in the old
/// zone, ratings credited to the wrong student.
enum ReadingContext {
  /// The SHA-256 of that context for a file read through `map` (`nil`: long form, read by id).
  /// `schedule` is needed only when `map` names presenters by slot. `emails`: the e-mails count
  /// even though the map does not match by e-mail (a rater column read by id held e-mails:
  /// ``ValidationContext/readAnEmail``).
  static func digest(workspace: Workspace, map: FormMap?, schedule: Schedule?, emails: Bool = false) -> String {
    var bytes: [UInt8] = []
    func add(_ texts: String...) {
      for text in texts {
        bytes.append(contentsOf: text.utf8)
        bytes.append(0)
      }
    }
    add("zone", workspace.config.zone.identifier)
    let matches = map.map { [$0.rater.match, $0.target.match] } ?? []
    if matches.contains(.email) || emails {
      add("emails")
      for student in workspace.roster.students {
        add(student.id, student.email)
        // Other e-mails only where there are some: a roster without them keeps the digest it had.
        if !student.otherEmails.isEmpty { add("others", student.otherEmails.joined(separator: " ")) }
      }
      for staff in workspace.config.staff { add(staff.id, staff.email ?? "") }
    }
    if matches.contains(.name) {
      add("names")
      for student in workspace.roster.students { add(student.id, student.name) }
    }
    if matches.contains(.slot), let schedule {
      add("holders")
      for (slot, holder) in schedule.holdersInSlotOrder { add(slot.description, holder) }
    }
    var digest = SHA256Digest()
    digest.update(bytes)
    return digest.finalizeHex()
  }
}
