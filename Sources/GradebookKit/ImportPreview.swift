import Foundation
import GRDB
import GradebookCore

/// What an import would do (`gradebook import … --dry-run`): rows added, stored values it would
/// supersede (old → new, with their sources), and the students whose item percents or totals would
/// move, by how much. Nothing is written.
public struct ImportPreview: Sendable {
  /// A stored value, as a person reads it, and where it came from.
  public struct Value: Sendable, Hashable {
    public var text: String
    public var source: String
    /// Whom and which item the value is about (`G01 project-talk`), the same for every value of a key.
    public var whose: String
  }

  /// One value that changes: `old` is `nil` for a new key, `new` is `nil` when it stops counting.
  public struct Change: Sendable, Hashable {
    public var key: String
    public var old: Value?
    public var new: Value?
    /// Whom and which item it is about.
    public var whose: String { (new ?? old)?.whose ?? "" }
  }

  /// A student's result that moves.
  public struct Move: Sendable, Hashable {
    public var student: String
    /// Item id, or `total`.
    public var what: String
    public var old: String
    public var new: String
    /// new − old, when both are numbers.
    public var delta: Double?
  }

  /// Each file's outcome, in the order given (`imported` in the preview means "would import").
  public var outcomes: [ImportOutcome]
  /// Warnings about the course the import would leave (stored scores it would leave naming
  /// nothing), beyond those it has already.
  public var courseWarnings: [Diagnostic] = []
  /// Values added (new keys).
  public var added = 0
  /// Values that change or stop counting.
  public var changes: [Change] = []
  /// Results that move.
  public var moves: [Move] = []

  /// A preview with only the files' outcomes.
  public init(outcomes: [ImportOutcome]) { self.outcomes = outcomes }

  /// Whether the files would be imported: none has errors, and one at least is not stored already.
  public var wouldImport: Bool {
    !outcomes.contains { $0.status == .rejected } && outcomes.contains { if case .imported = $0.status { true } else { false } }
  }

  /// Every file's errors and warnings, in order, then ``courseWarnings``.
  public var diagnostics: [Diagnostic] { outcomes.flatMap(\.diagnostics) + courseWarnings }

  /// What a dry run remembers of each current value before the import: a hash of what its
  /// description reads (``ImportPreview/fingerprint(_:)``), and where it is stored, so that the few
  /// old values an import changes are read back by their lines instead of every value again.
  struct Stamp {
    /// ``ImportPreview/fingerprint(_:)``, its top bit set once the key is met after the import (``ImportPreview/seen``).
    var fingerprint: UInt64
    /// The fact's line in its batch.
    var line: UInt32
    /// Its batch's rank among the kind's active batches (``CurrentFacts/ranked(_:)``); ``unranked``
    /// for a rank that does not fit (over 65,534 active batches of one kind).
    var rank: UInt16

    /// The rank of a value whose old value is found by reading every current value again.
    static let unranked = UInt16.max
  }

  /// Every current key of a kind, by key hash, with its ``Stamp``. Descriptions are made only for
  /// the keys whose fingerprint changes (``compareAfter(_:workspace:kind:before:scope:)``):
  /// describing every value on both sides was most of a dry run at 100,000 students, and 3 GB of
  /// it. A stamp takes the room a bare fingerprint did (16 bytes a slot).
  ///
  /// - `storePath`: a store file holding what `db` reads (nothing changed in it yet): the values are
  ///   read ahead there on a second thread while this one hashes them, as a load does.
  /// - `rankLimit`: the ranks kept in stamps (below it); others are ``Stamp/unranked`` (a test
  ///   lowers it).
  /// - `scope`: its batches are left out (``Scope``).
  static func fingerprints(
    _ db: Database, workspace: Workspace, kind: InputKind, storePath: String? = nil, rankLimit: Int = Int(Stamp.unranked),
    scope: Scope? = nil
  ) throws -> KeyHashTable<Stamp> {
    let reader = try CurrentFacts(db, workspace: workspace, excluding: scope?.excluded ?? [])
    let ranked = reader.ranked(kind)
    var table = KeyHashTable<Stamp>(capacity: ranked.reduce(0) { $0 + $1.factCount })
    var last: (batch: Int64, rank: UInt16) = (-1, 0)  // a batch's facts come together
    try reader.forEachCurrent(db, kind, readingFrom: storePath) { stored in
      if stored.batch != last.batch {
        let rank = ranked.firstIndex { $0.id == stored.batch }!
        last = (stored.batch, rank < min(rankLimit, Int(Stamp.unranked)) ? UInt16(rank) : Stamp.unranked)
      }
      let line = UInt32(clamping: stored.fact.line)
      table.updateValue(Stamp(fingerprint: fingerprint(stored.fact), line: line, rank: last.rank), forKey: stored.fact.keyHash)
    }
    return table
  }

