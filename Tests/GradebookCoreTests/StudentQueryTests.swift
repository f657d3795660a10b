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

  /// A part of a name is not a student (grades are explained for exactly one), but it is offered.
  @Test func rule25_aPartOfANameOffersTheStudentsWhoseNamesHoldIt() {
    #expect(
      StudentQuery.resolve("Wong", in: roster) == .problem("unknown student 'Wong' (did you mean 'Wong, Siu Ming' (u3035102345)?)"))
    #expect(
      StudentQuery.resolve("siu  MING", in: roster)
        == .problem("unknown student 'siu  MING' (did you mean 'Wong, Siu Ming' (u3035102345)?)"))
    #expect(
      StudentQuery.resolve("嘉欣", in: roster) == .problem("unknown student '嘉欣' (did you mean '李嘉欣 (Lee Ka Yan)' (u3035103456)?)"))
    #expect(
      StudentQuery.resolve("tai man", in: roster)
        == .problem(
          "'tai man' is part of the names of 2 students: 'Chan Tai Man' (u3035104567), 'CHAN  Tai Man' (u3035105678); give the id"))
    // Letters match whole words, in any order: "Cha" offers nobody, "Ming Wong" offers Wong, Siu Ming.
    #expect(StudentQuery.resolve("Cha", in: roster) == .problem("unknown student 'Cha'"))
    #expect(
      StudentQuery.resolve("Ming Wong", in: roster)
        == .problem("unknown student 'Ming Wong' (did you mean 'Wong, Siu Ming' (u3035102345)?)"))
    // A name misspelt is offered the closest name.
    #expect(
      StudentQuery.resolve("Wong, Siu Mong", in: roster) == .problem("unknown student 'Wong, Siu Mong' (did you mean 'Wong, Siu Ming'?)"))
  }

  @Test func aPartOfManyNamesListsTheFirstFiveAndCountsTheRest() {
    let many = Roster((1...8).map { Student(id: "s\($0)", name: "Lee Student \($0)", email: "s\($0)@x.edu") })
    #expect(
      StudentQuery.resolve("lee", in: many)
        == .problem(
          "'lee' is part of the names of 8 students: 'Lee Student 1' (s1), 'Lee Student 2' (s2), 'Lee Student 3' (s3), 'Lee Student 4' (s4), 'Lee Student 5' (s5) and 3 more; give the id"
        ))
  }
}
