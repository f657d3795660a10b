import Foundation
import GradebookCore

/// The instructor's overview, `index.html`: distributions, letter counts, per-item means and spreads,
/// peer-versus-staff agreement per presentation, and a "needs a second look" list.
struct OverviewPage {
  let result: GradebookResult
  /// Peer and staff scores of a presentation further apart than this are flagged.
  var disagreement = 0.15
  /// Totals this close to a letter boundary are flagged.
  var boundaryMargin = 0.5

  /// A presentation's staff and peer role scores.
  struct Presentation {
    var item: String, target: String, staff: Double, peer: Double
    var gap: Double { abs(peer - staff) }
  }

  var presentations: [Presentation] {
    var seen = Set<String>()
    var list: [Presentation] = []
    for item in result.workspace.rubric.items where item.scorerID == "presentation-quality" {
      guard case .scored(let scores)? = result.outcomes[item.id] else { continue }
      for student in result.workspace.roster.students {
        guard let score = scores[student.id], let staff = score.parts["staff"], let peer = score.parts["peer"] else { continue }
        let target = item.target == .group ? (result.state.groups.groupOf[student.id] ?? student.id) : student.id
        guard seen.insert(item.id + "|" + target).inserted else { continue }
        list.append(Presentation(item: item.id, target: target, staff: staff, peer: peer))
      }
    }
    return list.sorted { ($0.gap, $1.item, $1.target) > ($1.gap, $0.item, $0.target) }
  }

