import Foundation
import GradebookCore
import GradebookKit

/// Paths the user types are relative to the current folder.
enum Paths {
  static func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
  }

  /// `absolute(path)` for an output, refused when it is one of the course's own inputs
  /// (``Workspace/input(overwrittenBy:)``): a slip of the keyboard must not replace the roster.
  static func output(_ path: String, course: Course) throws -> String {
    let absolute = absolute(path)
    if let input = course.workspace.input(overwrittenBy: absolute) {
      throw CommandFailure.input("will not write over \(path): it is \(input.what), an input of this course (name another file)")
    }
    return absolute
  }

  /// A path to print: relative to the current folder when it lies inside it.
  static func shown(_ path: String) -> String {
    let here = FileManager.default.currentDirectoryPath
    let prefix = here.hasSuffix("/") ? here : here + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
  }

  /// An input file as typed: relative to the current folder, or, when no such file is there, to
  /// the course folder (`gradebook import COURSE data/scores.csv`, as `course.yaml` names files),
  /// also when only the course has its folder (so a typo gets the nearest name there).
  static func input(_ path: String, course: String) -> String {
    let here = absolute(path)
    let files = FileManager.default
    guard !path.hasPrefix("/"), !files.fileExists(atPath: here) else { return here }
    let inCourse = absolute(course) + "/" + path
    func folder(_ file: String) -> String { (file as NSString).deletingLastPathComponent }
    if files.fileExists(atPath: inCourse) || (files.fileExists(atPath: folder(inCourse)) && !files.fileExists(atPath: folder(here))) {
      return inCourse
    }
    return here
  }
}
