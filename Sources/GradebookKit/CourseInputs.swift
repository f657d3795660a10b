import Foundation

extension Workspace {
  /// Every file this course reads, with what it is: `course.yaml`, the rubric, the roster, each
  /// declared source and map, and the store. An output is never written over one of them (a
  /// mistyped `--json roster.csv` would otherwise replace the roster).
  public var inputFiles: [(what: String, path: String)] {
    var files: [(String, String)] = [
      ("course.yaml", folder.appendingPathComponent("course.yaml").path), ("the rubric", url(rubric.path).path),
      ("the roster", url(config.roster).path),
    ]
    for source in config.sources {
      files.append(("a source of course.yaml", url(source.file).path))
      if let map = source.map { files.append(("a map of course.yaml", url(map).path)) }
    }
    for suffix in ["", "-wal", "-shm"] { files.append(("the store", storePath + suffix)) }
    return files
  }

  /// The input an output written to `path` would replace, if any: the same file (device and inode,
  /// so a link or a `../` path is seen through), or the same path once links are resolved.
  public func input(overwrittenBy path: String) -> (what: String, path: String)? {
    let target = Self.identity(path)
    let resolved = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    return inputFiles.first { input in
      if let target, let other = Self.identity(input.path) { return target == other }
      return URL(fileURLWithPath: input.path).standardizedFileURL.resolvingSymlinksInPath().path == resolved
    }
  }

  /// A file's device and inode, following links; `nil` when there is no such file.
  private static func identity(_ path: String) -> [UInt64]? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return [UInt64(info.st_dev), UInt64(info.st_ino)]
  }
}
