import Foundation
import GradebookCore
import GradebookXLSX

/// *Peer review*: who reviewed whom (peer and self ratings of every item, a row per review in the
/// order they were recorded), then the number of targets each reviewer reviewed and of peer
/// reviewers each target had.
///
/// Nothing is sorted or held per review: at MOOC scale there are close to a million.
struct PeerReviewSheet {
  let result: GradebookResult

  struct Pair: Hashable {
    var reviewer: String, target: String
  }

  /// Ordered counts: keys in first-seen order.
  struct Tally<Key: Hashable> {
    var counts: [Key: Int] = [:]
    var order: [Key] = []

    mutating func add(_ key: Key) {
      if let count = counts[key] {
        counts[key] = count + 1
      } else {
        counts[key] = 1
        order.append(key)
      }
    }
  }

  /// Adds the sheet (and, past a sheet's row limit, `Peer review 2`, …) to `workbook`.
  func write(to workbook: XLSXWorkbook, taken: Set<String>, rowLimit: Int = SheetSeries.excelRows) throws {
    let sheet = try SheetSeries(
      workbook: workbook, name: "Peer review",
      header: ["item", "reviewer", "reviewer name", "target", "target name", "role", "criteria rated"].map(CellValue.text), taken: taken,
      rowLimit: rowLimit
    ) { sheet in
      try sheet.setColumns(0, 6, width: 18)
      sheet.freeze(rows: 1, columns: 0)
    }
    let roster = result.workspace.roster
    func name(_ id: String) -> String {
      roster.index(of: id).map { roster.students[$0].name } ?? (result.state.groups.members[id] != nil ? "group" : "")
    }
    // A presentation's reviews are consecutive rows: its target's name is looked up once for them.
    var lastTarget: (id: String, name: String)?
    func targetName(_ id: String) -> String {
      if let lastTarget, lastTarget.id == id { return lastTarget.name }
      let found = name(id)
      lastTarget = (id, found)
      return found
    }
    var reviewers: [(item: String, tally: Tally<String>)] = []
    var targets: [(item: String, tally: Tally<String>)] = []
    for item in result.workspace.rubric.items {
      var byReviewer = Tally<String>(), byTarget = Tally<String>()
      // A review's criterion scores are consecutive (one form response, or one block of long-form
      // rows): count runs, and remember pairs only as 128-bit hashes to count distinct targets.
      var seen = KeyHashTable<Void>()
      var run: (pair: Pair, role: RaterRole, count: Int)?
      func flush() throws {
        guard let current = run else { return }
        try sheet.append([
          .text(item.id), .text(current.pair.reviewer), .text(name(current.pair.reviewer)), .text(current.pair.target),
          .text(targetName(current.pair.target)), .text(current.role.rawValue), .number(Double(current.count)),
        ])
        if current.role == .peer, seen.insert(KeyHash(parts: current.pair.reviewer, current.pair.target)) {
          byReviewer.add(current.pair.reviewer)
          byTarget.add(current.pair.target)
        }
      }
      for rating in result.state.ratings[item.id] ?? [] where rating.role == .peer || rating.role == .selfRating {
        if let current = run, current.pair.reviewer == rating.rater, current.pair.target == rating.target {
          run!.count += 1
        } else {
          try flush()
          run = (Pair(reviewer: rating.rater, target: rating.target), rating.role, 1)
        }
      }
      try flush()
      if !byReviewer.order.isEmpty {
        reviewers.append((item.id, byReviewer))
        targets.append((item.id, byTarget))
      }
    }
    /// A table of peer-review counts per (item, person).
    func counts(_ headers: [String], _ tallies: [(item: String, tally: Tally<String>)]) throws {
      sheet.skip()
      try sheet.append(headers.map(CellValue.text), style: GradebookWorkbook.header)
      for (item, tally) in tallies {
        for person in tally.order {
          try sheet.append([.text(item), .text(person), .text(name(person)), .number(Double(tally.counts[person]!))])
        }
      }
    }
    try counts(["item", "reviewer", "reviewer name", "targets reviewed"], reviewers)
    try counts(["item", "target", "target name", "peer reviewers"], targets)
  }
}
