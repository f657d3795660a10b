import Foundation
import GradebookCore

/// A student's report as one self-contained, accessible HTML page.
struct HTMLReport {
  let report: StudentReport
  /// The class histogram drawn once for each band a reader can be in (see `charts(of:)`), so that
  /// writing every report does not draw it again each time.
  var charts: [String]? = nil

  /// The class histogram with each band highlighted in turn, indexed by band.
  static func charts(of histogram: [Int]) -> [String] {
    histogram.indices.map { chart(of: histogram, highlight: $0) }
  }

  private static func chart(of histogram: [Int], highlight bin: Int) -> String {
    SVGChart.histogram(histogram, labels: SVGChart.bandLabels, highlight: bin, title: "Class totals, your band \(SVGChart.bandLabels[bin])")
  }

  var text: String {
    var body = "<header><h1>\(Escape.html(report.course)) \(Escape.html(report.courseTitle))</h1>"
    body.reserveCapacity(12_288)
    body +=
      "<p class=\"meta\">Report for \(Escape.html(report.studentName)) (\(Escape.html(report.studentID)))\(report.term.isEmpty ? "" : " · \(Escape.html(report.term))")</p></header>\n"
    body += "<section aria-labelledby=\"total\"><h2 id=\"total\">Total</h2><div class=\"total\">"
    if let total = report.total {
      body +=
        "<span><strong>\(StudentReport.fixed(total))</strong> / 100</span><span class=\"letter\" aria-label=\"letter grade\">\(Escape.html(report.letter ?? ""))</span>"
    }
    body += "<span class=\"muted\">\(Escape.html(report.arithmetic))</span></div>"
    if let bin = report.bin {
      body += "<p>Where you stand: the number of students in each band of totals; your band is orange. No one else's score is shown.</p>"
      body += charts?[bin] ?? Self.chart(of: report.histogram, highlight: bin)
    }
    body += "</section>\n"
    for item in report.items { body += section(item) }
    return HTMLPage.wrap(title: "\(report.course) report — \(report.studentName)", body: body)
  }

  func section(_ item: StudentReport.ItemSection) -> String {
    let anchor = "item-" + item.id
    var out = "<section aria-labelledby=\"\(Escape.html(anchor))\"><h2 id=\"\(Escape.html(anchor))\">\(Escape.html(item.title))</h2>"
    guard item.released else { return out + "<p class=\"muted\">Not released yet.</p></section>\n" }
    let statusClass = "status status-" + String(item.status.rawValue.map { $0 == " " ? "-" : $0 })
    out += "<div class=\"facts\"><span>Weight \(ConfigReader.format(item.weight))</span>"
    out += "<span class=\"\(statusClass)\">\(Escape.html(item.status.rawValue))</span>"
    out += "<span>Score <strong>\(item.percent.map { StudentReport.fixed($0) + "%" } ?? "—")</strong></span>"
    out += "<span>Adds \(item.contribution.map { StudentReport.fixed($0) + " points" } ?? "nothing") to your total</span></div>"
    out += SVGChart.bar(
      percent: item.status.counts ? item.percent : nil,
      label: "\(item.title): \(item.percent.map { StudentReport.fixed($0) } ?? "no") percent")
    if !item.criteria.isEmpty && item.status != .pending {
      out +=
        "<div class=\"scroll\"><table><caption class=\"muted\">Points per criterion by role</caption><thead><tr><th scope=\"col\">Criterion</th><th scope=\"col\">Staff</th><th scope=\"col\">Classmates</th><th scope=\"col\">Your own rating (not counted)</th></tr></thead><tbody>"
      for row in item.criteria {
        out += "<tr><th scope=\"row\">\(Escape.html(row.title)) <span class=\"muted\">(of \(ConfigReader.format(row.max)))</span></th>"
        out += "<td class=\"num\">\(MarkdownReport.points(row.staff, row.max, raters: row.staffRaters))</td>"
        out += "<td class=\"num\">\(MarkdownReport.points(row.peer, row.max, raters: row.peerRaters))</td>"
        out += "<td class=\"num\">\(MarkdownReport.points(row.selfRating, row.max, raters: nil))</td></tr>"
      }
      out += "</tbody></table></div>"
    }
    if !item.evidence.isEmpty {
      out += "<h3>How it was computed</h3><ul class=\"evidence\">" + item.evidence.map { "<li>\(Escape.html($0))</li>" }.joined() + "</ul>"
    }
    if !item.staffComments.isEmpty {
      out +=
        "<h3>Comments from staff</h3>"
        + item.staffComments.map { "<blockquote><strong>\(Escape.html($0.author)):</strong> \(Escape.html($0.text))</blockquote>" }.joined()
    }
    if !item.peerComments.isEmpty {
      out +=
        "<h3>Comments from classmates <span class=\"muted\">(anonymous)</span></h3>"
        + item.peerComments.map { "<blockquote>\(Escape.html($0))</blockquote>" }.joined()
    }
    if !item.ownComments.isEmpty {
      out += "<h3>Your own notes</h3>" + item.ownComments.map { "<blockquote>\(Escape.html($0))</blockquote>" }.joined()
    }
    return out + "</section>\n"
  }
}
