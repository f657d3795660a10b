import Foundation
import GradebookCore
import GradebookXLSX

/// The presentation schedule of both tracks: slot, start, holder, names, paper or topic (SPEC §6).
public struct ScheduleReport {
  /// One slot of the schedule, taken or free.
  public struct Row: Sendable {
    public var track: TrackName
    public var slot: SlotID
    public var start: Instant?
    /// Student id or group id; empty for a free slot.
    public var holder: String
    /// The student's name, or the group members' names.
    public var names: String
    /// Paper (paper reading) or topic (project talks), from the winning registration.
    public var title: String
    public var registeredAt: Instant?
  }

  public let rows: [Row]
  let time: TimestampParser

  /// The schedule of a scored course: every slot of every track, in order.
  public init(workspace: Workspace, state: CourseState) {
    let config = workspace.config
    time = TimestampParser(zone: config.zone)
    rows = config.tracks.flatMap { track in
      track.slots.map { slot in
        let assignment = state.schedule.bySlot[slot]
        let holder = assignment?.holder ?? ""
        let members = track.name == .projectTalks ? (state.groups.members[holder] ?? []) : (holder.isEmpty ? [] : [holder])
        let names = members.map { workspace.roster.student(id: $0)?.name ?? $0 }.joined(separator: " & ")
        return Row(
          track: track.name, slot: slot, start: config.start(of: slot), holder: holder, names: names,
          title: assignment?.registration.title ?? "", registeredAt: assignment?.registration.at)
      }
    }
  }

  /// A plain-text table for the terminal.
  public var text: String {
    var out = ""
    var track: TrackName?
    for row in rows {
      if row.track != track {
        track = row.track
        out += (out.isEmpty ? "" : "\n") + (row.track == .paperReading ? "Paper reading" : "Project talks") + "\n"
      }
      let start = row.start.map(time.display) ?? "?"
      let who = row.holder.isEmpty ? "(free)" : "\(row.holder)  \(row.names)"
      out += "  \(row.slot)  \(start)  \(who)\(row.title.isEmpty ? "" : " — \(row.title)")\n"
    }
    return out
  }

  /// Writes the schedule as a sheet: one row a slot.
  public func write(to sheet: XLSXSheet) throws {
    let header = CellStyle(bold: true, fill: 0xDDE7F0)
    try sheet.writeRow(
      0, ["track", "slot", "start", "holder", "names", "paper or topic", "registered at"].map(CellValue.text), style: header)
    for (index, row) in rows.enumerated() {
      try sheet.writeRow(
        index + 1,
        [
          .text(row.track.rawValue), .text(row.slot.description), .text(row.start.map(time.display) ?? ""),
          .text(row.holder), .text(row.names), .text(row.title), .text(row.registeredAt.map(time.display) ?? ""),
        ])
    }
    try sheet.setColumns(0, 0, width: 14)
    try sheet.setColumns(1, 1, width: 8)
    try sheet.setColumns(2, 2, width: 22)
    try sheet.setColumns(3, 3, width: 14)
    try sheet.setColumns(4, 5, width: 40)
    try sheet.setColumns(6, 6, width: 22)
    sheet.freeze(rows: 1, columns: 0)
  }

  /// Writes a workbook with only the schedule.
  public func write(xlsx path: String, created: Date) throws {
    try AtomicFile.createFolder((path as NSString).deletingLastPathComponent)
    try AtomicFile.staged(path) { staging in
      let workbook = try XLSXWorkbook(path: staging, created: created, title: "Schedule")
      try write(to: try workbook.addSheet("Schedule"))
      try workbook.close()
    }
  }
}
