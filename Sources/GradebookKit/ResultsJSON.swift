import Foundation
import GradebookCore

/// `results.json` exactly as SPEC §9 gives it: students in roster order, every rubric item,
/// numbers unrounded (shortest round-trip form), `null` for excused and pending.
public enum ResultsJSON {
  /// The document's bytes.
  public static func render(_ result: GradebookResult) -> String {
    var out = "{\"course\": \(string(result.workspace.config.course)), \"students\": ["
    out.reserveCapacity(result.grades.count * (80 + 60 * result.workspace.rubric.items.count))
    for (index, grade) in result.grades.enumerated() {
      out += index == 0 ? "\n  " : ",\n  "
      out +=
        "{\"student_id\": \(string(grade.student)), \"total\": \(number(grade.total)), \"letter\": \(grade.letter.map(string) ?? "null"), \"items\": {"
      for (i, cell) in grade.items.enumerated() {
        out += i == 0 ? "" : ", "
        out += "\(string(cell.item)): {\"percent\": \(number(cell.percent)), \"status\": \(string(cell.status.rawValue))}"
      }
      out += "}}"
    }
    out += result.grades.isEmpty ? "]}\n" : "\n]}\n"
    return out
  }

  static func number(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "null" }
    return "\(value)"
  }

  /// A JSON string literal.
  static func string(_ text: String) -> String {
    if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
      return "\"" + text + "\""
    }
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
