import Foundation
import GradebookZip
import TestSupport
import Testing

/// The Moodle feedback archive's writer, read back with Info-ZIP's `unzip`/`zipinfo`.
struct ZipWriterTests {
  let folder = Scratch.path("zip")
  let time = ZipWriter.Time(year: 2026, month: 3, day: 31, hour: 23, minute: 58, second: 30)

  @Test func entriesReadBackWithTheirNamesContentsTimesAndPermissions() throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("a.zip").path
    let zip = try ZipWriter(path: path)
    let big = String(repeating: "Élodie — 陳大文 <b>&amp;</b>\n", count: 20_000)
    try zip.add("Élodie Dupont_7_assignsubmission_file/report.html", Array(big.utf8), modified: time)
    try zip.add("empty.txt", [], modified: time)
    try zip.add("陳大文_8_assignsubmission_file/report.html", Array("<p>hi</p>".utf8), modified: time)
    try zip.close()
    try zip.close()  // a second close does nothing

    #expect(try CLI.tool("/usr/bin/unzip", ["-tq", path]).code == 0)
    #expect(
      try CLI.tool("/usr/bin/unzip", ["-Z1", path]).out
        == "Élodie Dupont_7_assignsubmission_file/report.html\nempty.txt\n陳大文_8_assignsubmission_file/report.html\n")
    #expect(try CLI.unzip(URL(fileURLWithPath: path), member: "Élodie Dupont_7_assignsubmission_file/report.html") == big)
    #expect(try CLI.unzip(URL(fileURLWithPath: path), member: "empty.txt") == "")
    // Deflated: the repeated text packs to a small fraction of its size.
    let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
    #expect(size > 0 && size < big.utf8.count / 20)
    // zipinfo: permissions, and the time (ZIP keeps even seconds).
    let listing = try CLI.tool("/usr/bin/zipinfo", ["-T", path, "empty.txt"]).out
    #expect(listing.hasPrefix("-rw-r--r--"))
    #expect(listing.contains("20260331.235830"))
  }

  @Test func aFolderThatDoesNotExistIsAClearError() throws {
    let path = folder.appendingPathComponent("missing/a.zip").path
    #expect(throws: ZipWriter.Failure.self) { try ZipWriter(path: path) }
    do {
      _ = try ZipWriter(path: path)
    } catch {
      #expect("\(error)" == "cannot create \(path)")
    }
  }

  @Test func addingAfterCloseIsAnError() throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let zip = try ZipWriter(path: folder.appendingPathComponent("b.zip").path)
    try zip.close()
    #expect(throws: ZipWriter.Failure.self) { try zip.add("late.txt", [1], modified: time) }
  }
}
