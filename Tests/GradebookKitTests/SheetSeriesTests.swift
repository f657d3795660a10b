import Foundation
import GradebookXLSX
import Testing

@testable import GradebookKit

/// A sheet holds 1,048,576 rows; longer lists go on to `Name 2`, `Name 3`, … with the header again.
struct SheetSeriesTests {
  /// The rows of a sheet's XML, each as its cell texts and numbers joined by `|`.
  func rows(_ xml: String) -> [String] {
    xml.components(separatedBy: "<row ").dropFirst().map { row in
      let cells = row.components(separatedBy: "<c ").dropFirst().map { cell -> String in
        for (open, close) in [("<t>", "</t>"), ("<v>", "</v>")] {
          if let start = cell.range(of: open), let end = cell.range(of: close, range: start.upperBound..<cell.endIndex) {
            return String(cell[start.upperBound..<end.lowerBound])
          }
        }
        return ""
      }
      return cells.joined(separator: "|")
    }
  }

  func peerReviewSheets(rowLimit: Int) throws -> [(name: String, rows: [String])] {
    let ws = try FormMapTests().workspace()
    try ws.write(
      "forms.csv",
      """
      Id,Completion time,Email,Which presentation?,Clarity of the talk,Depth (optional),Comments
      1,2/3/2026 15:20:05,s2@hku.hk,W03-1 Chan Tai Man — DDPM,4,7,
      2,2/3/2026 15:21:00,s3@hku.hk,W03-1 Chan Tai Man — DDPM,3,,
      3,2/3/2026 15:22:00,s4@hku.hk,W03-2 Wong Siu Ming — Flows,5,8,
      4,2/3/2026 15:23:00,s1@hku.hk,W03-2 Wong Siu Ming — Flows,2,6,
      5,2/3/2026 15:24:00,s5@hku.hk,W03-2 Wong Siu Ming — Flows,4,9,

      """)
    _ = try ws.open().importSources(by: "t")
    let result = try ws.open().score()
    let path = ws.path("peer-\(rowLimit).xlsx")
    let workbook = try XLSXWorkbook(path: path, constantMemory: true, created: Date(timeIntervalSince1970: 0), title: nil)
    try PeerReviewSheet(result: result).write(to: workbook, taken: ["peer review 2"], rowLimit: rowLimit)
    try workbook.close()
    let url = URL(fileURLWithPath: path)
    let names = try CLI.unzip(url, member: "xl/workbook.xml").components(separatedBy: "<sheet name=\"").dropFirst()
      .map { String($0.prefix { $0 != "\"" }) }
    return try names.indices.map { (names[$0], rows(try CLI.unzip(url, member: "xl/worksheets/sheet\($0 + 1).xml"))) }
  }

  @Test func peerReviewsGoOnToMoreSheetsWithTheHeaderRepeatedAndNoRowLost() throws {
    let one = try peerReviewSheets(rowLimit: SheetSeries.excelRows)
    #expect(one.map(\.name) == ["Peer review"])
    let header = one[0].rows[0]
    #expect(header.hasPrefix("item|reviewer|reviewer name|target"))
    #expect(one[0].rows.count == 15)  // header, 5 reviews, 2 × (header + 4 people)
    let split = try peerReviewSheets(rowLimit: 4)
    // "Peer review 2" is taken (say, by an item's sheet): the next free name is used.
    #expect(split.map(\.name) == ["Peer review", "Peer review 2~2", "Peer review 3", "Peer review 4", "Peer review 5"])
    #expect(split.allSatisfy { $0.rows.first == header && $0.rows.count <= 4 })
    #expect(split.flatMap { $0.rows.dropFirst() } == Array(one[0].rows.dropFirst()))
  }
}
