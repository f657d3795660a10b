import Foundation
import GradebookCore

/// A validated input row, as the store keeps it: one table for every kind, with these columns
/// (unused ones `nil`):
///
/// | kind | subject | item | criterion | rater | number | at | text | extra |
/// |---|---|---|---|---|---|---|---|---|
/// | roster | student | | | | | | name | email |
/// | groups | student | | | | | | | group |
/// | registrations | student | | | | | registered_at | | choices `W05-1,W06-2` |
/// | uploads | student | item | | | | submitted_at | file | |
/// | scores | target | item | criterion (`""` for a comment) | rater id | points (nil: comment only) | submitted_at | comment | |
/// | scores (a form response) | target | item | nil | rater id | | submitted_at | comment | points `question=4;approach=3` |
/// | adjustments | student | item | action | by | percent or extension ms | | reason | |
/// | contributions | group | | ratee | rater | score | | | |
///
/// `key` identifies what a later row supersedes (SPEC §5): e.g. `target|item|criterion|rater` for scores.
/// The import stores a score's and a form response's rows with an empty key, which their parts
/// give back (``keyFromParts``); both readers of the store fill it in.
///
/// A form response is stored as one row, not one row a criterion (five inserts were most of a
/// forms import's time), written by ``FactWriter/writeResponse(line:target:item:rater:criteria:points:at:comment:)``;
/// ``expanded()`` gives the scores it stands for, with their own keys, and every reader of the
/// store sees those.
public struct Fact: Sendable, Hashable {
  public var kind: InputKind
  public var line: Int
  public var key: String
  public var subject: String
  public var item: String? = nil
  public var criterion: String? = nil
  public var rater: String? = nil
  public var number: Double? = nil
  public var at: Int64? = nil
  public var text: String? = nil
  public var extra: String? = nil

  /// A fact of `kind` at `line` about `subject`.
  public init(_ kind: InputKind, line: Int, key: String, subject: String) {
    (self.kind, self.line, self.key, self.subject) = (kind, line, key, subject)
  }
}

extension Fact {
  /// Points as text that reads back exactly: whole numbers without `.0` (formatting a `Double` was
  /// a tenth of a forms import).
  static func appendPointsText(_ points: Double, to bytes: inout [UInt8]) {
    if points == points.rounded(), abs(points) < 1e15 {
      bytes.append(contentsOf: String(Int64(points)).utf8)
    } else {
      bytes.append(contentsOf: "\(points)".utf8)
    }
  }

  /// The hash of the key (from its parts for a score read without its key text).
  var keyHash: KeyHash {
    key.isEmpty ? KeyHash(parts: subject, item ?? "", criterion ?? "", rater ?? "") : KeyHash(key)
  }

  /// The key a score's parts give: `target|item|criterion|rater`, or `target|item|#response|rater`
  /// for a form response. The import stores these rows without their key (it was a quarter of
  /// the store and of what an import writes); a comment without a score keeps its own
  /// (`target|item|#comment:criterion|rater`, criterion `""`), and so does any other fact: for
  /// those this is `key` itself.
  var keyFromParts: String {
    guard kind == .scores, let item, let rater else { return key }
    if isResponse { return factKey(subject, item, "#response", rater) }
    guard let criterion, !criterion.isEmpty else { return key }
    return factKey(subject, item, criterion, rater)
  }

  /// Whether this stored row is a form response.
  var isResponse: Bool { kind == .scores && criterion == nil && extra != nil }

  /// The scores a stored row stands for: a form response gives one fact a criterion (the comment
  /// on the first), any other row itself.
  func expanded() -> [Fact] {
    guard isResponse else { return [self] }
    var facts: [Fact] = []
    forEachScore(keys: true) { facts.append($0) }
    return facts
  }

