import Foundation
import GradebookCore

/// `external`: a scorer written in any language (SPEC §7.6).
///
/// Runs `command` (an argument list, no shell) in the workspace folder, writes the item's data as
/// JSON to its standard input (see ``ExternalRequest``), and reads
/// `{"scores": {TARGET: {"score": x, "evidence": ["…"]}}}` (or `{"pending": "why"}`) from its standard
/// output. A group item's score goes to every member. A non-zero exit, bad JSON, a score outside
/// [0, 1], an unknown target or running past `timeout` is an error naming the program.
public struct ExternalScorer: Scorer {
  /// The program and its time limit.
  public struct Configuration: ScorerConfiguration {
    public var command: [String]
    public var timeout: TimeSpan
    /// Extra settings passed through to the program as `config`.
    public var options: [String: String]

    public init(reading config: inout ConfigReader) {
      command = []
      if let value = config.raw("command") {
        if let list = value.elements, !list.isEmpty, list.allSatisfy({ $0.text != nil }) {
          command = list.compactMap(\.text)
        } else if let single = value.text, !single.isEmpty {
          command = [single]
        } else {
          config.log.error(value.line, "'command' must be a program and its arguments, e.g. [python3, scorers/blog_length.py]")
        }
      } else {
        config.log.error(config.line, "missing key 'command'")
      }
      timeout = config.duration("timeout", default: .seconds(30)) ?? .seconds(30)
      options = [:]
      if let value = config.raw("options"), let entries = value.entries {
        for entry in entries { options[entry.key] = entry.value.text ?? "" }
      }
    }
  }

  public static let description = ScorerDescription(
    identifier: "external",
    summary: "Runs a program that reads the item's data as JSON on stdin and answers scores as JSON on stdout",
    formula: "score = what the program answers, in [0, 1]",
    targets: [.student, .group], usesCriteria: false,
    keys: [
      ConfigKey("command", "required", "program and arguments, run in the workspace without a shell"),
      ConfigKey("timeout", "30s", "the program is stopped and the build fails after this long"),
      ConfigKey("options", "none", "a mapping passed to the program as `config`"),
    ], uploads: .anyItem)

  public let configuration: Configuration

  public init(configuration: Configuration) { self.configuration = configuration }

  /// Criteria are optional for an external scorer: it may rate from ratings or from anything else.
  public func check(_ item: Item, in rubric: Rubric) -> [String] { [] }

  public func score(_ item: Item, in context: ScoringContext) throws -> ItemOutcome {
    let request = ExternalRequest(item: item, context: context, options: configuration.options)
    let input = try JSONEncoder.sorted.encode(request)
    let output = try ProcessRunner(command: configuration.command, directory: context.workspace, timeout: configuration.timeout).run(
      input: input)
    return try ExternalAnswer.parse(output, program: programName, item: item, context: context)
  }

  var programName: String { configuration.command.joined(separator: " ") }
}

extension JSONEncoder {
  /// An encoder with sorted keys, so the program sees the same bytes for the same data.
  static var sorted: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return encoder
  }
}

/// An error from an external scorer, naming the program: the course's program failed, not
/// gradebook (``CourseScorerError``).
public struct ExternalScorerError: CourseScorerError, Sendable {
  public var program: String
  public var message: String
  public var description: String { "external scorer '\(program)': \(message)" }
}
