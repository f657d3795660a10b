import Foundation
import GradebookCore

/// Grade upload files for learning-management systems. Every text cell goes through
/// ``Escape/csv(_:)``: quoted when needed, and a leading `'` before `= + - @`, tab or CR.
///
/// **Canvas** (rules from Canvas's `GradebookImporter`): the header must start `Student,ID`, and with
/// `SIS User ID,SIS Login ID` in columns 3–4 the fifth must match `Section`; the remaining columns are
/// assignments, matched by title (a new title makes a new assignment); a row whose first cell matches
/// `Points Possible` sets points possible (we write it with four leading spaces, as Canvas's export
/// does); students are matched by Canvas id (left blank), then SIS User ID (= our student_id), then
/// SIS Login ID, then name; `EX` marks excused. Pending cells are left blank (no change).
///
/// **Moodle** (rules from `grade/import/csv/classes/load_data.php`): the user is mapped from a column
/// the importer chooses (`ID number` or `Email address` here); each other column maps to a grade item;
/// `-` or an empty cell means no grade. Excused is `-`, pending empty; the course total is included as
/// a column of its own (`Total`), to map or ignore.
///
/// Files uploaded to an LMS are what students see, so both hold only the items `course.yaml`
/// releases (`release:`, as the reports do), and Moodle's `Total` only once every item is released.
public struct LMSExport {
  public let result: GradebookResult
  /// Positions (in rubric order) of the released items.
  private let shown: [Int]

  /// An exporter for a scored course.
  public init(result: GradebookResult) {
    self.result = result
    let (items, config) = (result.workspace.rubric.items, result.workspace.config)
    shown = items.indices.filter { config.releases(items[$0].id) }
  }

  /// Items left out because they are not released yet.
  public var unreleased: [Item] { result.workspace.rubric.items.filter { !result.workspace.config.releases($0.id) } }

  /// The Canvas gradebook import CSV.
  public var canvas: String {
    let items = shown.map { result.workspace.rubric.items[$0] }
    var rows = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] + items.map(\.title)]
    rows.append(["    Points Possible", "", "", "", ""] + items.map { _ in "100" })
    for grade in result.grades {
      let student = result.workspace.roster.student(id: grade.student)
      rows.append(
        [student?.name ?? grade.student, "", grade.student, "", ""]
          + shown.map { grade.items[$0] }.map { cell in
            switch cell.status {
            case .excused: return "EX"
            case .pending: return ""
            default: return Self.number(cell.percent ?? 0)
            }
          })
    }
    return Self.csv(rows, textColumns: 5)
  }

  /// The Moodle grade import CSV.
  public var moodle: String {
    let items = shown.map { result.workspace.rubric.items[$0] }
    let total = shown.count == result.workspace.rubric.items.count  // every item released
    var rows = [["ID number", "Email address", "Full name"] + items.map(\.title) + (total ? ["Total"] : [])]
    for grade in result.grades {
      let student = result.workspace.roster.student(id: grade.student)
      rows.append(
        [grade.student, student?.email ?? "", student?.name ?? ""]
          + shown.map { grade.items[$0] }.map { cell in
            switch cell.status {
            case .excused: return "-"
            case .pending: return ""
            default: return Self.number(cell.percent ?? 0)
            }
          } + (total ? [grade.total.map(Self.number) ?? ""] : []))
    }
    return Self.csv(rows, textColumns: 3)
  }

  /// Percents with two decimals (the LMS shows what it stores).
  static func number(_ x: Double) -> String { FixedDecimal.format(x) }

  /// CSV text; the header row and the first `textColumns` columns are text from inputs (escaped),
  /// the rest are our own marks (`85.00`, `EX`, `-`), written as they are.
  static func csv(_ rows: [[String]], textColumns: Int) -> String {
    rows.enumerated().map { index, row in
      row.enumerated().map { column, cell in index == 0 || column < textColumns ? Escape.csv(cell) : cell }.joined(separator: ",")
    }.joined(separator: "\r\n") + "\r\n"
  }
}
