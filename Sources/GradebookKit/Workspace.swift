import Foundation
import GradebookCSV
import GradebookCore
import GradebookScorers

/// A course workspace: `course.yaml`, the rubric it names, and the roster (SPEC §3).
public struct Workspace: Sendable {
  /// The workspace folder.
  public let folder: URL
  /// `course.yaml`.
  public let config: CourseConfig
  /// The rubric.
  public let rubric: Rubric
  /// The roster, in file order.
  public let roster: Roster
  /// Warnings found while loading (errors make loading throw).
  public let warnings: [Diagnostic]

  /// The store file, `COURSE/gradebook.sqlite`.
  public var storePath: String { folder.appendingPathComponent("gradebook.sqlite").path }

  /// Loads a workspace, collecting every problem of `course.yaml`, the rubric and the roster; throws
  /// ``InputErrors`` (errors and warnings) when there is any error.
  public static func load(_ path: String, registry: ScorerRegistry = BuiltInScorers.registry) throws(InputErrors) -> Workspace {
    let folder = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    var diagnostics: [Diagnostic] = []
    let courseFile = folder.appendingPathComponent("course.yaml")
    guard let courseText = try? String(contentsOf: courseFile, encoding: .utf8) else {
      throw InputErrors([Diagnostic(path: "course.yaml", line: nil, "cannot read \(courseFile.path): no such file, or not UTF-8")])
    }
    let (config, courseDiagnostics) = CourseConfigLoader.load(text: stripBOM(courseText))
    diagnostics += courseDiagnostics
    guard let config else { throw InputErrors(diagnostics) }

    var rubric: Rubric?
    switch RubricLocator.locate(config.rubric, workspace: folder) {
    case .success(let (url, shownPath)):
      if let text = try? String(contentsOf: url, encoding: .utf8) {
        let (loaded, rubricDiagnostics) = RubricLoader(registry: registry, zone: config.zone, term: config.calendar?.span(in: config.zone))
          .load(text: stripBOM(text), path: shownPath)
        rubric = loaded
        diagnostics += rubricDiagnostics
      } else {
        diagnostics.append(Diagnostic(path: shownPath, line: nil, "cannot read the rubric (missing, or not UTF-8)"))
      }
    case .failure(let message):
      diagnostics.append(Diagnostic(path: "course.yaml", line: nil, message.text))
    }

    if let rubric, let released = config.release {
      for id in released where rubric.item(id) == nil {
        diagnostics.append(
          Diagnostic(
            path: "course.yaml", line: nil, "release names unknown item '\(id)'\(Suggestion.hint(for: id, among: rubric.items.map(\.id)))"))
      }
    }
    let (roster, rosterDiagnostics) = RosterReader(config: config).read(folder: folder)
    diagnostics += rosterDiagnostics
    // A missing source or map is reported here, at its line in the course file, before any import
    // is tried, with the nearest file name in its folder.
    for source in config.sources {
      for file in [source.file, source.map].compactMap({ $0 })
      where !FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path) {
        let what = file == source.file ? "source file" : "map file"
        diagnostics.append(
          Diagnostic(path: "course.yaml", line: source.line, "\(what) \(file) does not exist\(Self.nearby(file, in: folder))"))
      }
    }
    guard let rubric, !diagnostics.contains(where: { $0.severity == .error }) else { throw InputErrors(diagnostics) }
    return Workspace(folder: folder, config: config, rubric: rubric, roster: roster, warnings: diagnostics)
  }

  /// Whether `course.yaml` lists `path` (relative to the workspace) as a source of `kind`, or as
  /// the roster.
  func declares(_ path: String, as kind: InputKind) -> Bool {
    if kind == .roster { return relativePath(config.roster) == path }
    return config.sources.contains { $0.kind == kind && relativePath($0.file) == path }
  }

  /// How `course.yaml` declares the file at `path` (absolute, or relative to the workspace): its
  /// kind and map as a source, or `roster`; `nil` when it lists the file nowhere. (It lists a file
  /// once: a second listing is an error of course.yaml.)
  public func declaration(of path: String) -> SourceDeclaration? {
    let relative = relativePath(path)
    if relativePath(config.roster) == relative { return SourceDeclaration(kind: .roster, file: config.roster, position: -1) }
    return config.sources.first { relativePath($0.file) == relative }
  }

  /// The error for a file to import at `path` that is not there, with the nearest name in its
  /// folder, as an import gives it; `nil` when there is a file.
  public func missingFile(_ path: String) -> Diagnostic? {
    FileManager.default.fileExists(atPath: url(path).path) ? nil : unreadable(relativePath(path))
  }

  /// The error for a file to import, `shown` as its messages name it, that cannot be read.
  func unreadable(_ shown: String) -> Diagnostic {
    Diagnostic(path: shown, line: nil, "cannot read the file (missing or unreadable)\(Self.nearby(shown, in: folder))")
  }

  /// A path relative to the workspace when it lies inside it, else as given.
  public func relativePath(_ path: String) -> String {
    let absolute = url(path).path
    let prefix = folder.path.hasSuffix("/") ? folder.path : folder.path + "/"
    return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : path
  }

  /// The absolute URL of a workspace-relative path.
  public func url(_ relative: String) -> URL {
    relative.hasPrefix("/")
      ? URL(fileURLWithPath: relative).standardizedFileURL : folder.appendingPathComponent(relative).standardizedFileURL
  }

  /// " (did you mean 'data/x.csv'?)" for the file in `path`'s folder nearest its name, or "".
  /// (`path` relative to `folder`, or absolute.)
  static func nearby(_ path: String, in folder: URL) -> String {
    let parent = (path as NSString).deletingLastPathComponent
    let directory = path.hasPrefix("/") ? URL(fileURLWithPath: parent) : folder.appendingPathComponent(parent)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return Suggestion.hint(for: path, among: names.map { parent.isEmpty ? $0 : "\(parent)/\($0)" })
  }

  static func stripBOM(_ text: String) -> String { text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text }
}

