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

  /// `--json /dev/stdout` or a link to the real file: the link is written through and stays a link
  /// (renaming over it once turned `/dev/stdout` into a plain file), on both ways of writing.
  @Test func aSymbolicLinkIsWrittenThroughAndStaysALink() throws {
    let target = folder + "/real.json"
    try Data("an old and longer text".utf8).write(to: URL(fileURLWithPath: target))
    try FileManager.default.createSymbolicLink(atPath: folder + "/link.json", withDestinationPath: target)
    try AtomicFile.writeInExistingFolder(Data("new".utf8), to: folder + "/link.json")
    #expect(try contents(target) == "new")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/link.json") == target)
    try Data("again".utf8).withUnsafeBytes { try AtomicFile.writeAndRename($0, to: folder + "/link.json") }
    #expect(try contents(target) == "again")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/link.json") == target)
    #expect(try names() == ["link.json", "real.json"])
  }

  /// A named pipe (as `/dev/stdout` is when piped) receives the bytes and stays a pipe.
  @Test func aNamedPipeReceivesTheBytesAndStaysAPipe() throws {
    let fifo = folder + "/pipe"
    #expect(mkfifo(fifo, 0o644) == 0)
    let reader = Worker { () -> Data? in  // read as `| jq` would: open, read to the end
      let fd = open(fifo, O_RDONLY)
      guard fd >= 0 else { return nil }
      defer { close(fd) }
      var data = Data()
      var buffer = [UInt8](repeating: 0, count: 4096)
      while case let n = read(fd, &buffer, buffer.count), n > 0 { data.append(contentsOf: buffer[..<n]) }
      return data
    }
    try AtomicFile.writeInExistingFolder(Data("through the pipe".utf8), to: fifo)
    #expect(reader.wait().map { String(decoding: $0, as: UTF8.self) } == "through the pipe")
    var info = stat()
    #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    #expect(try names() == ["pipe"])
  }

  /// A link to something that cannot be written (a folder) is an error, and the link stays.
  @Test func aLinkThatCannotBeWrittenThroughIsAnErrorAndStays() throws {
    try FileManager.default.createDirectory(atPath: folder + "/dir", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: folder + "/to-dir", withDestinationPath: folder + "/dir")
    #expect(throws: (any Error).self) { try AtomicFile.writeInExistingFolder(Data("x".utf8), to: folder + "/to-dir") }
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/to-dir") == folder + "/dir")
    #expect(try names() == ["dir", "to-dir"])
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
