import Foundation
import TestSupport
import Testing

/// Runs the built `gradebook` binary, as a user would.
enum CLI {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The debug binary `swift build --build-tests` leaves beside the tests.
  static var binary: URL {
    let candidates = [
      ".build/debug/gradebook", ".build/x86_64-unknown-linux-gnu/debug/gradebook", ".build/aarch64-unknown-linux-gnu/debug/gradebook",
    ]
    return candidates.map { root.appendingPathComponent($0) }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
      ?? root.appendingPathComponent(candidates[0])
  }

  struct Result {
    var code: Int32
    var out: String
    var err: String
  }

  /// Runs `gradebook ARGS` in `directory`.
  static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "SOURCE_DATE_EPOCH")
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      code: process.terminationStatus, out: String(decoding: outData, as: UTF8.self), err: String(decoding: errData, as: UTF8.self))
  }

  /// A fresh copy of `Samples/data8018` (without outputs or store) in a temporary folder.
  static func sampleCopy() throws -> URL {
    let target = Scratch.path("sample")
    try FileManager.default.copyItem(at: root.appendingPathComponent("Samples/data8018"), to: target)
    for leftover in ["out", "gradebook.sqlite", "gradebook.sqlite-wal", "gradebook.sqlite-shm"] {
      try? FileManager.default.removeItem(at: target.appendingPathComponent(leftover))
    }
    return target
  }

  /// One member of a zip archive (through `unzip -p`).
  static func unzip(_ archive: URL, member: String) throws -> String {
    try tool("/usr/bin/unzip", ["-p", archive.path, member]).out
  }

  /// Runs another program (`unzip`, `sha256sum`, …) and waits for it.
  static func tool(_ path: String, _ arguments: [String]) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      code: process.terminationStatus, out: String(decoding: outData, as: UTF8.self), err: String(decoding: errData, as: UTF8.self))
  }
}

/// Golden files: `Snapshots/<name>` beside the tests; `RECORD_SNAPSHOTS=1` re-records.
enum Snapshot {
  static func assert(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = CLI.root.appendingPathComponent("Tests/GradebookKitTests/Snapshots/\(name)")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" || !FileManager.default.fileExists(atPath: url.path) {
      try Data(text.utf8).write(to: url)
      Issue.record("recorded snapshot \(name); run again to compare", sourceLocation: sourceLocation)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(text == expected, "snapshot \(name) differs (RECORD_SNAPSHOTS=1 re-records)", sourceLocation: sourceLocation)
  }
}
