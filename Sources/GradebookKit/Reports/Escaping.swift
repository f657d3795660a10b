/// Text from inputs is never run (SPEC §10): escaped for HTML, Markdown and CSV.
///
/// HTML and Markdown escaping work on UTF-8 bytes: every byte they change is ASCII, so a multi-byte
/// character passes through whole, and a combining mark after a quote cannot hide the quote (as it
/// would from a loop over `Character`s, where `"` followed by U+0301 is one character).
enum Escape {
  /// `& < > " '` as entities.
  static func html(_ text: String) -> String {
    if !contains(text, where: isHTMLSpecial) { return text }
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count + 16)
    for byte in text.utf8 {
      if let entity = entity(byte) { append(entity, to: &out) } else { out.append(byte) }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// `& < >` as HTML entities (so no tag, entity or autolink of the text's own is ever rendered) and
  /// a backslash before Markdown's own punctuation, with line breaks kept inside one paragraph
  /// (`inTable`: inside one table cell). Quotes stay as written: with `<` and `[` escaped, no tag
  /// attribute or link title can form for them to end, and a report read as plain text shows
  /// "students' presentations", not `students&#39; presentations`.
  static func markdown(_ text: String, inTable: Bool = false) -> String {
    markdown(text, lineBreak: inTable ? "<br>" : "  \n")
  }

  /// Like `markdown(_:)`, for text inside a `> ` block quote: every line of it stays in the quote.
  static func markdownQuoted(_ text: String) -> String { markdown(text, lineBreak: "  \n> ") }

  private static func markdown(_ text: String, lineBreak: StaticString) -> String {
    if !contains(text, where: isMarkdownSpecial) { return text }
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count + 16)
    for byte in text.utf8 {
      if let entity = entity(byte, quotes: false) {
        append(entity, to: &out)
        continue
      }
      switch byte {
      case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
        UInt8(ascii: "]"), UInt8(ascii: "#"), UInt8(ascii: "|"), UInt8(ascii: "!"), UInt8(ascii: "{"),
        UInt8(ascii: "}"):
        out.append(UInt8(ascii: "\\"))
        out.append(byte)
      case UInt8(ascii: "\n"):
        append(lineBreak, to: &out)
      case UInt8(ascii: "\r"):
        continue
      default:
        out.append(byte)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Whether any UTF-8 byte of `text` passes `test`, scanning the string's own storage.
  private static func contains(_ text: String, where test: (UInt8) -> Bool) -> Bool {
    text.utf8.withContiguousStorageIfAvailable { $0.contains(where: test) } ?? text.utf8.contains(where: test)
  }

  private static func isHTMLSpecial(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
    default: false
    }
  }

  private static func isMarkdownSpecial(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
      UInt8(ascii: "]"), UInt8(ascii: "#"), UInt8(ascii: "|"), UInt8(ascii: "!"), UInt8(ascii: "{"),
      UInt8(ascii: "}"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
      true
    default: isHTMLSpecial(byte)
    }
  }

  /// The entity for one of `& < >`, and with `quotes` of `" '`, else nil.
  private static func entity(_ byte: UInt8, quotes: Bool = true) -> StaticString? {
    switch byte {
    case UInt8(ascii: "&"): "&amp;"
    case UInt8(ascii: "<"): "&lt;"
    case UInt8(ascii: ">"): "&gt;"
    case UInt8(ascii: "\"") where quotes: "&quot;"
    case UInt8(ascii: "'") where quotes: "&#39;"
    default: nil
    }
  }

  private static func append(_ text: StaticString, to out: inout [UInt8]) {
    out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  /// A CSV cell: quoted when needed, with a leading `'` before `= + - @`, tab or CR so spreadsheets
  /// never run it as a formula.
  static func csv(_ text: String) -> String {
    var value = text
    if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { value = "'" + value }
    if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
      return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return value
  }
}
