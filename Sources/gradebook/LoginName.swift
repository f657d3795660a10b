import ArgumentParser
import Foundation

/// Who runs a command, for the audit trail of what `import` and `build` store (SPEC §5: each batch
/// records its importer) when `--by` does not say.
enum LoginName {
  /// `$USER`, else `$LOGNAME`, else the account's name (a cron job or a container often sets
  /// neither variable), else "unknown".
  static func current() -> String {
    let environment = ProcessInfo.processInfo.environment
    for variable in ["USER", "LOGNAME"] {
      if let name = environment[variable], !name.isEmpty { return name }
    }
    if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
    return "unknown"
  }

  /// A `--by` that names nobody (empty, or blanks) would leave a batch without its importer.
  static func validate(by name: String) throws {
    if name.trimmingCharacters(in: .whitespaces).isEmpty {
      throw ValidationError("--by names who is importing, for the audit trail; it cannot be empty (leave it out for the login name)")
    }
  }
}
