import GradebookCore
import Testing

/// `explain` and `report --student` take a student as a TA would name them (RULES §25's comparisons).
struct StudentQueryTests {
  let roster = Roster([
    Student(id: "u3035102345", name: "Wong, Siu Ming", email: "u3035102345@connect.hku.hk"),
    Student(id: "u3035103456", name: "李嘉欣 (Lee Ka Yan)", email: "kylee@connect.hku.hk"),
    Student(id: "u3035104567", name: "Chan Tai Man", email: "tmchan@connect.hku.hk"),
    Student(id: "u3035105678", name: "CHAN  Tai Man", email: "tmchan2@connect.hku.hk"),
  ])

  @Test func rule25_aStudentIsFoundByExactIdByEmailInAnyCaseOrByTheirOneName() {
    #expect(StudentQuery.resolve("u3035102345", in: roster) == .student("u3035102345"))
    #expect(StudentQuery.resolve("  u3035102345 ", in: roster) == .student("u3035102345"))
    #expect(StudentQuery.resolve("KYLee@Connect.HKU.hk", in: roster) == .student("u3035103456"))
    #expect(StudentQuery.resolve("wong,  siu ming", in: roster) == .student("u3035102345"))
    #expect(StudentQuery.resolve("李嘉欣 (lee ka yan)", in: roster) == .student("u3035103456"))
  }

  @Test func rule25_idsAreCaseSensitiveSoAnIdInCapitalsIsUnknownWithASuggestion() {
    #expect(StudentQuery.resolve("U3035102345", in: roster) == .problem("unknown student 'U3035102345' (did you mean 'u3035102345'?)"))
  }

  @Test func aNameTwoStudentsShareIsRefusedWithBothIds() {
    #expect(
      StudentQuery.resolve("chan tai man", in: roster)
        == .problem("'chan tai man' is the name of 2 students (u3035104567, u3035105678); give the id"))
  }

  @Test func anUnknownEmailSuggestsTheNearestEmail() {
    #expect(
      StudentQuery.resolve("tmchen@connect.hku.hk", in: roster)
        == .problem("unknown student 'tmchen@connect.hku.hk' (did you mean 'tmchan@connect.hku.hk'?)"))
  }
}
