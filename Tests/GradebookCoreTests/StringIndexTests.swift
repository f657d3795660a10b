import Testing

@testable import GradebookCore

/// The roster's id and e-mail index agrees with a Swift `Dictionary` where the first key stays.
struct StringIndexTests {
  @Test func agreesWithADictionaryThroughGrowthKeepingTheFirstPosition() {
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789@._-嘉欣é")
    // Keys of every length around a word's eight bytes, many repeated (the roster's duplicates),
    // keys that differ only in their last byte or in a trailing NUL, and the empty key.
    var keys = (0..<30_000).map { _ in
      String((0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
    }
    keys += (0..<3_000).map { "u30350\(String($0, radix: 7))@connect.hku.hk" }
    keys += ["u3035000001", "u3035000001\u{0}", "u3035000002", "", "u30350000011"]
    keys += keys.prefix(5_000)
    var index = StringIndex()
    var reference: [String: Int] = [:]
    for (position, key) in keys.enumerated() {
      let first = reference[key]
      if first == nil { reference[key] = position }
      #expect(index.insert(key, position: position) == first, "\(key)")
    }
    #expect(index.count == reference.count)
    for key in keys { #expect(index[key] == reference[key]) }
    for absent in ["u3035000003", "u3035000001\u{0}\u{0}", "U3035000001", "not a key at all, longer than a word"] {
      #expect(index[absent] == reference[absent])
    }
  }

  /// A roster built by `Roster(_:)` finds students by id and by e-mail in any case; the first of two
  /// students who share an e-mail is the one found.
  @Test func aRosterFindsStudentsByIDAndByEmailInAnyCase() {
    let roster = Roster([
      Student(id: "s1", name: "Chan Tai Man", email: "Tai.Man@HKU.hk"), Student(id: "s2", name: "李嘉欣", email: "s2@hku.hk"),
      Student(id: "s3", name: "Same Mail", email: "s2@HKU.HK"), Student(id: "s4", name: "No Mail", email: ""),
    ])
    #expect(roster.student(id: "s2")?.name == "李嘉欣")
    #expect(roster.index(of: "s4") == 3 && roster.contains("s3") && !roster.contains("s5"))
    #expect(roster.id(email: "tai.man@hku.HK") == "s1")
    #expect(roster.id(email: "S2@hku.hk") == "s2")
    #expect(roster.id(email: "") == nil)
  }
}