  /// Marks a fingerprint as met again after the import (its top bit, which ``fingerprint(_:)`` leaves clear).
  static let seen: UInt64 = 1 << 63

  /// A hash of what a value's description reads (criterion, number, rater, time, text, extra), its
  /// top bit clear. Equal values give equal fingerprints; a changed one differs but for a chance of
  /// 2⁻⁶³, and a difference the description does not show is dropped when both are described.
  static func fingerprint(_ fact: Fact) -> UInt64 {
    var hasher = Hasher()
    hasher.combine(fact.criterion)
    hasher.combine(fact.number?.bitPattern)
    hasher.combine(fact.rater)
    hasher.combine(fact.at)
    hasher.combine(fact.text)
    hasher.combine(fact.extra)
    return UInt64(bitPattern: Int64(hasher.finalize())) & ~seen
  }

  /// A value as `--dry-run` shows it.
  static func value(_ stored: StoredFact, reader: CurrentFacts, time: TimestampParser) -> Value {
    let fact = stored.fact
    return Value(
      text: Explanation.describe(fact, time: time), source: reader.source(stored).description,
      whose: [fact.subject, fact.item].compactMap { $0 }.joined(separator: " "))
  }

  /// The key a fact is shown and sorted by (a form response's scores are read without theirs).
  static func key(_ fact: Fact) -> String {
    fact.key.isEmpty ? factKey(fact.subject, fact.item ?? "", fact.criterion ?? "", fact.rater ?? "") : fact.key
  }

  /// The keys whose values an import changes, read with the import in place: each one's new value
  /// (`nil` when it stops counting) and key. Counts the keys it adds. `before` is
  /// ``fingerprints(_:workspace:kind:storePath:rankLimit:scope:)`` from before the import; it is
  /// marked as it is met. `scope` as there.
  mutating func compareAfter(
    _ db: Database, workspace: Workspace, kind: InputKind, before: inout KeyHashTable<Stamp>, scope: Scope? = nil
  ) throws -> [KeyHash: (key: String, new: Value?)] {
    let reader = try CurrentFacts(db, workspace: workspace, excluding: scope?.excluded ?? [])
    let time = TimestampParser(zone: workspace.config.zone)
    var changed: [KeyHash: (key: String, new: Value?)] = [:]
    try reader.forEachCurrent(db, kind) { stored in
      let hash = stored.fact.keyHash
      var old: UInt64?
      before.modifyValue(forKey: hash) { stamp in
        old = stamp.fingerprint
        stamp.fingerprint |= Self.seen
      }
      guard let old else {
        added += 1
        return
      }
      if old != Self.fingerprint(stored.fact) {
        changed[hash] = (Self.key(stored.fact), Self.value(stored, reader: reader, time: time))
      }
    }
    before.forEach { hash, stamp in
      if stamp.fingerprint & Self.seen == 0 { changed[hash] = ("", nil) }
    }
    return changed
  }

  /// With the store as it was before the import: describes the old values of `changed` and lists
  /// what the description shows to change (a comment edited under an unchanged score is not
  /// listed), sorted by key. Each old value is read where `stamps`
  /// (``fingerprints(_:workspace:kind:storePath:rankLimit:scope:)``, with the same `scope`) say it
  /// is stored: only its batch's rows of those lines are decoded.
  mutating func compareBefore(
    _ db: Database, workspace: Workspace, kind: InputKind, changed: [KeyHash: (key: String, new: Value?)], stamps: KeyHashTable<Stamp>,
    scope: Scope? = nil
  ) throws {
    guard !changed.isEmpty else { return }
    let reader = try CurrentFacts(db, workspace: workspace, excluding: scope?.excluded ?? [])
    let time = TimestampParser(zone: workspace.config.zone)
    func compare(_ stored: StoredFact, _ after: (key: String, new: Value?)) {
      let old = Self.value(stored, reader: reader, time: time)
      if after.new?.text != old.text {
        changes.append(Change(key: after.new == nil ? Self.key(stored.fact) : after.key, old: old, new: after.new))
      }
    }
    var lines: [Int: Set<Int>] = [:]  // by rank
    for hash in changed.keys {
      guard let stamp = stamps[hash] else { continue }  // every changed key had a value before
      lines[Int(stamp.rank), default: []].insert(Int(stamp.line))
    }
    if lines[Int(Stamp.unranked)] != nil {  // a rank that did not fit: every current value again
      try reader.forEachCurrent(db, kind) { stored in
        if let after = changed[stored.fact.keyHash] { compare(stored, after) }
      }
    } else {
      let ranked = reader.ranked(kind)
      for (rank, wanted) in lines.sorted(by: { $0.key < $1.key }) {
        try Store.forEachScore(db, of: ranked[rank], keys: false, lines: wanted) { stored in
          let hash = stored.fact.keyHash
          // The current value of its key, not one its key gave elsewhere that a higher batch superseded.
          guard let after = changed[hash], let stamp = stamps[hash], Int(stamp.rank) == rank, Int(stamp.line) == stored.fact.line
          else { return }
          compare(stored, after)
        }
      }
    }
    changes.sort { $0.key < $1.key }
  }

