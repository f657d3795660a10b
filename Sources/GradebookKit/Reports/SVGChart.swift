import Foundation
import GradebookCore

/// Small inline SVG charts (no scripts, no external requests), each with a text alternative.
enum SVGChart {
  /// A horizontal bar for a percent.
  static func bar(percent: Double?, label: String) -> String {
    let width = max(0, min(100, percent ?? 0)) * 2
    return """
      <svg class="bar" viewBox="0 0 200 12" width="200" height="12" role="img" aria-label="\(Escape.html(label))">\
      <rect width="200" height="12" rx="3" fill="#e6e9ef"/><rect width="\(FixedDecimal.format(width, places: 1))" height="12" rx="3" fill="#2b6cb0"/></svg>
      """
  }

  /// A histogram of counts; `highlight` marks one bin (e.g. the reader's own).
  static func histogram(_ counts: [Int], labels: [String], highlight: Int?, title: String) -> String {
    let height = 120.0, barWidth = 28.0, gap = 6.0
    let top = Double(max(1, counts.max() ?? 1))
    var bars = ""
    for (index, count) in counts.enumerated() {
      let h = Double(count) / top * (height - 20)
      let x = Double(index) * (barWidth + gap)
      let fill = index == highlight ? "#c05621" : "#2b6cb0"
      bars +=
        "<rect x=\"\(x)\" y=\"\(FixedDecimal.format(height - h, places: 1))\" width=\"\(barWidth)\" height=\"\(FixedDecimal.format(h, places: 1))\" fill=\"\(fill)\"><title>\(Escape.html(labels[index])): \(count)</title></rect>"
      bars +=
        "<text x=\"\(x + barWidth / 2)\" y=\"\(height + 12)\" font-size=\"9\" text-anchor=\"middle\">\(Escape.html(labels[index]))</text>"
      if count > 0 {
        bars +=
          "<text x=\"\(x + barWidth / 2)\" y=\"\(FixedDecimal.format(height - h - 3, places: 1))\" font-size=\"9\" text-anchor=\"middle\">\(count)</text>"
      }
    }
    let width = Double(counts.count) * (barWidth + gap)
    let alt = zip(labels, counts).map { "\($0): \($1)" }.joined(separator: ", ")
    return
      "<svg class=\"hist\" viewBox=\"0 -10 \(width) \(height + 26)\" role=\"img\" aria-label=\"\(Escape.html(title + ": " + alt))\">\(bars)</svg>"
  }

  /// `0–10`, …, `90–100`.
  static let bandLabels = (0..<10).map { "\($0 * 10)–\($0 == 9 ? 100 : $0 * 10 + 10)" }
}
