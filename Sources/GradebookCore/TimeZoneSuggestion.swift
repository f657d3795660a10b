import Foundation

/// "Did you mean …" for a `timezone:` that is not a name Foundation knows (RULES §47). Beyond a
/// typo of an IANA name, instructors write a city (`Hong Kong`, `london`), an abbreviation (`HKT`)
/// or a bare offset (`+08:00`); each is offered the name it most likely means.
public enum TimeZoneSuggestion {
  /// `" (did you mean X?)"`, with a word on why where it is not a typo; else an example of a name.
  public static func hint(for name: String) -> String {
    let known = TimeZone.knownTimeZoneIdentifiers
    if let typo = Suggestion.closest(to: name, among: known) { return " (did you mean '\(typo)'?)" }
    let trimmed = name.trimmingCharacters(in: .whitespaces)
    let city = squeezed(trimmed)
    if !city.isEmpty, let match = known.first(where: { squeezed(lastComponent($0)) == city || squeezed($0) == city }) {
      return " (did you mean '\(match)'?)"
    }
    if let zone = TimeZone(abbreviation: trimmed.uppercased()), zone.identifier.contains("/") {
      return " (did you mean '\(zone.identifier)'? '\(trimmed)' is an abbreviation, and some are shared by zones far apart)"
    }
    if let offset = trimmed.first, offset == "+" || offset == "-", TimeZone(identifier: "UTC" + trimmed) != nil {
      return " (did you mean 'UTC\(trimmed)'? a fixed offset never follows daylight saving time; a city's IANA name does)"
    }
    return " (an IANA name such as Asia/Hong_Kong)"
  }

  /// The part after the last `/`: the city of `Asia/Hong_Kong`.
  private static func lastComponent(_ identifier: String) -> Substring {
    identifier.split(separator: "/").last ?? Substring(identifier)
  }

  /// Lower case, without the spaces, underscores and hyphens people write cities with.
  private static func squeezed<S: StringProtocol>(_ text: S) -> String {
    String(text.lowercased().unicodeScalars.filter { $0 != " " && $0 != "_" && $0 != "-" }.map(Character.init))
  }
}
