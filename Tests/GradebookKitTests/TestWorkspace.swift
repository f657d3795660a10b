import Foundation
import GRDB
import GradebookCore
import TestSupport

@testable import GradebookKit

/// A small course workspace written to a temporary folder, for tests.
///
/// Five students (s1…s5), groups G1 = {s1, s2}, G2 = {s3, s4}; s5 in no group. Staff: `ins`
/// (instructor), `ta1` (TA). Items: `talk` (presentation-quality, student), `prop` (proposal, group,
/// due 2026-03-13T23:59 HKT, grace 1h, 10% a day, floor 0.5, cutoff 7d).
struct TestWorkspace {
  let folder: URL

  static let roster = """
    student_id,name,email,programme
    s1,Chan Tai Man,s1@hku.hk,MDASC
    s2,"Wong, Siu Ming",s2@hku.hk,MDASC
    s3,李嘉欣,s3@hku.hk,MSc
    s4,Lam Chi Hung,s4@hku.hk,MSc
    s5,Ng Hoi Yan,s5@hku.hk,MSc

    """

  static let rubric = """
    id: test
    title: Test rubric
    components:
      - id: talks
        title: Talks
        items:
          - id: talk
            title: Talk
            weight: 60
            scorer: presentation-quality
            target: student
            criteria:
              - {id: clarity, title: Clarity, max: 5}
              - {id: depth, title: Depth, max: 10, weight: 2}
            config: {staff_weight: 1, peer_weight: 1}
      - id: project
        title: Project
        weight: 40
        items:
          - id: prop
            title: Proposal
            weight: 40
            scorer: proposal
            target: group
            criteria:
              - {id: topic, title: Topic, max: 10}
            config: {due: 2026-03-13T23:59, grace: 1h, deduct: 0.1, per: 24h, floor: 0.5, cutoff: 7d}

    """

  static func course(sources: String = "") -> String {
    """
    course: TEST1
    title: Test course
    timezone: Asia/Hong_Kong
    rubric: rubric.yaml
    roster: roster.csv
    staff:
      - {id: ins, name: Ada Instructor, role: instructor, email: ins@hku.hk}
      - {id: ta1, name: Tim TA, role: ta}
    calendar:
      week1_monday: 2026-01-19
      weeks: 13
      class: {weekday: tuesday, start: "14:30"}
    paper_reading: {weeks: 3-4, per_week: 2, slot_minutes: 45, registration_deadline: 2026-01-30T23:59}
    project_talks: {weeks: 12-12, per_week: 2, slot_minutes: 45}
    group_max_size: 2
    sources:
    \(sources)
    """
  }

  static let groups = "group_id,student_id\nG1,s1\nG1,s2\nG2,s3\nG2,s4\n"

  /// A workspace with the given extra files (path → contents).
  init(sources: String = "  - {kind: groups, file: groups.csv}", files: [String: String] = [:], rubric: String = TestWorkspace.rubric)
    throws
  {
    folder = Scratch.path("workspace")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var all = ["course.yaml": Self.course(sources: sources), "rubric.yaml": rubric, "roster.csv": Self.roster, "groups.csv": Self.groups]
    for (path, text) in files { all[path] = text }
    for (path, text) in all { try write(path, text) }
  }

  func write(_ path: String, _ text: String) throws {
    let url = folder.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  func path(_ relative: String) -> String { folder.appendingPathComponent(relative).path }

  /// Writes `text` to `name` when given, then imports that file (by "t"); its errors are in the outcome.
  @discardableResult func importing(_ name: String, _ text: String? = nil, kind: InputKind) throws -> ImportOutcome {
    if let text { try write(name, text) }
    return try open().importFile(path(name), kind: kind, map: nil, by: "t", dryRun: false)
  }

  func open() throws -> Course { try Course(path: folder.path) }

  /// Every batch and fact in the store, as text: equal before and after means "store unchanged".
  func storeDump() throws -> String {
    guard FileManager.default.fileExists(atPath: path("gradebook.sqlite")) else { return "(no store)" }
    let store = try Store(path: path("gradebook.sqlite"))
    return try store.read { db in
      let batches = try String.fetchAll(
        db, sql: "SELECT id || ' ' || path || ' ' || sha256 || ' ' || rows || ' ' || IFNULL(replacedBy, '-') FROM batch ORDER BY id")
      let facts = try String.fetchAll(
        db, sql: "SELECT batch || ' ' || line || ' ' || key || ' ' || IFNULL(number, '') FROM fact ORDER BY batch, line, key")
      return (batches + facts).joined(separator: "\n")
    }
  }
}