  /// Calls `body` with each score of a form response, in criterion order; with `keys` false the
  /// facts' keys are left empty (loading for scoring hashes the parts instead of joining them).
  func forEachScore(keys: Bool, _ body: (Fact) throws -> Void) rethrows {
    guard let item, let rater, var extra else { return }
    try extra.withUTF8 { packed in
      try Self.forEachResponseScore(
        line: line, target: subject, item: item, rater: rater, at: at, comment: text, packed: UnsafeRawBufferPointer(packed), keys: keys,
        name: { String(decoding: $0, as: UTF8.self) }, body)
    }
  }

  /// The scores of a form response's row, from its parts and its packed points (``forEachPoint(in:_:)``):
  /// each with the row's target, item, rater and time, the row's comment on the first only, and
  /// its criterion's name from `name` (given the name's bytes). Both readers of a stored response
  /// expand it here: ``forEachScore(keys:_:)`` and ``Store/forEachScore(_:of:keys:comments:_:)``.
  static func forEachResponseScore(
    line: Int, target: String, item: String, rater: String, at: Int64?, comment: String?, packed: UnsafeRawBufferPointer, keys: Bool,
    name: (UnsafeRawBufferPointer) -> String, _ body: (consuming Fact) throws -> Void
  ) rethrows {
    var comment = comment
    try forEachPoint(in: packed) { bytes, points in
      let criterion = name(bytes)
      var fact = Fact(.scores, line: line, key: keys ? factKey(target, item, criterion, rater) : "", subject: target)
      (fact.item, fact.criterion, fact.rater, fact.number, fact.at, fact.text) = (item, criterion, rater, points, at, comment)
      comment = nil
      try body(fact)
    }
  }

  /// Calls `body` with each `criterion=points` pair of a response's packed points (`;` between
  /// pairs), the criterion as its bytes; a pair without `=` or whose points do not read as a number
  /// is skipped.
  static func forEachPoint(in packed: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, Double) throws -> Void) rethrows {
    var start = 0
    while start < packed.count {
      var end = start
      while end < packed.count, packed[end] != UInt8(ascii: ";") { end += 1 }
      defer { start = end + 1 }
      guard let equals = packed[start..<end].firstIndex(of: UInt8(ascii: "=")) else { continue }
      let value = UnsafeRawBufferPointer(rebasing: packed[(equals + 1)..<end])
      let points: Double
      if !value.isEmpty, value.count < 16, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
        points = Double(value.reduce(0) { $0 * 10 + Int($1 - 0x30) })
      } else if let number = Double(String(decoding: value, as: UTF8.self)) {
        points = number
      } else {
        continue
      }
      try body(UnsafeRawBufferPointer(rebasing: packed[start..<equals]), points)
    }
  }
}

/// Criterion names as `String`s, each made once while loading a batch: its responses repeat the
/// same few names in every row, in the same order, so the name after the last one found is tried
/// first. Names are compared as bytes kept beside them (through `String`'s UTF-8 view, comparing
/// each known name in turn was a quarter of the loading thread at 100,000 students).
struct CriterionNames {
  private var known: [(name: String, bytes: [UInt8])] = []
  private var next = 0

  /// The name with these UTF-8 bytes.
  mutating func name(_ bytes: UnsafeRawBufferPointer) -> String {
    if next < known.count, bytes.holds(known[next].bytes) {
      next += 1
      return known[next - 1].name
    }
    if let found = known.firstIndex(where: { bytes.holds($0.bytes) }) {
      next = found + 1
      return known[found].name
    }
    let name = String(decoding: bytes, as: UTF8.self)
    if known.count < 64 {
      known.append((name, Array(bytes)))
      next = known.count
    }
    return name
  }
}

extension UnsafeRawBufferPointer {
  /// Whether these bytes are `bytes`, compared with `memcmp`.
  func holds(_ bytes: [UInt8]) -> Bool {
    guard bytes.count == count else { return false }
    if isEmpty { return true }
    return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, baseAddress!, count) == 0 }
  }
}

/// A key from parts, joined by a separator that never occurs in ids.
func factKey(_ parts: String...) -> String { parts.joined(separator: "|") }
