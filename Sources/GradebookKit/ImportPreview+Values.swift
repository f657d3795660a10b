import Foundation
import GRDB
import GradebookCore

/// The stored values a dry run compares: a fingerprint of each current value before the import
/// (``fingerprints(_:workspace:kind:storePath:rankLimit:scope:)``), compared with the values after it
/// (``compareAfter(_:workspace:kind:before:scope:)``), and the old values of the keys that change
/// described from where they were stored (``compareBefore(_:workspace:kind:changed:stamps:scope:)``).
extension ImportPreview {
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
}
