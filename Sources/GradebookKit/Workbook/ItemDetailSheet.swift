import Foundation
import GradebookCore
import GradebookXLSX

/// One sheet per item: per student, the target, status and percent; each criterion by role (staff
/// mean and raters, peer aggregate, raters and spread, self rating apart); late and extension evidence;
/// excuse and override reasons.
struct ItemDetailSheet {
  let result: GradebookResult
  let item: Item

  func write(to sheet: XLSXSheet) throws {
    var headers = ["student_id", "name", "target", "status", "percent"]
    for c in item.criteria {
      headers += [
        "\(c.id) staff", "\(c.id) staff raters", "\(c.id) peers", "\(c.id) peer raters", "\(c.id) peer spread (sd)", "\(c.id) self",
      ]
    }
    headers += ["late", "evidence", "note"]
    let evidenceColumn = headers.count - 2
    try sheet.setColumns(0, 2, width: 14)
    try sheet.setColumns(3, evidenceColumn - 1, width: 11)
    try sheet.setColumns(evidenceColumn, evidenceColumn, width: 90)
    try sheet.setColumns(evidenceColumn + 1, evidenceColumn + 1, width: 40)
    sheet.freeze(rows: 2, columns: 2)
    try sheet.write(
      0, 0,
      .text(
        "\(item.title) — weight \(ConfigReader.format(item.weight)), scorer \(item.scorerID), target \(item.target.rawValue). Criterion scores are points (of each criterion's max)."
      ), style: CellStyle(bold: true))
    try sheet.writeRow(1, headers.map(CellValue.text), style: GradebookWorkbook.header)
    let spreads = peerSpreads()
    let index = result.workspace.rubric.items.firstIndex { $0.id == item.id }!
    let roster = result.workspace.roster
    for (offset, grade) in result.grades.enumerated() {
      let row = offset + 2
      let cell = grade.items[index]
      let target = item.target == .student ? grade.student : (result.state.groups.groupOf[grade.student] ?? "")
      let student = roster.student(id: grade.student, expectedAt: offset)  // grades are in roster order
      var values: [CellValue] = [
        .text(grade.student), .text(student?.name ?? ""), .text(target),
        .text(StatusSheet.word(cell)), cell.percent.map(CellValue.number) ?? .blank,
      ]
      let targetSpreads = spreads[target]
      for (position, c) in item.criteria.enumerated() {
        let line = cell.scored?.criteria.first { $0.criterion == c.id }
        values += [
          line?.staff.map { .number($0 * c.max) } ?? .blank, .number(Double(line?.staffRaters ?? 0)),
          line?.peer.map { .number($0 * c.max) } ?? .blank, .number(Double(line?.peerRaters ?? 0)),
          targetSpreads?[position].map { .number($0 * c.max) } ?? .blank,
          line?.selfRating.map { .number($0 * c.max) } ?? .blank,
        ]
      }
      values += [
        .text(cell.scored?.late == true ? "late" : ""),
        .text(StudentReport.plainEvidence(cell).joined(separator: "\n")),
        .text(cell.note ?? ""),
      ]
      try sheet.writeRow(row, values, style: nil)
    }
  }

  /// Standard deviation of the peer values of each target's criteria (by position in the item),
  /// normalised; `nil` under two values.
  func peerSpreads() -> [String: [Double?]] {
    let ratings = result.state.ratings[item.id] ?? []
    let peers = RatingGroups(ratings, by: .target, role: .peer)
    let criterionPositions = ratings.criterionPositions(item.criteria)
    return peers.numbers.mapValues { number in
      var values = [[Double]](repeating: [], count: item.criteria.count)  // by criterion, in rating order
      for position in peers.positions[number] {
        let rating = Int(position)
        guard let c = ratings.criterionPosition(at: rating, in: criterionPositions) else { continue }
        values[c].append(ratings.points(at: rating) / item.criteria[c].max)
      }
      return values.map { list in
        guard list.count > 1 else { return nil }
        let mean = list.reduce(0, +) / Double(list.count)
        return (list.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(list.count - 1)).squareRoot()
      }
    }
  }
}
