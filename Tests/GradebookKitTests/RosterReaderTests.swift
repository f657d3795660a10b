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
