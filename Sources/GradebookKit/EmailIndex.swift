import GradebookCore

/// The roster's students by lower-cased e-mail, for a forms export that names raters or
/// presenters by e-mail: the same answers as ``Roster/id(lowercasedEmail:)`` (the first student
/// with an e-mail wins), found by the e-mail's ``KeyHash`` in a ``KeyHashTable`` and confirmed by
/// one comparison with that student's e-mail.
///
/// The roster's `Dictionary<String, Int>` compared the e-mail with a stored string at every step
/// of its probe chain, each comparison a cache miss into a string on the heap: with 100,000
/// students this was a sixth of a forms import's reading thread.
struct EmailIndex {
  private let roster: Roster
  private var positions: KeyHashTable<Int32>

  /// Indexes every non-empty e-mail of `roster`.
  init(_ roster: Roster) {
    self.roster = roster
    positions = KeyHashTable(capacity: roster.students.count)
    for (position, student) in roster.students.enumerated() where !student.email.isEmpty {
      let key = KeyHash(student.email.lowercasedFast)
      if positions[key] == nil { positions.updateValue(Int32(position), forKey: key) }
    }
  }

  /// The id of the (first) student whose e-mail, lower-cased, is `email`.
  func id(lowercasedEmail email: String) -> String? {
    guard let position = positions[KeyHash(email)] else { return nil }
    let student = roster.students[Int(position)]
    return student.email == email || student.email.lowercasedFast == email ? student.id : nil
  }
}
