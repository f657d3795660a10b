import Foundation
import Testing

@testable import GradebookKit

/// Text from inputs is never run (SPEC §10), and reads as the person wrote it.
struct EscapeTests {
  @Test func html_escapesTheFiveCharactersAndNothingElse() {
    #expect(Escape.html("Tom & \"Jerry\" <b>'s</b> 陳大文 🙂") == "Tom &amp; &quot;Jerry&quot; &lt;b&gt;&#39;s&lt;/b&gt; 陳大文 🙂")
    let plain = "Chan Tai Man, 陳大文"
    #expect(Escape.html(plain) == plain)
  }

  /// A quote followed by a combining mark is one `Character` in Swift; it must still be escaped, or
  /// it could end an HTML attribute.
  @Test func html_aQuoteFollowedByACombiningMarkIsStillEscaped() {
    let text = "x\"\u{301} onmouseover=alert(1) '\u{301}"
    let escaped = Escape.html(text)
    #expect(!escaped.utf8.contains(UInt8(ascii: "\"")))
    #expect(!escaped.utf8.contains(UInt8(ascii: "'")))
    #expect(escaped == "x&quot;\u{301} onmouseover=alert(1) &#39;\u{301}")
  }

  /// Quotes read as written in Markdown, rendered or read as plain text; `& < >` become entities
  /// that stay whole (an entity's `#` is not backslashed, which a viewer would show literally).
  @Test func markdown_entitiesStayWholeAndPunctuationIsEscaped() {
    #expect(Escape.markdown("students' presentations") == "students' presentations")
    #expect(Escape.markdown("Chan \"TM\" & co") == "Chan \"TM\" &amp; co")
    #expect(
      Escape.markdown("*bold* _x_ [link](y) #1 | a\\b `c` {d}!") == "\\*bold\\* \\_x\\_ \\[link\\](y) \\#1 \\| a\\\\b \\`c\\` \\{d\\}\\!")
    #expect(Escape.markdown("<script>") == "&lt;script&gt;")
  }

  @Test func markdown_lineBreaksStayInTheirParagraphCellOrQuote() {
    #expect(Escape.markdown("one\ntwo") == "one  \ntwo")
    #expect(Escape.markdown("one\r\ntwo") == "one  \ntwo")
    #expect(Escape.markdown("one\r\ntwo", inTable: true) == "one<br>two")
    #expect("> " + Escape.markdownQuoted("one\ntwo\r\nthree") == "> one  \n> two  \n> three")
  }
}
