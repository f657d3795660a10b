/// Text from inputs is never run (SPEC §10): escaped for HTML, Markdown and CSV.
enum Escape {
  /// `& < > " '` as entities.
  static func html(_ text: String) -> String {
    if !text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for ch in text {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(ch)
      }
    }
    return out
  }

  /// Bytes that make Markdown escaping necessary.
  static let markdownSpecial: Set<UInt8> = Set("&<>\"'\\`*_[]#|!{}\n\r".utf8)

  /// HTML entities plus a backslash before Markdown's own punctuation, with line breaks kept
  /// inside one paragraph or table cell.
  static func markdown(_ text: String, inTable: Bool = false) -> String {
    if !text.utf8.contains(where: { markdownSpecial.contains($0) }) { return text }
    var out = ""
    for ch in html(text) {
      switch ch {
      case "\\", "`", "*", "_", "[", "]", "#", "|", "!", "{", "}": out += "\\" + String(ch)
      case "\n": out += inTable ? "<br>" : "  \n"
      case "\r": continue
      default: out.append(ch)
      }
    }
    return out
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
