import Foundation

/// A progress line for long imports, on a terminal only: after the first second, every half
/// second, `data/peer-forms.csv: 412,000 rows, 73.1 of 144.3 MB, 61,200 rows/s`. Nothing is
/// shown when standard error is not a terminal (logs, CI, pipes).
final class Progress {
  let file: String
  let size: Int
  let start = Date()
  var last = Date.distantPast
  var shown = false
  let enabled = isatty(STDERR_FILENO) == 1

  init(file: String, size: Int) {
    self.file = file
    self.size = size
  }

  func update(bytes: Int, rows: Int) {
    guard enabled else { return }
    let now = Date()
    let elapsed = now.timeIntervalSince(start)
    guard elapsed > 1, now.timeIntervalSince(last) > 0.5 else { return }
    last = now
    shown = true
    let line = String(
      format: "%@: %@ rows, %.1f of %.1f MB, %@ rows/s", file, Self.group(rows), Double(bytes) / 1e6, Double(size) / 1e6,
      Self.group(Int(Double(rows) / elapsed)))
    FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
  }

  func finish(rows: Int) {
    guard shown else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }

  static func group(_ n: Int) -> String {
    let digits = Array(String(n))
    var out = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
      out.append(digit)
    }
    return out
  }
}
