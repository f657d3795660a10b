import Foundation
import GradebookCore
import GradebookXLSX

/// *Peer review*: who reviewed whom (peer and self ratings of every item), then the number of
/// reviews per reviewer and per target.
struct PeerReviewSheet {
  let result: GradebookResult

  func write(to sheet: XLSXSheet) throws {
    struct Review: Hashable { var item, reviewer, target, role: String }
    var criteria: [Review: Int] = [:]
    for item in result.workspace.rubric.items {
      for rating in result.state.ratings[item.id] ?? [] where rating.role == .peer || rating.role == .selfRating {
        criteria[Review(item: item.id, reviewer: rating.rater, target: rating.target, role: rating.role.rawValue), default: 0] += 1
      }
    }
    let reviews = criteria.keys.sorted { ($0.item, $0.reviewer, $0.target) < ($1.item, $1.reviewer, $1.target) }
    let roster = result.workspace.roster
    func name(_ id: String) -> String { roster.student(id: id)?.name ?? (result.state.groups.members[id] != nil ? "group" : "") }
    try sheet.setColumns(0, 6, width: 18)
    sheet.freeze(rows: 1, columns: 0)
    try sheet.writeRow(
      0, ["item", "reviewer", "reviewer name", "target", "target name", "role", "criteria rated"].map(CellValue.text),
      style: GradebookWorkbook.header)
    var row = 1
    for review in reviews {
      try sheet.writeRow(
        row,
        [
          .text(review.item), .text(review.reviewer), .text(name(review.reviewer)), .text(review.target), .text(name(review.target)),
          .text(review.role), .number(Double(criteria[review]!)),
        ])
      row += 1
    }
    let peers = reviews.filter { $0.role == "peer" }
    /// A table of peer-review counts by (item, person), the person picked by `who`.
    func counts(_ headers: [String], by who: (Review) -> String) throws {
      row += 1
      try sheet.writeRow(row, headers.map(CellValue.text), style: GradebookWorkbook.header)
      row += 1
      let grouped = Dictionary(grouping: peers, by: { [$0.item, who($0)] }).mapValues(\.count)
      for (key, count) in grouped.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
        try sheet.writeRow(row, [.text(key[0]), .text(key[1]), .text(name(key[1])), .number(Double(count))])
        row += 1
      }
    }
    try counts(["item", "reviewer", "reviewer name", "targets reviewed"], by: \.reviewer)
    try counts(["item", "target", "target name", "peer reviewers"], by: \.target)
  }
}
