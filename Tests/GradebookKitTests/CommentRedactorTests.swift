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

  /// A classmate's other e-mail (the roster's `other_emails`) is taken out of a comment as their
  /// e-mail is; the report's own student's other e-mail stays.
  @Test func otherEmailsAreRedactedLikeEmails() {
    let roster = Roster([
      Student(id: "s1", name: "Chan Tai Man", email: "s1@hku.hk", otherEmails: ["chan.tm@gmail.com"]),
      Student(id: "s2", name: "Wong Siu Ming", email: "s2@hku.hk", otherEmails: ["wsm@yahoo.com", "siuming@outlook.com"]),
    ])
    let redactor = CommentRedactor(roster: roster)
    let text = "Ask WSM@yahoo.com or siuming@outlook.com, or me at chan.tm@gmail.com."
    #expect(redactor.redact(text, keeping: roster.student(id: "s1")) == "Ask [a classmate] or [a classmate], or me at chan.tm@gmail.com.")
    #expect(redactor.redact(text, keeping: roster.student(id: "s2")) == "Ask WSM@yahoo.com or siuming@outlook.com, or me at [a classmate].")
  }

  /// Any text at all — combining marks, emoji, Han, curly apostrophes, lone punctuation — comes
  /// back whole (nothing lost but the names), and a Han name inside Chinese text is found.
  @Test func arbitraryUnicodeIsHandledAndOnlyNamesAreReplaced() {
    let roster = Roster([Student(id: "s1", name: "李嘉欣", email: "s1@x.hk"), Student(id: "s2", name: "Zoë Ng", email: "s2@x.hk")])
    let redactor = CommentRedactor(roster: roster)
    let pieces = [
      "李嘉欣", "李嘉", "欣", "我覺得", "Zoe\u{308}", "ZOË", "Ng", "’s", "'", "’", "e\u{301}", "👍🏽", "🇭🇰", "\r\n", " ", ".", "s2", "s2@x.hk", "-", "x",
    ]
    var random = SeededRandom(seed: 11)
    for _ in 0..<3_000 {
      let text = (0..<(1 + Int(random.next() * 10))).map { _ in pieces[Int(random.next() * Double(pieces.count))] }.joined()
      let shown = redactor.redact(text, keeping: nil)
      // What is left, once the replacements are taken out, is text that was there.
      let rest = shown.replacingOccurrences(of: CommentRedactor.replacement, with: "")
      #expect(rest.unicodeScalars.count <= text.precomposedStringWithCanonicalMapping.unicodeScalars.count, "\(text)")
    }
    #expect(redactor.redact("我覺得李嘉欣講得好", keeping: nil) == "我覺得[a classmate]講得好")
    #expect(redactor.redact("我覺得李嘉欣講得好", keeping: roster.student(id: "s1")) == "我覺得李嘉欣講得好")
    #expect(redactor.redact("Zoe\u{308} NG’s slides", keeping: nil) == "[a classmate]’s slides")
  }

  /// Keys are split by bytes when ASCII: the same words as the general reading.
  @Test func asciiWordsAreTheWordsOfTheGeneralReading() {
    for text in ["Wong, Siu Ming", "  O'Brien's  ", "lee+x@HKU.hk.", "-s2-", "a..b", "'s", "Ming's", "x's", "", "..."] {
      #expect(CommentRedactor.asciiWords(text) == CommentRedactor.words(text).map(\.word), "\(text)")
    }
    #expect(CommentRedactor.asciiWords("Zoë") == nil)
  }
}
