import Foundation
import GradebookCore
import TestSupport
import Testing

@testable import GradebookKit

/// ``CommentRedactor``'s one-pass check of ASCII comments decides exactly as reading them word by
/// word: on random comments made of roster words, ids, e-mails, possessives and punctuation, the
/// two give the same text.
struct CommentRedactorTests {
  @Test func theASCIIFastPathAgreesWithTheWordByWordReading() throws {
    let roster = Roster([
      Student(id: "s1", name: "Chan Tai Man", email: "s1@hku.hk"), Student(id: "s2", name: "Wong, Siu Ming", email: "s2@hku.hk"),
      Student(id: "u3035", name: "O'Brien Lee", email: "lee+x@hku.hk"), Student(id: "s4", name: "李嘉欣", email: "s4@hku.hk"),
    ])
    let redactor = CommentRedactor(roster: roster)
    let pieces = [
      "chan", "TAI", "man", "Man's", "wong", "siu", "ming", "O'Brien", "lee", "s1", "S2", "s10", "s1@hku.hk", "lee+x@HKU.hk", "u3035",
      "'s", ".", ",", "-", "_", "+", "'", "@", "(", ")", "great", "talk", "x.s1", "s1.", "-s2-", "\n", "  ",
    ]
    var random = SeededRandom(seed: 7)
    var redacted = 0
    for _ in 0..<3_000 {
      let count = 1 + Int(random.next() * 12)
      let text = (0..<count).map { _ in pieces[Int(random.next() * Double(pieces.count))] }
        .joined(separator: random.next() < 0.7 ? " " : "")
      let fast = redactor.redact(text, keeping: roster.student(id: "s1"))
      #expect(fast == redactor.redactWords(text, keeping: roster.student(id: "s1")), "\(text)")
      if fast != text { redacted += 1 }
    }
    #expect(redacted > 500)  // the comparison covers comments that name someone, not only those that do not
  }

  /// Keys are split by bytes when ASCII: the same words as the general reading.
  @Test func asciiWordsAreTheWordsOfTheGeneralReading() {
    for text in ["Wong, Siu Ming", "  O'Brien's  ", "lee+x@HKU.hk.", "-s2-", "a..b", "'s", "Ming's", "x's", "", "..."] {
      #expect(CommentRedactor.asciiWords(text) == CommentRedactor.words(text).map(\.word), "\(text)")
    }
    #expect(CommentRedactor.asciiWords("Zoë") == nil)
  }
}