/// Finds the rubric `course.yaml` names (FORMATS §1).
enum RubricLocator {
  struct Message: Error { var text: String }

  /// A path (contains `/` or ends in `.yaml`/`.yml`) is relative to the workspace; a bare name is
  /// `Rubrics/NAME.yaml` in the workspace, then among the rubrics shipped with the program.
  static func locate(_ reference: String, workspace: URL) -> Result<(URL, String), Message> {
    if isPath(reference) {
      let url = reference.hasPrefix("/") ? URL(fileURLWithPath: reference) : workspace.appendingPathComponent(reference)
      return .success((url.standardizedFileURL, reference))
    }
    let local = workspace.appendingPathComponent("Rubrics/\(reference).yaml")
    if FileManager.default.fileExists(atPath: local.path) { return .success((local, "Rubrics/\(reference).yaml")) }
    for folder in shippedRubricFolders() {
      let candidate = folder.appendingPathComponent("\(reference).yaml")
      if FileManager.default.fileExists(atPath: candidate.path) { return .success((candidate, candidate.path)) }
    }
    let known = ([workspace.appendingPathComponent("Rubrics")] + shippedRubricFolders())
      .flatMap { (try? FileManager.default.contentsOfDirectory(atPath: $0.path)) ?? [] }
      .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
    return .failure(
      Message(
        text:
          "rubric '\(reference)' not found in Rubrics/ of the workspace or of the program\(Suggestion.hint(for: reference, among: known))"))
  }

  /// Whether a rubric reference is a file's path rather than a name.
  static func isPath(_ reference: String) -> Bool {
    reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml")
  }

  /// `GRADEBOOK_RUBRICS`, then a `Rubrics/` folder beside or above the executable (the project's own).
  static func shippedRubricFolders() -> [URL] {
    var folders: [URL] = []
    if let env = ProcessInfo.processInfo.environment["GRADEBOOK_RUBRICS"] { folders.append(URL(fileURLWithPath: env)) }
    var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<6 {
      let candidate = dir.appendingPathComponent("Rubrics")
      if FileManager.default.fileExists(atPath: candidate.path) { folders.append(candidate) }
      dir = dir.deletingLastPathComponent()
    }
    var source = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { source = source.deletingLastPathComponent() }
    folders.append(source.appendingPathComponent("Rubrics"))
    return folders
  }
}
