import Foundation
import GradebookCore
import GradebookXLSX

/// *Distribution*: students per band of totals and per letter, as live `COUNTIFS` over the *Gradebook*
/// totals (cached), and a column chart of the bands.
struct DistributionSheet {
  let result: GradebookResult
  let layout: GradebookLayout

  func write(to sheet: XLSXSheet) throws {
    let last = layout.lastRow + 1
    let totals = "Gradebook!$\(XLSXSheet.columnName(layout.totalColumn))$2:$\(XLSXSheet.columnName(layout.totalColumn))$\(last)"
    let letters = "Gradebook!$\(XLSXSheet.columnName(layout.letterColumn))$2:$\(XLSXSheet.columnName(layout.letterColumn))$\(last)"
    try sheet.setColumns(0, 3, width: 12)
    try sheet.writeRow(0, ["band", "from", "below", "students"].map(CellValue.text), style: GradebookWorkbook.header)
    let values = result.grades.compactMap(\.total)
    for band in 0..<10 {
      let from = Double(band * 10), below = band == 9 ? 100.000001 : Double(band * 10 + 10)
      let count = values.filter { $0 >= from && $0 < below }.count
      let row = band + 1
      let formula = "COUNTIFS(\(totals),\">=\"&B\(row + 1),\(totals),\"<\"&C\(row + 1))"
      try sheet.writeRow(row, [.text(SVGChart.bandLabels[band]), .number(from), .number(below), .formula(formula, cached: Double(count))])
    }
    try sheet.writeRow(12, ["letter", "students"].map(CellValue.text), style: GradebookWorkbook.header)
    for (index, step) in layout.scale.enumerated() {
      let count = result.grades.count { $0.letter == step.letter }
      try sheet.writeRow(13 + index, [.text(step.letter), .formula("COUNTIF(\(letters),A\(14 + index))", cached: Double(count))])
    }
    try sheet.insertColumnChart(
      at: 0, 5, title: "Totals", categories: "=Distribution!$A$2:$A$11", values: "=Distribution!$D$2:$D$11",
      seriesName: "students", xAxis: "total", yAxis: "students")
  }
}
