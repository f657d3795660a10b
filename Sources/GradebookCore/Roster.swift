import Foundation

/// A student of the roster.
public struct Student: Sendable, Hashable {
  public var id: String
  public var name: String
  public var email: String
  /// Other addresses the student may use (the roster's `other_emails` column): a form filled in
  /// while signed in to a personal account names its rater or target by one of these, and finds
  /// the student as by ``email``.
  public var otherEmails: [String]
  /// Extra roster columns, kept as (header, value).
  public var extra: [String: String]
  /// The roster line, for messages.
  public var line: Int

  /// A student.
  public init(id: String, name: String, email: String, otherEmails: [String] = [], extra: [String: String] = [:], line: Int = 0) {
    (self.id, self.name, self.email, self.otherEmails, self.extra, self.line) = (id, name, email, otherEmails, extra, line)
  }
}

/// The students in roster order, with lookups by id and email (RULES §25); ``NameIndex`` adds names.
public struct Roster: Sendable {
  /// Students in roster order.
  public let students: [Student]
  private let byID: StringIndex
  private let byEmail: StringIndex

  /// A roster; duplicates are the loader's concern (the first wins here).
  public init(_ students: [Student]) {
    self.students = students
    var byID = StringIndex(capacity: students.count)
    var byEmail = StringIndex(capacity: students.count)
    for (index, student) in students.enumerated() {
      byID.insert(student.id, position: index)
      if !student.email.isEmpty { byEmail.insert(student.email.lowercasedFast, position: index) }
      for email in student.otherEmails where !email.isEmpty { byEmail.insert(email.lowercasedFast, position: index) }
    }
    (self.byID, self.byEmail) = (byID, byEmail)
  }

  /// A roster whose lookups the caller already built (the roster reader indexes while it checks
  /// for duplicates): `byID` maps each id, `byEmail` each lower-cased non-empty e-mail (and other
  /// e-mail) to the first student's position, as ``init(_:)`` would.
  package init(students: [Student], byID: StringIndex, byEmail: StringIndex) {
    (self.students, self.byID, self.byEmail) = (students, byID, byEmail)
  }

  /// The student with this exact id.
  public func student(id: String) -> Student? { byID[id].map { students[$0] } }

  /// The same, looked for first at `position` (where lists kept in roster order have it), without
  /// hashing the id.
  public func student(id: String, expectedAt position: Int) -> Student? {
    if students.indices.contains(position), students[position].id == id { return students[position] }
    return student(id: id)
  }

  /// Whether the id is on the roster.
  public func contains(_ id: String) -> Bool { byID[id] != nil }

  /// The student with this email (or one of their ``Student/otherEmails``), compared
  /// case-insensitively.
  public func student(email: String) -> Student? { byEmail[email.lowercasedFast].map { students[$0] } }

  /// The id of the student with this email (no copy of the whole record: an import asks once a row).
  public func id(email: String) -> String? { id(lowercasedEmail: email.lowercasedFast) }

  /// The same, for an e-mail already lower-cased (``String/lowercasedFast``).
  public func id(lowercasedEmail email: String) -> String? { byEmail[email].map { students[$0].id } }

  /// The position in ``students`` of the student with this e-mail, already lower-cased.
  public func position(lowercasedEmail email: String) -> Int? { byEmail[email] }

  /// All ids, for suggestions.
  public var ids: [String] { students.map(\.id) }

  /// The position of a student in roster order.
  public func index(of id: String) -> Int? { byID[id] }

  /// The name comparison key of RULES §25.
  public static func normalizedName(_ name: String) -> String {
    name.precomposedStringWithCanonicalMapping
      .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
      .folding(options: [.caseInsensitive], locale: nil)
  }

  /// Lookup by roster name, built only where a form matches people by name (it normalises every name).
  public struct NameIndex: Sendable {
    let roster: Roster
    let byName: [String: [Int]]

    /// Indexes every student's normalised name.
    public init(_ roster: Roster) {
      self.roster = roster
      var byName: [String: [Int]] = [:]
      for (index, student) in roster.students.enumerated() { byName[Roster.normalizedName(student.name), default: []].append(index) }
      self.byName = byName
    }

    /// The one student with this name (NFC, trimmed, white space collapsed, case-folded); `nil` when
    /// none or several match.
    public func student(name: String) -> Student? {
      guard let matches = byName[Roster.normalizedName(name)], matches.count == 1 else { return nil }
      return roster.students[matches[0]]
    }

    /// How many students share this normalised name.
    public func matches(_ name: String) -> Int { byName[Roster.normalizedName(name)]?.count ?? 0 }

    /// Every student with this name, in roster order.
    public func students(named name: String) -> [Student] { (byName[Roster.normalizedName(name)] ?? []).map { roster.students[$0] } }
  }
}

/// Group membership: which students form each project group.
public struct Groups: Sendable {
  /// Group id of each grouped student.
  public let groupOf: [String: String]
  /// Members of each group, in file order.
  public let members: [String: [String]]

  /// Groups from (group, student) pairs in file order.
  public init(memberships: [(group: String, student: String)]) {
    var groupOf: [String: String] = [:]
    var members: [String: [String]] = [:]
    groupOf.reserveCapacity(memberships.count)
    for (group, student) in memberships where groupOf[student] == nil {
      groupOf[student] = group
      members[group, default: []].append(student)
    }
    (self.groupOf, self.members) = (groupOf, members)
  }

  /// Group ids, sorted.
  public var ids: [String] { members.keys.sorted() }
}
