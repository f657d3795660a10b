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

  /// A large entry is deflated in 2 MiB chunks on every core (`PartDeflater`): read back whole by
  /// Info-ZIP, CRC-32 checked, whether its size falls inside a chunk or ends exactly on one (the
  /// stream then ends with an empty last chunk), and still compressed.
  @Test func largeEntriesDeflatedInChunksReadBackWhole() throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("large.zip").path
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func word() -> String {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return ["<row r=\"", "\">", "<c t=\"n\"><v>", "Élodie", "陳大文", "</v></c>", "0.", "\n"][Int(state >> 61)] + String(state >> 40 & 0xFFF)
    }
    var odd = ""
    while odd.utf8.count < 9_000_000 { odd += word() }
    var exact = Array(repeating: UInt8(ascii: "x"), count: 4 << 20)
    for index in stride(from: 0, to: exact.count, by: 97) { exact[index] = UInt8(ascii: "a") + UInt8(index % 26) }
    let zip = try ZipWriter(path: path)
    try zip.add("odd.xml", Array(odd.utf8), modified: time)
    try zip.add("exact.txt", exact, modified: time)
    try zip.add("small.txt", Array("small".utf8), modified: time)
    try zip.close()
    #expect(try CLI.tool("/usr/bin/unzip", ["-tq", path]).code == 0)
    #expect(try CLI.unzip(URL(fileURLWithPath: path), member: "odd.xml") == odd)
    #expect(try CLI.unzip(URL(fileURLWithPath: path), member: "exact.txt") == String(decoding: exact, as: UTF8.self))
    #expect(try CLI.unzip(URL(fileURLWithPath: path), member: "small.txt") == "small")
    let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
    #expect(size > 0 && size < (odd.utf8.count + exact.count) / 2)
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
