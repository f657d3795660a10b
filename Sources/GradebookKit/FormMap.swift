import Foundation
import GradebookCore

/// A map file: how to read a wide form export (Microsoft Forms, Google Forms) as scores (FORMATS §4).
public struct FormMap: Sendable {
  /// How a cell names a person: by id, email, roster name, or a leading slot id.
  public enum Match: String, Sendable, CaseIterable {
    case id, email, name, slot
  }

  /// A column and how to match its cells.
  public struct Column: Sendable {
    public var column: String
    public var match: Match
  }

  public var item: String
  public var rater: Column
  public var target: Column
  public var submittedAt: String?
  public var submittedFormat: TimestampFormat?
  /// Criterion id → column header, in file order.
  public var criteria: [(id: String, column: String)]
  public var comment: String?
  /// The export's encoding and separator, when the map names them (`encoding: utf-16`, `delimiter: tab`).
  public var encoding: String?
  public var delimiter: String?
  /// Where the map names each column it reads: what the column is for and `path:line`, so that a
  /// column missing from an export says whether the map or the export is the one to correct.
  public var origins: [(column: String, origin: String)] = []

  /// Loads and checks a map against the rubric; `nil` with errors when it is unusable.
  public static func load(text: String, path: String, rubric: Rubric) -> (FormMap?, [Diagnostic]) {
    let root: YAMLValue
    do {
      root = try YAMLValue.parse(Workspace.stripBOM(text), path: path)
    } catch {
      return (nil, error.diagnostics)
    }
    var reader = ConfigReader(root, path: path)
    _ = reader.choice("kind", among: ["scores"])
    let itemID = reader.string("item", required: true) ?? ""
    let item = rubric.item(itemID)
    if !itemID.isEmpty, item == nil {
      reader.log.error(root["item"]?.line, "unknown item '\(itemID)'\(Suggestion.hint(for: itemID, among: rubric.items.map(\.id)))")
    }
    let rater = column(&reader, "rater", allowed: [.id, .email, .name])
    let target = column(&reader, "target", allowed: Match.allCases)
    var submittedAt: String?
    var format: TimestampFormat?
    if let value = reader.raw("submitted_at") {
      if let text = value.text {
        submittedAt = text
      } else {
        var nested = ConfigReader(value, path: path)
        submittedAt = nested.string("column", required: true)
        if let pattern = nested.string("format") {
          format = TimestampFormat(pattern)
          if format == nil {
            nested.log.error(
              value["format"]?.line, "unsupported date format '\(pattern)' (fields: yyyy yy M MM MMM d dd H HH h hh a m mm s ss S Z X x)")
          }
        }
        reader.merge(nested)
      }
    }
    var criteria: [(String, String)] = []
    if let value = reader.raw("criteria"), let entries = value.entries, !entries.isEmpty {
      for entry in entries {
        if let item, item.criterion(entry.key) == nil {
          reader.log.error(
            entry.keyLine,
            "unknown criterion '\(entry.key)' of item '\(item.id)'\(Suggestion.hint(for: entry.key, among: item.criteria.map(\.id)))")
        }
        guard let header = entry.value.text else {
          reader.log.error(entry.value.line, "criterion '\(entry.key)' must name one column")
          continue
        }
        if header.hasPrefix(CourseTemplate.questionPlaceholder) {
          reader.log.error(
            entry.value.line,
            "criterion '\(entry.key)' still holds the placeholder gradebook init wrote: write the form's question, exactly as the export's column header"
          )
        }
        criteria.append((entry.key, header))
      }
    } else {
      reader.log.error(root["criteria"]?.line ?? root.line, "a map needs 'criteria': criterion id → column header")
    }
    if criteria.count > 64 {
      reader.log.error(root["criteria"]?.line, "a map reads at most 64 criteria (this one names \(criteria.count))")
    }
    let comment = reader.string("comment")
    let encoding = reader.string("encoding")
    let delimiter = reader.choice("delimiter", among: [",", ";", "tab"])
    reader.finish()
    if let item, target?.match == .email || target?.match == .name, item.target == .group {
      reader.log.error(root["target"]?.line, "item '\(item.id)' is scored per group: match its target by id or slot")
    }
    guard !reader.log.hasErrors, let rater, let target else { return (nil, reader.log.all) }
    var map = FormMap(
      item: itemID, rater: rater, target: target, submittedAt: submittedAt, submittedFormat: format, criteria: criteria, comment: comment)
    (map.encoding, map.delimiter) = (encoding, delimiter)
    func named(_ what: String, _ line: Int?) -> String { line.map { "\(what), \(path):\($0)" } ?? "\(what), \(path)" }
    map.origins =
      [(rater.column, named("the rater", root["rater"]?.line)), (target.column, named("the target", root["target"]?.line))]
      + zip(criteria, root["criteria"]?.entries ?? []).map { ($0.1, named("criterion '\($0.0)'", $1.value.line)) }
      + [(submittedAt, named("the submitted time", root["submitted_at"]?.line)), (comment, named("the comment", root["comment"]?.line))]
      .compactMap { column, origin in column.map { ($0, origin) } }
    return (map, reader.log.all)
  }

  private static func column(_ reader: inout ConfigReader, _ key: String, allowed: [Match]) -> Column? {
    guard let value = reader.raw(key) else {
      reader.log.error(reader.line, "missing key '\(key)'")
      return nil
    }
    if let text = value.text { return Column(column: text, match: .id) }
    var nested = ConfigReader(value, path: reader.log.path)
    let column = nested.string("column", required: true)
    let match = nested.choice("match", among: allowed.map(\.rawValue), default: "id").flatMap(Match.init(rawValue:)) ?? .id
    reader.merge(nested)
    return column.map { Column(column: $0, match: match) }
  }

  /// Whether the map names presenters by slot, which takes the schedule to resolve (raters are
  /// never matched by slot).
  var namesPresentersBySlot: Bool { target.match == .slot }

  /// Every column header the map reads.
  var columns: [String] {
    [rater.column, target.column] + criteria.map(\.column) + [submittedAt, comment].compactMap { $0 }
  }
}
