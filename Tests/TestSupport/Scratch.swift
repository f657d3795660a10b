import Foundation

/// Temporary files and folders for tests, all inside one folder per test process that is removed
/// when the process exits, so repeated `swift test` runs leave nothing behind in the system's
/// temporary folder. (A test that crashes the process leaves its folder, named with the pid.)
public enum Scratch {
  /// `…/gradebook-tests-<pid>`, created on first use; removed at exit.
  public static let root: URL = {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("gradebook-tests-\(getpid())")
    try? FileManager.default.removeItem(at: root)  // a crashed earlier process with the same pid
    try! FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: Scratch.root) }
    return root
  }()

  /// A new, unique path inside `root` (nothing is created there): `<prefix>-<uuid><suffix>`.
  public static func path(_ prefix: String, suffix: String = "") -> URL {
    root.appendingPathComponent("\(prefix)-\(UUID().uuidString)\(suffix)")
  }

  /// A new, empty folder inside `root`.
  public static func folder(_ prefix: String) throws -> URL {
    let url = path(prefix)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
