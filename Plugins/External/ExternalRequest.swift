import Foundation
import GradebookCore

/// What an external scorer reads on standard input.
///
/// ```json
/// {"course": "DATA8018", "item": {"id": "blog-length", "target": "group", "criteria": [...]},
///  "config": {...}, "targets": ["G01", ...], "groups": {"G01": ["u3035001", ...]},
///  "ratings": [{"target": "G01", "criterion": "c", "rater": "ta-wong", "role": "ta", "points": 4}],
///  "uploads": [{"student": "u3035001", "item": "project", "submitted_at": "2026-05-08T23:10:00Z", "file": "..."}]}
/// ```
///
/// `ratings` are this item's; `uploads` are every item's (a scorer may check the files of another item).
struct ExternalRequest: Encodable {
  struct ItemInfo: Encodable {
    var id: String, title: String, target: String, weight: Double
    var criteria: [CriterionInfo]
  }
  struct CriterionInfo: Encodable {
    var id: String, title: String, max: Double, weight: Double
  }
  struct RatingInfo: Encodable {
    var target: String, criterion: String, rater: String, role: String, points: Double
  }
  struct UploadInfo: Encodable {
    var student: String, item: String, submitted_at: String, file: String
  }

  var course: String
  var item: ItemInfo
  var config: [String: String]
  var targets: [String]
  var groups: [String: [String]]
  var ratings: [RatingInfo]
  var uploads: [UploadInfo]

  init(item: Item, context: ScoringContext, options: [String: String]) {
    course = context.course.course
    self.item = ItemInfo(
      id: item.id, title: item.title, target: item.target.rawValue, weight: item.weight,
      criteria: item.criteria.map { CriterionInfo(id: $0.id, title: $0.title, max: $0.max, weight: $0.weight) })
    config = options
    targets = item.target == .student ? context.roster.ids : context.groups.ids
    groups = context.groups.members
    ratings = (context.ratings[item.id] ?? []).map {
      RatingInfo(target: $0.target, criterion: $0.criterion, rater: $0.rater, role: $0.role.rawValue, points: $0.points)
    }
    let iso = ISO8601DateFormatter()
    uploads = context.uploads.keys.sorted().flatMap { context.uploads[$0] ?? [] }.map {
      UploadInfo(student: $0.student, item: $0.item, submitted_at: iso.string(from: $0.at.date), file: $0.file)
    }
  }
}

/// What an external scorer answers on standard output.
enum ExternalAnswer {
  static func parse(_ data: Data, program: String, item: Item, context: ScoringContext) throws -> ItemOutcome {
    func fail(_ message: String) -> ExternalScorerError { ExternalScorerError(program: program, message: message) }
    guard let object = try? JSONSerialization.jsonObject(with: data), let root = object as? [String: Any] else {
      let preview = String(decoding: data.prefix(200), as: UTF8.self)
      throw fail("its output is not a JSON object: \(preview.isEmpty ? "(empty)" : preview)")
    }
    if let pending = root["pending"] as? String { return .pending(pending) }
    guard let scores = root["scores"] as? [String: Any] else { throw fail("its output has no \"scores\" object") }
    let known = Set(item.target == .student ? context.roster.ids : context.groups.ids)
    var byTarget: [String: TargetScore] = [:]
    for (target, value) in scores {
      guard known.contains(target) else {
        throw fail("it scored unknown \(item.target.rawValue) '\(target)'\(Suggestion.hint(for: target, among: known))")
      }
      guard let entry = value as? [String: Any], let score = (entry["score"] as? NSNumber)?.doubleValue else {
        throw fail("the score for '\(target)' is not {\"score\": number, \"evidence\": [...]}")
      }
      guard score.isFinite, (0...1).contains(score) else { throw fail("the score for '\(target)' is \(score), outside [0, 1]") }
      let evidence = (entry["evidence"] as? [Any])?.map { "\($0)" } ?? []
      byTarget[target] = .graded(score, evidence: ["external scorer \(program): \(CriterionMath.format(score))"] + evidence)
    }
    var result: [String: TargetScore] = [:]
    for student in context.roster.students {
      let target = item.target == .student ? student.id : context.groups.groupOf[student.id]
      result[student.id] = target.flatMap { byTarget[$0] } ?? .missing("the external scorer gave no score")
    }
    return .scored(result)
  }
}
