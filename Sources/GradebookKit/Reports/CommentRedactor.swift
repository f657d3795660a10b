import Foundation
import GradebookCore

/// Takes other students' ids, e-mails and names out of the free text a student's report shows:
/// comments, excuse and override reasons, an external scorer's evidence (SPEC §10: a student's
/// report holds no other student's id, name or email). Peers write what they like: "better than
/// Wong Siu Ming's talk" would otherwise show a classmate's name.
///
/// Every roster id, e-mail (other e-mails too) and full name is a key: its words (runs of letters,
/// digits and `@ . _ - ' ’ +`, without `. _ - ' ’ +` at either end or a possessive `'s`,
/// lower-cased, NFC) joined by one space, so "Wong, Siu Ming" is `wong siu ming`, and so is "Wong Siu Ming's". A
/// text's words are matched against the keys, the longest run of words first; a word in Han script
/// is also searched for names of two to four characters inside it (Chinese is written without
/// spaces). A match that is not one of the report's own student's keys becomes "[a classmate]". A
/// name written in part ("Siu Ming") or misspelt is not caught.
struct CommentRedactor: Sendable {
  static let replacement = "[a classmate]"

  private let keys: Set<String>
  /// The first word of every key: a word that is none of them starts no match (nearly every word).
  private let firstWords: Set<String>
  /// The most words in a key.
  private let longest: Int
  /// Keys of two to four Han characters, searched for inside words.
  private let hanNames: Set<String>
  /// FNV-1a hashes of `firstWords`: an ASCII comment none of whose words hashes to one of them
  /// names nobody, found in one pass over its bytes (at 100,000 students, a million comments:
  /// reading them by `Character` doubled the time to write every report).
  private let firstWordHashes: Set<UInt64>

  /// The keys of every student of `roster`.
  init(roster: Roster) {
    var keys = Set<String>(), firstWords = Set<String>(), hanNames = Set<String>()
    var longest = 1
    keys.reserveCapacity(roster.students.count * 3)
    for student in roster.students {
      for key in Self.keys(of: student) {
        keys.insert(key.text)
        firstWords.insert(key.first)
        longest = max(longest, key.words)
        if (2...4).contains(key.text.count), key.text.allSatisfy(Self.isHan) { hanNames.insert(key.text) }
      }
    }
    (self.keys, self.firstWords, self.longest, self.hanNames) = (keys, firstWords, longest, hanNames)
    firstWordHashes = Set(firstWords.map { Self.fnv1a($0.utf8) })
  }

  /// `text` with every other student's id, e-mail and name replaced; `own`'s are kept.
  func redact(_ text: String, keeping own: Student?) -> String {
    var text = text
    let mayName = text.withUTF8 { asciiMayName($0) }
    if mayName == false { return text }
    return redactWords(text, keeping: own)
  }

