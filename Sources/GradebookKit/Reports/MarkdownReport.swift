import Foundation
import GradebookCore

/// A student's report as Markdown.
struct MarkdownReport {
  let report: StudentReport

  var text: String {
    var out =
      "# \(Escape.markdown(report.course)) \(Escape.markdown(report.courseTitle)) — report for \(Escape.markdown(report.studentName))\n\n"
    out.reserveCapacity(8_192)
    out += "Student \(Escape.markdown(report.studentID))\(report.term.isEmpty ? "" : ", \(Escape.markdown(report.term))")\n\n"
    out += "## Total\n\n"
    if let total = report.total {
      out += "**\(StudentReport.fixed(total))** — letter **\(Escape.markdown(report.letter ?? ""))**\n\n"
    }
    out += Escape.markdown(report.arithmetic) + "\n\n"
    if let bin = report.bin {
      out += "Class distribution of totals (number of students per band; yours is marked):\n\n| band | students |\n|---|---|\n"
      for (index, count) in report.histogram.enumerated() {
        out += "| \(index * 10)–\(index == 9 ? 100 : index * 10 + 10)\(index == bin ? " ← you" : "") | \(count) |\n"
      }
      out += "\n"
    }
    for item in report.items { out += section(item) }
    return out
  }

  func section(_ item: StudentReport.ItemSection) -> String {
    var out = "## \(Escape.markdown(item.title))\n\n"
    guard item.released else { return out + "Not released yet.\n\n" }
    out += "- Weight: \(ConfigReader.format(item.weight))\n"
    out += "- Status: \(item.status.rawValue)\n"
    out += "- Score: " + (item.percent.map { StudentReport.fixed($0) + "%" } ?? "—") + "\n"
    out += "- Contribution to your total: " + (item.contribution.map { StudentReport.fixed($0) + " points" } ?? "none") + "\n\n"
    if !item.criteria.isEmpty && item.status != .pending {
      out += "| criterion | staff | peers | your own rating |\n|---|---|---|---|\n"
      for row in item.criteria {
        out +=
          "| \(Escape.markdown(row.title, inTable: true)) (of \(ConfigReader.format(row.max))) | \(Self.points(row.staff, row.max, raters: row.staffRaters)) | \(Self.points(row.peer, row.max, raters: row.peerRaters)) | \(Self.points(row.selfRating, row.max, raters: nil)) |\n"
      }
      out += "\n"
    }
    if !item.evidence.isEmpty {
      out += "How it was computed:\n\n" + item.evidence.map { "- " + Escape.markdown($0) }.joined(separator: "\n") + "\n\n"
    }
    if !item.staffComments.isEmpty {
      out +=
        "Comments from staff:\n\n"
        + item.staffComments.map {
          "> **\(Escape.markdown($0.author))**: \(Escape.markdownQuoted($0.text))"
        }.joined(separator: "\n>\n") + "\n\n"
    }
    if !item.peerComments.isEmpty {
      out +=
        "Comments from classmates (anonymous):\n\n"
        + item.peerComments.map { "> " + Escape.markdownQuoted($0) }.joined(separator: "\n>\n")
        + "\n\n"
    }
    if !item.ownComments.isEmpty {
      out += "Your own notes:\n\n" + item.ownComments.map { "> " + Escape.markdownQuoted($0) }.joined(separator: "\n>\n") + "\n\n"
    }
    return out
  }

  /// `3.50 (2 raters)` from a normalised score.
  static func points(_ value: Double?, _ max: Double, raters: Int?) -> String {
    guard let value else { return "—" }
    let suffix = raters.map { " (\($0) rater\($0 == 1 ? "" : "s"))" } ?? ""
    return StudentReport.fixed(value * max) + suffix
  }
}
