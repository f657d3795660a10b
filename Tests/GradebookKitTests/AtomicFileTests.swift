import Foundation
import TestSupport
import Testing

@testable import GradebookKit

/// Outputs are written whole or not at all (SPEC §10).
struct AtomicFileTests {
  let folder: String = {
    let path = Scratch.path("atomic").path
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }()

  func contents(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
  func names() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder).sorted() }

  @Test func writesANewFileAndLeavesNothingElseBehind() throws {
    try AtomicFile.writeInExistingFolder(Data("first".utf8), to: folder + "/a.html")
    #expect(try contents(folder + "/a.html") == "first")
    #expect(try names() == ["a.html"])
    let mode = try FileManager.default.attributesOfItem(atPath: folder + "/a.html")[.posixPermissions] as? Int
    #expect(mode == 0o644)
  }

  @Test func replacesAnExistingFileWhole() throws {
    try AtomicFile.writeInExistingFolder(Data("an old and longer report".utf8), to: folder + "/a.md")
    try AtomicFile.writeInExistingFolder(Data("new".utf8), to: folder + "/a.md")
    #expect(try contents(folder + "/a.md") == "new")
    #expect(try names() == ["a.md"])
  }

  @Test func writesTextAsUTF8() throws {
    try AtomicFile.writeInExistingFolder("陳大文 — 100%", to: folder + "/t.md")
    #expect(try contents(folder + "/t.md") == "陳大文 — 100%")
  }

  @Test func writesEmptyAndLargeFiles() throws {
    try AtomicFile.writeInExistingFolder(Data(), to: folder + "/empty")
    let large = Data(repeating: 0x61, count: 5_000_000)
    try AtomicFile.writeInExistingFolder(large, to: folder + "/large")
    #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/empty")).isEmpty)
    #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/large")) == large)
  }

  /// Where nameless files cannot be made, the file is written beside its place and renamed.
  @Test func theWriteAndRenameFallbackWritesAndReplaces() throws {
    try Data("one".utf8).withUnsafeBytes { try AtomicFile.writeAndRename($0, to: folder + "/b.txt") }
    try Data("two".utf8).withUnsafeBytes { try AtomicFile.writeAndRename($0, to: folder + "/b.txt") }
    #expect(try contents(folder + "/b.txt") == "two")
    #expect(try names() == ["b.txt"])
  }

  @Test func aMissingFolderIsAnErrorAndCreatesNothing() throws {
    #expect(throws: (any Error).self) { try AtomicFile.writeInExistingFolder(Data("x".utf8), to: folder + "/no/such/c.txt") }
    #expect(try names().isEmpty)
  }

  #if os(Linux)
    /// Where the file system makes nameless files (ext4, tmpfs, …), that path is the one taken.
    @Test func onLinuxTheNamelessPathIsTakenWhereTheFileSystemAllowsIt() throws {
      let probe = open(folder, Int32(0o20000000) | O_DIRECTORY | O_WRONLY, 0o644)
      guard probe >= 0 else { return }  // not on this file system: the fallback test covers it
      close(probe)
      #expect(Data("z".utf8).withUnsafeBytes { AtomicFile.writeNameless($0, to: folder + "/d.txt") })
      #expect(try contents(folder + "/d.txt") == "z")
    }
  #endif
}
