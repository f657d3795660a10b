/// Numbers with a fixed number of decimals for people (`85.45`, `100.00`), without Foundation's
/// `String(format:)`, which was the slowest part of writing 100,000 reports.
///
/// Rounds as RULES §7 rounds a total for its letter: half away from zero, from the number's
/// shortest decimal representation (39.995 shows as 40.00 and gets the letter of 40). So a shown
/// total and its letter always agree; before, 39.995 scaled in binary (3999.4999…) showed as 39.99
/// beside a D.
public enum FixedDecimal {
  /// `x` with `places` decimals (0…6).
  public static func format(_ x: Double, places: Int = 2) -> String {
    guard let scaled = scaledHalfUp(x, places: places) else { return "\(x)" }
    let negative = scaled < 0
    let magnitude = negative ? -scaled : scaled
    var scale: Int64 = 1
    for _ in 0..<places { scale *= 10 }
    let whole = String(magnitude / scale)
    guard places > 0 else { return (negative ? "-" : "") + whole }
    var fraction = String(magnitude % scale)
    if fraction.count < places { fraction = String(repeating: "0", count: places - fraction.count) + fraction }
    return (negative ? "-" : "") + whole + "." + fraction
  }

  /// `x` × 10^`places` rounded half away from zero from `x`'s shortest decimal representation, as
  /// a whole number (`39.995`, 2 → 4000); `nil` when not finite or too large (|x| ≥ 10^12).
  ///
  /// Scaling in binary and rounding gives the same whole number unless the scaled value lies
  /// within a few units in its last place of a half (…​.5), where the binary product may fall on
  /// either side; only then are the shortest digits read (`"\(x)"`), a few times in a million.
  public static func scaledHalfUp(_ x: Double, places: Int) -> Int64? {
    guard x.isFinite, abs(x) < 1e12, (0...6).contains(places) else { return nil }
    var power = 1.0
    for _ in 0..<places { power *= 10 }
    let magnitude = abs(x) * power
    let fraction = magnitude - magnitude.rounded(.down)
    var rounded: Int64
    if abs(fraction - 0.5) > 8 * magnitude.ulp {
      rounded = Int64(magnitude.rounded(.toNearestOrAwayFromZero))
    } else {
      rounded = fromShortestDigits(abs(x), places: places)
    }
    return x < 0 && rounded != 0 ? -rounded : rounded
  }

  /// `x` (≥ 0, finite, < 10^12) × 10^`places`, rounded half up from `"\(x)"` digit by digit.
  static func fromShortestDigits(_ x: Double, places: Int) -> Int64 {
    var text = "\(x)"
    return text.withUTF8 { bytes -> Int64 in
      var end = bytes.count
      var exponent = 0
      if let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
        end = e
        var negativeExponent = false
        for byte in bytes[(e + 1)...] {
          switch byte {
          case UInt8(ascii: "-"): negativeExponent = true
          case UInt8(ascii: "0")...UInt8(ascii: "9"): exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
          default: break
          }
        }
        if negativeExponent { exponent = -exponent }
      }
      var digitsBeforePoint: Int?
      var digitCount = 0
      for byte in bytes[..<end] {
        if byte == UInt8(ascii: ".") { digitsBeforePoint = digitCount } else { digitCount += 1 }
      }
      // Digits 0..<keep are kept (the whole part and `places` decimals); digit `keep` decides.
      let keep = (digitsBeforePoint ?? digitCount) + exponent + places
      var result: Int64 = 0
      var roundUp = false
      var index = 0
      for byte in bytes[..<end] where byte != UInt8(ascii: ".") {
        let digit = Int64(byte &- UInt8(ascii: "0"))
        if index < keep {
          result = result * 10 + digit
        } else if index == keep {
          roundUp = digit >= 5
        }
        index += 1
      }
      var missing = keep - digitCount
      while missing > 0 {
        result *= 10
        missing -= 1
      }
      return result + (roundUp ? 1 : 0)
    }
  }
}
