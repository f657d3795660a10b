extension CourseConfig {
  /// Schedules up to this many slots are searched for the closest id; a larger one (a MOOC's
  /// 100,000 slots) is not, as each search would read them all.
  static let slotsSearched = 1_000

  /// " (did you mean …?)" for a choice that is not a slot id (RULES §47): the slot its two numbers
  /// name (`Week 5-2`, `W5/2`, `05-2`); where that week has no such slot, the week's slots; where
  /// no track has that week, the tracks' weeks (a slot a week off is another talk, not a typo).
  /// Text without two numbers is offered the closest id of a short schedule. Never reads a long
  /// schedule, so a file of another course's choices is reported as fast as any other.
  public func slotHint(for text: String) -> String {
    let numbers = text.split(whereSeparator: { !$0.isASCII || !$0.isNumber }).compactMap { Int($0) }
    if numbers.count == 2, numbers.allSatisfy({ $0 > 0 && $0 < 1_000_000 }) {
      let slot = SlotID(week: numbers[0], number: numbers[1])
      if track(of: slot) != nil, slot.description != text { return " (did you mean '\(slot)'?)" }
      if let week = tracks.first(where: { $0.weeks.contains(slot.week) }) {
        let first = SlotID(week: slot.week, number: 1)
        let last = SlotID(week: slot.week, number: week.perWeek)
        return week.perWeek == 1 ? " (week \(slot.week) has one slot, \(first))" : " (week \(slot.week) has slots \(first) to \(last))"
      }
      let weeks = tracks.map { track in
        let (first, last) = (track.weeks.lowerBound, track.weeks.upperBound)
        return "\(first == last ? "week \(first)" : "weeks \(first)-\(last)") (\(track.name.rawValue))"
      }
      return weeks.isEmpty ? " (the course has no slots)" : " (slots lie in \(weeks.joined(separator: " and ")))"
    }
    guard tracks.reduce(0, { $0 + $1.weeks.count * $1.perWeek }) <= Self.slotsSearched else { return "" }
    return Suggestion.hint(for: text, among: tracks.flatMap(\.slots).map(\.description))
  }
}