  /// For ASCII text, whether any of its words (as ``words(_:)`` finds them) is the first word of a
  /// key; `nil` for text that is not ASCII.
  private func asciiMayName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
    var start = 0
    while start < bytes.count {
      guard bytes[start] < 0x80 else { return nil }
      guard Self.isWordByte(bytes[start]) else {
        start += 1
        continue
      }
      var end = start
      while end < bytes.count, bytes[end] < 0x80, Self.isWordByte(bytes[end]) { end += 1 }
      if end < bytes.count, bytes[end] >= 0x80 { return nil }
      var (lower, upper) = (start, end)
      while lower < upper, Self.isEdgeByte(bytes[lower]) { lower += 1 }
      while upper > lower, Self.isEdgeByte(bytes[upper - 1]) { upper -= 1 }
      if upper - lower > 2, bytes[upper - 2] == UInt8(ascii: "'"), bytes[upper - 1] | 0x20 == UInt8(ascii: "s") { upper -= 2 }
      if lower < upper, firstWordHashes.contains(Self.fnv1a(bytes[lower..<upper].lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 })) {
        return true
      }
      start = end
    }
    return false
  }

  private static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
  }

  /// ``isWordCharacter(_:)`` for an ASCII byte.
  private static func isWordByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
    case UInt8(ascii: "@"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "'"), UInt8(ascii: "+"): true
    default: false
    }
  }

  /// ``isEdge(_:)`` for an ASCII byte.
  private static func isEdgeByte(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "'")
      || byte == UInt8(ascii: "+")
  }

  /// The word-by-word matching itself.
  func redactWords(_ text: String, keeping own: Student?) -> String {
    let text = text.utf8.allSatisfy({ $0 < 0x80 }) ? text : text.precomposedStringWithCanonicalMapping
    let words = Self.words(text)
    let ownKeys = Set((own.map(Self.keys(of:)) ?? []).map(\.text))
    var cuts: [Range<String.Index>] = []
    var index = 0
    while index < words.count {
      if firstWords.contains(words[index].word) {
        var matched = 0
        for count in stride(from: min(longest, words.count - index), through: 1, by: -1) {
          let key = words[index..<index + count].map(\.word).joined(separator: " ")
          if keys.contains(key) {
            if !ownKeys.contains(key) { cuts.append(words[index].range.lowerBound..<words[index + count - 1].range.upperBound) }
            matched = count
            break
          }
        }
        if matched > 0 {
          index += matched
          continue
        }
      }
      if !hanNames.isEmpty, words[index].word.contains(where: Self.isHan) {
        cuts += hanCuts(in: text, words[index].range, keeping: ownKeys)
      }
      index += 1
    }
    guard !cuts.isEmpty else { return text }
    var result = ""
    var position = text.startIndex
    for cut in cuts {
      result += text[position..<cut.lowerBound]
      result += Self.replacement
      position = cut.upperBound
    }
    result += text[position...]
    return result
  }

  /// Names of two to four Han characters inside the word at `range`, longest first.
  private func hanCuts(in text: String, _ range: Range<String.Index>, keeping ownKeys: Set<String>) -> [Range<String.Index>] {
    let positions = Array(text[range].indices) + [range.upperBound]
    var cuts: [Range<String.Index>] = []
    var start = 0
    while start < positions.count - 1 {
      var advanced = false
      for length in stride(from: min(4, positions.count - 1 - start), through: 2, by: -1) {
        let candidate = positions[start]..<positions[start + length]
        let name = String(text[candidate])
        guard hanNames.contains(name) else { continue }
        if !ownKeys.contains(name) { cuts.append(candidate) }
        start += length
        advanced = true
        break
      }
      if !advanced { start += 1 }
    }
    return cuts
  }

  /// A student's keys: id, e-mail, other e-mails and name, each with its first word and its number
  /// of words.
  private static func keys(of student: Student) -> [(text: String, first: String, words: Int)] {
    ([student.id, student.email, student.name] + student.otherEmails).compactMap { value in
      // 300,000 keys at MOOC scale: ASCII ones (nearly all) split by bytes.
      let words = asciiWords(value) ?? Self.words(value.precomposedStringWithCanonicalMapping).map(\.word)
      guard let first = words.first else { return nil }
      return (words.joined(separator: " "), first, words.count)
    }
  }

  /// ``words(_:)`` of an ASCII `text`, by bytes; `nil` when `text` is not ASCII.
  static func asciiWords(_ text: String) -> [String]? {
    var words: [String] = []
    var current: [UInt8] = []
    func close() {
      var (lower, upper) = (0, current.count)
      while lower < upper, isEdgeByte(current[lower]) { lower += 1 }
      while upper > lower, isEdgeByte(current[upper - 1]) { upper -= 1 }
      if upper - lower > 2, current[upper - 2] == UInt8(ascii: "'"), current[upper - 1] | 0x20 == UInt8(ascii: "s") { upper -= 2 }
      if lower < upper { words.append(String(decoding: current[lower..<upper], as: UTF8.self)) }
      current.removeAll(keepingCapacity: true)
    }
    for byte in text.utf8 {
      guard byte < 0x80 else { return nil }
      if isWordByte(byte) {
        current.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
      } else {
        close()
      }
    }
    close()
    return words
  }

  /// The words of `text`, lower-cased, with where each stands.
  static func words(_ text: String) -> [(range: Range<String.Index>, word: String)] {
    var words: [(range: Range<String.Index>, word: String)] = []
    var start: String.Index?
    func close(at end: String.Index) {
      guard var lower = start else { return }
      var upper = end
      while lower < upper, isEdge(text[lower]) { lower = text.index(after: lower) }
      while upper > lower, isEdge(text[text.index(before: upper)]) { upper = text.index(before: upper) }
      // A possessive: "Ming's" is the word "Ming".
      if text.distance(from: lower, to: upper) > 2, let s = text.index(upper, offsetBy: -2, limitedBy: lower),
        "'’".contains(text[s]), "sS".contains(text[text.index(after: s)])
      {
        upper = s
      }
      if lower < upper { words.append((lower..<upper, text[lower..<upper].lowercased())) }
      start = nil
    }
    for index in text.indices {
      if isWordCharacter(text[index]) {
        if start == nil { start = index }
      } else {
        close(at: index)
      }
    }
    close(at: text.endIndex)
    return words
  }

  private static func isWordCharacter(_ character: Character) -> Bool {
    character.isLetter || character.isNumber || "@._-'’+".contains(character)
  }

  private static func isEdge(_ character: Character) -> Bool { "._-'’+".contains(character) }

  static func isHan(_ character: Character) -> Bool {
    character.unicodeScalars.first.map { $0.properties.isIdeographic } ?? false
  }
}
