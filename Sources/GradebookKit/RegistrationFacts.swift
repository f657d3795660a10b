import GradebookCore

/// `registrations`: `student_id,registered_at,choice_1[,choice_2,…]` (RULES §14, §46), with an
/// optional `paper` or `topic` column shown in the schedule.
struct RegistrationFacts: FactParser {
  let context: ValidationContext
  var choiceColumns: [String] = []
  var requiredColumns: [String] { InputKind.registrations.requiredColumns }

  mutating func header(_ names: [String]) -> [String] {
    choiceColumns = names.filter { $0.hasPrefix("choice_") }
      .sorted { (Int($0.dropFirst(7)) ?? 0) < (Int($1.dropFirst(7)) ?? 0) }
    return requiredColumns.filter { !names.contains($0) }
  }

  mutating func parse(_ row: TableRow, log: inout DiagnosticLog) -> [Fact] {
    let student = context.student(row["student_id"], line: row.line, log: &log)
    let at = context.timestamp(row["registered_at"], column: "registered_at", line: row.line, log: &log)
    var slots: [SlotID] = []
    var tracks = Set<TrackName>()
    for column in choiceColumns {
      let text = row[column]
      if text.isEmpty { continue }
      guard let slot = SlotID(parsing: text), let track = context.config.track(of: slot) else {
        log.error(
          row.line,
          "unknown slot '\(text)' in \(column)\(context.config.slotHint(for: text))\(SlotID(parsing: text) == nil ? " (slots are W<week>-<n>, e.g. W05-2)" : "")"
        )
        return []
      }
      tracks.insert(track.name)
      slots.append(slot)
    }
    if slots.isEmpty {
      log.error(row.line, "registration has no choice")
      return []
    }
    if tracks.count > 1 {
      log.error(row.line, "choices mix paper-reading and project-talk slots; one registration row is for one track")
      return []
    }
    guard let student, let at else { return [] }
    var fact = Fact(.registrations, line: row.line, key: factKey(student, String(at.milliseconds)), subject: student)
    fact.at = at.milliseconds
    fact.extra = slots.map(\.description).joined(separator: ",")
    let title = row.has("paper") ? row["paper"] : row["topic"]
    fact.text = title.isEmpty ? nil : title
    return [fact]
  }
}