  /// The students' results that move, from each student's grades before and after.
  mutating func compare(_ before: [StudentGrade], _ after: [StudentGrade]) {
    let old = Dictionary(before.map { ($0.student, $0) }, uniquingKeysWith: { a, _ in a })
    for grade in after {
      guard let previous = old[grade.student] else { continue }
      for (a, b) in zip(previous.items, grade.items) where a.status != b.status || a.percent != b.percent {
        moves.append(
          Move(student: grade.student, what: b.item, old: Self.cell(a), new: Self.cell(b), delta: Self.delta(a.percent, b.percent)))
      }
      if previous.total != grade.total || previous.letter != grade.letter {
        moves.append(
          Move(
            student: grade.student, what: "total", old: Self.total(previous), new: Self.total(grade),
            delta: Self.delta(previous.total, grade.total)))
      }
    }
  }

  static func cell(_ cell: ItemGrade) -> String {
    cell.percent.map { FixedDecimal.format($0) + (cell.status == .graded ? "" : " (\(cell.status.rawValue))") } ?? cell.status.rawValue
  }

  static func total(_ grade: StudentGrade) -> String {
    grade.total.map { FixedDecimal.format($0) + " " + (grade.letter ?? "") } ?? "no total"
  }

  /// A change in percentage points, signed, to two decimals; one that would round to 0.00 gets as
  /// many more decimals as show it (up to six: `+0.0046`), since the student is listed because it
  /// is not zero.
  static func signed(_ delta: Double) -> String {
    var decimals = 2
    while decimals < 6, (abs(delta) * pow(10, Double(decimals))).rounded() == 0 { decimals += 1 }
    return String(format: "%+.\(decimals)f", delta)
  }

  static func delta(_ a: Double?, _ b: Double?) -> Double? {
    guard let a, let b else { return nil }
    return b - a
  }

  /// How many changed values and how many moved results `--dry-run` lists before it counts the rest
  /// (a re-import at MOOC scale can change hundreds of thousands; `--all` lists every one).
  public static let listed = 200

  /// The lines `--dry-run` prints: every change and move, or the first `limit` of each and a line
  /// counting the rest.
  public func lines(limit: Int? = nil) -> [String] {
    let rejected = outcomes.contains { $0.status == .rejected }
    var lines = outcomes.map { outcome in
      guard case .imported(_, let rows, let replaced) = outcome.status else { return outcome.summary }
      guard !rejected else { return "\(outcome.file): no errors, but would not be imported: the files go in together or not at all" }
      return
        "\(outcome.file): would import \(rows) row(s) of \(outcome.kind.rawValue)\(replaced.isEmpty ? "" : ", replacing batch \(replaced.map(String.init).joined(separator: ", "))"); nothing written (dry run)"
    }
    guard wouldImport else { return lines }
    lines.append("  \(added) new value(s), \(changes.count) changed or withdrawn")
    for change in changes.prefix(limit ?? changes.count) {
      let old = change.old.map { "\($0.text) (\($0.source))" } ?? "nothing"
      let new = change.new.map { "\($0.text) (\($0.source))" } ?? "no longer counts"
      lines.append("  \(change.whose): \(old) → \(new)")
    }
    lines += Self.rest(changes.count, limit: limit, what: "changed value(s)")
    let students = Set(moves.map(\.student))
    lines.append("  \(students.count) student(s) would move")
    for move in moves.prefix(limit ?? moves.count) {
      let delta = move.delta.map { " (\(Self.signed($0)))" } ?? ""
      lines.append("  \(move.student) \(move.what): \(move.old) → \(move.new)\(delta)")
    }
    lines += Self.rest(moves.count, limit: limit, what: "moved result(s)")
    return lines
  }

  /// The line that counts what a limited listing left out, if it left anything out.
  static func rest(_ count: Int, limit: Int?, what: String) -> [String] {
    guard let limit, count > limit else { return [] }
    return ["  … and \(count - limit) more \(what) (--all lists every one)"]
  }
}
