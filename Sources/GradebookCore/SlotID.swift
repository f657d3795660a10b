/// A presentation slot: `W05-2` is week 5, second slot (RULES §14).
public struct SlotID: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var week: Int
  public var number: Int

  /// A slot.
  public init(week: Int, number: Int) { (self.week, self.number) = (week, number) }

  /// Parses `W05-2`, `W5-2` or `w05-2`; `nil` for anything else.
  public init?(parsing text: String) {
    guard let (slot, length) = SlotID.prefix(of: text), length == text.utf8.count else { return nil }
    self = slot
  }

  /// A slot id at the start of `text` followed by a non-digit or the end (FORMATS §4 `match: slot`),
  /// with the number of bytes it took.
  public static func prefix(of text: String) -> (SlotID, Int)? {
    var text = text
    // Read in place (no array a call: every form row naming its presenter by slot comes here).
    return text.withUTF8 { prefix(of: $0) }
  }

  /// ``prefix(of:)`` on UTF-8 bytes.
  static func prefix(of utf8: UnsafeBufferPointer<UInt8>) -> (SlotID, Int)? {
    let bytes = UnsafeBufferPointer(rebasing: utf8.prefix(16))  // W + 3 week digits + - + 6 slot digits + 1 look-ahead
    guard let first = bytes.first, first == UInt8(ascii: "W") || first == UInt8(ascii: "w") else { return nil }
    var i = 1
    var week = 0
    while i < bytes.count, (0x30...0x39).contains(bytes[i]), i < 4 {
      week = week * 10 + Int(bytes[i] - 0x30)
      i += 1
    }
    guard i > 1, i < bytes.count, bytes[i] == UInt8(ascii: "-") else { return nil }
    i += 1
    let numberStart = i
    var number = 0
    while i < bytes.count, (0x30...0x39).contains(bytes[i]), i - numberStart < 6 {
      number = number * 10 + Int(bytes[i] - 0x30)
      i += 1
    }
    guard i > numberStart, week > 0, number > 0 else { return nil }
    if i < bytes.count, (0x30...0x39).contains(bytes[i]) { return nil }
    return (SlotID(week: week, number: number), i)
  }

  /// The slots of a comma-separated list (`W05-2,W06-1`, as a registration's choices are stored);
  /// a piece that is not a whole slot id is skipped. Read in place: 100,000 registrations are read
  /// at every import of a form naming presenters by slot.
  public static func list(_ text: String) -> [SlotID] {
    var text = text
    return text.withUTF8 { utf8 in
      var slots: [SlotID] = []
      var start = 0
      while start <= utf8.count {
        var end = start
        while end < utf8.count, utf8[end] != UInt8(ascii: ",") { end += 1 }
        let piece = UnsafeBufferPointer(rebasing: utf8[start..<end])
        if let (slot, length) = prefix(of: piece), length == piece.count { slots.append(slot) }
        start = end + 1
      }
      return slots
    }
  }

  public static func < (a: SlotID, b: SlotID) -> Bool { (a.week, a.number) < (b.week, b.number) }

  /// Canonical form, `W05-2`.
  public var description: String { "W" + (week < 10 ? "0" : "") + "\(week)-\(number)" }
}
