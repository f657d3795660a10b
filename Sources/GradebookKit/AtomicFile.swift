import Foundation

/// Writes a file atomically: a temporary file beside it, then a rename (SPEC §10).
public enum AtomicFile {
  /// Writes `data` to `path`, creating the folder.
  public static func write(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try writeInExistingFolder(data, to: path)
  }

  /// Writes `data` to `path.partial` beside it and renames it into place (the folder must exist).
  public static func writeInExistingFolder(_ data: Data, to path: String) throws {
    let partial = path + ".partial"
    let fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
    let written = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    close(fd)
    guard written == data.count, rename(partial, path) == 0 else {
      unlink(partial)
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
    }
  }
}
