import Foundation
import GradebookCore
import Testing

@testable import GradebookKit

/// Stored scores outlive the people who gave them: a TA taken off `course.yaml`'s staff, a student
/// dropped from the roster after the import. Their ratings then count as a peer's (RULES §24 can
/// only derive a role from the course as it is now), and every command that scores says so, at the
/// rating's source, instead of changing grades silently.
struct StrangerTests {
  @Test func aRaterNoLongerOnTheStaffOrRosterIsNamedAtTheirFirstRating() throws {
    let ws = try TestWorkspace()
    try ws.write("s.csv", "target,item,criterion,rater,score\ns1,talk,clarity,ta1,4\ns1,talk,clarity,s2,3\ns2,talk,clarity,s3,5\ns3,talk,clarity,s2,2\n")
    let course = try ws.open()
    _ = try course.importFile(ws.path("groups.csv"), kind: .groups, map: nil, by: "t", dryRun: false)
    _ = try course.importFile(ws.path("s.csv"), kind: .scores, map: nil, by: "t", dryRun: false)
    let before = try ws.open().score().state
    #expect(before.strangers.isEmpty && before.warnings.isEmpty)
    #expect(before.ratings["talk"]?.first { $0.rater == "ta1" }?.role == .ta)

    // ta1 leaves the staff list; s2 leaves the roster.
    try ws.write("course.yaml", TestWorkspace.course(sources: "  - {kind: groups, file: groups.csv}").replacingOccurrences(
      of: "  - {id: ta1, name: Tim TA, role: ta}\n", with: ""))
    try ws.write("roster.csv", TestWorkspace.roster.split(separator: "\n").filter { !$0.hasPrefix("s2,") }.joined(separator: "\n") + "\n")
    let after = try ws.open().score().state
    #expect(after.ratings["talk"]?.first { $0.rater == "ta1" }?.role == .peer)
    #expect(after.strangers.map { "\($0.rater) \($0.ratings) \($0.first.path):\($0.first.line)" } == ["ta1 1 s.csv:2", "s2 2 s.csv:3"])
    #expect(
      after.warnings.map(\.description).first
        == "s.csv:2: warning: rater 'ta1' is neither on the staff nor on the roster now; their 1 stored rating(s) count as a peer's (put them back in course.yaml or the roster, or withdraw batch 2)"
    )
  }
}
