import Foundation
import GradebookCore
import Testing

@testable import GradebookKit

/// Canvas and Moodle upload files, checked against their importers' rules (docs in LMSExport).
struct LMSExportTests {
  static func result(release: String = "") throws -> GradebookResult {
    let sources = "  - {kind: groups, file: groups.csv}\n  - {kind: scores, file: s.csv}\n  - {kind: adjustments, file: a.csv}"
    let ws = try TestWorkspace(
      sources: sources,
      files: [
        "roster.csv":
          "student_id,name,email\ns1,\"Chan, Tai Man\",s1@hku.hk\ns2,=cmd|' /C calc'!A0,s2@hku.hk\ns3,@SUM(1),s3@hku.hk\ns4,Lam,s4@hku.hk\ns5,Ng,s5@hku.hk\n",
        "s.csv": "target,item,criterion,rater,score\ns1,talk,clarity,ins,4\ns2,talk,clarity,ins,5\n",
        "a.csv": "student_id,item,action,value,reason,by\ns2,talk,excuse,,sick,ins\n",
      ])
    if !release.isEmpty { try ws.write("course.yaml", TestWorkspace.course(sources: sources) + "\nrelease: \(release)\n") }
    let course = try ws.open()
    _ = try course.importSources(by: "t")
    return try course.score()
  }

  @Test func canvasHeaderPointsPossibleRowSisIdsAndEX() throws {
    let lines = try LMSExport(result: Self.result()).canvas.components(separatedBy: "\r\n")
    #expect(lines[0] == "Student,ID,SIS User ID,SIS Login ID,Section,Talk,Proposal")
    #expect(lines[0].firstMatch(of: #/^Student,ID,SIS\s+User\s+ID,SIS\s+Login\s+ID,Section/#) != nil)
    #expect(lines[1] == "    Points Possible,,,,,100,100")
    #expect(lines[2] == "\"Chan, Tai Man\",,s1,,,80.00,")  // prop is pending: blank, no change
    #expect(lines[3] == "'=cmd|' /C calc'!A0,,s2,,,EX,")
    #expect(lines[4] == "'@SUM(1),,s3,,,0.00,")
  }

  @Test func moodleHasIDNumberAndEmailToMapFromAndATotal() throws {
    let lines = try LMSExport(result: Self.result()).moodle.components(separatedBy: "\r\n")
    #expect(lines[0] == "ID number,Email address,Full name,Talk,Proposal,Total")
    #expect(lines[1] == "s1,s1@hku.hk,\"Chan, Tai Man\",80.00,,80.00")
    #expect(lines[2] == "s2,s2@hku.hk,'=cmd|' /C calc'!A0,-,,")  // excused: "-" is "no grade" to Moodle
  }

  /// Uploaded grades are what students see: an item not released yet (`release:`) is left out of
  /// both files, as out of the reports, and Moodle's Total waits for every item.
  @Test func unreleasedItemsAndTheTotalStayOutOfTheLMSFiles() throws {
    let export = LMSExport(result: try Self.result(release: "[talk]"))
    #expect(export.unreleased.map(\.id) == ["prop"])
    let canvas = export.canvas.components(separatedBy: "\r\n")
    #expect(canvas[0] == "Student,ID,SIS User ID,SIS Login ID,Section,Talk")
    #expect(canvas[1] == "    Points Possible,,,,,100")
    #expect(canvas[2] == "\"Chan, Tai Man\",,s1,,,80.00")
    let moodle = export.moodle.components(separatedBy: "\r\n")
    #expect(moodle[0] == "ID number,Email address,Full name,Talk")
    #expect(moodle[1] == "s1,s1@hku.hk,\"Chan, Tai Man\",80.00")
    #expect(LMSExport(result: try Self.result(release: "[talk, prop]")).unreleased.isEmpty)
  }
}
