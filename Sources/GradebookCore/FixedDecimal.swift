/// Numbers with a fixed number of decimals for people (`85.45`, `100.00`), without Foundation's
/// `String(format:)`, which was the slowest part of writing 100,000 reports.
///
/// Rounds half away from zero after scaling (so 89.995 shows as 90.00, as RULES §7 rounds it).
public enum FixedDecimal {
  /// `x` with `places` decimals (0…6).
  public static func format(_ x: Double, places: Int = 2) -> String {
    guard x.isFinite, abs(x) < 1e12 else { return "\(x)" }
    var scale: Int64 = 1
    for _ in 0..<places { scale *= 10 }
    let scaled = Int64((x * Double(scale)).rounded())
    let negative = scaled < 0
    let magnitude = negative ? -scaled : scaled
    let whole = String(magnitude / scale)
    guard places > 0 else { return (negative ? "-" : "") + whole }
    var fraction = String(magnitude % scale)
    if fraction.count < places { fraction = String(repeating: "0", count: places - fraction.count) + fraction }
    return (negative ? "-" : "") + whole + "." + fraction
  }
}