  var text: String {
    let config = result.workspace.config
    var body =
      "<header><h1>\(Escape.html(config.course)) \(Escape.html(config.title)): class overview</h1><p class=\"meta\">For the teaching team only: it names students. \(result.grades.count) students.</p></header>"
    let totals = result.grades.compactMap(\.total)
    var bins = [Int](repeating: 0, count: 10)
    for t in totals { bins[StudentReport.bin(of: t)] += 1 }
    body += "<section><h2>Totals</h2>" + SVGChart.histogram(bins, labels: SVGChart.bandLabels, highlight: nil, title: "Class totals")
    if !totals.isEmpty {
      body +=
        "<p>Mean \(StudentReport.fixed(Self.mean(totals))), standard deviation \(StudentReport.fixed(Self.sd(totals))), median \(StudentReport.fixed(CriterionMath.median(totals))).</p>"
    }
    var letters: [String: Int] = [:]
    for grade in result.grades { if let l = grade.letter { letters[l, default: 0] += 1 } }
    body +=
      "<div class=\"scroll\"><table><caption class=\"muted\">Letter counts</caption><thead><tr>"
      + config.scale.map { "<th scope=\"col\">\(Escape.html($0.letter))</th>" }.joined() + "</tr></thead><tbody><tr>"
    body += config.scale.map { "<td class=\"num\">\(letters[$0.letter] ?? 0)</td>" }.joined() + "</tr></tbody></table></div></section>"

    body +=
      "<section><h2>Items</h2><div class=\"scroll\"><table><thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Weight</th><th scope=\"col\">Mean %</th><th scope=\"col\">SD</th><th scope=\"col\">Graded</th><th scope=\"col\">Missing</th><th scope=\"col\">Excused</th><th scope=\"col\">Pending</th><th scope=\"col\">Distribution</th></tr></thead><tbody>"
    for (index, item) in result.workspace.rubric.items.enumerated() {
      let cells = result.grades.map { $0.items[index] }
      let percents = cells.filter(\.status.counts).compactMap(\.percent)
      var itemBins = [Int](repeating: 0, count: 10)
      for p in percents { itemBins[StudentReport.bin(of: p)] += 1 }
      func count(_ statuses: ItemStatus...) -> Int { cells.count { statuses.contains($0.status) } }
      body +=
        "<tr><th scope=\"row\">\(Escape.html(item.title)) <span class=\"muted\">(\(Escape.html(item.id)))</span></th><td class=\"num\">\(ConfigReader.format(item.weight))</td>"
      body +=
        "<td class=\"num\">\(percents.isEmpty ? "—" : StudentReport.fixed(Self.mean(percents)))</td><td class=\"num\">\(percents.count < 2 ? "—" : StudentReport.fixed(Self.sd(percents)))</td>"
      body +=
        "<td class=\"num\">\(count(.graded, .override))</td><td class=\"num\">\(count(.missing, .noSlot))</td><td class=\"num\">\(count(.excused))</td><td class=\"num\">\(count(.pending))</td>"
      body += "<td>\(SVGChart.histogram(itemBins, labels: SVGChart.bandLabels, highlight: nil, title: "\(item.id) percents"))</td></tr>"
    }
    body += "</tbody></table></div></section>"

    let talks = presentations
    body += "<section><h2>Peer and staff agreement per presentation</h2>"
    if talks.isEmpty {
      body += "<p class=\"muted\">No presentation has both staff and peer scores yet.</p>"
    } else {
      body +=
        "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Presenter</th><th scope=\"col\">Staff</th><th scope=\"col\">Peers</th><th scope=\"col\">Gap</th></tr></thead><tbody>"
      for talk in talks {
        body +=
          "<tr><td>\(Escape.html(talk.item))</td><td>\(Escape.html(name(talk.target)))</td><td class=\"num\">\(StudentReport.fixed(talk.staff * 100))</td><td class=\"num\">\(StudentReport.fixed(talk.peer * 100))</td><td class=\"num\">\(StudentReport.fixed(talk.gap * 100))</td></tr>"
      }
      body += "</tbody></table></div>"
    }
    body += "</section>"

    body += "<section><h2>Needs a second look</h2><ul>"
    var flags: [String] = []
    for talk in talks where talk.gap > disagreement {
      flags.append(
        "Presentation of \(name(talk.target)) (\(talk.item)): peers \(StudentReport.fixed(talk.peer * 100)) vs staff \(StudentReport.fixed(talk.staff * 100))."
      )
    }
    flags += outlyingReviewers()
    for grade in result.grades {
      let missing = zip(result.workspace.rubric.items, grade.items).filter { $0.1.status == .missing || $0.1.status == .noSlot }.map(\.0.id)
      if !missing.isEmpty { flags.append("\(name(grade.student)): \(missing.joined(separator: ", ")) missing (counted as 0).") }
      if let total = grade.total, let step = config.scale.first(where: { $0.minimum > 0 && abs(total - $0.minimum) < boundaryMargin }) {
        flags.append(
          "\(name(grade.student)): total \(StudentReport.fixed(total)) is within \(ConfigReader.format(boundaryMargin)) of the \(step.letter) boundary (\(ConfigReader.format(step.minimum)))."
        )
      }
    }
    body += flags.isEmpty ? "<li>Nothing.</li>" : flags.map { "<li>\(Escape.html($0))</li>" }.joined()
    body += "</ul></section>"
    return HTMLPage.wrap(title: "\(config.course) class overview", body: body)
  }

  /// Reviewers whose agreement is more than two standard deviations below the class mean.
  func outlyingReviewers() -> [String] {
    var flags: [String] = []
    for item in result.workspace.rubric.items where item.scorerID == "feedback-quality" {
      guard case .scored(let scores)? = result.outcomes[item.id] else { continue }
      let agreements = result.workspace.roster.students.compactMap { s in scores[s.id]?.parts["agreement"].map { (s.id, $0) } }
      guard agreements.count >= 3 else { continue }
      let values = agreements.map(\.1)
      let (m, d) = (Self.mean(values), Self.sd(values))
      for (student, value) in agreements where d > 0 && value < m - 2 * d {
        flags.append(
          "\(name(student)): agreement \(StudentReport.fixed(value * 100)) in \(item.id) is far below the class (\(StudentReport.fixed(m * 100)) ± \(StudentReport.fixed(d * 100)))."
        )
      }
    }
    return flags
  }

  func name(_ id: String) -> String {
    if let student = result.workspace.roster.student(id: id) { return "\(student.name) (\(id))" }
    if let members = result.state.groups.members[id] {
      return "group \(id): " + members.map { result.workspace.roster.student(id: $0)?.name ?? $0 }.joined(separator: " & ")
    }
    return id
  }

  static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

  static func sd(_ values: [Double]) -> Double {
    guard values.count > 1 else { return 0 }
    let m = mean(values)
    return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
  }
}
