import Foundation
import GradebookCore
import Testing

@testable import GradebookKit

/// The roster reader: duplicates at the later row (RULES §46), safe ids (RULES §44), and the
/// lookups it builds while reading.
struct RosterReaderTests {
  func read(_ roster: String) throws -> (Roster, [String]) {
    let workspace = try TestWorkspace(files: ["roster.csv": roster])
    let (config, _) = CourseConfigLoader.load(text: TestWorkspace.course(sources: ""))
    let (read, diagnostics) = RosterReader(config: try #require(config)).read(folder: workspace.folder)
    return (read, diagnostics.map(\.description))
  }

  /// A roster with a header and no rows is read, but said plainly once, rather than only through
  /// hundreds of "unknown student" errors in every other file.
  @Test func aRosterWithNoStudentsIsAWarning() throws {
    let (roster, messages) = try read("student_id,name,email\n")
    #expect(roster.students.isEmpty)
    #expect(messages == ["roster.csv: warning: the roster lists no students: every score, group and sign-up will name an unknown student"])
    #expect(try read(TestWorkspace.roster).1.isEmpty)
  }

  @Test func rules46DuplicateIdsAndEmailsAreErrorsAtTheLaterRowAndTheFirstStands() throws {
    let (roster, messages) = try read(
      """
      student_id,name,email,programme
      s1,Chan Tai Man,s1@hku.hk,MDASC
      s2,Wong Siu Ming,S2@HKU.hk,MDASC
      s1,Someone Else,other@hku.hk,MSc
      s3,Lee Ka Yan,s2@hku.hk,MSc
      ins,Ada Student,ins-student@hku.hk,MSc
      s4,,,MSc
      s5,Ng Hoi Yan,INS@hku.hk,MSc

      """)
    #expect(
      messages == [
        "roster.csv:4: error: duplicate student id 's1' (first at line 2)",
        "roster.csv:5: error: duplicate email 's2@hku.hk' (first at line 3)",
        "roster.csv:6: error: student id 'ins' is also a staff id",
        "roster.csv:7: warning: student 's4' has no name",
        "roster.csv:8: error: email 'INS@hku.hk' belongs to staff member 'ins' in course.yaml",
      ])
    #expect(roster.students.map(\.id) == ["s1", "s2", "ins", "s4", "s5"])
    #expect(roster.student(id: "s1")?.name == "Chan Tai Man")
    #expect(roster.id(email: "s2@hku.HK") == "s2")
    #expect(roster.id(email: "s1@hku.hk") == "s1")
    #expect(roster.id(email: "other@hku.hk") == nil)  // the refused row's e-mail is not indexed
    #expect(roster.index(of: "s4") == 3)
    #expect(roster.student(id: "s4")?.extra == ["programme": "MSc"])
  }

  /// A student who fills in a form while signed in to a personal account is found by the address
  /// the roster's `other_emails` lists for them (several, separated by `;`, `,` or spaces), as by
  /// their own (RULES §25: case-insensitive). Other e-mails are unique like e-mails (RULES §46),
  /// are not a staff member's, and must be addresses; a student's own e-mail repeated is ignored.
  @Test func otherEmailsFindTheirStudentAndAreUniqueLikeEmails() throws {
    let (roster, messages) = try read(
      """
      student_id,name,email,Other_Emails,programme
      s1,Chan Tai Man,s1@hku.hk,"chan.tm@gmail.com; TM.Chan@Outlook.com",MDASC
      s2,Wong Siu Ming,s2@hku.hk,S2@hku.hk wsm@yahoo.com,MDASC
      s3,Lee Ka Yan,chan.tm@gmail.com,,MSc
      s4,Lam Chi Hung,s4@hku.hk,"wsm@yahoo.com,lam@gmail.com",MSc
      s5,Ng Hoi Yan,s5@hku.hk,ng hoi yan,MSc
      s6,Ho Wing,s6@hku.hk,INS@hku.hk,MSc

      """)
    #expect(
      messages == [
        "roster.csv:4: error: duplicate email 'chan.tm@gmail.com' (first at line 2, in other_emails)",
        "roster.csv:5: error: other_emails: duplicate email 'wsm@yahoo.com' (first at line 3, in other_emails)",
        "roster.csv:6: error: other_emails: 'ng' is not an e-mail address (separate several with ';')",
        "roster.csv:6: error: other_emails: 'hoi' is not an e-mail address (separate several with ';')",
        "roster.csv:6: error: other_emails: 'yan' is not an e-mail address (separate several with ';')",
        "roster.csv:7: error: other_emails: email 'INS@hku.hk' belongs to staff member 'ins' in course.yaml",
      ])
    #expect(roster.id(email: "CHAN.TM@gmail.com") == "s1")
    #expect(roster.id(email: "tm.chan@outlook.com") == "s1")
    #expect(roster.id(email: "s1@hku.hk") == "s1")
    #expect(roster.id(email: "wsm@yahoo.com") == "s2")
    #expect(roster.id(email: "lam@gmail.com") == "s4")  // the row stands; only the duplicate is refused
    #expect(roster.student(id: "s1")?.otherEmails == ["chan.tm@gmail.com", "TM.Chan@Outlook.com"])
    #expect(roster.student(id: "s2")?.otherEmails == ["wsm@yahoo.com"])  // its own e-mail again is dropped
    #expect(roster.student(id: "s1")?.extra == ["programme": "MDASC"])  // a known column, not an extra one
    // A roster built from students (as tests and tools do) finds the other e-mails too.
    #expect(Roster(roster.students).id(email: "tm.chan@OUTLOOK.com") == "s1")
  }

  @Test func rules44AnUnsafeIdIsRefusedAndItsRowNotIndexed() throws {
    let (roster, messages) = try read("student_id,name,email\ns1,A,a@hku.hk\n../x,B,b@hku.hk\n")
    #expect(messages.count == 1)
    #expect(messages.first?.hasPrefix("roster.csv:3: error:") == true)
    #expect(roster.students.map(\.id) == ["s1"])
    #expect(roster.id(email: "b@hku.hk") == nil)
  }

  @Test func theReadersLookupsEqualTheOnesBuiltFromTheStudents() throws {
    let rows = (1...500).map { "u\($0),Name \($0),U\($0)@Connect.HKU.hk" }
    let (roster, messages) = try read((["student_id,name,email"] + rows).joined(separator: "\n") + "\n")
    #expect(messages.isEmpty)
    let rebuilt = Roster(roster.students)
    for student in roster.students {
      #expect(roster.index(of: student.id) == rebuilt.index(of: student.id))
      #expect(roster.id(email: student.email) == rebuilt.id(email: student.email))
      #expect(roster.id(email: student.email.lowercased()) == student.id)
    }
  }
}
